import { describe, expect, it } from 'vitest';
import {
  apparentElevationDeg,
  destinationPoint,
  ecefAcceleration,
  ecefFromEnu,
  ecefFromGeodetic,
  GM_M3PS2,
  gravityJ2,
  haversineDistanceM,
  initialBearingDeg,
  isAboveRadioHorizon,
  OMEGA_EARTH_RADPS,
  radioHorizonM,
  raeFromEcef,
  siteFromGeodetic,
  vincentyDistanceM,
  WGS84_A_M,
} from '../../src/geo/index.js';

describe('radio horizon (4/3 Earth)', () => {
  it('is about 4.12 sqrt(h) km', () => {
    for (const h of [10, 25, 100, 1000]) {
      expect(radioHorizonM(h) / 1000 / (4.12 * Math.sqrt(h))).toBeCloseTo(1, 2);
    }
    expect(radioHorizonM(100, 1000)).toBeCloseTo(radioHorizonM(100) + radioHorizonM(1000), 6);
  });

  it('hides a sea-skimmer beyond the combined horizon and shows it inside', () => {
    const site = siteFromGeodetic(38, 134, 30);
    const targetH = 500;
    const horizon = radioHorizonM(30, targetH, site.localRadiusM);
    const at = (distM: number) => {
      const d = destinationPoint(38, 134, 60, distM);
      return ecefFromGeodetic(d.latDeg, d.lonDeg, targetH);
    };
    expect(isAboveRadioHorizon(site, ...at(horizon * 0.97))).toBe(true);
    expect(isAboveRadioHorizon(site, ...at(horizon * 1.03))).toBe(false);
  });

  it('raises the apparent elevation of a far, low target above its geometric elevation', () => {
    const site = siteFromGeodetic(38, 134, 30);
    const d = destinationPoint(38, 134, 0, 300_000);
    const p = ecefFromGeodetic(d.latDeg, d.lonDeg, 5_000);
    const geometric = raeFromEcef(site, ...p).elDeg;
    const apparent = apparentElevationDeg(site, ...p);
    expect(geometric).toBeLessThan(0);
    expect(apparent).toBeGreaterThan(geometric);
    // Everything straight up is visible, and refraction does not change the zenith.
    const up = ecefFromEnu(site, 0, 0, 100_000);
    expect(isAboveRadioHorizon(site, ...up)).toBe(true);
    expect(apparentElevationDeg(site, ...up)).toBeCloseTo(90, 6);
  });
});

describe('great circle and geodesic distance', () => {
  it('Vincenty reproduces his own published line (Flinders Peak -> Buninyong, 54 972.271 m)', () => {
    const d = vincentyDistanceM(-37.951033417, 144.424867889, -37.652821139, 143.926495528);
    expect(d).toBeCloseTo(54972.271, 2);
  });

  it('haversine agrees with Vincenty to 0.5 % and a degree of equator is 111.195 km on the mean sphere', () => {
    const h = haversineDistanceM(39.02, 125.75, 40.8, 140.3);
    const v = vincentyDistanceM(39.02, 125.75, 40.8, 140.3);
    expect(Math.abs(h - v) / v).toBeLessThan(0.005);
    expect(haversineDistanceM(0, 0, 0, 1)).toBeCloseTo(111_195.08, 1);
  });

  it('bearing east along the equator is 90, due north is 0, and destinationPoint inverts both', () => {
    expect(initialBearingDeg(0, 0, 0, 10)).toBeCloseTo(90, 12);
    expect(initialBearingDeg(10, 20, 30, 20)).toBeCloseTo(0, 12);
    const d = destinationPoint(40.3, 126.4, 95, 4_600_000);
    expect(haversineDistanceM(40.3, 126.4, d.latDeg, d.lonDeg)).toBeCloseTo(4_600_000, 3);
    expect(initialBearingDeg(40.3, 126.4, d.latDeg, d.lonDeg)).toBeCloseTo(95, 9);
  });
});

describe('dynamics', () => {
  it('gravity at the equator is GM/a^2 (1 + 1.5 J2) inward, and purely radial on the axes', () => {
    const g = gravityJ2(WGS84_A_M, 0, 0, [0, 0, 0]);
    expect(g[0]).toBeCloseTo(-(GM_M3PS2 / WGS84_A_M ** 2) * (1 + 1.5 * 1.08262668e-3), 12);
    expect(g[1]).toBe(-0);
    expect(g[0]).toBeCloseTo(-9.8142, 4);
    const pole = gravityJ2(0, 0, 6356752.3, new Float64Array(3));
    expect(pole[2]).toBeCloseTo(-9.8322, 3);
  });

  it('ecefAcceleration adds centrifugal and Coriolis: equatorial surface gravity ~9.780 m/s^2', () => {
    const a = ecefAcceleration(WGS84_A_M, 0, 0, 0, 0, 0, [0, 0, 0]);
    // Normal gravity at the equator (WGS84 gamma_e = 9.7803253359) as felt on the rotating Earth.
    expect(a[0]).toBeCloseTo(-9.78033, 3);
    const w = ecefAcceleration(WGS84_A_M, 0, 0, 0, 100, 0, [0, 0, 0]);
    // Moving east at 100 m/s on the equator: Coriolis points up, +2 w v.
    expect(w[0]! - a[0]!).toBeCloseTo(2 * OMEGA_EARTH_RADPS * 100, 12);
  });
});

describe('gravityJ2 is the gradient of the J2 geopotential', () => {
  it('matches central differences of V = GM/r (1 - J2 (a/r)^2 P2(sin phi)) at a point off the axes', () => {
    const V = (x: number, y: number, z: number) => {
      const r = Math.hypot(x, y, z);
      const s = z / r;
      return (GM_M3PS2 / r) * (1 - 1.08262668e-3 * (WGS84_A_M / r) ** 2 * 0.5 * (3 * s * s - 1));
    };
    const p = [3.1e6, 2.2e6, 5.4e6] as const;
    const g = gravityJ2(p[0], p[1], p[2], [0, 0, 0]);
    const h = 1;
    const dx = (V(p[0] + h, p[1], p[2]) - V(p[0] - h, p[1], p[2])) / (2 * h);
    const dy = (V(p[0], p[1] + h, p[2]) - V(p[0], p[1] - h, p[2])) / (2 * h);
    const dz = (V(p[0], p[1], p[2] + h) - V(p[0], p[1], p[2] - h)) / (2 * h);
    expect(g[0]).toBeCloseTo(dx, 6);
    expect(g[1]).toBeCloseTo(dy, 6);
    expect(g[2]).toBeCloseTo(dz, 6);
  });
});
