import { isCartesianPosition } from './cartesian-position.js';
import { extendedKalmanPredictor, extendedKalmanUpdater } from './kalman.js';
import {
  assertCovariance,
  cholesky,
  choleskySolve,
  logDetFromCholesky,
  mahalanobisSq,
  symmetrize,
  TrackInvariantError,
} from './linalg.js';
import type {
  AccelerationBias,
  Detection,
  GaussianState,
  InnovationScore,
  MeasurementModel,
  MeasurementPrediction,
  Predictor,
  TransitionModel,
  Updater,
} from './types.js';

/** Dimension of the augmented state [x, y, z, vx, vy, vz, bx, by, bz]. */
const NA = 9;
const N = 6;
const MAX_Z = 6;

/**
 * 1-sigma of the acceleration bias, m/s^2, per ECEF axis (its stationary spread). What a J2
 * gravity model misses against a point-mass one is ~0.02-0.05 m/s^2 in a ballistic flight's
 * height band; with a long correlation time the filter learns such a bias from the measurements
 * rather than covering it, and a larger prior made the filter conservative on truths that have no
 * bias (the simulator's own). Chosen on seeds 1-3 of both generators among 0.03, 0.02, 0.015,
 * 0.01 and 0.008 m/s^2 (docs/figures.md, "On physics the tracker does not share").
 */
export const ACCELERATION_BIAS_SIGMA_MPS2 = 0.008;
/**
 * Correlation time of the acceleration bias, seconds: a gravity-model error drifts over the
 * minutes of a flight, not the seconds of a manoeuvre. Chosen with the sigma (300, 600, 1,200 s).
 */
export const ACCELERATION_BIAS_CORRELATION_S = 1200;

/** Parameters of the acceleration-bias augmentation. */
export interface AccelerationBiasOptions {
  /** 1-sigma (stationary) of the bias per axis, m/s^2 (default ACCELERATION_BIAS_SIGMA_MPS2). */
  sigmaMps2?: number;
  /** Correlation time, seconds (default ACCELERATION_BIAS_CORRELATION_S). */
  correlationS?: number;
}

/** The options with their defaults, checked. */
export function resolveAccelerationBias(o: AccelerationBiasOptions = {}): Required<AccelerationBiasOptions> {
  const sigmaMps2 = o.sigmaMps2 ?? ACCELERATION_BIAS_SIGMA_MPS2;
  const correlationS = o.correlationS ?? ACCELERATION_BIAS_CORRELATION_S;
  if (!(sigmaMps2 > 0 && Number.isFinite(sigmaMps2)))
    throw new RangeError(`accelerationBias.sigmaMps2 must be a positive number, got ${sigmaMps2}`);
  if (!(correlationS > 0 && Number.isFinite(correlationS)))
    throw new RangeError(`accelerationBias.correlationS must be a positive number, got ${correlationS}`);
  return { sigmaMps2, correlationS };
}

/** A fresh bias at its prior: zero mean, sigma^2 I, uncorrelated with the state. */
export function priorAccelerationBias(sigmaMps2: number): AccelerationBias {
  const Pbb = new Float64Array(9);
  Pbb[0] = Pbb[4] = Pbb[8] = sigmaMps2 * sigmaMps2;
  return { b: new Float64Array(3), Pxb: new Float64Array(18), Pbb };
}

/** A deep copy of `b`, into `into` when given. */
export function copyAccelerationBias(b: AccelerationBias, into?: AccelerationBias): AccelerationBias {
  if (!into)
    return { b: Float64Array.from(b.b), Pxb: Float64Array.from(b.Pxb), Pbb: Float64Array.from(b.Pbb) };
  into.b.set(b.b);
  into.Pxb.set(b.Pxb);
  into.Pbb.set(b.Pbb);
  return into;
}

/**
 * Per axis, the response of (position, velocity, bias) to the bias at the start of an interval
 * dt of a first-order Gauss-Markov acceleration with rate alpha = 1 / correlation time:
 * e = exp(-alpha dt), gv = (1 - e) / alpha, gp = (alpha dt - 1 + e) / alpha^2 (the Singer
 * model's transition, Singer 1970), and its process noise, the 3x3 integral over [0, dt] of
 * phi(s) phi(s)^T times the white-noise density 2 sigma^2 alpha, by 4-point Gauss-Legendre on
 * segments no longer than a quarter of the correlation time (the integrand is smooth; the
 * closed form cancels catastrophically when alpha dt is small).
 */
export function gaussMarkovResponse(
  sigmaMps2: number,
  correlationS: number,
  dtS: number,
  out: { e: number; gv: number; gp: number; q: Float64Array },
): void {
  const alpha = 1 / correlationS;
  const dt = Math.abs(dtS);
  const phi = (s: number, r: Float64Array): void => {
    const x = alpha * s;
    const em1 = Math.expm1(-x); // e^{-x} - 1
    // (x - 1 + e^{-x}) / alpha^2, by its series where the difference would cancel.
    r[0] = x < 1e-3 ? s * s * (0.5 - x / 6 + (x * x) / 24) : (x + em1) / (alpha * alpha);
    r[1] = -em1 / alpha;
    r[2] = em1 + 1;
  };
  const r = new Float64Array(3);
  phi(dtS, r);
  out.gp = r[0]!;
  out.gv = r[1]!;
  out.e = r[2]!;
  const q = out.q;
  q.fill(0);
  if (dt === 0) return;
  const segs = Math.max(1, Math.ceil(dt / (correlationS / 4)));
  const h = dt / segs;
  const nodes = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526];
  const weights = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538];
  const qc = 2 * sigmaMps2 * sigmaMps2 * alpha;
  for (let k = 0; k < segs; k++) {
    const mid = (k + 0.5) * h;
    for (let g = 0; g < 4; g++) {
      phi(mid + 0.5 * h * nodes[g]!, r);
      const w = 0.5 * h * weights[g]! * qc;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) q[i * 3 + j] = q[i * 3 + j]! + w * r[i]! * r[j]!;
    }
  }
}

/**
 * Extended Kalman prediction of the state augmented with an acceleration bias b (a state
 * without `bias` is predicted as `extendedKalmanPredictor` does): x <- f(x, dt) + G b,
 * b <- e^{-dt/tau} b, with f the transition model (gravity, drag) and G b the displacement a
 * decaying acceleration gives a free body over dt ([gp I; gv I]: the gravity gradient's effect on
 * that displacement, ~(dt / 800 s)^2 of it, is left out). The augmented covariance is
 * F P F^T + Q with F = [[F_x, G], [0, e I]] and Q the transition model's own noise plus the
 * Gauss-Markov process's (`gaussMarkovResponse`).
 *
 * @example
 * const p = accelerationBiasPredictor({ transition: ballistic({ accelerationNoiseM2pS3: 1e-8 }) });
 * p.predict({ ...state, bias: priorAccelerationBias(0.03) }, state.tS + 10, out);
 */
export function accelerationBiasPredictor(
  options: { transition: TransitionModel } & AccelerationBiasOptions,
): Predictor {
  const model = options.transition;
  const { sigmaMps2, correlationS } = resolveAccelerationBias(options);
  const plain = extendedKalmanPredictor({ transition: model });
  const F = new Float64Array(N * N);
  const Q = new Float64Array(N * N);
  const P9 = new Float64Array(NA * NA);
  const FP = new Float64Array(NA * NA);
  const b0 = new Float64Array(3);
  const scratch = new Float64Array(N * N);
  // The Gauss-Markov response for the last two intervals (staggered radars alternate).
  const cache = [
    { dt: Number.NaN, e: 0, gv: 0, gp: 0, q: new Float64Array(9) },
    { dt: Number.NaN, e: 0, gv: 0, gp: 0, q: new Float64Array(9) },
  ];
  let nextSlot = 0;
  const response = (dt: number) => {
    for (const c of cache) if (c.dt === dt) return c;
    const c = cache[nextSlot]!;
    nextSlot = (nextSlot + 1) % cache.length;
    gaussMarkovResponse(sigmaMps2, correlationS, dt, c);
    c.dt = dt;
    return c;
  };

  return {
    predict(prior, tS, out) {
      const bias = prior.bias;
      if (!bias) {
        plain.predict(prior, tS, out);
        return;
      }
      const outBias = out === prior ? bias : (out.bias ?? copyAccelerationBias(bias));
      out.bias = outBias;
      const dt = tS - prior.tS;
      if (dt === 0) {
        if (out !== prior) {
          out.x.set(prior.x);
          out.P.set(prior.P);
          copyAccelerationBias(bias, outBias);
        }
        out.tS = tS;
        return;
      }
      const g = response(dt);
      // The augmented prior covariance, before anything is overwritten (out may be prior).
      const P = prior.P;
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) P9[i * NA + j] = P[i * N + j]!;
        for (let j = 0; j < 3; j++) {
          const v = bias.Pxb[i * 3 + j]!;
          P9[i * NA + N + j] = v;
          P9[(N + j) * NA + i] = v;
        }
      }
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) P9[(N + i) * NA + N + j] = bias.Pbb[i * 3 + j]!;
      b0.set(bias.b);
      model.processNoise(prior.x, dt, Q);
      const scale = prior.noiseScale;
      if (scale !== undefined && scale !== 1) for (let i = 0; i < N * N; i++) Q[i] = Q[i]! * scale;
      model.propagate(prior.x, dt, out.x, F);
      for (let i = 0; i < 3; i++) {
        out.x[i] = out.x[i]! + g.gp * b0[i]!;
        out.x[3 + i] = out.x[3 + i]! + g.gv * b0[i]!;
        outBias.b[i] = g.e * b0[i]!;
      }
      // F = [[F_x, G], [0, e I]] with G's one entry per row of x, gp (position) or gv (velocity)
      // in the column of that row's axis: FP = F P9 and F P9 F^T without the products by zeros.
      for (let i = 0; i < N; i++) {
        const gi = i < 3 ? g.gp : g.gv;
        const bRow = (N + (i % 3)) * NA;
        for (let j = 0; j < NA; j++) {
          let s = gi * P9[bRow + j]!;
          for (let k = 0; k < N; k++) s += F[i * N + k]! * P9[k * NA + j]!;
          FP[i * NA + j] = s;
        }
      }
      for (let i = N; i < NA; i++) for (let j = 0; j < NA; j++) FP[i * NA + j] = g.e * P9[i * NA + j]!;
      for (let i = 0; i < NA; i++) {
        for (let j = i; j < NA; j++) {
          let s: number;
          if (j < N) {
            s = (j < 3 ? g.gp : g.gv) * FP[i * NA + N + (j % 3)]!;
            for (let k = 0; k < N; k++) s += FP[i * NA + k]! * F[j * N + k]!;
            if (i < N) s += Q[i * N + j]!;
          } else s = g.e * FP[i * NA + j]!;
          // The Gauss-Markov noise couples each axis's position (i), velocity (3 + i) and bias (6 + i).
          const ai = i % 3;
          if (ai === j % 3) s += g.q[Math.floor(i / 3) * 3 + Math.floor(j / 3)]!;
          P9[i * NA + j] = s;
          P9[j * NA + i] = s;
        }
      }
      splitAugmented(P9, out.P, outBias);
      out.tS = tS;
      assertCovariance(out.P, N, 'acceleration-bias prediction', scratch);
    },
  };
}

/** Writes the blocks of the 9x9 augmented covariance into P (6x6), Pxb and Pbb. */
function splitAugmented(P9: Float64Array, P: Float64Array, bias: AccelerationBias): void {
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) P[i * N + j] = P9[i * NA + j]!;
    for (let j = 0; j < 3; j++) bias.Pxb[i * 3 + j] = P9[i * NA + N + j]!;
  }
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) bias.Pbb[i * 3 + j] = P9[(N + i) * NA + N + j]!;
}

/**
 * Extended Kalman update of the state augmented with an acceleration bias (a state without
 * `bias` is updated as `extendedKalmanUpdater` does): the measurement sees only position
 * (H = [H_x 0]), the bias is learnt through its covariance with the state. Gain from the Cholesky
 * factor of S, Joseph-form covariance over the 9-D state.
 *
 * @example
 * const u = accelerationBiasUpdater();
 * u.update(predictedMode, detection, predictedMode); // x, P and bias in place
 */
export function accelerationBiasUpdater(): Updater {
  const plain = extendedKalmanUpdater();
  const H = new Float64Array(MAX_Z * N);
  const zPred = new Float64Array(MAX_Z);
  const y = new Float64Array(MAX_Z);
  const P9 = new Float64Array(NA * NA);
  const pht = new Float64Array(NA * MAX_Z);
  const S = new Float64Array(MAX_Z * MAX_Z);
  const L = new Float64Array(MAX_Z * MAX_Z);
  const K = new Float64Array(NA * MAX_Z);
  const row = new Float64Array(MAX_Z);
  const a = new Float64Array(NA * NA);
  const ap = new Float64Array(NA * NA);
  const kr = new Float64Array(NA * MAX_Z);
  const pNew = new Float64Array(NA * NA);
  const scratch = new Float64Array(N * N);

  function update(pred: GaussianState, det: Detection, out: GaussianState, score?: InnovationScore): void {
    const bias = pred.bias;
    if (!bias) {
      if (score) plain.updateScored!(pred, det, out, score);
      else plain.update(pred, det, out);
      return;
    }
    const model = det.model;
    const m = model.dimZ;
    const x = pred.x;
    const P = pred.P;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) P9[i * NA + j] = P[i * N + j]!;
      for (let j = 0; j < 3; j++) {
        const v = bias.Pxb[i * 3 + j]!;
        P9[i * NA + N + j] = v;
        P9[(N + j) * NA + i] = v;
      }
    }
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) P9[(N + i) * NA + N + j] = bias.Pbb[i * 3 + j]!;
    if (isCartesianPosition(model)) {
      H.fill(0, 0, 3 * N);
      H[0] = H[N + 1] = H[2 * N + 2] = 1;
      y[0] = det.z[0]! - x[0]!;
      y[1] = det.z[1]! - x[1]!;
      y[2] = det.z[2]! - x[2]!;
    } else {
      model.measure(x, zPred);
      model.jacobian(x, H);
      model.residual(det.z, zPred, y);
    }
    // P H^T (9 x m), with H's bias columns zero; S = H P H^T + R.
    for (let i = 0; i < NA; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += P9[i * NA + k]! * H[j * N + k]!;
        pht[i * m + j] = s;
      }
    }
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += H[i * N + k]! * pht[k * m + j]!;
        s += 0.5 * (det.R[i * m + j]! + det.R[j * m + i]!);
        S[i * m + j] = s;
        S[j * m + i] = s;
      }
    }
    if (!cholesky(S, L, m))
      throw new TrackInvariantError(
        'acceleration-bias update: innovation covariance is not positive definite',
      );
    if (score) {
      score.nis = mahalanobisSq(L, y, row, m);
      score.logDetS = logDetFromCholesky(L, m);
      score.y.set(y.subarray(0, m));
      score.S.set(S.subarray(0, m * m));
    }
    for (let i = 0; i < NA; i++) {
      for (let j = 0; j < m; j++) row[j] = pht[i * m + j]!;
      choleskySolve(L, row, row, m);
      for (let j = 0; j < m; j++) K[i * m + j] = row[j]!;
    }
    const outBias = out === pred ? bias : (out.bias ?? copyAccelerationBias(bias));
    out.bias = outBias;
    for (let i = 0; i < NA; i++) {
      let s = i < N ? x[i]! : bias.b[i - N]!;
      for (let k = 0; k < m; k++) s += K[i * m + k]! * y[k]!;
      if (i < N) out.x[i] = s;
      else outBias.b[i - N] = s;
    }
    for (let i = 0; i < NA; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += K[i * m + k]! * det.R[k * m + j]!;
        kr[i * m + j] = s;
      }
    }
    if (isCartesianPosition(model)) {
      // H = [I 0]: (I - K H) P = P - K P[0:3, :], and that times (I - K H)^T subtracts
      // (that)[:, 0:3] K^T; no product by H's zeros and ones.
      for (let i = 0; i < NA; i++) {
        for (let j = 0; j < NA; j++) {
          let s = P9[i * NA + j]!;
          for (let k = 0; k < 3; k++) s -= K[i * 3 + k]! * P9[k * NA + j]!;
          ap[i * NA + j] = s;
        }
      }
      for (let i = 0; i < NA; i++) {
        for (let j = i; j < NA; j++) {
          let s = ap[i * NA + j]!;
          for (let k = 0; k < 3; k++) s += (kr[i * 3 + k]! - ap[i * NA + k]!) * K[j * 3 + k]!;
          pNew[i * NA + j] = s;
          pNew[j * NA + i] = s;
        }
      }
    } else josephGeneral(m);
    splitAugmented(pNew, out.P, outBias);
    out.tS = pred.tS;
    assertCovariance(out.P, N, 'acceleration-bias update', scratch);
  }

  /** Joseph form (I - K H) P (I - K H)^T + K R K^T over the 9-D state, H = [H_x 0] (m x 6). */
  function josephGeneral(m: number): void {
    for (let i = 0; i < NA; i++) {
      for (let j = 0; j < NA; j++) {
        let s = i === j ? 1 : 0;
        if (j < N) for (let k = 0; k < m; k++) s -= K[i * m + k]! * H[k * N + j]!;
        a[i * NA + j] = s;
      }
    }
    for (let i = 0; i < NA; i++) {
      for (let j = 0; j < NA; j++) {
        let s = 0;
        for (let k = 0; k < NA; k++) s += a[i * NA + k]! * P9[k * NA + j]!;
        ap[i * NA + j] = s;
      }
    }
    for (let i = 0; i < NA; i++) {
      for (let j = i; j < NA; j++) {
        let s = 0;
        for (let k = 0; k < NA; k++) s += ap[i * NA + k]! * a[j * NA + k]!;
        for (let k = 0; k < m; k++) s += kr[i * m + k]! * K[j * m + k]!;
        pNew[i * NA + j] = s;
        pNew[j * NA + i] = s;
      }
    }
    symmetrize(pNew, NA);
  }

  return {
    predictMeasurement(pred: GaussianState, model: MeasurementModel, out: MeasurementPrediction) {
      plain.predictMeasurement(pred, model, out);
    },
    update(pred, det, out) {
      update(pred, det, out);
    },
    updateScored: update,
  };
}
