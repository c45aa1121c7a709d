import { copyAccelerationBias, priorAccelerationBias } from './acceleration-bias.js';
import {
  ADAPTIVE_RELAX_TIME_S,
  type AdaptiveNoiseOptions,
  adaptNoiseScale,
  relaxNoiseScale,
  resolveAdaptiveNoise,
} from './adaptive-noise.js';
import {
  assertCovariance,
  cholesky,
  logDetFromCholesky,
  mahalanobisSq,
  TrackInvariantError,
} from './linalg.js';
import type { ModeTransition } from './mode-transition.js';
import type {
  AccelerationBias,
  Detection,
  GaussianState,
  InnovationScore,
  MeasurementModel,
  MeasurementPrediction,
  ModeMixture,
  Predictor,
  Updater,
} from './types.js';

const N = 6;
const MAX_Z = 6;

/** Parameters of the IMM predictor. */
export interface ImmPredictorOptions {
  /** One predictor per motion model (EKF or UKF), in the order of the mode probabilities. */
  predictors: readonly Predictor[];
  /** Probabilities of switching between the models over an interval (`markovModeTransition`). */
  transition: ModeTransition;
  /** Model probabilities given to a state that has none yet (a new track). */
  initialProbabilities: readonly number[];
  /**
   * The mode whose process noise is multiplied by the state's adaptive `noiseScale` (raised by
   * an `immUpdater` with `adaptive` on the same mode), and the time constant with which that
   * scale relaxes to 1 between updates (ADAPTIVE_RELAX_TIME_S by default); none when absent.
   */
  adaptive?: { mode: number; relaxTimeS?: number };
  /**
   * A prunable mode whose predicted probability falls below this is dropped: its probability
   * becomes exactly 0 and it is not predicted, updated or gated with until the other modes feed
   * it back over the threshold (0: never). See `immPredictor`.
   */
  pruneBelow?: number;
  /** The modes `pruneBelow` may drop (default: every mode). */
  prunable?: readonly number[];
  /**
   * Every mode carries an acceleration-bias estimate (`acceleration-bias.ts`; its predictors and
   * updater must be the acceleration-bias ones), started at zero with this 1-sigma per axis, m/s^2,
   * and mixed with the state as one 9-D Gaussian. None when absent.
   */
  accelerationBiasSigmaMps2?: number;
}

/**
 * Interacting multiple model prediction (Blom and Bar-Shalom 1988; Stone Soup: IMMPredictor):
 * the model-conditioned estimates are mixed with the switching probabilities over the interval,
 * each mixed estimate is predicted by its own model, and the state's x and P become the
 * moment-matched combination — what the hypothesiser gates with and what the track reports.
 * A state without `modes` (a new track) starts with every model at its x and P and the initial
 * probabilities. Predicting to the state's own time is a copy.
 *
 * Why an IMM of two ballistic models rather than one filter with a larger noise: a ballistic
 * missile has two regimes with very different dynamics — boost (thrust of 15 to 150 m/s^2,
 * ramping as propellant burns, turning with the pitch programme) and unpowered flight (gravity
 * only, known to better than 1e-3 m/s^2). No single process noise serves both: small enough for
 * accurate coasting, it lets a boosting target escape the gate (the fragmentation this fixes);
 * large enough for boost, it throws away the accuracy of the ballistic model after burn-out.
 * An IMM runs both and weighs them by how well each predicted the measurements, so it follows
 * thrust and returns to near the single ballistic filter's accuracy within a few seconds of
 * burn-out, with covariances that stay honest through the switch. Both models keep the 6-D
 * state, so every other component (gating, association, fusion, impact prediction) is unchanged;
 * a thrust-augmented state would model boost a little better but would need every component to
 * handle 9-D states and mixing across dimensions.
 *
 * @example
 * const imm = immPredictor({
 *   predictors: [extendedKalmanPredictor({ transition: coast }), extendedKalmanPredictor({ transition: boost })],
 *   transition: markovModeTransition({ meanSojournS: [Infinity, 100] }),
 *   initialProbabilities: [0.5, 0.5],
 * });
 * imm.predict(track, tS, track); // track.modes!.probabilities: [P(coast), P(boost)]
 */
export function immPredictor(options: ImmPredictorOptions): Predictor {
  const { predictors, transition } = options;
  const n = predictors.length;
  const adaptiveMode = options.adaptive?.mode ?? -1;
  const relaxTimeS = options.adaptive?.relaxTimeS ?? ADAPTIVE_RELAX_TIME_S;
  if (adaptiveMode >= n) throw new RangeError(`immPredictor: adaptive mode ${adaptiveMode} of ${n}`);
  if (!(relaxTimeS > 0)) throw new RangeError(`immPredictor: relaxTimeS ${relaxTimeS} <= 0`);
  if (n < 1 || options.initialProbabilities.length !== n) {
    throw new RangeError('immPredictor: one initial probability per predictor');
  }
  const pruneBelow = options.pruneBelow ?? 0;
  if (!(pruneBelow >= 0 && pruneBelow < 1 / n))
    throw new RangeError(`immPredictor: pruneBelow ${pruneBelow}`);
  const mu0 = normalised(options.initialProbabilities);
  const biasSigma = options.accelerationBiasSigmaMps2;
  if (biasSigma !== undefined && !(biasSigma > 0))
    throw new RangeError(`immPredictor: accelerationBiasSigmaMps2 ${biasSigma} <= 0`);
  const mixBias = Array.from({ length: n }, () => priorAccelerationBias(1));
  const mayPrune = Uint8Array.from({ length: n }, (_, j) =>
    options.prunable === undefined || options.prunable.includes(j) ? 1 : 0,
  );
  const pi = new Float64Array(n * n);
  const c = new Float64Array(n);
  const w = new Float64Array(n);
  const mixX = Array.from({ length: n }, () => new Float64Array(N));
  const mixP = Array.from({ length: n }, () => new Float64Array(N * N));
  const mixed: GaussianState[] = mixX.map((x, j) => ({ tS: 0, x, P: mixP[j]! }));
  const target: GaussianState = { tS: 0, x: new Float64Array(N), P: new Float64Array(N * N) };
  const scratch = new Float64Array(N * N);

  /**
   * Drops (c_j = 0) each prunable mode whose predicted probability is below `pruneBelow`: it is
   * neither predicted nor updated nor gated with over this interval. If what flows into it from
   * the other modes ever lifts it back over the threshold, it restarts, as the IMM's mixing
   * says, from their estimates (its own weighs 0). A mode that nothing feeds (boost, once
   * burn-out is certain) never comes back; the coasting mode the air has ruled out is fed only
   * the boost mode's share, far below the threshold. This is the IMM with probabilities below
   * 1e-12 rounded to 0: it saves the mode's work for the rest of the flight.
   */
  function prune(): void {
    let cSum = 0;
    for (let j = 0; j < n; j++) cSum += c[j]!;
    for (let j = 0; j < n; j++) {
      const cj = c[j]!;
      if (cj !== 0 && mayPrune[j] === 1 && cj < pruneBelow * cSum) c[j] = 0;
    }
  }

  return {
    predict(prior, tS, out) {
      const modes = prior.modes ?? freshModes(prior, mu0, biasSigma);
      const outModes = out === prior ? modes : copyModes(modes, out.modes === modes ? undefined : out.modes);
      out.modes = outModes;
      const dt = tS - prior.tS;
      if (dt === 0) {
        if (out !== prior) {
          out.x.set(prior.x);
          out.P.set(prior.P);
        }
        out.tS = tS;
        return;
      }
      transition(dt, pi);
      let scaleAfter = 1;
      let scaleEffective = 1;
      if (adaptiveMode >= 0) {
        const r = relaxNoiseScale(modes.noiseScale ?? 1, dt, relaxTimeS);
        scaleAfter = r.after;
        scaleEffective = r.effective;
      }
      const mu = modes.probabilities;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += pi[i * n + j]! * mu[i]!;
        c[j] = s;
      }
      if (pruneBelow > 0) prune();
      // Mixing: every model's start is the blend of all models' estimates weighted by P(i | j).
      for (let j = 0; j < n; j++) {
        if (c[j] === 0) continue; // a dropped mode is not predicted (below): nothing to mix
        for (let i = 0; i < n; i++) w[i] = c[j]! > 0 ? (pi[i * n + j]! * mu[i]!) / c[j]! : i === j ? 1 : 0;
        blend(modes.x, modes.P, w, n, mixX[j]!, mixP[j]!);
        if (modes.bias) blendBias(modes.x, modes.bias, w, n, mixX[j]!, mixBias[j]!);
      }
      for (let j = 0; j < n; j++) {
        if (c[j] === 0) continue; // a dropped mode: its estimate is never read again
        const m = mixed[j]!;
        m.tS = prior.tS;
        if (j === adaptiveMode) m.noiseScale = scaleEffective;
        target.x = outModes.x[j]!;
        target.P = outModes.P[j]!;
        if (outModes.bias) {
          m.bias = mixBias[j]!;
          target.bias = outModes.bias[j]!;
        } else if (m.bias !== undefined || target.bias !== undefined) {
          // Not reached unless the IMM's modes change kind (the default path never touches it).
          m.bias = undefined;
          target.bias = undefined;
        }
        predictors[j]!.predict(m, tS, target);
      }
      if (adaptiveMode >= 0 && outModes.noiseScale !== undefined) outModes.noiseScale = scaleAfter;
      let cSum = 0;
      for (let j = 0; j < n; j++) cSum += c[j]!;
      for (let j = 0; j < n; j++) outModes.probabilities[j] = c[j]! / cSum;
      blend(outModes.x, outModes.P, outModes.probabilities, n, out.x, out.P);
      out.tS = tS;
      assertCovariance(out.P, N, 'IMM prediction', scratch);
    },
  };
}

/** Parameters of the IMM updater. */
export interface ImmUpdaterOptions {
  /** Updates each model-conditioned estimate (EKF or UKF, Joseph form). */
  updater: Updater;
  /** Adapts one mode's process noise to its innovations (`adaptive-noise.ts`); off when absent. */
  adaptive?: AdaptiveNoiseOptions;
}

/**
 * Interacting multiple model update (Stone Soup: IMMUpdater): each model-conditioned estimate
 * is updated by the inner updater, each model's probability is multiplied by the likelihood of
 * the innovation under that model, N(y; 0, S_j), and x and P become the moment-matched
 * combination. A state without `modes` is updated as a single-model state.
 *
 * @example
 * const u = immUpdater({ updater: extendedKalmanUpdater() });
 * u.update(predictedTrack, detection, predictedTrack); // in place; probabilities re-weighted
 */
export function immUpdater(options: ImmUpdaterOptions): Updater {
  const inner = options.updater;
  const scored = inner.updateScored?.bind(inner);
  const score: InnovationScore = {
    nis: 0,
    logDetS: 0,
    y: new Float64Array(MAX_Z),
    S: new Float64Array(MAX_Z * MAX_Z),
  };
  const adaptive = options.adaptive ? resolveAdaptiveNoise(options.adaptive) : undefined;
  const pred: MeasurementPrediction = {
    zPred: new Float64Array(MAX_Z),
    Szz: new Float64Array(MAX_Z * MAX_Z),
  };
  const S = new Float64Array(MAX_Z * MAX_Z);
  const L = new Float64Array(MAX_Z * MAX_Z);
  const y = new Float64Array(MAX_Z);
  const tmp = new Float64Array(MAX_Z);
  const scratch = new Float64Array(N * N);
  let logL = new Float64Array(2);
  let nisAdaptive = Number.NaN;
  const yAdaptive = new Float64Array(MAX_Z);
  const sAdaptive = new Float64Array(MAX_Z * MAX_Z);
  const noInnovations = new Float64Array(0);
  const state: GaussianState = { tS: 0, x: new Float64Array(N), P: new Float64Array(N * N) };
  const target: GaussianState = { tS: 0, x: new Float64Array(N), P: new Float64Array(N * N) };

  return {
    predictMeasurement(p: GaussianState, model: MeasurementModel, out: MeasurementPrediction) {
      inner.predictMeasurement(p, model, out);
    },
    update(p: GaussianState, det: Detection, out: GaussianState) {
      const modes = p.modes;
      if (!modes) {
        inner.update(p, det, out);
        return;
      }
      const n = modes.probabilities.length;
      if (logL.length < n) logL = new Float64Array(n);
      const outModes = out === p ? modes : copyModes(modes, out.modes === modes ? undefined : out.modes);
      out.modes = outModes;
      const m = det.model.dimZ;
      let maxLogL = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        if (modes.probabilities[j] === 0) continue; // a dropped mode (`pruneBelow`)
        state.tS = p.tS;
        state.x = modes.x[j]!;
        state.P = modes.P[j]!;
        target.tS = p.tS;
        target.x = outModes.x[j]!;
        target.P = outModes.P[j]!;
        if (modes.bias && outModes.bias) {
          state.bias = modes.bias[j]!;
          target.bias = outModes.bias[j]!;
        } else if (state.bias !== undefined || target.bias !== undefined) {
          state.bias = undefined;
          target.bias = undefined;
        }
        let nis: number;
        let logDetS: number;
        if (scored) {
          // The likelihood from the S and y the update itself uses (read before `target`, which
          // may be `state`, is overwritten: the updater scores before it writes).
          scored(state, det, target, score);
          nis = score.nis;
          logDetS = score.logDetS;
          if (j === adaptive?.mode) {
            // Only the adaptive mode's innovation is kept (below); copied without a view.
            for (let i = 0; i < m; i++) y[i] = score.y[i]!;
            for (let i = 0; i < m * m; i++) S[i] = score.S[i]!;
          }
        } else {
          inner.predictMeasurement(state, det.model, pred);
          for (let i = 0; i < m * m; i++) S[i] = pred.Szz[i]! + det.R[i]!;
          if (!cholesky(S, L, m))
            throw new TrackInvariantError('IMM update: innovation covariance is not positive definite');
          det.model.residual(det.z, pred.zPred, y);
          nis = mahalanobisSq(L, y, tmp, m);
          logDetS = logDetFromCholesky(L, m);
          inner.update(state, det, target);
        }
        if (j === adaptive?.mode) {
          nisAdaptive = nis;
          for (let i = 0; i < m; i++) yAdaptive[i] = y[i]!;
          for (let i = 0; i < m * m; i++) sAdaptive[i] = S[i]!;
        }
        const l = -0.5 * nis - 0.5 * logDetS;
        logL[j] = l;
        if (l > maxLogL) maxLogL = l;
      }
      // Adapt on the prior probability: whether this mode was meant to explain the measurement.
      if (
        adaptive &&
        adaptive.mode < n &&
        modes.probabilities[adaptive.mode]! >= adaptive.minModeProbability
      ) {
        const st = {
          noiseScale: modes.noiseScale ?? 1,
          nisMean: modes.nisMean ?? 1,
          innovationMean: modes.innovationMean ?? noInnovations,
          innovationMeanCov: modes.innovationMeanCov ?? noInnovations,
        };
        adaptNoiseScale(st, yAdaptive, sAdaptive, nisAdaptive, m, adaptive);
        outModes.noiseScale = st.noiseScale;
        outModes.nisMean = st.nisMean;
        outModes.innovationMean = st.innovationMean;
        outModes.innovationMeanCov = st.innovationMeanCov;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const prior = modes.probabilities[j]!;
        const v = prior === 0 ? 0 : prior * Math.exp(logL[j]! - maxLogL);
        outModes.probabilities[j] = v;
        sum += v;
      }
      if (!(sum > 0)) throw new TrackInvariantError('IMM update: every model probability vanished');
      for (let j = 0; j < n; j++) outModes.probabilities[j] = outModes.probabilities[j]! / sum;
      blend(outModes.x, outModes.P, outModes.probabilities, n, out.x, out.P);
      out.tS = p.tS;
      assertCovariance(out.P, N, 'IMM update', scratch);
    },
  };
}

/**
 * Moment-matched Gaussian of a weighted set: x = sum w_i x_i, P = sum w_i (P_i + (x_i - x)(x_i - x)^T).
 * Written out for the 6-D state: each entry of P's upper triangle is summed over the weighted
 * estimates in their order from 0, as the plain loops do, then mirrored.
 */
function blend(
  xs: readonly Float64Array[],
  Ps: readonly Float64Array[],
  w: ArrayLike<number>,
  n: number,
  xOut: Float64Array,
  POut: Float64Array,
): void {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let m5 = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const x = xs[i]!;
    m0 = m0 + wi * x[0]!;
    m1 = m1 + wi * x[1]!;
    m2 = m2 + wi * x[2]!;
    m3 = m3 + wi * x[3]!;
    m4 = m4 + wi * x[4]!;
    m5 = m5 + wi * x[5]!;
  }
  xOut[0] = m0;
  xOut[1] = m1;
  xOut[2] = m2;
  xOut[3] = m3;
  xOut[4] = m4;
  xOut[5] = m5;
  POut[0] = 0;
  POut[1] = 0;
  POut[2] = 0;
  POut[3] = 0;
  POut[4] = 0;
  POut[5] = 0;
  POut[7] = 0;
  POut[8] = 0;
  POut[9] = 0;
  POut[10] = 0;
  POut[11] = 0;
  POut[14] = 0;
  POut[15] = 0;
  POut[16] = 0;
  POut[17] = 0;
  POut[21] = 0;
  POut[22] = 0;
  POut[23] = 0;
  POut[28] = 0;
  POut[29] = 0;
  POut[35] = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const x = xs[i]!;
    const P = Ps[i]!;
    const d0 = x[0]! - m0;
    const d1 = x[1]! - m1;
    const d2 = x[2]! - m2;
    const d3 = x[3]! - m3;
    const d4 = x[4]! - m4;
    const d5 = x[5]! - m5;
    POut[0] = POut[0]! + wi * (P[0]! + d0 * d0);
    POut[1] = POut[1]! + wi * (P[1]! + d0 * d1);
    POut[2] = POut[2]! + wi * (P[2]! + d0 * d2);
    POut[3] = POut[3]! + wi * (P[3]! + d0 * d3);
    POut[4] = POut[4]! + wi * (P[4]! + d0 * d4);
    POut[5] = POut[5]! + wi * (P[5]! + d0 * d5);
    POut[7] = POut[7]! + wi * (P[7]! + d1 * d1);
    POut[8] = POut[8]! + wi * (P[8]! + d1 * d2);
    POut[9] = POut[9]! + wi * (P[9]! + d1 * d3);
    POut[10] = POut[10]! + wi * (P[10]! + d1 * d4);
    POut[11] = POut[11]! + wi * (P[11]! + d1 * d5);
    POut[14] = POut[14]! + wi * (P[14]! + d2 * d2);
    POut[15] = POut[15]! + wi * (P[15]! + d2 * d3);
    POut[16] = POut[16]! + wi * (P[16]! + d2 * d4);
    POut[17] = POut[17]! + wi * (P[17]! + d2 * d5);
    POut[21] = POut[21]! + wi * (P[21]! + d3 * d3);
    POut[22] = POut[22]! + wi * (P[22]! + d3 * d4);
    POut[23] = POut[23]! + wi * (P[23]! + d3 * d5);
    POut[28] = POut[28]! + wi * (P[28]! + d4 * d4);
    POut[29] = POut[29]! + wi * (P[29]! + d4 * d5);
    POut[35] = POut[35]! + wi * (P[35]! + d5 * d5);
  }
  POut[6] = POut[1]!;
  POut[12] = POut[2]!;
  POut[13] = POut[8]!;
  POut[18] = POut[3]!;
  POut[19] = POut[9]!;
  POut[20] = POut[15]!;
  POut[24] = POut[4]!;
  POut[25] = POut[10]!;
  POut[26] = POut[16]!;
  POut[27] = POut[22]!;
  POut[30] = POut[5]!;
  POut[31] = POut[11]!;
  POut[32] = POut[17]!;
  POut[33] = POut[23]!;
  POut[34] = POut[29]!;
}

/**
 * The bias part of the moment-matched 9-D Gaussian of a weighted set of augmented estimates
 * [x_i; b_i], given its 6-D part's mean `x` (from `blend`): b = sum w_i b_i,
 * Pxb = sum w_i (Pxb_i + (x_i - x)(b_i - b)^T), Pbb = sum w_i (Pbb_i + (b_i - b)(b_i - b)^T).
 */
function blendBias(
  xs: readonly Float64Array[],
  biases: readonly AccelerationBias[],
  w: ArrayLike<number>,
  n: number,
  x: Float64Array,
  out: AccelerationBias,
): void {
  out.b.fill(0);
  out.Pxb.fill(0);
  out.Pbb.fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const b = biases[i]!.b;
    for (let k = 0; k < 3; k++) out.b[k] = out.b[k]! + wi * b[k]!;
  }
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const bi = biases[i]!;
    const xi = xs[i]!;
    for (let r = 0; r < 6; r++) {
      const dx = xi[r]! - x[r]!;
      for (let c = 0; c < 3; c++)
        out.Pxb[r * 3 + c] = out.Pxb[r * 3 + c]! + wi * (bi.Pxb[r * 3 + c]! + dx * (bi.b[c]! - out.b[c]!));
    }
    for (let r = 0; r < 3; r++) {
      const db = bi.b[r]! - out.b[r]!;
      for (let c = 0; c < 3; c++)
        out.Pbb[r * 3 + c] = out.Pbb[r * 3 + c]! + wi * (bi.Pbb[r * 3 + c]! + db * (bi.b[c]! - out.b[c]!));
    }
  }
}

function normalised(p: readonly number[]): Float64Array {
  const s = p.reduce((a, b) => a + b, 0);
  if (!(s > 0) || p.some((v) => !(v >= 0)))
    throw new RangeError('immPredictor: probabilities must be >= 0 with a positive sum');
  return Float64Array.from(p, (v) => v / s);
}

function freshModes(state: GaussianState, mu0: Float64Array, biasSigma: number | undefined): ModeMixture {
  const modes: ModeMixture = {
    probabilities: Float64Array.from(mu0),
    x: Array.from(mu0, () => Float64Array.from(state.x)),
    P: Array.from(mu0, () => Float64Array.from(state.P)),
  };
  if (biasSigma !== undefined) modes.bias = Array.from(mu0, () => priorAccelerationBias(biasSigma));
  return modes;
}

/** A deep copy of `m`, into `into` when it has the same shape. */
function copyModes(m: ModeMixture, into: ModeMixture | undefined): ModeMixture {
  const n = m.probabilities.length;
  if (!into || into.probabilities.length !== n) {
    const copy: ModeMixture = {
      probabilities: Float64Array.from(m.probabilities),
      x: m.x.map((v) => Float64Array.from(v)),
      P: m.P.map((v) => Float64Array.from(v)),
    };
    copyAdaptive(m, copy);
    if (m.bias) copy.bias = m.bias.map((b) => copyAccelerationBias(b));
    return copy;
  }
  into.probabilities.set(m.probabilities);
  copyAdaptive(m, into);
  for (let j = 0; j < n; j++) {
    into.x[j]!.set(m.x[j]!);
    into.P[j]!.set(m.P[j]!);
  }
  if (m.bias) {
    const src = m.bias;
    const dst = into.bias;
    into.bias = src.map((b, j) => copyAccelerationBias(b, dst?.[j]));
  } else delete into.bias;
  return into;
}

/** The adaptive-noise fields of `m` into `into` (arrays copied, absent ones removed). */
function copyAdaptive(m: ModeMixture, into: ModeMixture): void {
  if (m.noiseScale !== undefined) into.noiseScale = m.noiseScale;
  else delete into.noiseScale;
  if (m.nisMean !== undefined) into.nisMean = m.nisMean;
  else delete into.nisMean;
  if (m.innovationMean) into.innovationMean = Float64Array.from(m.innovationMean);
  else delete into.innovationMean;
  if (m.innovationMeanCov) into.innovationMeanCov = Float64Array.from(m.innovationMeanCov);
  else delete into.innovationMeanCov;
}
