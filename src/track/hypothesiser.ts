import { isCartesianPosition } from './cartesian-position.js';
import { cholesky, mahalanobisSq } from './linalg.js';
import type {
  Detection,
  GaussianState,
  Hypothesis,
  Hypothesiser,
  MeasurementModel,
  MeasurementPrediction,
  Track,
  Updater,
} from './types.js';

/** Parameters of the distance hypothesiser. */
export interface DistanceHypothesiserOptions {
  /** Computes predicted measurements and innovation covariances (EKF or UKF). */
  updater: Updater;
  /** Chi-square gate on the squared Mahalanobis distance (16.27 = 99.9 % for 3 degrees of freedom). */
  gateChi2?: number;
  /**
   * Safety factor on the coarse spatial pre-gate radius; > 1 keeps non-linear (polar) models
   * from losing detections the linearised bound would exclude.
   */
  preGateMargin?: number;
}

/**
 * Sorts `order[0..n)` (indices) by `key`, stably, as `order.subarray(0, n).sort((a, b) => key[a] -
 * key[b])` does (V8's typed-array sort is a stable merge sort): insertion for the few detections a
 * scan of one sensor usually holds, without the view and the comparator that call allocates.
 */
function sortByX(order: Int32Array, key: Float64Array, n: number): void {
  if (n > 32) {
    order.subarray(0, n).sort((a, b) => key[a]! - key[b]!);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = order[i]!;
    const kv = key[v]!;
    let j = i - 1;
    while (j >= 0 && key[order[j]!]! - kv > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = v;
  }
}

function trace3(P: Float64Array): number {
  return P[0]! + P[7]! + P[14]!;
}

/**
 * d^2 = y^T S^-1 y for a measurement of position (H = [I 0]): S is P's position block (its lower
 * triangle read) plus R, factored and solved as `cholesky` and `mahalanobisSq` do, in their
 * order, without the matrix buffers; +Infinity if S is not positive definite.
 */
function positionDistanceSq(x: Float64Array, P: Float64Array, z: Float64Array, R: Float64Array): number {
  const s00 = P[0]! + R[0]!;
  if (!(s00 > 0)) return Number.POSITIVE_INFINITY;
  const l00 = Math.sqrt(s00);
  const l10 = (P[6]! + R[3]!) / l00;
  const l20 = (P[12]! + R[6]!) / l00;
  const d1 = P[7]! + R[4]! - l10 * l10;
  if (!(d1 > 0)) return Number.POSITIVE_INFINITY;
  const l11 = Math.sqrt(d1);
  const l21 = (P[13]! + R[7]! - l20 * l10) / l11;
  const d2 = P[14]! + R[8]! - l20 * l20 - l21 * l21;
  if (!(d2 > 0)) return Number.POSITIVE_INFINITY;
  const l22 = Math.sqrt(d2);
  const w0 = (z[0]! - x[0]!) / l00;
  const w1 = (z[1]! - x[1]! - l10 * w0) / l11;
  const w2 = (z[2]! - x[2]! - l20 * w0 - l21 * w1) / l22;
  return 0 + w0 * w0 + w1 * w1 + w2 * w2;
}

/**
 * Chi-square 99.9 % point for 3 degrees of freedom: the default gate for 3-D measurements.
 */
export const CHI2_3DOF_999 = 16.266;

/**
 * Gates detections to tracks by squared Mahalanobis distance d^2 = y^T S^-1 y of the innovation
 * (Stone Soup: DistanceHypothesiser with a Mahalanobis measure). Before any matrix work, a
 * coarse spatial pre-gate discards pairs farther apart than sqrt(gate * (trace Ppos + trace Rpos)):
 * because d^2 >= |dp|^2 / lambda_max(S) and lambda_max(S) <= trace(S), nothing inside the gate is
 * lost. Detections are sorted by ECEF x once per call, so each track visits only the detections
 * in its x slab (O((T + D) log D) rather than O(T D)).
 *
 * A multiple-model (IMM) track is gated with each model's prediction, and a detection is kept if
 * any model's gate holds it, at the smallest of the distances (the union of the model-conditioned
 * gates). When thrust starts or ends, the combined estimate is still dominated by the model that
 * was right until then and its gate alone would lose the target; the other model's wider gate
 * keeps it, and the IMM update then moves the probability to that model. A mode the IMM has
 * dropped (probability exactly 0, `ImmPredictorOptions.pruneBelow`) is not gated with.
 *
 * @example
 * const h = distanceHypothesiser({ updater: extendedKalmanUpdater() });
 * const hyps: Hypothesis[] = [];
 * const n = h.hypothesise(tracks, detections, hyps); // hyps[0..n) = { track, detection, costSq }
 */
export function distanceHypothesiser(options: DistanceHypothesiserOptions): Hypothesiser {
  const updater = options.updater;
  const gate = options.gateChi2 ?? CHI2_3DOF_999;
  const margin = options.preGateMargin ?? 1.5;
  let cap = 0;
  let posX = new Float64Array(0);
  let posY = new Float64Array(0);
  let posZ = new Float64Array(0);
  let traceR = new Float64Array(0);
  let order = new Int32Array(0);
  let sortedX = new Float64Array(0);
  const pos = new Float64Array(3);
  const cov = new Float64Array(9);
  const S = new Float64Array(36);
  const L = new Float64Array(36);
  const y = new Float64Array(6);
  const tmp = new Float64Array(6);

  // Predicted measurements of the current track's models under `cachedModel` (non-linear models only).
  let cachedModel: MeasurementModel | undefined;
  const preds: MeasurementPrediction[] = [];
  const ready: boolean[] = [];
  const state: GaussianState = { tS: 0, x: new Float64Array(6), P: new Float64Array(36) };

  /** Squared Mahalanobis distance of `det` from the state (x, P); +Infinity if S is not positive definite. */
  function distanceSq(x: Float64Array, P: Float64Array, tS: number, det: Detection, mode: number): number {
    const model = det.model;
    const m = model.dimZ;
    if (isCartesianPosition(model)) return positionDistanceSq(x, P, det.z, det.R);
    {
      if (model !== cachedModel) {
        cachedModel = model;
        ready.fill(false);
      }
      let pred = preds[mode];
      if (pred === undefined) {
        pred = { zPred: new Float64Array(6), Szz: new Float64Array(36) };
        preds[mode] = pred;
      }
      if (ready[mode] !== true) {
        state.tS = tS;
        state.x = x;
        state.P = P;
        updater.predictMeasurement(state, model, pred);
        ready[mode] = true;
      }
      for (let i = 0; i < m * m; i++) S[i] = pred.Szz[i]! + det.R[i]!;
      model.residual(det.z, pred.zPred, y);
    }
    if (!cholesky(S, L, m)) return Number.POSITIVE_INFINITY;
    return mahalanobisSq(L, y, tmp, m);
  }

  function grow(n: number): void {
    if (n <= cap) return;
    cap = Math.max(n, cap * 2, 64);
    posX = new Float64Array(cap);
    posY = new Float64Array(cap);
    posZ = new Float64Array(cap);
    traceR = new Float64Array(cap);
    order = new Int32Array(cap);
    sortedX = new Float64Array(cap);
  }

  return {
    missCostSq: gate,
    hypothesise(tracks: readonly Track[], detections: readonly Detection[], out: Hypothesis[]): number {
      const nd = detections.length;
      grow(nd);
      let maxTraceR = 0;
      for (let d = 0; d < nd; d++) {
        const det = detections[d]!;
        det.model.toPosition(det.z, det.R, pos, cov);
        posX[d] = pos[0]!;
        posY[d] = pos[1]!;
        posZ[d] = pos[2]!;
        const tr = cov[0]! + cov[4]! + cov[8]!;
        traceR[d] = tr;
        if (tr > maxTraceR) maxTraceR = tr;
        order[d] = d;
      }
      const ord = order;
      if (nd > 1) sortByX(order, posX, nd);
      for (let k = 0; k < nd; k++) sortedX[k] = posX[ord[k]!]!;

      let count = 0;
      for (let t = 0; t < tracks.length; t++) {
        const track = tracks[t]!;
        if (track.status === 'deleted') continue;
        const modes = track.modes;
        const nModes = modes ? modes.probabilities.length : 1;
        const x = track.x;
        // Pre-gate bounds that hold for every model: the largest position trace, plus how far
        // any model's mean lies from the combined one.
        let trP = trace3(track.P);
        let offset = 0;
        if (modes) {
          for (let j = 0; j < nModes; j++) {
            if (modes.probabilities[j] === 0) continue; // a dropped IMM mode
            trP = Math.max(trP, trace3(modes.P[j]!));
            const mx = modes.x[j]!;
            offset = Math.max(offset, Math.hypot(mx[0]! - x[0]!, mx[1]! - x[1]!, mx[2]! - x[2]!));
          }
        }
        const slab = Math.sqrt(gate * margin * (trP + maxTraceR)) + offset;
        // First detection with sortedX >= x - slab.
        let lo = 0;
        let hi = nd;
        const xMin = x[0]! - slab;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sortedX[mid]! < xMin) lo = mid + 1;
          else hi = mid;
        }
        const xMax = x[0]! + slab;
        cachedModel = undefined;
        for (let k = lo; k < nd && sortedX[k]! <= xMax; k++) {
          const d = ord[k]!;
          const dx = posX[d]! - x[0]!;
          const dy = posY[d]! - x[1]!;
          const dz = posZ[d]! - x[2]!;
          const reach = Math.sqrt(gate * margin * (trP + traceR[d]!)) + offset;
          if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
          const det = detections[d]!;
          let d2 = Number.POSITIVE_INFINITY;
          if (modes) {
            for (let j = 0; j < nModes; j++) {
              if (modes.probabilities[j] === 0) continue;
              d2 = Math.min(d2, distanceSq(modes.x[j]!, modes.P[j]!, track.tS, det, j));
            }
          } else {
            d2 = distanceSq(x, track.P, track.tS, det, 0);
          }
          if (!(d2 <= gate)) continue;
          let h = out[count];
          if (h === undefined) {
            h = { track: t, detection: d, costSq: d2 };
            out[count] = h;
          } else {
            h.track = t;
            h.detection = d;
            h.costSq = d2;
          }
          count++;
        }
      }
      return count;
    },
  };
}
