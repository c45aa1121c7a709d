import { beforeAll, describe, expect, it } from 'vitest';
import { neesFigures } from '../../bench/tracker.js';

describe('filter consistency on the bundled scenarios (seeds 1-10)', () => {
  // Mean NEES (6 dof) of each (seed, target) track, one sample every 10 s from 30 s after burn-out
  // and 20 s after the first assignment; the mean over M such runs lies in chi2(6M)/M's 95 %
  // interval if the filter is consistent (conservatively: a time average has at most the variance
  // of one sample).
  let c: ReturnType<typeof neesFigures>;
  const scenario = (name: string) => c.perScenario.find((s) => s.scenario === name)!;
  beforeAll(() => {
    c = neesFigures(10);
  }, 300_000);

  it('is never overconfident: the mean NEES is below the upper end of its 95 % interval', () => {
    expect(c.pooled.series).toBe(60);
    expect(c.pooled.nees).toBeLessThan(c.pooled.interval95[1]!);
    for (const s of c.perScenario) expect(s.nees).toBeLessThan(s.interval95[1]!);
  });

  // What made this hold (measured, seeds 1-10; bench `consistency`): mean NEES 4.16 before (IRBM
  // 3.81, ICBM 3.81, salvo 4.34), 5.53 after (IRBM 6.20, ICBM 3.53, salvo 5.87) against
  // [5.16, 6.91]. Two causes, both fixed rather than tuned away:
  // - The coasting model's white noise was 1e-4 m^2/s^3 (for drag and thrust tail-off) against a
  //   simulator with neither: the NEES fell from ~6 a minute after burn-out to ~3.4 after four. It is
  //   now a floor of 1e-8 (see BALLISTIC_COAST_Q_M2PS3 for why that value).
  // - Lowering it alone made the filter overconfident, because of the converted measurements: a
  //   covariance computed at the measured angles trusts each point most along the measured line of
  //   sight, and along it the plain conversion lies ~r E[gamma^2] / 2 beyond the target (the
  //   textbook unbiased conversion, with exp(-s^2/2) factors, twice that: measured, mean NEES 10.0
  //   at 1e-8, IRBM 13.5). The simulator's radar processor now places the point where that error
  //   has zero mean (convertedEcefFromRae); with the covariance evaluated at the true position
  //   instead (a diagnostic only: it leaks the truth) the figures were the same (5.45 pooled).
  // Profile by time since burn-out after both: 5.8 (30-60 s), 5.9, 6.1, 5.7 (240-480 s) and 3.0
  // beyond 480 s, which is the lofted ICBM alone, after its hour without measurements (4.1 since its
  // process noise is integrated along the trajectory, below).
  it('the mean NEES lies inside its 95 % chi-square interval: pooled, the IRBM and the salvo', () => {
    const inside = (s: { nees: number; interval95: number[] }) => {
      expect(s.nees).toBeGreaterThan(s.interval95[0]!);
      expect(s.nees).toBeLessThan(s.interval95[1]!);
    };
    inside(c.pooled);
    inside(scenario('korea-irbm-over-japan'));
    inside(scenario('korea-srbm-salvo'));
  });

  // The lofted ICBM's samples are the ~80 s after burn-out before it leaves every radar's view and
  // the minutes after it comes back an hour later. Its mean NEES was 3.53 (seeds 1-10) against
  // [4.05, 8.33]: conservative after the hour, in its velocity (3-dof NEES mostly 0.1-0.5 once back
  // in view), and very sensitive to the coasting floor noise (0 -> 180, 1e-12 -> 135, 1e-10 ->
  // 10.2, 1e-8 -> 3.53) while the state followed the truth to ~1e-4 m over 300 s; the missing J2
  // gradient in the Jacobian was ruled out (3.40 with it). The cause found: the process noise over
  // the hour was the constant-velocity white-noise form for the whole interval, not carried by the
  // dynamics; integrated along the trajectory per RK4 substep (`ballistic`), with the same 1e-8,
  // it is 4.35 (after-gap profile 2.99 -> 4.06). Still low within that, in the velocity: 3-dof NEES
  // after the gap (seeds 1-3, every 10 s) 2.8 for position and 1.1 for velocity (2.7 and 0.7 before
  // the fix), against 3.6 and 3.9 before the gap.
  // What the floor noise mostly covers is the EKF's linearised propagation across the hour, not the
  // dynamics: with no coasting noise, the UKF gives IRBM 6.22, ICBM 5.62, salvo 5.89, pooled 5.90 and
  // a flat profile (5.7-6.1, 5.71 beyond 480 s), the EKF the same except the ICBM (180.7). From the
  // last pre-gap estimate (q = 0), the truth's NEES after the hour (~3,640 s, position sigmas ~2 km)
  // is 55.7, 3.05 and 184 (seeds 1-3) under F P F^T, and 9.30, 2.12 and 3.05 under the covariance
  // of 1,000 samples of that estimate each propagated by the model, against 9.16, 2.64 and 3.08
  // before the gap: the linearised covariance misses the curvature of km-wide errors along the orbit
  // (the samples' mean lies ~100 m from the propagated estimate).
  it('the lofted ICBM alone: mean NEES inside its 95 % interval, after its hour out of view', () => {
    const s = scenario('korea-lofted-icbm');
    expect(s.series).toBe(10);
    expect(s.nees).toBeGreaterThan(s.interval95[0]!);
    expect(s.nees).toBeLessThan(s.interval95[1]!);
  });
});

describe('filter consistency on the bundled scenarios with drag and lift (seeds 1-3)', () => {
  // The KN-23-type pull-up and the glide vehicle fly the simulator's drag (U.S. Standard
  // Atmosphere 1976, beta 10,000 and 8,000 kg/m^2) and lift; the tracker's drag-aware coasting
  // mode (TrackerConfig.drag) models drag from a beta prior, not their values. Measured: pooled
  // mean NEES 5.11 (KN-23 3.68, HGV 6.55); without the mode (`drag: false`) 526 (459, 593).
  let c: ReturnType<typeof neesFigures>;
  beforeAll(() => {
    c = neesFigures(3, ['korea-kn23-depressed', 'korea-hgv-glide']);
  }, 300_000);

  it('is consistent: the pooled mean NEES and each scenario inside their 95 % intervals', () => {
    expect(c.pooled.nees).toBeGreaterThan(c.pooled.interval95[0]!);
    expect(c.pooled.nees).toBeLessThan(c.pooled.interval95[1]!);
    for (const s of c.perScenario) {
      expect(s.nees, s.scenario).toBeGreaterThan(s.interval95[0]!);
      expect(s.nees, s.scenario).toBeLessThan(s.interval95[1]!);
    }
  });
});
