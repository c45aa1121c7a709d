import { invertSpd, TrackInvariantError } from './linalg.js';
import type { MeasurementModel, TransitionModel } from './types.js';

const N = 6;

/** One time of the truth trajectory, with the measurements taken then (their models and noise). */
export interface PcrlbStep {
  tS: number;
  /** True state [x, y, z, vx, vy, vz] at tS. */
  x: Float64Array;
  measurements: readonly { model: MeasurementModel; R: Float64Array }[];
  /**
   * Motion model from the previous step to this one, when it is not `options.transition`: a
   * known model sequence (e.g. the boost model before burn-out, the ballistic one after).
   */
  transition?: TransitionModel;
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
 * after Tichavsky, Muravchik and Nehorai (1998): J_k = D22 - D21 (J_{k-1} + D11)^-1 D12, with
 * D11 = F^T Q^-1 F, D12 = -F^T Q^-1 = D21^T and D22 = Q^-1 + sum_i H_i^T R_i^-1 H_i, F and H the
 * Jacobians evaluated on the truth. With additive Gaussian process noise this is, by the matrix
 * inversion lemma, exactly J_k = (F J_{k-1}^-1 F^T + Q)^-1 + sum_i H_i^T R_i^-1 H_i, the form
 * computed here: it needs no Q^-1, which for a small process noise over a short interval (two
 * radars a few milliseconds apart) is ~1e12 and would cancel catastrophically in the first form.
 * Measurements at the same time as the previous step (several sensors) only add their
 * information. The first step's information is P0^-1 plus its measurements'. A step may name its
 * own motion model (the bound conditioned on a known model sequence, as for a target that boosts
 * then coasts).
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
  const Pprev = new Float64Array(N * N);
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
      const model = step.transition ?? transition;
      model.propagate(prev.x, dt, xProp, F);
      model.processNoise(prev.x, dt, Q);
      // J = (F J^-1 F^T + Q)^-1.
      if (!invertSpd(J, Pprev, scratch, N))
        throw new TrackInvariantError('pcrlb: information is not positive definite');
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let l = 0; l < N; l++) s += F[i * N + l]! * Pprev[l * N + j]!;
          tmp[i * N + j] = s;
        }
      }
      for (let i = 0; i < N; i++) {
        for (let j = i; j < N; j++) {
          let s = Q[i * N + j]!;
          for (let l = 0; l < N; l++) s += tmp[i * N + l]! * F[j * N + l]!;
          Pk[i * N + j] = s;
          Pk[j * N + i] = s;
        }
      }
      if (!invertSpd(Pk, J, scratch, N))
        throw new TrackInvariantError('pcrlb: predicted bound is not positive definite');
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
