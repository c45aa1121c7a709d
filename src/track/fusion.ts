import { solveAssignment } from './assignment.js';
import {
  cholesky,
  invertSpd,
  logDetFromCholesky,
  mahalanobisSq,
  TrackInvariantError,
  trace,
} from './linalg.js';

/** Parameters of covariance intersection. */
export interface CovarianceIntersectionOptions {
  /** What the weight minimises in the fused covariance: its trace or its determinant. */
  criterion?: 'trace' | 'determinant';
}

export interface FusedEstimate {
  x: Float64Array;
  P: Float64Array;
  /** Weight of the first input: P^-1 = w Pa^-1 + (1 - w) Pb^-1. */
  weight: number;
}

/**
 * Covariance intersection (Julier and Uhlmann 1997) of two estimates of one object whose
 * cross-correlation is unknown — two nations' tracks that may share sensors or history:
 * P^-1 = w Pa^-1 + (1 - w) Pb^-1, x = P (w Pa^-1 xa + (1 - w) Pb^-1 xb), consistent for every w
 * in [0, 1]. w minimises trace(P) or det(P), both convex/log-concave in w, by golden-section
 * search; the end points (w = 0 gives b, w = 1 gives a) are candidates too, so the fused
 * criterion is never worse than the better input's.
 *
 * @example
 * const f = covarianceIntersection(Float64Array.of(0), Float64Array.of(4), Float64Array.of(2), Float64Array.of(1));
 * // f.weight = 0, f.x = [2], f.P = [1]: with one dimension, CI picks the better input
 */
export function covarianceIntersection(
  xa: Float64Array,
  Pa: Float64Array,
  xb: Float64Array,
  Pb: Float64Array,
  options: CovarianceIntersectionOptions = {},
): FusedEstimate {
  const n = xa.length;
  const criterion = options.criterion ?? 'trace';
  const scratch = new Float64Array(n * n);
  const Ia = new Float64Array(n * n);
  const Ib = new Float64Array(n * n);
  if (!invertSpd(Pa, Ia, scratch, n) || !invertSpd(Pb, Ib, scratch, n)) {
    throw new TrackInvariantError('covariance intersection: an input covariance is not positive definite');
  }
  const info = new Float64Array(n * n);
  const P = new Float64Array(n * n);

  function fusedCovariance(w: number): boolean {
    for (let i = 0; i < n * n; i++) info[i] = w * Ia[i]! + (1 - w) * Ib[i]!;
    return invertSpd(info, P, scratch, n);
  }
  function score(w: number): number {
    if (!fusedCovariance(w)) return Number.POSITIVE_INFINITY;
    if (criterion === 'trace') return trace(P, n);
    // log det P = -log det P^-1; the Cholesky of `info` is in `scratch`.
    return -logDetFromCholesky(scratch, n);
  }

  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = 0;
  let hi = 1;
  let c = hi - phi * (hi - lo);
  let d = lo + phi * (hi - lo);
  let fc = score(c);
  let fd = score(d);
  for (let it = 0; it < 60 && hi - lo > 1e-10; it++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - phi * (hi - lo);
      fc = score(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + phi * (hi - lo);
      fd = score(d);
    }
  }
  let w = 0.5 * (lo + hi);
  let best = score(w);
  for (const end of [0, 1]) {
    const s = score(end);
    if (s <= best) {
      best = s;
      w = end;
    }
  }
  if (!fusedCovariance(w))
    throw new TrackInvariantError('covariance intersection: fused information is singular');
  const x = new Float64Array(n);
  const rhs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += w * Ia[i * n + k]! * xa[k]! + (1 - w) * Ib[i * n + k]! * xb[k]!;
    rhs[i] = s;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += P[i * n + k]! * rhs[k]!;
    x[i] = s;
  }
  return { x, P: P.slice(), weight: w };
}

/** A track as another node shares it: an id and its estimate at a common time. */
export interface SharedTrack {
  id: number | string;
  x: Float64Array;
  P: Float64Array;
}

/** Parameters of track-to-track association. */
export interface TrackToTrackOptions {
  /** Chi-square gate on (xa - xb)^T (Pa + Pb)^-1 (xa - xb); 22.46 = 99.9 % for 6 degrees of freedom. */
  gateChi2?: number;
}

export interface TrackPair {
  a: number | string;
  b: number | string;
  distanceSq: number;
}

/**
 * Pairs two nations' tracks (already at one time) that follow the same object: gated on the
 * squared Mahalanobis distance of their difference, under the independence approximation
 * Pa + Pb (the cross-covariance is unknown), then the optimal one-to-one assignment where
 * leaving a track unpaired costs the gate.
 *
 * @example
 * associateTracks(usTracks, jpTracks); // [{ a: 'US-3', b: 'JP-7', distanceSq: 2.1 }, ...]
 */
export function associateTracks(
  a: readonly SharedTrack[],
  b: readonly SharedTrack[],
  options: TrackToTrackOptions = {},
): TrackPair[] {
  const gate = options.gateChi2 ?? 22.458;
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return [];
  const n = a[0]!.x.length;
  const nc = nb + na;
  const cost = new Float64Array(na * nc).fill(Number.POSITIVE_INFINITY);
  const sum = new Float64Array(n * n);
  const L = new Float64Array(n * n);
  const diff = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let i = 0; i < na; i++) {
    const ta = a[i]!;
    cost[i * nc + nb + i] = gate;
    for (let j = 0; j < nb; j++) {
      const tb = b[j]!;
      for (let k = 0; k < n * n; k++) sum[k] = ta.P[k]! + tb.P[k]!;
      if (!cholesky(sum, L, n)) continue;
      for (let k = 0; k < n; k++) diff[k] = ta.x[k]! - tb.x[k]!;
      const d2 = mahalanobisSq(L, diff, tmp, n);
      if (d2 <= gate) cost[i * nc + j] = d2;
    }
  }
  const rowToCol = new Int32Array(na);
  solveAssignment(cost, na, nc, rowToCol);
  const pairs: TrackPair[] = [];
  for (let i = 0; i < na; i++) {
    const j = rowToCol[i]!;
    if (j < nb) pairs.push({ a: a[i]!.id, b: b[j]!.id, distanceSq: cost[i * nc + j]! });
  }
  return pairs;
}
