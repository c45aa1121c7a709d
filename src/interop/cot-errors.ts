// CoT's `ce` and `le` from a track's covariance: the horizontal and vertical 1-sigma errors in the
// local frame at the track (CoT says both are one-sigma values of a zero-mean normal distribution).

import { enuRotation, siteFromGeodetic } from '../geo/index.js';

/** Horizontal (`ceM`) and vertical (`leM`) one-sigma errors, metres. */
export interface PointErrorsM {
  readonly ceM: number;
  readonly leM: number;
}

/**
 * The errors of a position whose ECEF covariance is the top-left 3x3 of `P` (row-major, `n` x `n`),
 * at `latDeg`/`lonDeg`: `ceM` is the square root of the larger eigenvalue of the east-north block
 * (the 1-sigma radius along the worst horizontal direction, so a circle of it is never optimistic),
 * `leM` the square root of the up variance.
 *
 * @example pointErrorsM([100,0,0, 0,100,0, 0,0,100], 3, 35, 135) // { ceM: 10, leM: 10 }
 */
export function pointErrorsM(P: ArrayLike<number>, n: number, latDeg: number, lonDeg: number): PointErrorsM {
  if (!(n >= 3 && P.length >= n * n))
    throw new RangeError(`invariant: a covariance of ${n}x${n} needs ${n * n} numbers`);
  const R = enuRotation(siteFromGeodetic(latDeg, lonDeg, 0));
  // C = R P3 R^T, only the entries needed (ee, en, nn, uu).
  const p = (i: number, j: number) => P[i * n + j]!;
  const rp = (row: number, j: number) =>
    R[row * 3]! * p(0, j) + R[row * 3 + 1]! * p(1, j) + R[row * 3 + 2]! * p(2, j);
  const c = (a: number, b: number) =>
    rp(a, 0) * R[b * 3]! + rp(a, 1) * R[b * 3 + 1]! + rp(a, 2) * R[b * 3 + 2]!;
  const ee = c(0, 0);
  const nn = c(1, 1);
  const en = (c(0, 1) + c(1, 0)) / 2;
  const uu = c(2, 2);
  const half = (ee + nn) / 2;
  const largest = half + Math.sqrt(((ee - nn) / 2) ** 2 + en * en);
  const ceM = Math.sqrt(Math.max(0, largest));
  const leM = Math.sqrt(Math.max(0, uu));
  if (!(Number.isFinite(ceM) && Number.isFinite(leM)))
    throw new RangeError(`invariant: a covariance gave errors ${ceM} m, ${leM} m`);
  return { ceM, leM };
}

/**
 * The errors when only `sigmaM`, the square root of the trace of the position covariance, is known
 * (the API's `positionSigmaM`): spread evenly over the three axes, each is `sigmaM / sqrt(3)`.
 */
export function isotropicErrorsM(sigmaM: number): PointErrorsM {
  const s = sigmaM / Math.sqrt(3);
  return { ceM: s, leM: s };
}
