import { invertSpd, TrackInvariantError } from './linalg.js';
import type { MeasurementModel, TransitionModel } from './types.js';

const N = 6;

/** One time of the truth trajectory, with the measurements taken then (their models and noise). */
export interface PcrlbStep {
  tS: number;
  /** True state [x, y, z, vx, vy, vz] at tS. */
  x: Float64Array;
  measurements: readonly { model: MeasurementModel; R: Float64Array }[];
}

export interface PcrlbBound {
  tS: number;
  /** sqrt(trace of the position block of J^-1): the lowest achievable position RMSE, metres. */
  positionM: number;
  /** Same for velocity, m/s. */
  velocityMps: number;
}

/** Parameters of the bound. */
export interface PcrlbOptions {
  /** Motion model whose Jacobian and process noise the bound uses (the filter's, for a fair comparison). */
  transition: TransitionModel;
  /** Prior covariance at the first step (its inverse is the initial information). */
  P0: Float64Array;
}

/**
 * Posterior Cramer-Rao lower bound for one target with detection probability 1 and no clutter,
 * by the recursive information form of Tichavsky, Muravchik and Nehorai (1998):
 * J_k = D22 - D21 (J_{k-1} + D11)^-1 D12, with D11 = F^T Q^-1 F, D12 = -F^T Q^-1 = D21^T and
 * D22 = Q^-1 + sum_i H_i^T R_i^-1 H_i, F and H the Jacobians evaluated on the truth. Measurements
 * at the same time as the previous step (several sensors) only add their information. The first
 * step's information is P0^-1 plus its measurements'.
 *
 * @example
 * const bounds = pcrlb(steps, { transition: ballistic({ accelerationNoiseM2pS3: 0.1 }), P0 });
 * bounds.at(-1)!.positionM; // e.g. 9.7: compare with the filter's position RMSE there
 */
export function pcrlb(steps: readonly PcrlbStep[], options: PcrlbOptions): PcrlbBound[] {
  const { transition } = options;
  const J = new Float64Array(N * N);
  const scratch = new Float64Array(N * N);
  if (!invertSpd(options.P0, J, scratch, N))
    throw new TrackInvariantError('pcrlb: P0 is not positive definite');
  const F = new Float64Array(N * N);
  const Q = new Float64Array(N * N);
  const Qi = new Float64Array(N * N);
  const D11 = new Float64Array(N * N);
  const D12 = new Float64Array(N * N);
  const A = new Float64Array(N * N);
  const Ai = new Float64Array(N * N);
  const tmp = new Float64Array(N * N);
  const H = new Float64Array(6 * N);
  const Ri = new Float64Array(36);
  const HtRi = new Float64Array(N * 6);
  const Pk = new Float64Array(N * N);
  const xProp = new Float64Array(N);
  const out: PcrlbBound[] = [];

  function addMeasurementInformation(step: PcrlbStep): void {
    for (const { model, R } of step.measurements) {
      const m = model.dimZ;
      model.jacobian(step.x, H);
      if (!invertSpd(R, Ri, scratch, m)) throw new TrackInvariantError('pcrlb: R is not positive definite');
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let k = 0; k < m; k++) s += H[k * N + i]! * Ri[k * m + j]!;
          HtRi[i * m + j] = s;
        }
      }
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < m; k++) s += HtRi[i * m + k]! * H[k * N + j]!;
          J[i * N + j] = J[i * N + j]! + s;
        }
      }
    }
  }

  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const prev = k > 0 ? steps[k - 1]! : undefined;
    const dt = prev ? step.tS - prev.tS : 0;
    if (prev && dt !== 0) {
      transition.propagate(prev.x, dt, xProp, F);
      transition.processNoise(prev.x, dt, Q);
      if (!invertSpd(Q, Qi, scratch, N)) throw new TrackInvariantError('pcrlb: Q is not positive definite');
      // D12 = -F^T Qi; D11 = F^T Qi F = -D12 F.
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let l = 0; l < N; l++) s += F[l * N + i]! * Qi[l * N + j]!;
          D12[i * N + j] = -s;
        }
      }
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let l = 0; l < N; l++) s -= D12[i * N + l]! * F[l * N + j]!;
          D11[i * N + j] = s;
        }
      }
      for (let i = 0; i < N * N; i++) A[i] = J[i]! + D11[i]!;
      for (let i = 0; i < N; i++)
        for (let j = 0; j < i; j++) A[i * N + j] = A[j * N + i] = 0.5 * (A[i * N + j]! + A[j * N + i]!);
      if (!invertSpd(A, Ai, scratch, N))
        throw new TrackInvariantError('pcrlb: information is not positive definite');
      // J = Qi - D21 Ai D12, with D21 = D12^T.
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let l = 0; l < N; l++) s += Ai[i * N + l]! * D12[l * N + j]!;
          tmp[i * N + j] = s;
        }
      }
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let l = 0; l < N; l++) s += D12[l * N + i]! * tmp[l * N + j]!;
          J[i * N + j] = Qi[i * N + j]! - s;
        }
      }
    }
    addMeasurementInformation(step);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < i; j++) J[i * N + j] = J[j * N + i] = 0.5 * (J[i * N + j]! + J[j * N + i]!);
    if (!invertSpd(J, Pk, scratch, N))
      throw new TrackInvariantError('pcrlb: information is not positive definite');
    out.push({
      tS: step.tS,
      positionM: Math.sqrt(Pk[0]! + Pk[7]! + Pk[14]!),
      velocityMps: Math.sqrt(Pk[21]! + Pk[28]! + Pk[35]!),
    });
  }
  return out;
}
