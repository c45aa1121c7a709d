import type { FeatureCollection, LineString } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land50m from 'world-atlas/land-50m.json';

// The offline basemap: Natural Earth's land at 1:50m (world-atlas, shipped in npm) as a GeoJSON
// source and a graticule. No tile server, no glyphs, no sprites: nothing is fetched. The zones
// (territorial seas, EEZs, bases, the maritime desk's zones) come from the node: zones-layer.ts.

export const WATER = '#cfdde8';
export const LAND = '#f2efe6';

export function landGeoJson(): GeoJSON.FeatureCollection {
  const topo = land50m as unknown as Topology;
  const land = topo.objects.land;
  if (!land) throw new Error('invariant: world-atlas land-50m has no `land` object');
  const f = feature(topo, land);
  return f.type === 'FeatureCollection' ? f : { type: 'FeatureCollection', features: [f] };
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

/** The basemap's layers, bottom to top. */
export const BASE_LAYERS = ['water', 'land', 'coast', 'graticule'] as const;

/** The map's style: water, land, graticule. The zones and the picture's layers are added above these. */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: landGeoJson() },
      graticule: { type: 'geojson', data: graticule(5) },
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
    ],
  };
}
