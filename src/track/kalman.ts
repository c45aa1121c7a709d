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
      model.processNoise(prior.x, dt, Q);
      const scale = prior.noiseScale;
      if (scale !== undefined && scale !== 1) for (let i = 0; i < N * N; i++) Q[i] = Q[i]! * scale;
      model.propagate(prior.x, dt, out.x, F);
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
    const { a, ap, kr, pNew } = this;
    const M = 3;
    for (let i = 0; i < N; i++) {
      let s = x[i]!;
      for (let k = 0; k < M; k++) s += K[i * M + k]! * y[k]!;
      xOut[i] = s;
    }
    // a = I - K H: its left three columns are I - K, its right three those of I.
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) a[i * N + j] = (i === j ? 1 : 0) - K[i * M + j]!;
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = a[i * N]! * P[j]! + a[i * N + 1]! * P[N + j]!;
        s += a[i * N + 2]! * P[2 * N + j]!;
        if (i >= M) s += P[i * N + j]!;
        ap[i * N + j] = s;
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += K[i * M + k]! * R[k * M + j]!;
        kr[i * M + j] = s;
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++) {
        let s = ap[i * N]! * a[j * N]! + ap[i * N + 1]! * a[j * N + 1]!;
        s += ap[i * N + 2]! * a[j * N + 2]!;
        if (j >= M) s += ap[i * N + j]!;
        for (let k = 0; k < M; k++) s += kr[i * M + k]! * K[j * M + k]!;
        pNew[i * N + j] = s;
        pNew[j * N + i] = s;
      }
    }
    POut.set(pNew);
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
    const m = model.dimZ;
    const position = isCartesianPosition(model);
    const P = pred.P;
    const x = pred.x;
    if (position) {
      // H = [I 0]: H P H^T is P's position block and P H^T its first three columns.
      for (let i = 0; i < N; i++) for (let j = 0; j < 3; j++) pht[i * 3 + j] = P[i * N + j]!;
      for (let i = 0; i < 3; i++) {
        for (let j = i; j < 3; j++) {
          const v = P[i * N + j]!;
          S[i * 3 + j] = v;
          S[j * 3 + i] = v;
        }
      }
      y[0] = det.z[0]! - x[0]!;
      y[1] = det.z[1]! - x[1]!;
      y[2] = det.z[2]! - x[2]!;
    } else {
      model.measure(x, zPred);
      model.jacobian(x, H);
      model.residual(det.z, zPred, y);
      hph(P, m, S);
    }
    for (let i = 0; i < m * m; i++) S[i] = S[i]! + det.R[i]!;
    if (!cholesky(S, L, m))
      throw new TrackInvariantError('Kalman update: innovation covariance is not positive definite');
    if (score) {
      score.nis = mahalanobisSq(L, y, row, m);
      score.logDetS = logDetFromCholesky(L, m);
      score.y.set(y.subarray(0, m));
      score.S.set(S.subarray(0, m * m));
    }
    // K = P H^T S^-1, row by row (S symmetric).
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < m; j++) row[j] = pht[i * m + j]!;
      choleskySolve(L, row, row, m);
      for (let j = 0; j < m; j++) K[i * m + j] = row[j]!;
    }
    if (position) joseph.applyPosition(x, P, K, y, det.R, out.x, out.P);
    else joseph.apply(x, P, K, y, H, det.R, m, out.x, out.P);
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
