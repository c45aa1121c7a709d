import { describe, expect, it } from 'vitest';
import { neesFigures } from '../../bench/tracker.js';

describe('filter consistency on the bundled scenarios (seeds 1-2)', () => {
  // Mean NEES (6 dof) of each (seed, target) track, one sample every 10 s from 30 s after burn-out
  // and 20 s after the first assignment; the mean over M such runs lies in chi2(6M)/M's 95 %
  // interval if the filter is consistent (conservatively: a time average has at most the variance
  // of one sample).
  it('is never overconfident: the mean NEES is below the upper end of its 95 % interval', () => {
    const c = neesFigures(2);
    expect(c.pooled.series).toBe(12);
    expect(c.pooled.nees).toBeLessThan(c.pooled.interval95[1]!);
    for (const s of c.perScenario) expect(s.nees).toBeLessThan(s.interval95[1]!);
  });

  // Required by the issue, and not true yet. Measured (seeds 1-10, 60 series; bench `consistency`):
  // mean NEES 4.16 (IRBM 3.81, ICBM 3.81, salvo 4.34) against [5.16, 6.91]; 3.62 before unpowered
  // flight was made an absorbing mode (a re-ignition rate kept the boost model's covariance in the
  // estimate for the whole flight). What is left, binned by time since burn-out:
  // - The coasting model's white noise (1e-4 m^2/s^3, for drag and thrust tail-off) has nothing to
  //   cover in the simulator (no atmosphere, exact gravity): NEES falls from ~6 a minute after
  //   burn-out to ~3 after four minutes, and a plain ballistic EKF started 5 s after burn-out with a
  //   consistent prior does the same (salvo, seeds 1-10: 6.0, 5.6, 4.8, 4.2, 3.4 over 0-30-60-120-
  //   240-480 s after burn-out).
  // - Lowering that noise does not fix it: the converted measurements (polar noise turned into
  //   Cartesian) are biased by about r sigma_angle^2 along the line of sight (0.3-3 m here), which
  //   a filter that trusts its model averages into its estimate: the same plain EKF at 1e-8 goes
  //   6.0, 5.9, 6.4, 7.6, 8.4 (overconfident). With the same measurements replaced by truth +
  //   N(0, R) it is consistent at 1e-8 (6.2, 5.9, 6.0, 6.2, 5.0).
  //   Any intermediate noise only balances those two errors against each other; the measurement
  //   format carries no sensor position, so the tracker cannot remove the bias itself.
  // - With unbiased measurements and coasting noise 1e-8 the whole tracker gives 5.30 (seeds 1-4,
  //   inside [4.69, 7.46]; salvo 5.75, IRBM 4.83, ICBM 3.98). The IRBM and ICBM are inside their
  //   own 4-run intervals but low in the first minutes after burn-out, which is where the long
  //   two-stage boosts may still hand the coasting model a surplus (a thrust-augmented boost model).
  it.todo(
    'the mean NEES lies inside its 95 % chi-square interval (blocked: coasting noise against a drag-free truth and biased converted measurements, see above)',
  );
});
