import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, geodeticFromEcef, WGS84_A_M, WGS84_B_M } from '../../src/geo/index.js';

describe('ecefFromGeodetic', () => {
  it('matches the GeographicLib CartConvert man-page example (33.3, 44.4, 6000 m)', () => {
    const [x, y, z] = ecefFromGeodetic(33.3, 44.4, 6000);
    // echo 33.3 44.4 6000 | CartConvert => 3816209.60 3737108.55 3485109.57
    expect(x).toBeCloseTo(3816209.6, 2);
    expect(y).toBeCloseTo(3737108.55, 2);
    expect(z).toBeCloseTo(3485109.57, 2);
  });

  it('puts the equator/prime meridian at a and the pole at b', () => {
    expect(ecefFromGeodetic(0, 0, 0)).toEqual([WGS84_A_M, 0, 0]);
    const pole = ecefFromGeodetic(90, 0, 0);
    expect(pole[2]).toBeCloseTo(6356752.314245, 6);
    expect(Math.abs(pole[0])).toBeLessThan(1e-6);
  });
});

describe('geodeticFromEcef', () => {
  it('handles the poles exactly', () => {
    const n = geodeticFromEcef(0, 0, WGS84_B_M + 1000);
    expect(n.latDeg).toBe(90);
    expect(n.hM).toBeCloseTo(1000, 9);
    const s = geodeticFromEcef(0, 0, -WGS84_B_M);
    expect(s.latDeg).toBe(-90);
  });

  it('round-trips to better than 1 mm from the sea floor to beyond GEO', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -11_000, max: 40_000_000, noNaN: true }),
        (lat, lon, h) => {
          const p = ecefFromGeodetic(lat, lon, h);
          const g = geodeticFromEcef(...p);
          const q = ecefFromGeodetic(g.latDeg, g.lonDeg, g.hM);
          const err = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
          expect(err).toBeLessThan(1e-3);
          expect(Math.abs(g.hM - h)).toBeLessThan(1e-3);
        },
      ),
      { numRuns: 2000, seed: 42 },
    );
  });
});
