import type { FeatureCollection, LineString } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land50m from 'world-atlas/land-50m.json';
import { parse } from 'yaml';
import zonesText from '../../../data/maritime/zones.geojson?raw';
import basesText from '../../../data/us-bases.yaml?raw';
import { ellipseRing } from '../missile/geometry.js';

// The offline basemap: Natural Earth's land at 1:50m (world-atlas, shipped in npm) as a GeoJSON
// source, a graticule, and the maritime zones Concord's maritime desk detects against
// (data/maritime/zones.geojson), and the US bases that warnings protect (data/us-bases.yaml, each
// the circle of its radius). No tile server, no glyphs, no sprites: nothing is fetched.

export const WATER = '#cfdde8';
export const LAND = '#f2efe6';

export function landGeoJson(): GeoJSON.FeatureCollection {
  const topo = land50m as unknown as Topology;
  const land = topo.objects.land;
  if (!land) throw new Error('invariant: world-atlas land-50m has no `land` object');
  const f = feature(topo, land);
  return f.type === 'FeatureCollection' ? f : { type: 'FeatureCollection', features: [f] };
}

export function zonesGeoJson(): GeoJSON.FeatureCollection {
  return JSON.parse(zonesText) as GeoJSON.FeatureCollection;
}

interface Base {
  readonly id: string;
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly radiusM: number;
}

/** The bases' protected circles, from the file the nodes read (checked there; here only drawn). */
export function basesGeoJson(): GeoJSON.FeatureCollection {
  const bases = ((parse(basesText) as { bases?: Base[] }).bases ?? []).filter(
    (b) => Number.isFinite(b.latDeg) && Number.isFinite(b.lonDeg) && b.radiusM > 0,
  );
  return {
    type: 'FeatureCollection',
    features: bases.map((b) => ({
      type: 'Feature',
      id: b.id,
      properties: { name: b.name },
      geometry: {
        type: 'Polygon',
        coordinates: [ellipseRing(b.latDeg, b.lonDeg, b.radiusM, b.radiusM, 0, 36)],
      },
    })),
  };
}

/** Meridians and parallels every `stepDeg`, as lines sampled every degree (so they curve as drawn). */
export function graticule(stepDeg: number): FeatureCollection<LineString> {
  const features: FeatureCollection<LineString>['features'] = [];
  for (let lon = -180; lon <= 180; lon += stepDeg) {
    const coordinates: [number, number][] = [];
    for (let lat = -85; lat <= 85; lat += 1) coordinates.push([lon, lat]);
    features.push({
      type: 'Feature',
      properties: { kind: 'meridian' },
      geometry: { type: 'LineString', coordinates },
    });
  }
  for (let lat = -80; lat <= 80; lat += stepDeg) {
    const coordinates: [number, number][] = [];
    for (let lon = -180; lon <= 180; lon += 1) coordinates.push([lon, lat]);
    features.push({
      type: 'Feature',
      properties: { kind: 'parallel' },
      geometry: { type: 'LineString', coordinates },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The map's style: water, land, graticule, zones. Layers of the picture are added above these. */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: landGeoJson() },
      graticule: { type: 'geojson', data: graticule(5) },
      zones: { type: 'geojson', data: zonesGeoJson() },
      bases: { type: 'geojson', data: basesGeoJson() },
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': WATER } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': '#8a8372', 'line-width': 0.6 } },
      {
        id: 'graticule',
        type: 'line',
        source: 'graticule',
        paint: { 'line-color': '#7d93a6', 'line-width': 0.5, 'line-opacity': 0.6, 'line-dasharray': [2, 2] },
      },
      {
        id: 'zones-fill',
        type: 'fill',
        source: 'zones',
        paint: { 'fill-color': '#6a4fb3', 'fill-opacity': 0.06 },
      },
      {
        id: 'zones-line',
        type: 'line',
        source: 'zones',
        paint: { 'line-color': '#6a4fb3', 'line-width': 1, 'line-opacity': 0.7 },
      },
      {
        id: 'bases',
        type: 'fill',
        source: 'bases',
        paint: { 'fill-color': '#1f7a4d', 'fill-opacity': 0.5, 'fill-outline-color': '#0d4a2c' },
      },
      {
        // At a glance at low zoom, where a 5 km circle is below a pixel.
        id: 'bases-dot',
        type: 'circle',
        source: 'bases',
        paint: { 'circle-radius': 2.5, 'circle-color': '#1f7a4d' },
      },
    ],
  };
}
