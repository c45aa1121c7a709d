import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBundledScenario } from '../../bench/tracker-scenarios.js';
import { containment } from '../../bench/warnings.js';
import { ecefFromGeodetic, ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import {
  arrivalWindowS,
  corridorBand,
  corridorCoordinates,
  corridorPoint,
  fanHalfWidthM,
  predictImpact,
  sweptImpactRegion,
  sweptRegionAreaM2,
  sweptRegionContains,
} from '../../src/track/index.js';

/** A state at (latDeg, lonDeg, hM) moving at (east, north, up) m/s, with a diagonal covariance. */
function state(latDeg: number, lonDeg: number, hM: number, e: number, n: number, u: number) {
  const p = ecefFromGeodetic(latDeg, lonDeg, hM);
  const v = ecefVectorFromEnu(siteFromGeodetic(latDeg, lonDeg, 0), e, n, u);
  const P = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    P[i * 7] = 100 ** 2;
    P[(i + 3) * 7] = 20 ** 2;
  }
  return { x: Float64Array.of(...p, ...v), P };
}

describe('swept impact region of an object that may still be under thrust', () => {
  it('maps corridor coordinates both ways', () => {
    const frame = { originLatDeg: 40, originLonDeg: 128, bearingDeg: 84 };
    for (const [a, c] of [
      [0, 0],
      [500_000, -30_000],
      [3_000_000, 120_000],
    ] as const) {
      const p = corridorPoint(frame, a, c);
      const back = corridorCoordinates(frame, p.latDeg, p.lonDeg);
      expect(back.alongM).toBeCloseTo(a, 0);
      expect(back.crossM).toBeCloseTo(c, 0);
    }
    // Right of an eastward bearing is south.
    expect(corridorPoint(frame, 100_000, 50_000).latDeg).toBeLessThan(
      corridorPoint(frame, 100_000, 0).latDeg,
    );
  });

  it('covers the impact if the motor stopped now and reaches out to the assumed range along the heading', () => {
    const { x, P } = state(40, 128, 60_000, 1_500, 150, 1_200);
    const r = sweptImpactRegion(x, P)!;
    expect(r).not.toBeNull();
    const now = predictImpact(0, x, P)!;
    expect(sweptRegionContains(r, now.latDeg, now.lonDeg)).toBe(true);
    expect(r.stations.at(-1)!.alongM).toBeLessThanOrEqual(5_500_000);
    expect(r.stations.at(-1)!.alongM).toBeGreaterThan(3_000_000);
    // Far along the heading is inside; far to the side, or behind, is not.
    expect(
      sweptRegionContains(r, corridorPoint(r, 2_000_000, 0).latDeg, corridorPoint(r, 2_000_000, 0).lonDeg),
    ).toBe(true);
    const side = corridorPoint(r, 2_000_000, 800_000);
    expect(sweptRegionContains(r, side.latDeg, side.lonDeg)).toBe(false);
    const behind = corridorPoint(r, -300_000, 0);
    expect(sweptRegionContains(r, behind.latDeg, behind.lonDeg)).toBe(false);
  });

  it('gives when a flight still possible comes down at a point: never 0 s under the object, later farther on', () => {
    const { x, P } = state(40, 128, 60_000, 1_500, 150, 1_200);
    const r = sweptImpactRegion(x, P)!;
    // The region's near end is pulled back behind the object by its uncertainty: a point there, or
    // under the object, is reached no sooner than the object can fall (climbing at 1.2 km/s from
    // 60 km: ~4 minutes), not in 0 s.
    const nowImpact = predictImpact(0, x, P)!;
    for (const alongM of [r.stations[0]!.alongM, 0]) {
      const w = arrivalWindowS(r, alongM, 100_000)!;
      expect(w.earliestS, `${alongM}`).toBeGreaterThan(0.8 * nowImpact.impactTS);
      expect(w.latestS).toBeGreaterThanOrEqual(w.earliestS);
    }
    // At the no-thrust landing, its own time of flight is in the window.
    const at = corridorCoordinates(r, nowImpact.latDeg, nowImpact.lonDeg).alongM;
    const w = arrivalWindowS(r, at, 100_000)!;
    expect(w.earliestS).toBeLessThanOrEqual(nowImpact.impactTS + 20);
    expect(w.latestS).toBeGreaterThanOrEqual(nowImpact.impactTS - 20);
    // 2,000 km on, the earliest is later than at the near end, and within the flights sampled.
    const far = arrivalWindowS(r, 2_000_000, 100_000)!;
    expect(far.earliestS).toBeGreaterThan(w.earliestS);
    expect(far.latestS).toBeLessThanOrEqual(Math.max(...r.landings.map((l) => l.flightS)));
  });

  it('measures the area swept: the band integrated along the corridor', () => {
    // A trapezoid 100 km long, 20 km wide at its start and 60 km at its end: 4,000 km^2.
    const stations = [
      { alongM: 0, crossMinM: -10_000, crossMaxM: 10_000 },
      { alongM: 100_000, crossMinM: -20_000, crossMaxM: 40_000 },
    ];
    expect(sweptRegionAreaM2({ stations })).toBeCloseTo(4e9, -3);
    // A sweep is at least as wide as its floor either side, over its whole length.
    const { x, P } = state(40, 128, 60_000, 1_500, 150, 1_200);
    const r = sweptImpactRegion(x, P)!;
    const lengthM = r.stations.at(-1)!.alongM - r.stations[0]!.alongM;
    expect(sweptRegionAreaM2(r)).toBeGreaterThan(lengthM * 2 * 15_000);
  });

  it('fans the band over every heading within the spread, as a sector that stays finite', () => {
    // A landing r along the heading turned by phi lies at (r cos phi, r sin phi): the band,
    // linear between stations a step apart, must reach across it wherever it lands.
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: Math.PI / 2, noNaN: true }),
        fc.double({ min: 200_000, max: 6_000_000, noNaN: true }),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (spread, farM, stations, u, v) => {
          const stepM = farM / stations;
          const r = farM * u;
          const phi = spread * v;
          const along = r * Math.cos(phi);
          const k = Math.min(stations - 1, Math.floor(along / stepM));
          const f = (along - k * stepM) / stepM;
          const band =
            (1 - f) * fanHalfWidthM(spread, k * stepM, farM, stepM) +
            f * fanHalfWidthM(spread, (k + 1) * stepM, farM, stepM);
          expect(band).toBeGreaterThanOrEqual(r * Math.sin(phi) - 1e-6 * farM);
        },
      ),
      { numRuns: 3_000 },
    );
    // Never wider than the farthest landing; exactly the straight fan well short of the arc.
    expect(fanHalfWidthM(Math.PI / 2, 0, 5_500_000, 100_000)).toBe(5_500_000);
    expect(fanHalfWidthM(Math.PI / 180, 1_000_000, 5_500_000, 100_000)).toBeCloseTo(
      Math.tan(Math.PI / 180) * 1_000_000,
      6,
    );
  });

  it('stays bounded when the heading is barely known and the velocity not at all', () => {
    // Moving east at 320 m/s with a velocity sigma of 2 km/s: the heading spread is clamped at 90°
    // (the band was tan(90°) = 1.6e16 wide, a walk over it never ended), and the near end is
    // pulled back by at most the corridor's length.
    const s = state(40, 128, 30_000, 320, 0, 900);
    for (let i = 3; i < 6; i++) s.P[i * 7] = 2_000 ** 2;
    const r = sweptImpactRegion(s.x, s.P)!;
    expect(r.headingSpreadDeg).toBe(90);
    const st = r.stations;
    for (const x of st) {
      expect(x.crossMaxM).toBeLessThan(6_000_000);
      expect(x.crossMinM).toBeGreaterThan(-6_000_000);
    }
    expect(st[st.length - 1]!.alongM - st[0]!.alongM).toBeLessThanOrEqual(2 * 5_500_000 + 1);
    // Still the region a barely-known heading means: it reaches far to either side.
    expect(corridorBand(r, 1_000_000)!.crossMaxM).toBeGreaterThan(3_000_000);
  });

  it('gives no region while the heading means nothing (a vertical rise)', () => {
    const { x, P } = state(40, 128, 5_000, 20, 10, 400);
    expect(sweptImpactRegion(x, P)).toBeNull();
  });
});

// The sweep over seeds and every bundled scenario is `concord bench warnings`; here one seed of the
// IRBM (boost while first tracked) and of the SRBM salvo.
describe('the 95 % impact region contains the truth in >= 90 % of predictions, by time before impact', () => {
  it.each(['korea-irbm-over-japan', 'korea-srbm-salvo'])(
    '%s, seed 1',
    (name) => {
      const c = containment(loadBundledScenario(name), 1);
      let made = 0;
      for (const b of c.bins) {
        made += b.now.n;
        if (b.now.n > 0) expect(b.now.rate, `${name} ${b.bin}`).toBeGreaterThanOrEqual(0.9);
      }
      expect(made).toBeGreaterThan(30);
      // Before the swept regions, the no-thrust ellipse in every phase did not (measured: 62 % on the
      // IRBM more than 600 s out, 74-86 % on the salvo): the test can fail.
      const worstBefore = Math.min(...c.bins.filter((b) => b.before.n > 0).map((b) => b.before.rate!));
      expect(worstBefore).toBeLessThan(0.9);
    },
    60_000,
  );
});
