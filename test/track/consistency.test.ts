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

  // Required by the issue, and not true yet: the mean NEES is ~3.5-4, below the interval's lower
  // end (~4.5). The plain EKF started at burn-out with a consistent prior is consistent on the same
  // measurements (NEES ~6): the excess covariance comes from the boost model. Its white-noise
  // acceleration (1e4 m^2/s^3, needed to hold 150 m/s^2 of thrust in the gate) claims far more
  // velocity uncertainty at burn-out than the smooth, nearly predictable thrust really leaves, and
  // in the weakly observed cross-range directions that surplus lasts for minutes of coasting (and
  // across the lofted ICBM's hour-long gap). A thrust-augmented boost model (acceleration in the
  // state) would fix it.
  it.todo(
    'the mean NEES lies inside its 95 % chi-square interval (blocked: boost-model covariance, see above)',
  );
});
