import { describe, expect, it } from 'vitest';
import { siteFromGeodetic } from '../../src/geo/index.js';
import {
  ballistic,
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  isSymmetricPd,
  markovModeTransition,
  nees,
  type Predictor,
  radarPolar,
  type Track,
  twoPointInitiator,
  type Updater,
  unscentedKalmanPredictor,
  unscentedKalmanUpdater,
} from '../../src/track/index.js';
import { whiteNoiseAccelerationQ } from '../../src/track/white-noise.js';
import {
  ballisticTruth,
  cartesianDetection,
  chi2Quantile,
  gaussian,
  LAUNCH,
  rng,
  stateFromLaunch,
} from './helpers.js';

const Q = 1; // m^2/s^3, in both the truth and the filter: a matched model
const SIGMA_M = 50;

interface McResult {
  /** Mean over runs of the squared position error, per step. */
  mse: number[];
  /** Mean over runs of NEES, per step. */
  nees: number[];
}

/** Monte Carlo runs of one filter on independent noisy ballistic truths, 10 Hz Cartesian measurements. */
function monteCarlo(runs: number, durationS: number, make: () => { p: Predictor; u: Updater }): McResult {
  const steps = Math.round(durationS / 0.1) + 1;
  const mse = new Array<number>(steps).fill(0);
  const ne = new Array<number>(steps).fill(0);
  for (let r = 0; r < runs; r++) {
    const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 0.1, durationS, {
      accelerationNoiseM2pS3: Q,
      normal: gaussian(rng(1000 + r)),
    });
    const normal = gaussian(rng(r + 1));
    const { p, u } = make();
    const init = twoPointInitiator();
    let track: Track | undefined;
    for (let k = 0; k < truth.length; k++) {
      const tp = truth[k]!;
      const det = cartesianDetection(tp.tS, 0, tp.x, SIGMA_M, normal);
      if (!track) {
        track = init.initiate([det], tp.tS, () => 1)[0];
      } else {
        p.predict(track, tp.tS, track);
        u.update(track, det, track);
      }
      if (!track) continue;
      let e2 = 0;
      for (let i = 0; i < 3; i++) e2 += (track.x[i]! - tp.x[i]!) ** 2;
      mse[k] = mse[k]! + e2 / runs;
      ne[k] = ne[k]! + nees(tp.x, track.x, track.P) / runs;
    }
  }
  return { mse, nees: ne };
}

function mean(a: number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / (to - from);
}

describe('filters on a single ballistic target with Cartesian measurements', () => {
  const ekf = () => {
    const transition = ballistic({ accelerationNoiseM2pS3: Q });
    return { p: extendedKalmanPredictor({ transition }), u: extendedKalmanUpdater() };
  };
  const ukf = () => {
    const transition = ballistic({ accelerationNoiseM2pS3: Q });
    return { p: unscentedKalmanPredictor({ transition }), u: unscentedKalmanUpdater() };
  };

  for (const [name, make, runs] of [
    ['EKF', ekf, 40],
    ['UKF', ukf, 20],
  ] as const) {
    it(`${name}: position RMSE falls well below the measurement noise`, () => {
      const { mse } = monteCarlo(runs, 30, make);
      const early = Math.sqrt(mean(mse, 1, 10));
      const mid = Math.sqrt(mean(mse, 50, 100));
      const late = Math.sqrt(mean(mse, 200, 301));
      expect(mid).toBeLessThan(early);
      expect(late).toBeLessThan(mid);
      // Per-axis sigma 50 m is 87 m of 3-D noise; a converged filter at 10 Hz is many times better.
      expect(late).toBeLessThan(25);
    });

    it(`${name}: NEES averaged over runs sits inside its 95 % chi-square interval`, () => {
      const { nees: ne } = monteCarlo(runs, 30, make);
      const lo = chi2Quantile(0.025, 6 * runs) / runs;
      const hi = chi2Quantile(0.975, 6 * runs) / runs;
      const last = ne[ne.length - 1]!;
      expect(last).toBeGreaterThan(lo);
      expect(last).toBeLessThan(hi);
      const overall = mean(ne, 20, ne.length);
      expect(overall).toBeGreaterThan(lo);
      expect(overall).toBeLessThan(hi);
    });
  }
});

describe('covariance at ECEF magnitudes', () => {
  it('stays symmetric positive definite over 6,000 updates with correlated measurement noise', () => {
    const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 0.05, 300);
    const transition = ballistic({ accelerationNoiseM2pS3: 0.01 });
    const p = extendedKalmanPredictor({ transition });
    const u = extendedKalmanUpdater();
    const normal = gaussian(rng(7));
    const init = twoPointInitiator();
    let track: Track | undefined;
    // Strongly correlated, badly scaled R: 1 m along one direction, 300 m across.
    const R = Float64Array.of(45_000.5, 44_999.5, 0, 44_999.5, 45_000.5, 0, 0, 0, 1);
    let checked = 0;
    for (const tp of truth) {
      // 1 m of noise per axis: inside R's smallest direction, so R is honest (if pessimistic).
      const det = cartesianDetection(tp.tS, 0, tp.x, 1, normal);
      det.R = R;
      if (!track) {
        track = init.initiate([det], tp.tS, () => 1)[0];
        continue;
      }
      p.predict(track, tp.tS, track);
      u.update(track, det, track);
      let exactlySymmetric = true;
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < i; j++) exactlySymmetric &&= track.P[i * 6 + j] === track.P[j * 6 + i];
      if (exactlySymmetric && isSymmetricPd(track.P, 6)) checked++;
    }
    // Every update after the two-point start (the first two scans) passed.
    expect(checked).toBe(truth.length - 2);
  });
});

describe('ballistic motion model', () => {
  it('one call over 100 s lands within 1 m of a 10 ms truth integration', () => {
    const x0 = stateFromLaunch(LAUNCH);
    const truth = ballisticTruth(x0, 0, 100, 100);
    const x = Float64Array.from(x0);
    ballistic({ accelerationNoiseM2pS3: 0 }).propagate(x, 100, x);
    const end = truth[1]!.x;
    expect(Math.hypot(x[0]! - end[0]!, x[1]! - end[1]!, x[2]! - end[2]!)).toBeLessThan(1);
  });

  it('state transition Jacobian matches finite differences', () => {
    const model = ballistic({ accelerationNoiseM2pS3: 0 });
    const x0 = stateFromLaunch(LAUNCH);
    const F = new Float64Array(36);
    const base = new Float64Array(6);
    model.propagate(x0, 10, base, F);
    const steps = [1, 1, 1, 0.01, 0.01, 0.01];
    for (let j = 0; j < 6; j++) {
      const plus = Float64Array.from(x0);
      const minus = Float64Array.from(x0);
      plus[j] = plus[j]! + steps[j]!;
      minus[j] = minus[j]! - steps[j]!;
      const a = new Float64Array(6);
      const b = new Float64Array(6);
      model.propagate(plus, 10, a);
      model.propagate(minus, 10, b);
      for (let i = 0; i < 6; i++) {
        const fd = (a[i]! - b[i]!) / (2 * steps[j]!);
        // J2's share of the gravity gradient is left out of A: ~1e-3 of the gravity terms.
        expect(Math.abs(F[i * 6 + j]! - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)) + 1e-4);
      }
    }
  });
});

describe('ballistic process noise', () => {
  const q = 1e-3;
  const mul = (a: Float64Array, b: Float64Array, bT = false): Float64Array => {
    const out = new Float64Array(36);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += a[i * 6 + k]! * (bT ? b[j * 6 + k]! : b[k * 6 + j]!);
        out[i * 6 + j] = s;
      }
    return out;
  };

  it('over one RK4 substep is the constant-velocity white-noise form', () => {
    const x0 = stateFromLaunch(LAUNCH);
    const Q = new Float64Array(36);
    ballistic({ accelerationNoiseM2pS3: q }).processNoise(x0, 1.5, Q);
    expect(Array.from(Q)).toEqual(Array.from(whiteNoiseAccelerationQ(q, 1.5, new Float64Array(36))));
  });

  it('over a long interval is carried by the dynamics: Q(x0, 2T) = F Q(x0, T) F^T + Q(x(T), T), F from x(T) to x(2T)', () => {
    // The constant-velocity form over 2T breaks this by tens of percent: over 10 minutes the
    // gravity gradient (~1.5e-6 s^-2 near the surface, times T^2) is not small.
    const model = ballistic({ accelerationNoiseM2pS3: q });
    const x0 = stateFromLaunch(LAUNCH);
    const T = 600;
    // F carries the first half's noise through the second: the transition from x(T) to x(2T).
    const F = new Float64Array(36);
    const xT = new Float64Array(6);
    model.propagate(x0, T, xT);
    model.propagate(xT, T, new Float64Array(6), F);
    const Q1 = new Float64Array(36);
    const Q2 = new Float64Array(36);
    const Q12 = new Float64Array(36);
    model.processNoise(x0, T, Q1);
    model.processNoise(xT, T, Q2);
    model.processNoise(x0, 2 * T, Q12);
    const composed = mul(mul(F, Q1), F, true);
    for (let i = 0; i < 36; i++) composed[i] = composed[i]! + Q2[i]!;
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) {
        const scale = Math.sqrt(composed[i * 6 + i]! * composed[j * 6 + j]!);
        expect(Math.abs(Q12[i * 6 + j]! - composed[i * 6 + j]!)).toBeLessThan(1e-9 * scale);
      }
    const cv = whiteNoiseAccelerationQ(q, 2 * T, new Float64Array(36));
    let worst = 0;
    for (let i = 0; i < 6; i++) worst = Math.max(worst, Math.abs(Q12[i * 6 + i]! / cv[i * 6 + i]! - 1));
    expect(worst).toBeGreaterThan(0.1);
  });
});

describe('radar polar measurements', () => {
  it('EKF converges on range/azimuth/elevation from a coastal radar', () => {
    const site = siteFromGeodetic(37.5, 129.0, 100);
    const radar = radarPolar(site);
    const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 0.1, 60);
    const normal = gaussian(rng(3));
    const sr = 20;
    const sa = 1e-3;
    const R = Float64Array.of(sr * sr, 0, 0, 0, sa * sa, 0, 0, 0, sa * sa);
    const z = new Float64Array(3);
    const transition = ballistic({ accelerationNoiseM2pS3: 0.1 });
    const p = extendedKalmanPredictor({ transition });
    const u = extendedKalmanUpdater();
    const init = twoPointInitiator();
    let track: Track | undefined;
    const errs: number[] = [];
    const nis: number[] = [];
    for (const tp of truth) {
      radar.measure(tp.x, z);
      const det = {
        tS: tp.tS,
        sensor: 0,
        z: Float64Array.of(z[0]! + sr * normal(), z[1]! + sa * normal(), z[2]! + sa * normal()),
        R,
        model: radar,
      };
      if (!track) {
        track = init.initiate([det], tp.tS, () => 1)[0];
        continue;
      }
      p.predict(track, tp.tS, track);
      u.update(track, det, track);
      errs.push(Math.hypot(track.x[0]! - tp.x[0]!, track.x[1]! - tp.x[1]!, track.x[2]! - tp.x[2]!));
      nis.push(nees(tp.x, track.x, track.P));
    }
    const rms = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    // Cross-range noise at ~400 km with 1 mrad is ~400 m; the track ends far inside it.
    expect(rms(errs.slice(-100))).toBeLessThan(rms(errs.slice(0, 20)));
    expect(rms(errs.slice(-100))).toBeLessThan(150);
    const meanNees = nis.slice(100).reduce((s, v) => s + v, 0) / (nis.length - 100);
    expect(meanNees).toBeLessThan(12);
  });
});

describe('mode switching chain', () => {
  it('never leaves a model whose mean sojourn is infinite, while the other drains into it', () => {
    const pi = markovModeTransition({ meanSojournS: [Number.POSITIVE_INFINITY, 100] });
    const out = new Float64Array(4);
    for (const dt of [0.1, 1, 60, 3600]) {
      pi(dt, out);
      expect(out[0]).toBe(1);
      expect(out[1]).toBe(0);
      expect(out[2]).toBeCloseTo(1 - Math.exp(-dt / 100), 12);
      expect(out[3]).toBeCloseTo(Math.exp(-dt / 100), 12);
    }
  });

  it('sends a model only where its destinations say: coasting to the manoeuvre mode and back, never to boost', () => {
    const pi = markovModeTransition({
      meanSojournS: [1000, 100, 20],
      destinations: [
        [0, 0, 1],
        [0.5, 0, 0.5],
        [1, 0, 0],
      ],
    });
    const out = new Float64Array(9);
    for (const dt of [0.5, 5, 600]) {
      pi(dt, out);
      for (let i = 0; i < 3; i++) expect(out[i * 3]! + out[i * 3 + 1]! + out[i * 3 + 2]!).toBeCloseTo(1, 12);
      // Nothing re-ignites: no way into boost from coasting or from the manoeuvre mode.
      expect(out[1]).toBe(0);
      expect(out[7]).toBe(0);
    }
    // Short intervals: the leaving rate, to the named destination only.
    pi(0.5, out);
    expect(out[2]).toBeCloseTo(0.5 / 1000, 4);
    expect(out[6]).toBeCloseTo(0.5 / 20, 3);
  });
});
