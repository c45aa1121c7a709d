import { cholesky, mahalanobisSq } from './linalg.js';
import type { Confirmer, Detection, Initiator, Track } from './types.js';

/** Parameters of the two-point initiator. */
export interface TwoPointInitiatorOptions {
  /** Fastest target to expect, m/s: the velocity prior (7,500 m/s covers ballistic missiles up to ~7 km/s). */
  maxSpeedMps?: number;
  /** Chi-square value scaling the position-noise allowance on the pairing distance. */
  gateChi2?: number;
  /** Oldest earlier detection that may start a pair, seconds. */
  maxPairGapS?: number;
  /** Earlier scans of the same sensor kept for pairing. */
  poolScans?: number;
  /**
   * 1-sigma per axis of the zero-mean velocity prior fused into each pair's estimate, m/s
   * (default `maxSpeedMps / sqrt(5)`: the per-axis spread of velocities uniform over the ball of
   * radius `maxSpeedMps`). It also gates the pairs (`findPartner`).
   */
  velocityPriorSigmaMps?: number;
}

interface PoolScan {
  tS: number;
  n: number;
  pos: Float64Array;
  cov: Float64Array;
  /** Indices sorted by ECEF x, for the slab search. */
  order: Int32Array;
  sortedX: Float64Array;
  used: Uint8Array;
  /** Largest position-covariance trace in the scan: bounds the slab half-width. */
  maxTrace: number;
}

/** A fresh tentative track; the tracker owns it from here. */
export function newTrack(id: number, tS: number, x: Float64Array, P: Float64Array): Track {
  return {
    id,
    tS,
    x,
    P,
    status: 'tentative',
    hits: 1,
    misses: 0,
    missesInRow: 0,
    historyBits: 1,
    historyLength: 1,
    sensorsSeen: 0,
    lastHitS: tS,
    everConfirmed: false,
  };
}

/** Bit of the `sensorsSeen` mask for a sensor index (31 and above share the top bit). */
export function sensorBit(sensor: number): number {
  return 1 << Math.min(Math.max(sensor, 0), 31);
}

/**
 * Fuses a zero-mean velocity prior N(0, sigma^2 I) into the estimate (x, P) in place: a Kalman
 * update of the velocity by the pseudo-measurement v = 0. With S = Pvv + sigma^2 I = L L^T and
 * W = L^-1 [Pv. ] (3 x 6), x -= W^T L^-1 v and P -= W^T W, which keeps P exactly symmetric. `w`
 * is an 18-element scratch, `s` and `l` 9-element ones.
 *
 * @example
 * // A 0.1 s pair at 700 m noise says v = 20 +- 10 km/s per axis; a 3.4 km/s prior pulls it to ~2 km/s +- 3.2 km/s.
 * fuseVelocityPrior(x, P, 3354, new Float64Array(18), new Float64Array(9), new Float64Array(9));
 */
export function fuseVelocityPrior(
  x: Float64Array,
  P: Float64Array,
  sigmaMps: number,
  w: Float64Array,
  s: Float64Array,
  l: Float64Array,
): void {
  if (!(sigmaMps < Number.POSITIVE_INFINITY)) return;
  const s2 = sigmaMps * sigmaMps;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) s[i * 3 + j] = P[(i + 3) * 6 + j + 3]! + (i === j ? s2 : 0);
  if (!cholesky(s, l, 3)) return;
  // W = L^-1 P[v, :] and u = L^-1 v, by forward substitution, column by column.
  const u0 = x[3]! / l[0]!;
  const u1 = (x[4]! - l[3]! * u0) / l[4]!;
  const u2 = (x[5]! - l[6]! * u0 - l[7]! * u1) / l[8]!;
  for (let c = 0; c < 6; c++) {
    const w0 = P[3 * 6 + c]! / l[0]!;
    const w1 = (P[4 * 6 + c]! - l[3]! * w0) / l[4]!;
    const w2 = (P[5 * 6 + c]! - l[6]! * w0 - l[7]! * w1) / l[8]!;
    w[c] = w0;
    w[6 + c] = w1;
    w[12 + c] = w2;
  }
  for (let r = 0; r < 6; r++) {
    x[r] = x[r]! - (w[r]! * u0 + w[6 + r]! * u1 + w[12 + r]! * u2);
    for (let c = r; c < 6; c++) {
      const d = P[r * 6 + c]! - (w[r]! * w[c]! + w[6 + r]! * w[6 + c]! + w[12 + r]! * w[12 + c]!);
      P[r * 6 + c] = d;
      P[c * 6 + r] = d;
    }
  }
}

/**
 * Two-point initiation (Stone Soup: a two-point variant of MultiMeasurementInitiator). Each
 * unassociated detection is kept for `poolScans` scans of its own sensor. A later detection of
 * the same sensor pairs with the kept one whose displacement is the most plausible under a
 * zero-mean velocity prior N(0, sigma_v^2 I) (sigma_v = vmax / sqrt(5) by default):
 * d^2 = dp^T (C1 + C2 + sigma_v^2 dt^2 I)^-1 dp <= gate, the smallest d^2 of the most recent
 * earlier scan that has one. The pair gives x = [p2, (p2 - p1) / dt] with P = [[C2, C2/dt],
 * [C2/dt, (C1 + C2)/dt^2]], the exact covariance of that difference estimate, into which the same
 * prior is then fused (`fuseVelocityPrior`).
 *
 * Why the prior, and not the nearest detection within vmax dt plus a noise allowance (the rule
 * before): at 10 Hz with kilometres of cross-range noise a pair 0.1 s apart says tens of km/s
 * +- 10 km/s, and in a dense raid the nearest earlier detection is often a neighbour's. Such a
 * track's gate grows by kilometres a scan; it takes its neighbours' detections, is confirmed
 * within milliseconds and flies off at 20-50 km/s: 13 of the 50-missile raid's 63 confirmed
 * tracks for 50 missiles (docs/figures.md, "Tracker"). With the prior the raid confirms 50; on
 * 1-2 s scans (the bundled scenarios) the pair's own velocity noise is far below sigma_v and the
 * prior moves nothing measurable.
 *
 * Pairing stays within one sensor so that inter-sensor biases cannot fake a velocity. Kept
 * detections are used once. Returns new tentative tracks with two hits.
 *
 * @example
 * const init = twoPointInitiator({ maxSpeedMps: 7500 });
 * init.initiate([detAt0], 0, nextId); // [] — kept
 * init.initiate([detAt01], 0.1, nextId); // [track] with velocity (p(0.1) - p(0)) / 0.1, shrunk by the prior
 */
export function twoPointInitiator(options: TwoPointInitiatorOptions = {}): Initiator {
  const vmax = options.maxSpeedMps ?? 7500;
  const gate = options.gateChi2 ?? 16.266;
  const maxGapS = options.maxPairGapS ?? 5;
  const poolScans = options.poolScans ?? 2;
  const priorSigma = options.velocityPriorSigmaMps ?? vmax / Math.sqrt(5);
  if (!(priorSigma > 0 && priorSigma < Number.POSITIVE_INFINITY))
    throw new RangeError(
      `twoPointInitiator: velocityPriorSigmaMps must be finite and > 0, got ${priorSigma}`,
    );
  const w = new Float64Array(18);
  const s3 = new Float64Array(9);
  const l3 = new Float64Array(9);
  const m3 = new Float64Array(9);
  const dp = new Float64Array(3);
  const t3 = new Float64Array(3);
  const pools = new Map<number, PoolScan[]>();
  const pos = new Float64Array(3);
  const cov = new Float64Array(9);

  /**
   * The kept detection of `scan` whose displacement to `pos` is most plausible, or -1: the
   * smallest d^2 = dp^T (C1 + C2 + sigma_v^2 dt^2 I)^-1 dp (the displacement's spread under the
   * velocity prior and both noises) within the gate. Nearest in metres is not enough in a raid:
   * with kilometres of cross-range noise the nearest earlier detection is often a neighbour's.
   */
  function findPartner(scan: PoolScan, tS: number): number {
    const dt = tS - scan.tS;
    if (!(dt > 0) || dt > maxGapS) return -1;
    const trC2 = cov[0]! + cov[4]! + cov[8]!;
    const spread = priorSigma * priorSigma * dt * dt;
    // d^2 >= |dp|^2 / trace(M): the slab uses the largest trace any kept detection could give.
    const slab = Math.sqrt(gate * (trC2 + scan.maxTrace + 3 * spread));
    let lo = 0;
    let hi = scan.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scan.sortedX[mid]! < pos[0]! - slab) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestD2 = gate;
    for (let k = lo; k < scan.n && scan.sortedX[k]! <= pos[0]! + slab; k++) {
      const i = scan.order[k]!;
      if (scan.used[i]) continue;
      dp[0] = pos[0]! - scan.pos[i * 3]!;
      dp[1] = pos[1]! - scan.pos[i * 3 + 1]!;
      dp[2] = pos[2]! - scan.pos[i * 3 + 2]!;
      const e2 = dp[0]! * dp[0]! + dp[1]! * dp[1]! + dp[2]! * dp[2]!;
      const tr = scan.cov[i * 9]! + scan.cov[i * 9 + 4]! + scan.cov[i * 9 + 8]!;
      if (e2 > gate * (trC2 + tr + 3 * spread)) continue;
      for (let j = 0; j < 9; j++) m3[j] = cov[j]! + scan.cov[i * 9 + j]! + (j % 4 === 0 ? spread : 0);
      if (!cholesky(m3, l3, 3)) continue;
      const d2 = mahalanobisSq(l3, dp, t3, 3);
      if (d2 <= bestD2) {
        best = i;
        bestD2 = d2;
      }
    }
    return best;
  }

  return {
    initiate(detections: readonly Detection[], tS: number, newId: () => number): Track[] {
      const born: Track[] = [];
      // Group by sensor; each sensor has its own pool.
      const bySensor = new Map<number, Detection[]>();
      for (const d of detections) {
        let list = bySensor.get(d.sensor);
        if (!list) {
          list = [];
          bySensor.set(d.sensor, list);
        }
        list.push(d);
      }
      for (const [sensor, dets] of bySensor) {
        let pool = pools.get(sensor);
        if (!pool) {
          pool = [];
          pools.set(sensor, pool);
        }
        // Drop scans too old to pair with anything from now on.
        while (pool.length > 0 && tS - pool[0]!.tS > maxGapS) pool.shift();
        const keep = new Uint8Array(dets.length);
        for (let d = 0; d < dets.length; d++) {
          const det = dets[d]!;
          det.model.toPosition(det.z, det.R, pos, cov);
          let partner = -1;
          let scan: PoolScan | undefined;
          for (let s = pool.length - 1; s >= 0 && partner < 0; s--) {
            scan = pool[s]!;
            partner = findPartner(scan, tS);
          }
          if (partner < 0 || !scan) {
            keep[d] = 1;
            continue;
          }
          scan.used[partner] = 1;
          const dt = tS - scan.tS;
          const x = new Float64Array(6);
          const P = new Float64Array(36);
          for (let i = 0; i < 3; i++) {
            x[i] = pos[i]!;
            x[i + 3] = (pos[i]! - scan.pos[partner * 3 + i]!) / dt;
            for (let j = 0; j < 3; j++) {
              const c2 = cov[i * 3 + j]!;
              const c1 = scan.cov[partner * 9 + i * 3 + j]!;
              P[i * 6 + j] = c2;
              P[i * 6 + j + 3] = c2 / dt;
              P[(i + 3) * 6 + j] = c2 / dt;
              P[(i + 3) * 6 + j + 3] = (c1 + c2) / (dt * dt);
            }
          }
          fuseVelocityPrior(x, P, priorSigma, w, s3, l3);
          const track = newTrack(newId(), tS, x, P);
          // The earlier detection counts as a hit one scan before this one.
          track.hits = 2;
          track.historyBits = 0b11;
          track.historyLength = 2;
          track.sensorsSeen = sensorBit(sensor);
          born.push(track);
        }
        let n = 0;
        for (let d = 0; d < dets.length; d++) if (keep[d]) n++;
        if (n === 0) continue;
        const scan: PoolScan = {
          tS,
          n,
          pos: new Float64Array(3 * n),
          cov: new Float64Array(9 * n),
          order: new Int32Array(n),
          sortedX: new Float64Array(n),
          used: new Uint8Array(n),
          maxTrace: 0,
        };
        let k = 0;
        for (let d = 0; d < dets.length; d++) {
          if (!keep[d]) continue;
          const det = dets[d]!;
          det.model.toPosition(det.z, det.R, pos, cov);
          scan.pos.set(pos, k * 3);
          scan.cov.set(cov, k * 9);
          scan.maxTrace = Math.max(scan.maxTrace, cov[0]! + cov[4]! + cov[8]!);
          scan.order[k] = k;
          k++;
        }
        scan.order.sort((a, b) => scan.pos[a * 3]! - scan.pos[b * 3]!);
        for (let i = 0; i < n; i++) scan.sortedX[i] = scan.pos[scan.order[i]! * 3]!;
        pool.push(scan);
        while (pool.length > poolScans) pool.shift();
      }
      return born;
    },
  };
}

/** Parameters of M-of-N confirmation. */
export interface MOfNOptions {
  /** Hits needed within the window. */
  m?: number;
  /** Window: this many most recent scans. */
  n?: number;
}

/**
 * M-of-N confirmation: a tentative track is confirmed once M of its last N scans were hits
 * (the two detections that started it count as two).
 *
 * @example
 * const c = mOfNConfirmer({ m: 3, n: 4 });
 * c.shouldConfirm({ ...track, historyBits: 0b1011, historyLength: 4 }); // true: 3 hits in 4
 */
export function mOfNConfirmer(
  options: MOfNOptions = {},
): Confirmer & { readonly m: number; readonly n: number } {
  const m = options.m ?? 4;
  const n = options.n ?? 5;
  if (!(m >= 1 && n >= m && n <= 30))
    throw new RangeError(`M-of-N needs 1 <= M <= N <= 30, got ${m} of ${n}`);
  return {
    m,
    n,
    shouldConfirm(track: Track): boolean {
      return popcount(track.historyBits & ((1 << n) - 1)) >= m;
    },
  };
}

/** Number of set bits in a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
