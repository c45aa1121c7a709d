import { describe, expect, it } from 'vitest';
import { gaussMarkovResponse } from '../../src/track/acceleration-bias.js';
import {
  accelerationBiasPredictor,
  accelerationBiasUpdater,
  constantVelocity,
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  type GaussianState,
  nees,
  priorAccelerationBias,
  standardComponents,
} from '../../src/track/index.js';
import { cartesianDetection, gaussian, rng } from './helpers.js';

/** The Gauss-Markov response by a fine midpoint sum of phi(s) phi(s)^T qc (the test's own). */
function bruteForce(sigma: number, tau: number, dt: number): number[] {
  const a = 1 / tau;
  const qc = 2 * sigma * sigma * a;
  const n = 200_000;
  const h = dt / n;
  const q = new Array<number>(9).fill(0);
  for (let k = 0; k < n; k++) {
    const s = (k + 0.5) * h;
    const e = Math.exp(-a * s);
    const r = [(a * s - 1 + e) / (a * a), (1 - e) / a, e];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q[i * 3 + j]! += h * qc * r[i]! * r[j]!;
  }
  return q;
}

describe('the acceleration-bias state (first-order Gauss-Markov)', () => {
  it('has the Singer transition and process noise, short and long intervals alike', () => {
    for (const [tau, dt] of [
      [300, 1],
      [300, 10],
      [20, 35],
      [300, 3600],
    ] as const) {
      const r = { e: 0, gv: 0, gp: 0, q: new Float64Array(9) };
      gaussMarkovResponse(0.03, tau, dt, r);
      const a = 1 / tau;
      expect(r.e).toBeCloseTo(Math.exp(-a * dt), 12);
      expect(r.gv / ((1 - Math.exp(-a * dt)) / a)).toBeCloseTo(1, 9);
      expect(r.gp / ((a * dt - 1 + Math.exp(-a * dt)) / (a * a))).toBeCloseTo(1, 6);
      const ref = bruteForce(0.03, tau, dt);
      for (let i = 0; i < 9; i++)
        expect(r.q[i]! / ref[i]!, `tau ${tau} dt ${dt} entry ${i}`).toBeCloseTo(1, 5);
      // Stationary: a bias at its prior spread keeps it, e^2 sigma^2 + q_bb = sigma^2.
      expect(r.e * r.e * 0.03 ** 2 + r.q[8]!).toBeCloseTo(0.03 ** 2, 12);
    }
  });

  it('learns a constant acceleration the motion model lacks; the plain filter is overconfident', () => {
    const accel = [0.04, -0.03, 0.02]; // m/s^2, within the prior's 0.03 per axis
    const sigmaM = 20;
    const runs = 20;
    let neesBias = 0;
    let neesPlain = 0;
    let samples = 0;
    let biasNees = 0;
    for (let run = 0; run < runs; run++) {
      const normal = gaussian(rng(100 + run));
      const cv = constantVelocity({ accelerationNoiseM2pS3: 1e-8 });
      const pb = accelerationBiasPredictor({ transition: cv, sigmaMps2: 0.03, correlationS: 300 });
      const ub = accelerationBiasUpdater();
      const pp = extendedKalmanPredictor({ transition: cv });
      const up = extendedKalmanUpdater();
      const x0 = Float64Array.of(6.4e6, 1e5, 2e5, 1500, -2000, 800);
      const P0 = new Float64Array(36);
      for (let i = 0; i < 3; i++) {
        P0[i * 7] = sigmaM * sigmaM;
        P0[(i + 3) * 7] = 100;
      }
      const biased: GaussianState = {
        tS: 0,
        x: Float64Array.from(x0),
        P: Float64Array.from(P0),
        bias: priorAccelerationBias(0.03),
      };
      const plain: GaussianState = { tS: 0, x: Float64Array.from(x0), P: Float64Array.from(P0) };
      for (let t = 2; t <= 600; t += 2) {
        const truth = new Float64Array(6);
        for (let i = 0; i < 3; i++) {
          truth[i] = x0[i]! + x0[i + 3]! * t + 0.5 * accel[i]! * t * t;
          truth[i + 3] = x0[i + 3]! + accel[i]! * t;
        }
        const det = cartesianDetection(t, 0, truth, sigmaM, normal);
        pb.predict(biased, t, biased);
        ub.update(biased, det, biased);
        pp.predict(plain, t, plain);
        up.update(plain, det, plain);
        if (t >= 300 && t % 20 === 0) {
          neesBias += nees(truth, biased.x, biased.P);
          neesPlain += nees(truth, plain.x, plain.P);
          samples++;
        }
      }
      const b = biased.bias!;
      biasNees += nees(accel, b.b, b.Pbb);
      // The measurements taught it: its spread is below the prior's (renewed over 300 s, so not far).
      expect(Math.sqrt(b.Pbb[0]!)).toBeLessThan(0.6 * 0.03);
    }
    // Measured: mean NEES 3.96 (6-D; a constant is a conservative case of a bias the model
    // expects to drift), the bias's own 0.69 (3-D), the plain filter's 4.3e6.
    expect(neesBias / samples).toBeGreaterThan(2);
    expect(neesBias / samples).toBeLessThan(8);
    expect(biasNees / runs).toBeLessThan(3);
    expect(neesPlain / samples).toBeGreaterThan(1e5);
  });

  it('keeps the plain EKF update where the bias is known to be nil (its covariance ~0)', () => {
    const normal = gaussian(rng(7));
    const cv = constantVelocity({ accelerationNoiseM2pS3: 1 });
    const pb = accelerationBiasPredictor({ transition: cv, sigmaMps2: 1e-12 });
    const ub = accelerationBiasUpdater();
    const pp = extendedKalmanPredictor({ transition: cv });
    const up = extendedKalmanUpdater();
    const x0 = Float64Array.of(6.4e6, 0, 0, 100, 200, 300);
    const P0 = new Float64Array(36);
    for (let i = 0; i < 6; i++) P0[i * 7] = i < 3 ? 1e4 : 1e2;
    const a: GaussianState = {
      tS: 0,
      x: Float64Array.from(x0),
      P: Float64Array.from(P0),
      bias: priorAccelerationBias(1e-12),
    };
    const b: GaussianState = { tS: 0, x: Float64Array.from(x0), P: Float64Array.from(P0) };
    for (let t = 1; t <= 20; t++) {
      const det = cartesianDetection(t, 0, x0, 30, normal);
      pb.predict(a, t, a);
      ub.update(a, det, a);
      pp.predict(b, t, b);
      up.update(b, det, b);
    }
    for (let i = 0; i < 6; i++) expect(a.x[i]).toBeCloseTo(b.x[i]!, 6);
    for (let i = 0; i < 36; i++) expect(a.P[i]! / b.P[i]! || 1).toBeCloseTo(1, 9);
  });

  it('is an EKF option of the IMM composition, with a clear error elsewhere', () => {
    expect(() => standardComponents({ accelerationBias: true })).not.toThrow();
    expect(() => standardComponents({ accelerationBias: true, filter: 'ukf' })).toThrow(/accelerationBias/);
    expect(() => standardComponents({ accelerationBias: { sigmaMps2: -1 } })).toThrow(/sigmaMps2/);
  });
});
