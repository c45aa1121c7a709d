// The map's territorial seas and EEZs must be the zones the warnings use: the shipped polygons
// (data/computed-zones.geojson, written by `concord zones`) are checked against `zoneAt` at random
// points away from the zones' edges, and the tracing that makes them is checked on small grids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { maritimeZones, territoryIndex, traceCells, zonePolygons } from '../../src/geo/index.js';
import { computeZones, parseComputedZones, ZONES_THEATRE } from '../../src/node/map-zones.js';
import { loadTerritories } from '../../src/node/territories.js';
import { createRng } from '../../src/sim/rng.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(ROOT, 'data', 'computed-zones.geojson');

/** Shoelace area of a closed ring (positive counter-clockwise). */
const area = (ring: Position[]) =>
  ring.slice(1).reduce((s, p, i) => s + ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!, 0) / 2;

describe('traceCells: the outline of a label on a grid', () => {
  const at = (i: number, j: number): Position => [i, j];

  it('traces a block with a hole: outer ring counter-clockwise, hole clockwise, corners only', () => {
    // 4x4 block of label 1 with its centre 2x2 cells another label.
    const nx = 6;
    const labels = new Array(nx * nx).fill(0);
    for (let j = 1; j <= 4; j++) for (let i = 1; i <= 4; i++) labels[j * nx + i] = 1;
    for (let j = 2; j <= 3; j++) for (let i = 2; i <= 3; i++) labels[j * nx + i] = 2;
    const { polygons, cells } = traceCells(labels, nx, nx, 1, at);
    expect(cells).toBe(12);
    expect(polygons).toHaveLength(1);
    const [outer, hole] = polygons[0]!;
    expect(area(outer!)).toBe(16);
    expect(area(hole!)).toBe(-4);
    expect(outer).toHaveLength(5); // four corners, closed
    expect(new Set(outer!.map((p) => p.join()))).toEqual(new Set(['1,1', '5,1', '5,5', '1,5']));
    // The label inside the hole is a polygon of its own.
    expect(traceCells(labels, nx, nx, 2, at).polygons.map((p) => area(p[0]!))).toEqual([4]);
  });

  it('keeps cells that touch only at a corner apart, largest first, and reaches the grid edge', () => {
    const labels = [1, 0, 0, 0, 1, 1, 0, 1, 1]; // (0,0) alone; (1,1),(2,1),(1,2),(2,2) a block
    const { polygons } = traceCells(labels, 3, 3, 1, at);
    expect(polygons.map((p) => [p.length, area(p[0]!)])).toEqual([
      [1, 4],
      [1, 1],
    ]);
  });

  it('polygonises a synthetic index: a disc of "eez" with a "territorial-sea" core', () => {
    const zones = {
      zoneAt: (lat: number, lon: number) => {
        const d = Math.hypot(lat - 30, lon - 130);
        if (d > 2) return null;
        return {
          nation: 'XXX',
          zone: d < 0.5 ? ('territorial-sea' as const) : ('eez' as const),
          coastDistanceM: 0,
        };
      },
    };
    const { polygons, samples } = zonePolygons(zones, {
      west: 127,
      south: 27,
      east: 133,
      north: 33,
      stepDeg: 0.1,
    });
    expect(samples).toBe(3600);
    expect(polygons.map((p) => `${p.nation}/${p.zone}`)).toEqual(['XXX/eez', 'XXX/territorial-sea']);
    const eez = polygons[0]!;
    // An annulus: one polygon, an outer ring and a hole, of the disc's areas (in degrees²) within 3 %.
    expect(eez.coordinates).toHaveLength(1);
    expect(eez.coordinates[0]).toHaveLength(2);
    const [outer, hole] = eez.coordinates[0]!;
    expect(area(outer!) / (Math.PI * 4)).toBeCloseTo(1, 1);
    expect(-area(hole!) / (Math.PI * 0.25)).toBeGreaterThan(0.9);
    expect(-area(hole!) / (Math.PI * 0.25)).toBeLessThan(1.1);
    expect(() => zonePolygons(zones, { west: 1, south: 1, east: 0, north: 2, stepDeg: 0.1 })).toThrow(
      /west < east/,
    );
  });
});

describe('data/computed-zones.geojson: the zones the warnings use', () => {
  const text = readFileSync(FILE, 'utf8');
  const shipped = parseComputedZones(text, FILE);

  it('is the theatre at its step, with the note that these are approximations', () => {
    expect(shipped.grid).toEqual(ZONES_THEATRE);
    expect(shipped.note).toMatch(/approximations, not claimed or agreed boundaries/);
    const ids = shipped.features.map((f) => f.id);
    for (const n of ['USA', 'JPN', 'KOR', 'PRK', 'CHN', 'RUS'])
      for (const z of ['territorial-sea', 'eez']) expect(ids).toContain(`${n}/${z}`);
  });

  it("agrees with zoneAt: at ≥ 99 % of random points away from the zones' edges, the polygon holding the point is zoneAt's zone", () => {
    const zones = maritimeZones(territoryIndex(loadTerritories()));
    const { west, south, east, north, stepDeg } = shipped.grid;
    const label = (lat: number, lon: number) => {
      const z = zones.zoneAt(lat, lon);
      return z === null || z.zone === 'land' ? 'none' : `${z.nation}/${z.zone}`;
    };
    const rng = createRng(21, 'zones');
    // "Away from the edges": the 8 points 1.5 cells around it have the same answer.
    const r = 1.5 * stepDeg;
    let tested = 0;
    let agreed = 0;
    let zoned = 0;
    const disagreements: string[] = [];
    for (let k = 0; k < 1500; k++) {
      const lat = south + r + rng.next() * (north - south - 2 * r);
      const lon = west + r + rng.next() * (east - west - 2 * r);
      const want = label(lat, lon);
      let near = false;
      for (const [dy, dx] of [
        [-1, -1],
        [-1, 0],
        [-1, 1],
        [0, -1],
        [0, 1],
        [1, -1],
        [1, 0],
        [1, 1],
      ] as const)
        if (label(lat + dy * r, lon + dx * r) !== want) {
          near = true;
          break;
        }
      if (near) continue;
      tested++;
      if (want !== 'none') zoned++;
      const holding = shipped.features
        .filter((f) => booleanPointInPolygon([lon, lat], f.geometry))
        .map((f) => f.id);
      if (holding.length === (want === 'none' ? 0 : 1) && (want === 'none' || holding[0] === want)) agreed++;
      else
        disagreements.push(
          `${lat.toFixed(3)},${lon.toFixed(3)}: zoneAt ${want}, polygons ${holding.join('+') || 'none'}`,
        );
    }
    // Enough points tested, and enough of them in zones, for the figure to mean something.
    expect(tested).toBeGreaterThan(1000);
    expect(zoned).toBeGreaterThan(300);
    expect(agreed / tested, disagreements.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('is what computeZones makes today, on a small box (the file is not stale)', () => {
    // The Korea Strait: Korea's, Japan's and (farther) North Korea's seas meet there.
    const box = { west: 128, south: 33.5, east: 131, north: 35.5, stepDeg: 0.05 };
    const { zones } = computeZones(box);
    expect(zones.features.map((f) => f.id).sort()).toEqual([
      'JPN/eez',
      'JPN/territorial-sea',
      'KOR/eez',
      'KOR/territorial-sea',
    ]);
    // The same grid lines as the shipped file's: each of its zones' cells are a subset of the
    // shipped zone's polygon (a cell centre inside one is inside the other, away from the box edge).
    const rng = createRng(7, 'box');
    for (let k = 0; k < 200; k++) {
      const lat = box.south + 0.2 + rng.next() * 1.6;
      const lon = box.west + 0.2 + rng.next() * 2.6;
      const mine = zones.features.find((f) => booleanPointInPolygon([lon, lat], f.geometry))?.id;
      const theirs = shipped.features.find((f) => booleanPointInPolygon([lon, lat], f.geometry))?.id;
      if (mine !== theirs) {
        // Only at an edge, where simplification at the box's border may differ: look 0.1° around.
        const near = [-0.1, 0.1].some(
          (d) =>
            zones.features.find((f) => booleanPointInPolygon([lon + d, lat + d], f.geometry))?.id !== mine ||
            zones.features.find((f) => booleanPointInPolygon([lon - d, lat + d], f.geometry))?.id !== mine,
        );
        expect(near, `${lat},${lon}: ${mine} here, ${theirs} in the file`).toBe(true);
      }
    }
  });
});
