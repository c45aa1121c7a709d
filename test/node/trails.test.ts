import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic } from '../../src/geo/index.js';
import type { PictureTrack } from '../../src/node/picture.js';
import { Trails } from '../../src/node/trails.js';

/** An object `id` at (lat, lon, h) at `tMs`, moving at 1 km/s north. */
const at = (id: string, tMs: number, latDeg: number, lonDeg = 130, hM = 50_000): PictureTrack => ({
  id,
  sources: [],
  tMs,
  x: Float64Array.of(...ecefFromGeodetic(latDeg, lonDeg, hM), 0, 0, 1_000),
  P: new Float64Array(36),
});

describe('trails: each picture object’s trajectory as the node held it', () => {
  it('keeps one position a second of the estimate’s time, oldest first, and its last `maxSamples`', () => {
    const trails = new Trails(8, 3_600_000, 1_000, 5);
    for (let k = 0; k < 40; k++) trails.record([at('KOR:1', k * 250, 38 + k * 0.01)], k * 250);
    // 10 s at 4 estimates a second: one sample a second, the last five (t = 5 ... 9 s).
    const s = trails.of('KOR:1');
    expect(s.map((x) => x.tMs)).toEqual([5_000, 6_000, 7_000, 8_000, 9_000]);
    expect(s[0]!.latDeg).toBeCloseTo(38.2, 4);
    expect(s[4]!.latDeg).toBeCloseTo(38.36, 4);
    expect(s[0]).toMatchObject({ lonDeg: 130, altitudeM: 50_000, speedMps: 1_000 });
    expect(trails.of('KOR:2')).toEqual([]);
  });

  it('grows its buffer and wraps it without losing the order', () => {
    const trails = new Trails(8, 3_600_000, 1_000, 150);
    for (let k = 0; k < 400; k++) trails.record([at('JPN:7', k * 1_000, 30 + k * 0.01)], k * 1_000);
    const s = trails.of('JPN:7');
    expect(s.map((x) => x.tMs)).toEqual(Array.from({ length: 150 }, (_, i) => (250 + i) * 1_000));
    expect(s[149]!.latDeg).toBeCloseTo(33.99, 4);
  });

  it('is bounded per nation: a partner inventing ids evicts only its own trails', () => {
    const trails = new Trails(3, 3_600_000);
    trails.record([at('USA:1', 0, 35)], 0);
    for (let k = 0; k < 100; k++) trails.record([at(`KOR:${k}`, k * 1_000, 36)], k * 1_000);
    expect(trails.sizeOf('KOR')).toBe(3);
    expect(trails.of('KOR:99')).toHaveLength(1);
    expect(trails.of('KOR:0')).toEqual([]);
    expect(trails.of('USA:1')).toHaveLength(1);
    // Forgotten once untouched for longer than the age limit.
    trails.record([], 3_600_001 + 99_000);
    expect(trails.sizeOf('KOR')).toBe(0);
    expect(trails.of('USA:1')).toEqual([]);
  });
});
