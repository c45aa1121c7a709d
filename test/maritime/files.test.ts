import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/index.js';
import {
  isValidImo,
  parseContactsCsv,
  parsePlaces,
  parseShore,
  parseWatchlistCsv,
  parseWatchlistYaml,
  parseZones,
} from '../../src/maritime/index.js';

const square = [
  [125, 30],
  [125.1, 30],
  [125.1, 30.1],
  [125, 30.1],
  [125, 30],
];
const fcOf = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const poly = (props: object, coords: unknown = [square], extra: object = {}) => ({
  type: 'Feature',
  ...extra,
  properties: props,
  geometry: { type: 'Polygon', coordinates: coords },
});

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('parseZones', () => {
  it('takes the id from Feature id, else properties.id, else properties.name, and the kind from Marine Regions pol_type', () => {
    const z = parseZones(
      fcOf(
        poly({ name: 'A' }, [square], { id: 'fid' }),
        poly({ id: 'pid', name: 'B', kind: 'territorial-sea' }),
        poly({ name: 'Only name', pol_type: '200NM' }),
      ),
      'z.geojson',
    );
    expect(z.map((x) => [x.id, x.kind])).toEqual([
      ['fid', 'other'],
      ['pid', 'territorial-sea'],
      ['Only name', 'eez'],
    ]);
  });

  it('names the file, the feature index and id, and what is wrong', () => {
    const e = thrown(() =>
      parseZones(
        fcOf(
          poly({ id: 'ok' }),
          poly({ id: 'bad' }, [
            [
              [125, 30],
              [125.1, 30],
              [125, 30.1],
              [125.2, 30.2],
            ],
          ]),
        ),
        'z.geojson',
      ),
    );
    expect(e.message).toBe(
      "z.geojson (features[1] (id 'bad').geometry.coordinates[0]): ring is not closed (first position != last)",
    );
    expect(thrown(() => parseZones(fcOf(poly({})), 'z.geojson')).message).toMatch(/features\[0\].*has no id/);
    expect(thrown(() => parseZones(fcOf(poly({ id: 'a' }), poly({ id: 'a' })), 'z.geojson')).message).toMatch(
      /features\[1\] \(id 'a'\).*already used by features\[0\]/,
    );
    expect(
      thrown(() =>
        parseZones(
          fcOf({
            type: 'Feature',
            properties: { id: 'p' },
            geometry: { type: 'Point', coordinates: [1, 2] },
          }),
          'z.geojson',
        ),
      ).message,
    ).toMatch(/geometry.type\): must be Polygon or MultiPolygon, not 'Point'/);
    expect(
      thrown(() =>
        parseZones(
          fcOf(
            poly({ id: 'x' }, [
              [
                [125, 95],
                [125, 30],
                [126, 30],
                [125, 95],
              ],
            ]),
          ),
          'z.geojson',
        ),
      ).message,
    ).toMatch(/coordinates\[0\]\[0\]\): latitude 95 outside/);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const e = thrown(() =>
      parseZones('{\n  "type": "FeatureCollection",\n  "features": [,]\n}', 'z.geojson'),
    );
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(1);
  });
});

describe('parseShore and parsePlaces', () => {
  it('takes lines, polygons and points as shore', () => {
    const g = parseShore(
      fcOf(
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [1, 1],
              [2, 2],
            ],
          },
        },
        poly({}),
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'MultiPoint',
            coordinates: [
              [3, 3],
              [4, 4],
            ],
          },
        },
      ),
      's.geojson',
    );
    expect(g.lines).toHaveLength(2);
    expect(g.points).toHaveLength(2);
    expect(
      thrown(() => parseShore(fcOf({ type: 'Feature', properties: {}, geometry: null }), 's.geojson'))
        .message,
    ).toMatch(/features\[0\].geometry\): has no geometry/);
  });

  it('takes points or polygons as ports, with a representative point for areas', () => {
    const p = parsePlaces(
      fcOf(
        {
          type: 'Feature',
          id: 'nampo',
          properties: { name: 'Nampo' },
          geometry: { type: 'Point', coordinates: [125.4, 38.7] },
        },
        poly({ id: 'harbour' }),
      ),
      'p.geojson',
    );
    expect(p[0]).toMatchObject({ id: 'nampo', name: 'Nampo', latDeg: 38.7, lonDeg: 125.4 });
    expect(p[1]!.area).toBeDefined();
    expect(p[1]!.latDeg).toBeCloseTo(30.05, 6);
    expect(
      thrown(() =>
        parsePlaces(
          fcOf({
            type: 'Feature',
            id: 'x',
            properties: {},
            geometry: {
              type: 'LineString',
              coordinates: [
                [1, 1],
                [2, 2],
              ],
            },
          }),
          'p.geojson',
        ),
      ).message,
    ).toMatch(/features\[0\] \(id 'x'\).geometry.type\): must be a Point, Polygon or MultiPolygon/);
  });
});

describe('watch list', () => {
  it('checks IMO check digits', () => {
    expect(isValidImo(9134270)).toBe(true);
    expect(isValidImo(8126070)).toBe(true);
    expect(isValidImo(8126071)).toBe(false);
  });

  it('reads YAML and names line, column and field of a bad entry', () => {
    const ok = parseWatchlistYaml('vessels:\n  - name: A\n    imo: 9134270\n  - mmsi: 412000001\n', 'w.yaml');
    expect(ok).toEqual([
      { name: 'A', imo: 9134270, place: 'w.yaml:2' },
      { mmsi: 412000001, place: 'w.yaml:4' },
    ]);
    const e = thrown(() => parseWatchlistYaml('vessels:\n  - name: A\n    imo: 9134271\n', 'w.yaml'));
    expect(e.line).toBe(3);
    expect(e.field).toBe('vessels[0].imo');
    expect(e.message).toMatch(/not a valid IMO number/);
  });

  it('reads CSV with quoted names and names line and column of a bad value', () => {
    const ok = parseWatchlistCsv(
      'name,imo,category\n"BILLIONS NO. 18, ex-X",9191773,UN 1718 designated\n',
      'w.csv',
    );
    expect(ok[0]).toMatchObject({
      name: 'BILLIONS NO. 18, ex-X',
      imo: 9191773,
      category: 'UN 1718 designated',
    });
    const e = thrown(() => parseWatchlistCsv('name,imo\nA,9191773\nB,12345\n', 'w.csv'));
    expect([e.line, e.column, e.field]).toEqual([3, 3, 'imo']);
    expect(thrown(() => parseWatchlistCsv('name,flag\nA,KP\n', 'w.csv')).message).toMatch(
      /unknown column 'flag'/,
    );
    expect(thrown(() => parseWatchlistCsv('category\nX\n', 'w.csv')).message).toMatch(
      /needs a 'name', 'imo' or 'mmsi'/,
    );
  });
});

describe('parseContactsCsv', () => {
  it('reads contacts sorted by time, with identity and error', () => {
    const c = parseContactsCsv(
      'time,lat,lon,kind,id,sigma_m,imo,speed_kn,extra\n2026-03-01T02:00:00Z,30,125,SAR,s2,50,,,x\n2026-03-01T01:00:00Z,30.1,125.1,aircraft,a1,,8705539,3.5,\n',
      'c.csv',
    );
    expect(c.map((x) => x.id)).toEqual(['a1', 's2']);
    expect(c[0]).toMatchObject({ sensor: 'aircraft', errorM: 500, identity: { imo: 8705539 } });
    expect(c[1]).toMatchObject({ sensor: 'sar', errorM: 50 });
    expect(c[1]!.identity).toBeUndefined();
  });

  it('reads what concord ais gen --contacts writes', () => {
    const c = parseContactsCsv(
      'time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m\n2025-06-02T00:00:00.000Z,kcg-jeju-radar,radar,32.585891,126.116863,150,252.4,0.8,\n',
      'gen.csv',
    );
    expect(c).toEqual([
      {
        id: 'gen.csv:2',
        sensor: 'radar',
        tMs: Date.parse('2025-06-02T00:00:00Z'),
        latDeg: 32.585891,
        lonDeg: 126.116863,
        errorM: 150,
      },
    ]);
  });

  it('names the file, line and column name of a bad value', () => {
    const head = 'time,lat,lon,kind\n';
    expect(
      thrown(() => parseContactsCsv(`${head}2026-03-01T00:00:00Z,95,125,radar\n`, 'c.csv')).message,
    ).toBe("c.csv:2:22 (lat): '95' is not a number in [-90, 90]");
    expect(
      thrown(() => parseContactsCsv(`${head}2026-03-01T00:00:00Z,30,125,sonar\n`, 'c.csv')).message,
    ).toMatch(/c.csv:2:29 \(kind\): unknown sensor kind 'sonar'/);
    expect(thrown(() => parseContactsCsv(`${head}yesterday,30,125,radar\n`, 'c.csv')).message).toMatch(
      /c.csv:2:1 \(time\)/,
    );
    expect(thrown(() => parseContactsCsv('time,lat,kind\n', 'c.csv')).message).toMatch(
      /header has no column 'lon'/,
    );
    expect(thrown(() => parseContactsCsv(`${head}2026-03-01T00:00:00Z,30\n`, 'c.csv')).field).toBe('lon');
  });
});

describe('firstJsonError', () => {
  it('finds no error in valid JSON (property)', async () => {
    const fc = (await import('fast-check')).default;
    const { firstJsonError } = await import('../../src/maritime/files/json.js');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const s = JSON.stringify(v, null, 1);
        expect(firstJsonError(s)).toBe(s.length);
      }),
    );
    expect(firstJsonError('[1,,2]')).toBe(3);
  });
});
