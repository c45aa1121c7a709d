import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { type ExportFeature, exportFeatures } from './features.js';
import { DEG_DIGITS, roundTo } from './numbers.js';
import type { NationExport } from './picture.js';

/**
 * A nation's picture as an RFC 7946 FeatureCollection: lon/lat (WGS84) positions, tracks with
 * their altitude as the third coordinate, polygons counter-clockwise and cut at the antimeridian,
 * numbers rounded so that none is written with an exponent. `nation` and `time` are foreign members.
 *
 * @example JSON.stringify(toGeoJson(nationExport(node))) // '{"type":"FeatureCollection",...}'
 */
export function toGeoJson(x: NationExport): FeatureCollection & { nation: string; time: string } {
  return {
    type: 'FeatureCollection',
    nation: x.nation,
    time: new Date(x.timeMs).toISOString(),
    features: exportFeatures(x).map(feature),
  };
}

function feature(f: ExportFeature): Feature {
  const properties: GeoJsonProperties = { ...f.properties };
  for (const [k, v] of Object.entries(properties))
    if (typeof v === 'number') properties[k] = roundTo(v, 3, `${f.id} ${k}`);
  properties.name = f.name;
  return { type: 'Feature', id: f.id, geometry: geometry(f), properties };
}

function geometry(f: ExportFeature): Geometry {
  const s = f.shape;
  if (s.type === 'point') {
    const lon = roundTo(s.lonDeg, DEG_DIGITS, `${f.id} longitude`);
    const lat = roundTo(s.latDeg, DEG_DIGITS, `${f.id} latitude`);
    return {
      type: 'Point',
      coordinates:
        s.altitudeM !== undefined ? [lon, lat, roundTo(s.altitudeM, 0, `${f.id} altitude`)] : [lon, lat],
    };
  }
  if (s.rings.length === 1) return { type: 'Polygon', coordinates: [s.rings[0]!] };
  return { type: 'MultiPolygon', coordinates: s.rings.map((r) => [r]) };
}
