import type { Feature, FeatureCollection } from 'geojson';
import type { Map as MapLibre } from 'maplibre-gl';
import type { MapZoneFeature, MapZones } from '../api/types.js';
import { ellipseRing } from '../missile/geometry.js';

// The zones the node's warnings and maritime desk use, as the node serves them (GET
// /api/:nation/zones): the computed territorial seas and EEZs, the bases warnings protect, and the
// maritime desk's zones (the Senkaku territorial sea and contiguous zone). Each group is a set of
// layers the layer switcher shows or hides together, drawn below the picture's layers.

export const ZONE_GROUPS = ['computed', 'bases', 'maritime'] as const;
export type ZoneGroup = (typeof ZONE_GROUPS)[number];

export const EEZ_COLOR = '#2a7f9e';
export const TERRITORIAL_COLOR = '#0d5573';
export const BASE_COLOR = '#1f7a4d';
export const MARITIME_COLOR = '#6a4fb3';

/** The layers of each group, in drawing order. */
export const GROUP_LAYERS: Record<ZoneGroup, readonly string[]> = {
  computed: ['zones-eez-fill', 'zones-eez-line', 'zones-ts-fill', 'zones-ts-line'],
  maritime: ['maritime-zones-fill', 'maritime-zones-line'],
  bases: ['bases-area', 'bases-dot'],
};

const of = (kind: MapZoneFeature['properties']['kind'], doc: MapZones): FeatureCollection => ({
  type: 'FeatureCollection',
  features: doc.features.filter((f) => f.properties.kind === kind) as Feature[],
});

/** Each base's protected circle, from its point and radius (what a warning tests). */
export function baseCircles(doc: MapZones): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: doc.features.flatMap((f): Feature[] =>
      f.properties.kind === 'base' && f.geometry.type === 'Point'
        ? [
            {
              type: 'Feature',
              properties: { name: f.properties.name },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  ellipseRing(
                    f.geometry.coordinates[1]!,
                    f.geometry.coordinates[0]!,
                    f.properties.radiusM,
                    f.properties.radiusM,
                    0,
                    36,
                  ),
                ],
              },
            },
          ]
        : [],
    ),
  };
}

/**
 * Adds the zones' sources and layers below `beforeId` (the first layer of the picture, or the
 * top): EEZs lightest, territorial seas darker, the maritime desk's zones outlined, bases as
 * their circles and, at low zoom where a 5 km circle is under a pixel, a dot.
 */
export function addZoneLayers(map: MapLibre, doc: MapZones, beforeId?: string): void {
  map.addSource('computed-zones', { type: 'geojson', data: of('computed-zone', doc) });
  map.addSource('maritime-zones', { type: 'geojson', data: of('maritime-zone', doc) });
  map.addSource('bases', { type: 'geojson', data: of('base', doc) });
  map.addSource('bases-area', { type: 'geojson', data: baseCircles(doc) });
  const eez = ['==', ['get', 'zone'], 'eez'] as const;
  const ts = ['==', ['get', 'zone'], 'territorial-sea'] as const;
  const layers: Parameters<MapLibre['addLayer']>[0][] = [
    {
      id: 'zones-eez-fill',
      type: 'fill',
      source: 'computed-zones',
      filter: eez as never,
      paint: { 'fill-color': EEZ_COLOR, 'fill-opacity': 0.07 },
    },
    {
      id: 'zones-eez-line',
      type: 'line',
      source: 'computed-zones',
      filter: eez as never,
      paint: { 'line-color': EEZ_COLOR, 'line-width': 0.8, 'line-opacity': 0.8, 'line-dasharray': [4, 2] },
    },
    {
      id: 'zones-ts-fill',
      type: 'fill',
      source: 'computed-zones',
      filter: ts as never,
      paint: { 'fill-color': TERRITORIAL_COLOR, 'fill-opacity': 0.18 },
    },
    {
      id: 'zones-ts-line',
      type: 'line',
      source: 'computed-zones',
      filter: ts as never,
      paint: { 'line-color': TERRITORIAL_COLOR, 'line-width': 0.6, 'line-opacity': 0.8 },
    },
    {
      id: 'maritime-zones-fill',
      type: 'fill',
      source: 'maritime-zones',
      paint: { 'fill-color': MARITIME_COLOR, 'fill-opacity': 0.08 },
    },
    {
      id: 'maritime-zones-line',
      type: 'line',
      source: 'maritime-zones',
      paint: { 'line-color': MARITIME_COLOR, 'line-width': 1.2, 'line-opacity': 0.9 },
    },
    {
      id: 'bases-area',
      type: 'fill',
      source: 'bases-area',
      paint: { 'fill-color': BASE_COLOR, 'fill-opacity': 0.5, 'fill-outline-color': '#0d4a2c' },
    },
    {
      id: 'bases-dot',
      type: 'circle',
      source: 'bases',
      paint: {
        'circle-radius': 3,
        'circle-color': BASE_COLOR,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    },
  ];
  for (const l of layers) map.addLayer(l, beforeId);
}

/** Shows or hides a group's layers. */
export function setGroupVisible(map: MapLibre, group: ZoneGroup, visible: boolean): void {
  for (const id of GROUP_LAYERS[group])
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}

/** Whether every layer of the group is on the map and drawn (as the map itself says). */
export function groupVisible(map: MapLibre, group: ZoneGroup): boolean {
  return GROUP_LAYERS[group].every(
    (id) => map.getLayer(id) !== undefined && map.getLayoutProperty(id, 'visibility') !== 'none',
  );
}

/** The labels to place: one per nation's EEZ, at its innermost point; bases by name. */
export function zoneLabels(
  doc: MapZones,
): { group: ZoneGroup; key: string; nation?: string; name: string; lonLat: [number, number] }[] {
  const out: ReturnType<typeof zoneLabels> = [];
  for (const f of doc.features) {
    const p = f.properties;
    if (p.kind === 'computed-zone' && p.zone === 'eez')
      out.push({
        group: 'computed',
        key: f.id,
        nation: p.nation,
        name: p.name ?? p.nation,
        lonLat: [p.labelAt[0]!, p.labelAt[1]!],
      });
    else if (p.kind === 'maritime-zone' && f.geometry.type !== 'Point') {
      // The zone's first outer ring's northernmost point: above the islands it surrounds.
      const ring =
        f.geometry.type === 'Polygon' ? f.geometry.coordinates[0]! : f.geometry.coordinates[0]![0]!;
      const top = ring.reduce((a, b) => (b[1]! > a[1]! ? b : a));
      out.push({ group: 'maritime', key: f.id, name: p.name, lonLat: [top[0]!, top[1]!] });
    }
  }
  return out;
}
