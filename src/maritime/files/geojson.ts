import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { DataFileError } from '../../domain/index.js';
import type { Place, ShoreGeometry, Zone, ZoneKind } from '../reference/index.js';
import { parseJsonText } from './json.js';

/**
 * Loaders for the GeoJSON the detectors take: zones, shore, ports and anchorages. Each reads text
 * handed in (the CLI reads the disk) and throws a DataFileError naming the file, the feature
 * (index and id) and what is wrong; a file is accepted whole or not at all.
 */

interface RawFeature {
  readonly index: number;
  readonly feature: Feature;
  /** `features[3] (id 'x')` */
  readonly label: string;
}

function features(text: string, input: string): RawFeature[] {
  const doc = parseJsonText(text, input) as { type?: unknown; features?: unknown } | null;
  if (doc === null || typeof doc !== 'object')
    throw new DataFileError({ input }, 'expected a GeoJSON FeatureCollection or Feature');
  let list: unknown[];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features))
      throw new DataFileError({ input, field: 'features' }, 'features must be an array');
    list = doc.features;
  } else if (doc.type === 'Feature') {
    list = [doc];
  } else {
    throw new DataFileError(
      { input, field: 'type' },
      `expected a FeatureCollection or Feature, not '${String(doc.type)}'`,
    );
  }
  return list.map((f, index) => {
    const label = `features[${index}]`;
    if (f === null || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature')
      throw new DataFileError({ input, field: label }, 'not a GeoJSON Feature');
    const feature = f as Feature;
    const id = featureId(feature);
    return { index, feature, label: id === undefined ? label : `${label} (id '${id}')` };
  });
}

/** A feature's id: its GeoJSON `id`, else `properties.id`, else `properties.name`. */
export function featureId(f: Feature): string | undefined {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  for (const v of [f.id, p.id, p.name]) {
    if ((typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)))
      return String(v);
  }
  return undefined;
}

function fail(input: string, f: RawFeature, field: string, problem: string): never {
  throw new DataFileError({ input, field: `${f.label}${field}` }, problem);
}

function checkPosition(input: string, f: RawFeature, field: string, p: unknown): Position {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number')
    fail(input, f, field, 'a position must be [longitude, latitude] numbers');
  const [lon, lat] = p as number[];
  if (!(lon! >= -180 && lon! <= 180)) fail(input, f, field, `longitude ${lon} outside [-180, 180]`);
  if (!(lat! >= -90 && lat! <= 90)) fail(input, f, field, `latitude ${lat} outside [-90, 90]`);
  return p as Position;
}

function checkLine(
  input: string,
  f: RawFeature,
  field: string,
  line: unknown,
  minLength: number,
): Position[] {
  if (!Array.isArray(line) || line.length < minLength)
    fail(input, f, field, `expected an array of at least ${minLength} positions`);
  return (line as unknown[]).map((p, i) => checkPosition(input, f, `${field}[${i}]`, p));
}

function checkPolygon(input: string, f: RawFeature, field: string, rings: unknown): Position[][] {
  if (!Array.isArray(rings) || rings.length === 0) fail(input, f, field, 'a polygon needs at least one ring');
  return (rings as unknown[]).map((r, i) => {
    const ring = checkLine(input, f, `${field}[${i}]`, r, 4);
    const a = ring[0]!;
    const b = ring[ring.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1])
      fail(input, f, `${field}[${i}]`, 'ring is not closed (first position != last)');
    return ring;
  });
}

function areaOf(input: string, f: RawFeature): Polygon | MultiPolygon {
  const g = f.feature.geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g) fail(input, f, '.geometry', 'has no geometry');
  if (g.type === 'Polygon')
    return { type: 'Polygon', coordinates: checkPolygon(input, f, '.geometry.coordinates', g.coordinates) };
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
      fail(input, f, '.geometry.coordinates', 'a MultiPolygon needs at least one polygon');
    return {
      type: 'MultiPolygon',
      coordinates: (g.coordinates as unknown[]).map((p, i) =>
        checkPolygon(input, f, `.geometry.coordinates[${i}]`, p),
      ),
    };
  }
  fail(input, f, '.geometry.type', `must be Polygon or MultiPolygon, not '${String(g.type)}'`);
}

const KIND_WORDS: [RegExp, ZoneKind][] = [
  [/^(territorial[-_ ]?sea|12 ?nm)$/i, 'territorial-sea'],
  [/^(contiguous[-_ ]?zone|24 ?nm)$/i, 'contiguous-zone'],
  [/^(eez|200 ?nm|exclusive[-_ ]economic[-_ ]zone)$/i, 'eez'],
  [/^adiz$/i, 'adiz'],
];

/** A zone's kind from `properties.kind`, `.type` or Marine Regions' `.pol_type` (`12NM`, `24NM`, `200NM`); else `other`. */
function zoneKind(p: Record<string, unknown>): ZoneKind {
  for (const v of [p.kind, p.type, p.pol_type]) {
    if (typeof v !== 'string') continue;
    for (const [re, k] of KIND_WORDS) if (re.test(v.trim())) return k;
  }
  return 'other';
}

/**
 * Zones (territorial seas, contiguous zones, EEZs, ADIZs): Polygon or MultiPolygon features, each
 * with an id (Feature `id`, else `properties.id`, else `properties.name`), unique in the file.
 */
export function parseZones(text: string, input: string): Zone[] {
  const seen = new Map<string, number>();
  return features(text, input).map((f) => {
    const id = featureId(f.feature);
    if (id === undefined) fail(input, f, '', 'has no id (Feature id, properties.id or properties.name)');
    const dup = seen.get(id);
    if (dup !== undefined) fail(input, f, '', `id '${id}' already used by features[${dup}]`);
    seen.set(id, f.index);
    const p = (f.feature.properties ?? {}) as Record<string, unknown>;
    return { id, name: typeof p.name === 'string' ? p.name : id, kind: zoneKind(p), area: areaOf(input, f) };
  });
}

/**
 * Shore: lines, polygons (their rings) or points; distance to shore is to the nearest of them.
 */
export function parseShore(text: string, input: string): ShoreGeometry {
  const lines: Position[][] = [];
  const points: Position[] = [];
  for (const f of features(text, input)) {
    const g = f.feature.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!g) fail(input, f, '.geometry', 'has no geometry');
    const c = '.geometry.coordinates';
    switch (g.type) {
      case 'Point':
        points.push(checkPosition(input, f, c, g.coordinates));
        break;
      case 'MultiPoint':
        if (!Array.isArray(g.coordinates)) fail(input, f, c, 'expected an array of positions');
        (g.coordinates as unknown[]).forEach((p, i) => {
          points.push(checkPosition(input, f, `${c}[${i}]`, p));
        });
        break;
      case 'LineString':
        lines.push(checkLine(input, f, c, g.coordinates, 2));
        break;
      case 'MultiLineString':
        if (!Array.isArray(g.coordinates)) fail(input, f, c, 'expected an array of lines');
        (g.coordinates as unknown[]).forEach((l, i) => {
          lines.push(checkLine(input, f, `${c}[${i}]`, l, 2));
        });
        break;
      case 'Polygon':
      case 'MultiPolygon': {
        const a = areaOf(input, f);
        for (const poly of a.type === 'Polygon' ? [a.coordinates] : a.coordinates) lines.push(...poly);
        break;
      }
      default:
        fail(
          input,
          f,
          '.geometry.type',
          `must be a Point, LineString, Polygon or their Multi forms, not '${String(g.type)}'`,
        );
    }
  }
  return { lines, points };
}

/** Ports or anchorages: Point or Polygon/MultiPolygon features with an id (see `featureId`). */
export function parsePlaces(text: string, input: string): Place[] {
  const seen = new Map<string, number>();
  return features(text, input).map((f) => {
    const id = featureId(f.feature);
    if (id === undefined) fail(input, f, '', 'has no id (Feature id, properties.id or properties.name)');
    const dup = seen.get(id);
    if (dup !== undefined) fail(input, f, '', `id '${id}' already used by features[${dup}]`);
    seen.set(id, f.index);
    const p = (f.feature.properties ?? {}) as Record<string, unknown>;
    const name = typeof p.name === 'string' ? p.name : id;
    const g = f.feature.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!g) fail(input, f, '.geometry', 'has no geometry');
    if (g.type === 'Point') {
      const [lon, lat] = checkPosition(input, f, '.geometry.coordinates', g.coordinates);
      return { id, name, latDeg: lat!, lonDeg: lon!, properties: p };
    }
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
      fail(input, f, '.geometry.type', `must be a Point, Polygon or MultiPolygon, not '${String(g.type)}'`);
    const area = areaOf(input, f);
    const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      sx += ring[i]![0]!;
      sy += ring[i]![1]!;
    }
    const n = ring.length - 1;
    return { id, name, latDeg: sy / n, lonDeg: sx / n, area, properties: p };
  });
}

/** Shore from a Natural Earth land FeatureCollection already in memory (the bundled default). */
export function shoreFromLand(land: { features: readonly Feature[] }): ShoreGeometry {
  const lines: Position[][] = [];
  for (const f of land.features) {
    const g = f.geometry as Polygon | MultiPolygon | LineString | MultiLineString | null;
    if (!g) continue;
    if (g.type === 'Polygon') lines.push(...g.coordinates);
    else if (g.type === 'MultiPolygon') for (const p of g.coordinates) lines.push(...p);
  }
  return { lines, points: [] };
}
