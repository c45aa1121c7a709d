import { solveAssignment } from './assignment.js';
import { cholesky, mahalanobisSq, TrackInvariantError } from './linalg.js';

/** A truth state and the estimate of it, both [x, y, z, vx, vy, vz] (ECEF m, m/s). */
export interface ErrorSample {
  truth: ArrayLike<number>;
  estimate: ArrayLike<number>;
}

/**
 * Root-mean-square position and velocity errors over samples.
 *
 * @example
 * rmse([{ truth: [0, 0, 0, 0, 0, 0], estimate: [3, 4, 0, 0, 0, 1] }]); // { positionM: 5, velocityMps: 1, count: 1 }
 */
export function rmse(samples: readonly ErrorSample[]): {
  positionM: number;
  velocityMps: number;
  count: number;
} {
  let sp = 0;
  let sv = 0;
  for (const { truth, estimate } of samples) {
    for (let i = 0; i < 3; i++) {
      sp += (estimate[i]! - truth[i]!) ** 2;
      sv += (estimate[i + 3]! - truth[i + 3]!) ** 2;
    }
  }
  const n = samples.length;
  return { positionM: n ? Math.sqrt(sp / n) : 0, velocityMps: n ? Math.sqrt(sv / n) : 0, count: n };
}

/**
 * Normalised estimation error squared (x - x^)^T P^-1 (x - x^): chi-square with dim(x) degrees of
 * freedom when the filter is consistent.
 *
 * @example
 * nees([1, 0], [0, 0], Float64Array.of(4, 0, 0, 1)); // 0.25
 */
export function nees(truth: ArrayLike<number>, estimate: ArrayLike<number>, P: Float64Array): number {
  const n = estimate.length;
  const L = new Float64Array(n * n);
  if (!cholesky(P, L, n)) throw new TrackInvariantError('nees: covariance is not positive definite');
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) e[i] = truth[i]! - estimate[i]!;
  return mahalanobisSq(L, e, new Float64Array(n), n);
}

/** Parameters shared by OSPA and GOSPA. */
export interface OspaOptions {
  /** Cut-off c, metres: the largest error one target can contribute (and the cost of a miss or false track). */
  cM: number;
  /** Order p >= 1: larger p punishes outliers more. */
  p: number;
}

function euclid(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Optimal assignment of the smaller set into the larger under cost min(d, c)^p; returns the summed cost. */
function cutoffAssignment(
  x: readonly ArrayLike<number>[],
  y: readonly ArrayLike<number>[],
  cM: number,
  p: number,
): number {
  const [small, large] = x.length <= y.length ? [x, y] : [y, x];
  const m = small.length;
  const n = large.length;
  if (m === 0) return 0;
  const cost = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) cost[i * n + j] = Math.min(euclid(small[i]!, large[j]!), cM) ** p;
  }
  return solveAssignment(cost, m, n, new Int32Array(m));
}

/**
 * OSPA distance (Schuhmacher, Vo and Vo 2008) between a set of truth points and a set of
 * estimates (positions, any dimension): with m <= n,
 * ((1/n) (min_pi sum min(d, c)^p + c^p (n - m)))^(1/p); 0 when both are empty.
 *
 * @example
 * ospa([[0, 0, 0]], [[3, 4, 0], [100, 0, 0]], { cM: 10, p: 1 }); // (5 + 10) / 2 = 7.5
 */
export function ospa(
  x: readonly ArrayLike<number>[],
  y: readonly ArrayLike<number>[],
  options: OspaOptions,
): number {
  const { cM, p } = options;
  const n = Math.max(x.length, y.length);
  if (n === 0) return 0;
  const m = Math.min(x.length, y.length);
  const total = cutoffAssignment(x, y, cM, p) + cM ** p * (n - m);
  return (total / n) ** (1 / p);
}

export interface GospaResult {
  distance: number;
  /** Localisation part: sum of d^p over assigned pairs (d < c). */
  localisation: number;
  /** Truths left unassigned (missed) and estimates left unassigned (false). */
  missed: number;
  falseTracks: number;
}

/**
 * GOSPA with alpha = 2 (Rahmathullah, Garcia-Fernandez and Svensson 2017): the minimum over
 * partial assignments of (sum d^p over pairs + (c^p / 2)(misses + false tracks))^(1/p). A pair
 * at d >= c costs as much as a miss and a false track, so it is counted as those.
 *
 * @example
 * gospa([[0, 0, 0]], [[3, 4, 0], [100, 0, 0]], { cM: 10, p: 1 }); // 5 + 10/2 = 10 (one false track)
 */
export function gospa(
  truth: readonly ArrayLike<number>[],
  estimates: readonly ArrayLike<number>[],
  options: OspaOptions,
): GospaResult {
  const { cM, p } = options;
  const cp = cM ** p;
  const nt = truth.length;
  const ne = estimates.length;
  let localisation = 0;
  let pairs = 0;
  if (nt > 0 && ne > 0) {
    const cost = new Float64Array(nt * ne);
    for (let i = 0; i < nt; i++) {
      for (let j = 0; j < ne; j++) cost[i * ne + j] = Math.min(euclid(truth[i]!, estimates[j]!), cM) ** p;
    }
    if (nt <= ne) {
      const a = new Int32Array(nt);
      solveAssignment(cost, nt, ne, a);
      for (let i = 0; i < nt; i++) {
        const c = cost[i * ne + a[i]!]!;
        if (c < cp) {
          localisation += c;
          pairs++;
        }
      }
    } else {
      const t = new Float64Array(ne * nt);
      for (let i = 0; i < nt; i++) for (let j = 0; j < ne; j++) t[j * nt + i] = cost[i * ne + j]!;
      const a = new Int32Array(ne);
      solveAssignment(t, ne, nt, a);
      for (let j = 0; j < ne; j++) {
        const c = t[j * nt + a[j]!]!;
        if (c < cp) {
          localisation += c;
          pairs++;
        }
      }
    }
  }
  const missed = nt - pairs;
  const falseTracks = ne - pairs;
  const total = localisation + (cp / 2) * (missed + falseTracks);
  return { distance: total ** (1 / p), localisation, missed, falseTracks };
}

/** Which track (if any) was assigned to each truth at one time. */
export interface AssignmentFrame {
  tS: number;
  pairs: readonly { truth: number | string; track: number | string }[];
}

export interface ContinuityResult {
  /** Per truth: distinct track ids that followed it, and how many times its track id changed. */
  perTruth: Map<number | string, { tracks: number; idChanges: number }>;
  /** Total track id changes over all truths (each is one fragmentation or swap). */
  fragmentations: number;
  /** Id changes to a track that had earlier followed a different truth. */
  swaps: number;
}

/**
 * Track continuity over a run from per-time truth-to-track assignments (see `assignTracksToTruth`).
 * A truth's track id changing from one assigned frame to the next (gaps ignored) is a
 * fragmentation; it is also a swap when the new track had followed another truth before.
 *
 * @example
 * trackContinuity([{ tS: 0, pairs: [{ truth: 'A', track: 1 }, { truth: 'B', track: 2 }] },
 *                  { tS: 1, pairs: [{ truth: 'A', track: 2 }, { truth: 'B', track: 1 }] }]);
 * // fragmentations 2, swaps 2
 */
export function trackContinuity(frames: readonly AssignmentFrame[]): ContinuityResult {
  const perTruth = new Map<number | string, { tracks: number; idChanges: number }>();
  const lastTrack = new Map<number | string, number | string>();
  const seenTracks = new Map<number | string, Set<number | string>>();
  const trackTruths = new Map<number | string, Set<number | string>>();
  let fragmentations = 0;
  let swaps = 0;
  for (const frame of frames) {
    for (const { truth, track } of frame.pairs) {
      let entry = perTruth.get(truth);
      if (!entry) {
        entry = { tracks: 0, idChanges: 0 };
        perTruth.set(truth, entry);
        seenTracks.set(truth, new Set());
      }
      const seen = seenTracks.get(truth)!;
      if (!seen.has(track)) {
        seen.add(track);
        entry.tracks++;
      }
      const prev = lastTrack.get(truth);
      if (prev !== undefined && prev !== track) {
        entry.idChanges++;
        fragmentations++;
        const others = trackTruths.get(track);
        if (others && [...others].some((t) => t !== truth)) swaps++;
      }
      lastTrack.set(truth, track);
      let truths = trackTruths.get(track);
      if (!truths) {
        truths = new Set();
        trackTruths.set(track, truths);
      }
      truths.add(truth);
    }
  }
  return { perTruth, fragmentations, swaps };
}

/**
 * Optimal one-to-one assignment of tracks to truths at one time by position distance, pairs
 * farther than `maxDistanceM` left out: the frames `trackContinuity` reads.
 *
 * @example
 * assignTracksToTruth(0, [{ id: 'A', position: [0, 0, 0] }], [{ id: 7, position: [10, 0, 0] }], 1000);
 * // { tS: 0, pairs: [{ truth: 'A', track: 7 }] }
 */
export function assignTracksToTruth(
  tS: number,
  truths: readonly { id: number | string; position: ArrayLike<number> }[],
  tracks: readonly { id: number | string; position: ArrayLike<number> }[],
  maxDistanceM: number,
): AssignmentFrame {
  const nt = truths.length;
  const nk = tracks.length;
  if (nt === 0 || nk === 0) return { tS, pairs: [] };
  const nc = nk + nt;
  const cost = new Float64Array(nt * nc).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < nt; i++) {
    cost[i * nc + nk + i] = maxDistanceM;
    for (let j = 0; j < nk; j++) {
      const d = euclid(truths[i]!.position, tracks[j]!.position);
      if (d < maxDistanceM) cost[i * nc + j] = d;
    }
  }
  const a = new Int32Array(nt);
  solveAssignment(cost, nt, nc, a);
  const pairs: { truth: number | string; track: number | string }[] = [];
  for (let i = 0; i < nt; i++) if (a[i]! < nk) pairs.push({ truth: truths[i]!.id, track: tracks[a[i]!]!.id });
  return { tS, pairs };
}
