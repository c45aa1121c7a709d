import { describe, expect, it } from 'vitest';
import type { MapZones, Warning } from '../../web/src/api/types.js';
import { en } from '../../web/src/i18n/en.js';
import { ja } from '../../web/src/i18n/ja.js';
import { ko } from '../../web/src/i18n/ko.js';
import { baseCircles, GROUP_LAYERS, ZONE_GROUPS, zoneLabels } from '../../web/src/map/zones-layer.js';
import { ellipseRing, formatDuration, unwrapRing } from '../../web/src/missile/geometry.js';
import { orderWarnings } from '../../web/src/missile/order.js';

// The console's pure parts, without a browser.

const keys = (o: object, at = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${at}${k}.`) : [`${at}${k}`],
  );
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const leaf = (o: object, path: string): string =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as string;

describe('the console’s languages', () => {
  it('have every English string in Japanese and Korean, with the same placeholders', () => {
    for (const [name, m] of [
      ['ja', ja],
      ['ko', ko],
    ] as const) {
      expect(keys(m), name).toEqual(keys(en));
      for (const k of keys(en)) {
        expect(placeholders(leaf(m, k)), `${name} ${k}`).toEqual(placeholders(leaf(en, k)));
        expect(leaf(m, k), `${name} ${k}`).not.toBe('');
      }
    }
  });
});

describe('the map’s shapes', () => {
  it('draws an ellipse of the given axes, the major one along its orientation', () => {
    // 100 km along north-east, 10 km across, at 40N.
    const ring = ellipseRing(40, 135, 100_000, 10_000, 45, 8);
    expect(ring[0]).toEqual(ring.at(-1));
    const [lon, lat] = ring[0]!; // the end of the semi-major axis
    const northM = (lat - 40) * 111_320;
    const eastM = (lon - 135) * 111_320 * Math.cos((40 * Math.PI) / 180);
    expect(Math.hypot(northM, eastM)).toBeCloseTo(100_000, -1);
    expect(northM).toBeCloseTo(eastM, -1);
    const [lon2, lat2] = ring[2]!; // the end of the semi-minor axis
    const minorM = Math.hypot((lat2 - 40) * 111_320, (lon2 - 135) * 111_320 * Math.cos((40 * Math.PI) / 180));
    expect(minorM).toBeCloseTo(10_000, -1);
  });

  it('keeps a ring across the antimeridian continuous instead of round the world', () => {
    const ring = unwrapRing([
      { latDeg: 40, lonDeg: 170 },
      { latDeg: 40, lonDeg: -170 },
      { latDeg: 30, lonDeg: -175 },
      { latDeg: 40, lonDeg: 170 },
    ]);
    expect(ring.map((p) => p[0])).toEqual([170, 190, 185, 170]);
  });

  it('shows a countdown as minutes and seconds, hours when there are', () => {
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('the warnings banner’s order', () => {
  const w = (trackId: string, event: string, withdrawn?: string): Warning => ({
    trackId,
    reason: 'impact',
    zone: 'eez',
    area: 'JPN EEZ',
    phase: 'ballistic',
    issued: '2022-10-03T22:20:00.000Z',
    event,
    timeToEventS: 0,
    latDeg: 40,
    lonDeg: 135,
    ...(withdrawn ? { withdrawn } : {}),
  });
  it('puts the next event ahead first, then those passed (latest first), then the withdrawn', () => {
    const now = Date.parse('2022-10-03T22:30:00.000Z');
    const ordered = orderWarnings(
      [
        w('withdrawn', '2022-10-03T22:31:00.000Z', '2022-10-03T22:25:00.000Z'),
        w('passed-early', '2022-10-03T22:25:00.000Z'),
        w('ahead-late', '2022-10-03T22:40:00.000Z'),
        w('passed-late', '2022-10-03T22:29:00.000Z'),
        w('ahead-soon', '2022-10-03T22:32:00.000Z'),
      ],
      now,
    );
    expect(ordered.map((x) => x.trackId)).toEqual([
      'ahead-soon',
      'ahead-late',
      'passed-late',
      'passed-early',
      'withdrawn',
    ]);
  });
});

describe("the map's zones (zones-layer.ts)", () => {
  const doc: MapZones = {
    type: 'FeatureCollection',
    nation: 'JPN',
    note: 'approximations',
    source: 'Natural Earth',
    grid: { west: 120, south: 20, east: 150, north: 50, stepDeg: 0.05 },
    features: [
      {
        type: 'Feature',
        id: 'zone/JPN/eez',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [130, 30],
                [140, 30],
                [140, 40],
                [130, 30],
              ],
            ],
          ],
        },
        properties: { kind: 'computed-zone', nation: 'JPN', zone: 'eez', name: 'Japan', labelAt: [136, 33] },
      },
      {
        type: 'Feature',
        id: 'zone/JPN/territorial-sea',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [131, 31],
                [132, 31],
                [132, 32],
                [131, 31],
              ],
            ],
          ],
        },
        properties: {
          kind: 'computed-zone',
          nation: 'JPN',
          zone: 'territorial-sea',
          name: 'Japan',
          labelAt: [131.5, 31.2],
        },
      },
      {
        type: 'Feature',
        id: 'base/misawa-ab',
        geometry: { type: 'Point', coordinates: [141.368, 40.703] },
        properties: {
          kind: 'base',
          baseId: 'misawa-ab',
          name: 'Misawa Air Base',
          nation: 'USA',
          host: 'JPN',
          radiusM: 5000,
        },
      },
      {
        type: 'Feature',
        id: 'maritime-zone/senkaku-territorial-sea',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [123, 25.5],
              [124, 25.5],
              [123.5, 26],
              [123, 25.5],
            ],
          ],
        },
        properties: {
          kind: 'maritime-zone',
          zoneId: 'senkaku-territorial-sea',
          zoneKind: 'territorial-sea',
          name: 'Senkaku',
        },
      },
    ],
  };

  it('labels each EEZ at its innermost point and each maritime zone at its top, nothing else', () => {
    expect(zoneLabels(doc)).toEqual([
      { group: 'computed', key: 'zone/JPN/eez', nation: 'JPN', name: 'Japan', lonLat: [136, 33] },
      {
        group: 'maritime',
        key: 'maritime-zone/senkaku-territorial-sea',
        name: 'Senkaku',
        lonLat: [123.5, 26],
      },
    ]);
  });

  it('draws each base as the circle of its radius around its point', () => {
    const circles = baseCircles(doc);
    expect(circles.features).toHaveLength(1);
    const ring = (circles.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    for (const [lon, lat] of ring) {
      const dy = (lat! - 40.703) * rad * R;
      const dx = (lon! - 141.368) * rad * R * Math.cos(40.703 * rad);
      expect(Math.hypot(dx, dy)).toBeGreaterThan(4_950);
      expect(Math.hypot(dx, dy)).toBeLessThan(5_050);
    }
  });

  it('groups every layer it adds, once', () => {
    const ids = Object.values(GROUP_LAYERS).flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(GROUP_LAYERS).sort()).toEqual([...ZONE_GROUPS].sort());
  });
});
