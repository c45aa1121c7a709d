import { JosephUpdate } from './kalman.js';
import { assertCovariance, cholesky, choleskySolve, TrackInvariantError } from './linalg.js';
import type {
  Detection,
  GaussianState,
  MeasurementModel,
  Predictor,
  TransitionModel,
  Updater,
} from './types.js';

const N = 6;
const NS = 2 * N + 1;
const MAX_Z = 6;

/** Parameters of the unscented transform (Julier and Uhlmann; scaled form of Wan and van der Merwe). */
export interface UnscentedOptions {
  /** Spread of the sigma points around the mean (0 < alpha <= 1). */
  alpha?: number;
  /** Prior knowledge of the distribution; 2 is optimal for Gaussians. */
  beta?: number;
  /** Secondary scaling; 0 keeps every weight non-negative for n = 6 with alpha = 1. */
  kappa?: number;
}

/** Sigma points and weights for a 6-dimensional Gaussian, reusable buffers. */
export class SigmaPoints {
  readonly points: Float64Array[] = Array.from({ length: NS }, () => new Float64Array(N));
  readonly wm = new Float64Array(NS);
  readonly wc = new Float64Array(NS);
  private readonly gamma: number;
  private readonly L = new Float64Array(N * N);

  constructor(options: UnscentedOptions = {}) {
    const alpha = options.alpha ?? 1;
    const beta = options.beta ?? 2;
    const kappa = options.kappa ?? 0;
    const lambda = alpha * alpha * (N + kappa) - N;
    this.gamma = Math.sqrt(N + lambda);
    this.wm[0] = lambda / (N + lambda);
    this.wc[0] = this.wm[0] + (1 - alpha * alpha + beta);
    for (let i = 1; i < NS; i++) {
      this.wm[i] = 1 / (2 * (N + lambda));
      this.wc[i] = this.wm[i]!;
    }
  }

  /** Fills `points` for mean x and covariance P: x, x + gamma L_i, x - gamma L_i. */
  generate(x: Float64Array, P: Float64Array): void {
    if (!cholesky(P, this.L, N))
      throw new TrackInvariantError('sigma points: covariance is not positive definite');
    this.points[0]!.set(x);
    for (let j = 0; j < N; j++) {
      const plus = this.points[1 + j]!;
      const minus = this.points[1 + N + j]!;
      for (let i = 0; i < N; i++) {
        const d = this.gamma * this.L[i * N + j]!;
        plus[i] = x[i]! + d;
        minus[i] = x[i]! - d;
      }
    }
  }
}

/**
 * Unscented Kalman prediction: sigma points through the motion model (no Jacobian needed),
 * weighted mean and covariance, plus Q.
 *
 * @example
 * const p = unscentedKalmanPredictor({ transition: ballistic({ accelerationNoiseM2pS3: 0.1 }) });
 * p.predict(state, state.tS + 0.1, state);
 */
export function unscentedKalmanPredictor(
  options: { transition: TransitionModel } & UnscentedOptions,
): Predictor {
  const model = options.transition;
  const sp = new SigmaPoints(options);
  const Q = new Float64Array(N * N);
  const mean = new Float64Array(N);
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
      model.processNoise(prior.x, dt, Q);
      const scale = prior.noiseScale;
      if (scale !== undefined && scale !== 1) for (let i = 0; i < N * N; i++) Q[i] = Q[i]! * scale;
      sp.generate(prior.x, prior.P);
      for (const p of sp.points) model.propagate(p, dt, p);
      mean.fill(0);
      for (let s = 0; s < NS; s++) {
        const p = sp.points[s]!;
        for (let i = 0; i < N; i++) mean[i] = mean[i]! + sp.wm[s]! * p[i]!;
      }
      const P = out.P;
      P.set(Q);
      for (let s = 0; s < NS; s++) {
        const p = sp.points[s]!;
        const w = sp.wc[s]!;
        for (let i = 0; i < N; i++) {
          const di = p[i]! - mean[i]!;
          for (let j = i; j < N; j++) P[i * N + j] = P[i * N + j]! + w * di * (p[j]! - mean[j]!);
        }
      }
      for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) P[i * N + j] = P[j * N + i]!;
      out.x.set(mean);
      out.tS = tS;
      assertCovariance(P, N, 'unscented prediction', scratch);
    },
  };
}

/**
 * Unscented Kalman update. The covariance is written in Joseph form with the statistically
 * linearised H = Pxz^T P^-1 and the effective noise R + (Szz - H P H^T), which equals the textbook
 * P - K S K^T in exact arithmetic but, like the EKF's Joseph form, cannot lose positive
 * definiteness to rounding at ECEF magnitudes.
 *
 * @example
 * const u = unscentedKalmanUpdater();
 * u.update(predicted, detection, predicted);
 */
export function unscentedKalmanUpdater(options: UnscentedOptions = {}): Updater {
  const sp = new SigmaPoints(options);
  const zs: Float64Array[] = Array.from({ length: NS }, () => new Float64Array(MAX_Z));
  const dz = new Float64Array(MAX_Z);
  const zPred = new Float64Array(MAX_Z);
  const Szz = new Float64Array(MAX_Z * MAX_Z);
  const S = new Float64Array(MAX_Z * MAX_Z);
  const Pxz = new Float64Array(N * MAX_Z);
  const L = new Float64Array(MAX_Z * MAX_Z);
  const LP = new Float64Array(N * N);
  const K = new Float64Array(N * MAX_Z);
  const H = new Float64Array(MAX_Z * N);
  const Reff = new Float64Array(MAX_Z * MAX_Z);
  const y = new Float64Array(MAX_Z);
  const col = new Float64Array(N);
  const row = new Float64Array(MAX_Z);
  const joseph = new JosephUpdate();

  /** Unscented transform of `pred` through `model`: zPred, Szz (no R) and Pxz. */
  function transform(
    pred: GaussianState,
    model: MeasurementModel,
    zOut: Float64Array,
    SzzOut: Float64Array,
  ): void {
    const m = model.dimZ;
    sp.generate(pred.x, pred.P);
    for (let s = 0; s < NS; s++) model.measure(sp.points[s]!, zs[s]!);
    // Mean through residuals about the centre point, so wrapped angles average correctly.
    const z0 = zs[0]!;
    for (let i = 0; i < m; i++) zOut[i] = z0[i]!;
    for (let s = 1; s < NS; s++) {
      model.residual(zs[s]!, z0, dz);
      for (let i = 0; i < m; i++) zOut[i] = zOut[i]! + sp.wm[s]! * dz[i]!;
    }
    SzzOut.fill(0, 0, m * m);
    Pxz.fill(0);
    for (let s = 0; s < NS; s++) {
      model.residual(zs[s]!, zOut, dz);
      const w = sp.wc[s]!;
      const p = sp.points[s]!;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) SzzOut[i * m + j] = SzzOut[i * m + j]! + w * dz[i]! * dz[j]!;
      for (let i = 0; i < N; i++) {
        const dxi = p[i]! - pred.x[i]!;
        for (let j = 0; j < m; j++) Pxz[i * m + j] = Pxz[i * m + j]! + w * dxi * dz[j]!;
      }
    }
  }

  return {
    predictMeasurement(pred, model, out) {
      transform(pred, model, out.zPred, out.Szz);
    },
    update(pred: GaussianState, det: Detection, out: GaussianState) {
      const model = det.model;
      const m = model.dimZ;
      transform(pred, model, zPred, Szz);
      for (let i = 0; i < m * m; i++) S[i] = Szz[i]! + det.R[i]!;
      if (!cholesky(S, L, m))
        throw new TrackInvariantError('unscented update: innovation covariance is not positive definite');
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < m; j++) row[j] = Pxz[i * m + j]!;
        choleskySolve(L, row, row, m);
        for (let j = 0; j < m; j++) K[i * m + j] = row[j]!;
      }
      // H = Pxz^T P^-1, column j of Pxz solved against P.
      if (!cholesky(pred.P, LP, N))
        throw new TrackInvariantError('unscented update: prior covariance is not positive definite');
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < N; i++) col[i] = Pxz[i * m + j]!;
        choleskySolve(LP, col, col, N);
        for (let i = 0; i < N; i++) H[j * N + i] = col[i]!;
      }
      // Reff = S - H P H^T = S - H Pxz (since P H^T = Pxz).
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let k = 0; k < N; k++) s += H[i * N + k]! * Pxz[k * m + j]!;
          Reff[i * m + j] = S[i * m + j]! - s;
        }
      }
      for (let i = 0; i < m; i++) {
        for (let j = i + 1; j < m; j++) {
          const v = 0.5 * (Reff[i * m + j]! + Reff[j * m + i]!);
          Reff[i * m + j] = v;
          Reff[j * m + i] = v;
        }
      }
      model.residual(det.z, zPred, y);
      joseph.apply(pred.x, pred.P, K, y, H, Reff, m, out.x, out.P);
      out.tS = pred.tS;
    },
  };
}
