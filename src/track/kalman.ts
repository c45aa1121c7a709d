import { isCartesianPosition } from './cartesian-position.js';
import {
  assertCovariance,
  cholesky,
  choleskySolve,
  fpftPlusQ6,
  logDetFromCholesky,
  mahalanobisSq,
  symmetrize,
  TrackInvariantError,
} from './linalg.js';
import type {
  Detection,
  GaussianState,
  InnovationScore,
  MeasurementModel,
  Predictor,
  TransitionModel,
  Updater,
} from './types.js';

const N = 6;
const MAX_Z = 6;
const NOT_PD = 'Kalman update: innovation covariance is not positive definite';

/** Parameters of the extended Kalman predictor. */
export interface KalmanPredictorOptions {
  /** The motion model: its propagation and its state transition Jacobian. */
  transition: TransitionModel;
}

/**
 * Extended Kalman prediction: x <- f(x, dt), P <- F P F^T + Q, with F the transition model's
 * Jacobian. Predicting to the state's own time is a copy (several sensors in one scan).
 *
 * @example
 * const p = extendedKalmanPredictor({ transition: constantVelocity({ accelerationNoiseM2pS3: 1 }) });
 * p.predict(state, state.tS + 0.1, state); // in place
 */
export function extendedKalmanPredictor(options: KalmanPredictorOptions): Predictor {
  const model = options.transition;
  const F = new Float64Array(N * N);
  const Q = new Float64Array(N * N);
  const tmp = new Float64Array(N * N);
  const scratch = new Float64Array(N * N);
  return {
    predict(prior, tS, out) {
      const dt = tS - prior.tS;
      if (dt === 0) {
        if (out !== prior) {
          out.x.set(prior.x);
          out.P.set(prior.P);
        }
        out.tS = tS;
        return;
      }
      // Noise first: it is integrated from the prior state, which propagating in place overwrites.
      if (model.propagateWithNoise) model.propagateWithNoise(prior.x, dt, out.x, F, Q);
      else {
        model.processNoise(prior.x, dt, Q);
        model.propagate(prior.x, dt, out.x, F);
      }
      const scale = prior.noiseScale;
      if (scale !== undefined && scale !== 1) for (let i = 0; i < N * N; i++) Q[i] = Q[i]! * scale;
      // P' = F P F^T + Q, written symmetric.
      const Pout = out.P;
      fpftPlusQ6(F, prior.P, Q, tmp, Pout);
      out.tS = tS;
      assertCovariance(Pout, N, 'extended Kalman prediction', scratch);
    },
  };
}

/**
 * Shared tail of every Kalman update: given the gain K (6 x m), the innovation y, the linear(ised)
 * H (m x 6) and the noise R (m x m), writes x + K y and the Joseph-form covariance
 * (I - K H) P (I - K H)^T + K R K^T, which stays symmetric positive definite at ECEF magnitudes
 * where the short form P - K H P drifts (STYLE, "Domain pitfalls").
 */
export class JosephUpdate {
  private readonly a = new Float64Array(N * N);
  private readonly ap = new Float64Array(N * N);
  private readonly kr = new Float64Array(N * MAX_Z);
  private readonly pNew = new Float64Array(N * N);
  private readonly scratch = new Float64Array(N * N);

  apply(
    x: Float64Array,
    P: Float64Array,
    K: Float64Array,
    y: Float64Array,
    H: Float64Array,
    R: Float64Array,
    m: number,
    xOut: Float64Array,
    POut: Float64Array,
  ): void {
    const { a, ap, kr, pNew } = this;
    for (let i = 0; i < N; i++) {
      let s = x[i]!;
      for (let k = 0; k < m; k++) s += K[i * m + k]! * y[k]!;
      xOut[i] = s;
    }
    // a = I - K H
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < m; k++) s -= K[i * m + k]! * H[k * N + j]!;
        a[i * N + j] = s;
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += a[i * N + k]! * P[k * N + j]!;
        ap[i * N + j] = s;
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += K[i * m + k]! * R[k * m + j]!;
        kr[i * m + j] = s;
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += ap[i * N + k]! * a[j * N + k]!;
        for (let k = 0; k < m; k++) s += kr[i * m + k]! * K[j * m + k]!;
        pNew[i * N + j] = s;
        pNew[j * N + i] = s;
      }
    }
    POut.set(pNew);
    symmetrize(POut, N);
    assertCovariance(POut, N, 'Kalman update', this.scratch);
  }

  /**
   * `apply` for a measurement of position, H = [I 0] and m = 3 (`cartesianPosition`), without
   * the products by H's zeros and ones: every sum keeps `apply`'s order and drops only terms that
   * are exactly zero, so the result is the same to the bit, at about half the work.
   */
  applyPosition(
    x: Float64Array,
    P: Float64Array,
    K: Float64Array,
    y: Float64Array,
    R: Float64Array,
    xOut: Float64Array,
    POut: Float64Array,
  ): void {
    const { a, ap, kr } = this;
    const y0 = y[0]!;
    const y1 = y[1]!;
    const y2 = y[2]!;
    for (let i = 0; i < N; i++) {
      const k = i * 3;
      xOut[i] = x[i]! + K[k]! * y0 + K[k + 1]! * y1 + K[k + 2]! * y2;
    }
    // a = I - K H: its left three columns are I - K (held here as 6 x 3), its right three those of I.
    for (let i = 0; i < N; i++) {
      const k = i * 3;
      a[k] = (i === 0 ? 1 : 0) - K[k]!;
      a[k + 1] = (i === 1 ? 1 : 0) - K[k + 1]!;
      a[k + 2] = (i === 2 ? 1 : 0) - K[k + 2]!;
    }
    // ap = a P, read before POut (which may be P) is written.
    for (let i = 0; i < N; i++) {
      const ai0 = a[i * 3]!;
      const ai1 = a[i * 3 + 1]!;
      const ai2 = a[i * 3 + 2]!;
      const r = i * N;
      for (let j = 0; j < N; j++) {
        const s = ai0 * P[j]! + ai1 * P[N + j]! + ai2 * P[2 * N + j]!;
        ap[r + j] = i >= 3 ? s + P[r + j]! : s;
      }
    }
    const r00 = R[0]!;
    const r01 = R[1]!;
    const r02 = R[2]!;
    const r10 = R[3]!;
    const r11 = R[4]!;
    const r12 = R[5]!;
    const r20 = R[6]!;
    const r21 = R[7]!;
    const r22 = R[8]!;
    for (let i = 0; i < N; i++) {
      const k = i * 3;
      const ki0 = K[k]!;
      const ki1 = K[k + 1]!;
      const ki2 = K[k + 2]!;
      kr[k] = 0 + ki0 * r00 + ki1 * r10 + ki2 * r20;
      kr[k + 1] = 0 + ki0 * r01 + ki1 * r11 + ki2 * r21;
      kr[k + 2] = 0 + ki0 * r02 + ki1 * r12 + ki2 * r22;
    }
    for (let i = 0; i < N; i++) {
      const r = i * N;
      const api0 = ap[r]!;
      const api1 = ap[r + 1]!;
      const api2 = ap[r + 2]!;
      const kri0 = kr[i * 3]!;
      const kri1 = kr[i * 3 + 1]!;
      const kri2 = kr[i * 3 + 2]!;
      for (let j = i; j < N; j++) {
        const k = j * 3;
        let s = api0 * a[k]! + api1 * a[k + 1]! + api2 * a[k + 2]!;
        if (j >= 3) s += ap[r + j]!;
        s = s + kri0 * K[k]! + kri1 * K[k + 1]! + kri2 * K[k + 2]!;
        POut[r + j] = s;
        POut[j * N + i] = s;
      }
    }
    assertCovariance(POut, N, 'Kalman update', this.scratch);
  }
}

/**
 * Extended Kalman update with the measurement model carried by each detection: linearises h at
 * the prediction, gain from the Cholesky factor of S = H P H^T + R, Joseph-form covariance.
 *
 * @example
 * const u = extendedKalmanUpdater();
 * u.update(predicted, { tS, sensor: 0, z, R, model: cartesianPosition() }, predicted); // in place
 */
export function extendedKalmanUpdater(): Updater {
  const H = new Float64Array(MAX_Z * N);
  const zPred = new Float64Array(MAX_Z);
  const y = new Float64Array(MAX_Z);
  const pht = new Float64Array(N * MAX_Z);
  const S = new Float64Array(MAX_Z * MAX_Z);
  const L = new Float64Array(MAX_Z * MAX_Z);
  const K = new Float64Array(N * MAX_Z);
  const row = new Float64Array(MAX_Z);
  const joseph = new JosephUpdate();

  function hph(P: Float64Array, m: number, out: Float64Array): void {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += P[i * N + k]! * H[j * N + k]!;
        pht[i * m + j] = s;
      }
    }
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += H[i * N + k]! * pht[k * m + j]!;
        out[i * m + j] = s;
        out[j * m + i] = s;
      }
    }
  }

  /**
   * The update, and what the innovation scored when `score` is given (the IMM's model likelihood
   * is computed from the same S and y the gain is, instead of a second pass over them).
   */
  function update(pred: GaussianState, det: Detection, out: GaussianState, score?: InnovationScore): void {
    const model = det.model;
    if (isCartesianPosition(model)) {
      updatePosition(pred, det, out, score);
      return;
    }
    const m = model.dimZ;
    const P = pred.P;
    const x = pred.x;
    model.measure(x, zPred);
    model.jacobian(x, H);
    model.residual(det.z, zPred, y);
    hph(P, m, S);
    for (let i = 0; i < m * m; i++) S[i] = S[i]! + det.R[i]!;
    if (!cholesky(S, L, m))
      throw new TrackInvariantError('Kalman update: innovation covariance is not positive definite');
    if (score) {
      score.nis = mahalanobisSq(L, y, row, m);
      score.logDetS = logDetFromCholesky(L, m);
      for (let i = 0; i < m; i++) score.y[i] = y[i]!;
      for (let i = 0; i < m * m; i++) score.S[i] = S[i]!;
    }
    // K = P H^T S^-1, row by row (S symmetric).
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < m; j++) row[j] = pht[i * m + j]!;
      choleskySolve(L, row, row, m);
      for (let j = 0; j < m; j++) K[i * m + j] = row[j]!;
    }
    joseph.apply(x, P, K, y, H, det.R, m, out.x, out.P);
    out.tS = pred.tS;
  }

  /**
   * `update` for a measurement of position (H = [I 0], m = 3): H P H^T is P's position block
   * (its upper triangle, mirrored) and P H^T its first three columns, and the 3x3 factorisation,
   * score and gain are written out with the general functions' operations in their order
   * (`cholesky`, `mahalanobisSq`, `logDetFromCholesky`, `choleskySolve`), so the bits are theirs.
   */
  function updatePosition(
    pred: GaussianState,
    det: Detection,
    out: GaussianState,
    score: InnovationScore | undefined,
  ): void {
    const P = pred.P;
    const x = pred.x;
    const R = det.R;
    const p01 = P[1]!;
    const p02 = P[2]!;
    const p12 = P[8]!;
    const s00 = P[0]! + R[0]!;
    const s10 = p01 + R[3]!;
    const s11 = P[7]! + R[4]!;
    const s20 = p02 + R[6]!;
    const s21 = p12 + R[7]!;
    const s22 = P[14]! + R[8]!;
    const y0 = det.z[0]! - x[0]!;
    const y1 = det.z[1]! - x[1]!;
    const y2 = det.z[2]! - x[2]!;
    // S = L L^T.
    if (!(s00 > 0)) throw new TrackInvariantError(NOT_PD);
    const l00 = Math.sqrt(s00);
    const l10 = s10 / l00;
    const l20 = s20 / l00;
    const d1 = s11 - l10 * l10;
    if (!(d1 > 0)) throw new TrackInvariantError(NOT_PD);
    const l11 = Math.sqrt(d1);
    const l21 = (s21 - l20 * l10) / l11;
    const d2 = s22 - l20 * l20 - l21 * l21;
    if (!(d2 > 0)) throw new TrackInvariantError(NOT_PD);
    const l22 = Math.sqrt(d2);
    if (score) {
      const w0 = y0 / l00;
      const w1 = (y1 - l10 * w0) / l11;
      const w2 = (y2 - l20 * w0 - l21 * w1) / l22;
      score.nis = 0 + w0 * w0 + w1 * w1 + w2 * w2;
      score.logDetS = 2 * (0 + Math.log(l00) + Math.log(l11) + Math.log(l22));
      const sy = score.y;
      sy[0] = y0;
      sy[1] = y1;
      sy[2] = y2;
      const sS = score.S;
      sS[0] = s00;
      sS[1] = p01 + R[1]!;
      sS[2] = p02 + R[2]!;
      sS[3] = s10;
      sS[4] = s11;
      sS[5] = p12 + R[5]!;
      sS[6] = s20;
      sS[7] = s21;
      sS[8] = s22;
    }
    // K = P H^T S^-1, row by row: forward, then back substitution.
    for (let i = 0; i < N; i++) {
      const r = i * N;
      const f0 = P[r]! / l00;
      const f1 = (P[r + 1]! - l10 * f0) / l11;
      const f2 = (P[r + 2]! - l20 * f0 - l21 * f1) / l22;
      const k2 = f2 / l22;
      const k1 = (f1 - l21 * k2) / l11;
      const k0 = (f0 - l10 * k1 - l20 * k2) / l00;
      K[i * 3] = k0;
      K[i * 3 + 1] = k1;
      K[i * 3 + 2] = k2;
    }
    y[0] = y0;
    y[1] = y1;
    y[2] = y2;
    joseph.applyPosition(x, P, K, y, R, out.x, out.P);
    out.tS = pred.tS;
  }

  return {
    predictMeasurement(pred: GaussianState, model: MeasurementModel, out) {
      const m = model.dimZ;
      model.measure(pred.x, out.zPred);
      model.jacobian(pred.x, H);
      hph(pred.P, m, out.Szz);
    },
    update(pred: GaussianState, det: Detection, out: GaussianState) {
      update(pred, det, out);
    },
    updateScored: update,
  };
}
