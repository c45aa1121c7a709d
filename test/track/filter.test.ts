import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, siteFromGeodetic } from '../../src/geo/index.js';
import {
  AERO_CORRELATION_S,
  airDensity,
  approxHeightM,
  ballistic,
  DRAG_BETA_RANGE_KGPM2,
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  inverseBetaPrior,
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

describe('air density and height for the drag-aware coasting model', () => {
  it('follows the U.S. Standard Atmosphere 1976 at its tabulated heights and between them', () => {
    const o = new Float64Array(2);
    // Table I of NOAA-S/T 76-1562: density at 0, 20, 50 and 25 km (the last between two rows).
    for (const [hM, rho, tol] of [
      [0, 1.225, 1e-6],
      [20_000, 8.891e-2, 1e-3],
      [50_000, 1.0269e-3, 1e-3],
      [25_000, 4.008e-2, 0.03],
    ] as const) {
      airDensity(hM, o);
      expect(Math.abs(o[0]! / rho - 1), `${hM} m`).toBeLessThan(tol);
      // The scale height there, -1 / dln(rho)/dh, is 6-9 km.
      expect(-1 / o[1]!).toBeGreaterThan(5_000);
      expect(-1 / o[1]!).toBeLessThan(10_000);
    }
  });

  it('puts an ECEF point at its geodetic height within 50 m up to 1,000 km', () => {
    for (const lat of [0, 38, 60, 89]) {
      for (const h of [0, 30_000, 300_000, 1_000_000]) {
        const [x, y, z] = ecefFromGeodetic(lat, 130, h);
        expect(Math.abs(approxHeightM(x, y, z) - h), `${lat} deg, ${h} m`).toBeLessThan(50);
      }
    }
  });
});

describe('ballistic motion model with drag of an unknown body', () => {
  const prior = inverseBetaPrior(DRAG_BETA_RANGE_KGPM2[0], DRAG_BETA_RANGE_KGPM2[1]);
  const aero = {
    meanInverseBetaM2pKg: prior.meanM2pKg,
    sigmaInverseBetaM2pKg: prior.sigmaM2pKg,
    correlationS: AERO_CORRELATION_S,
  };
  /** 20 km above 38 N 130 E, 2 km/s eastward and 500 m/s down. */
  const low = (): Float64Array => {
    const [x, y, z] = ecefFromGeodetic(38, 130, 20_000);
    const [ex, ey, ez] = ecefFromGeodetic(38, 130.001, 20_000);
    const e = Math.hypot(ex - x, ey - y, ez - z);
    const u = Math.hypot(x, y, z);
    return Float64Array.of(
      x,
      y,
      z,
      (2000 * (ex - x)) / e - (500 * x) / u,
      (2000 * (ey - y)) / e - (500 * y) / u,
      (2000 * (ez - z)) / e - (500 * z) / u,
    );
  };

  it('takes its 1/beta prior from the log-uniform range', () => {
    expect(prior.meanM2pKg).toBeCloseTo(2.15e-4, 6);
    expect(prior.sigmaM2pKg).toBeCloseTo(2.5e-4, 6);
    expect(() => inverseBetaPrior(100, 100)).toThrow(RangeError);
  });

  it('decelerates by rho v^2 / 2 times the mean 1/beta, and not at all without drag', () => {
    const x0 = low();
    const withDrag = new Float64Array(6);
    const without = new Float64Array(6);
    ballistic({ accelerationNoiseM2pS3: 0, aero }).propagate(x0, 0.1, withDrag);
    ballistic({ accelerationNoiseM2pS3: 0 }).propagate(x0, 0.1, without);
    const v = Math.hypot(x0[3]!, x0[4]!, x0[5]!);
    const expected = 0.5 * 0.0889 * v * v * prior.meanM2pKg * 0.1;
    // The velocity lost along the velocity over 0.1 s, drag on against drag off.
    let along = 0;
    for (let i = 0; i < 3; i++) along += ((without[i + 3]! - withDrag[i + 3]!) * x0[i + 3]!) / v;
    expect(Math.abs(along / expected - 1)).toBeLessThan(0.02);
  });

  it('state transition Jacobian, drag included, matches finite differences', () => {
    const model = ballistic({ accelerationNoiseM2pS3: 0, aero });
    const x0 = low();
    const F = new Float64Array(36);
    model.propagate(x0, 4, new Float64Array(6), F);
    const steps = [1, 1, 1, 0.01, 0.01, 0.01];
    for (let j = 0; j < 6; j++) {
      const plus = Float64Array.from(x0);
      const minus = Float64Array.from(x0);
      plus[j] = plus[j]! + steps[j]!;
      minus[j] = minus[j]! - steps[j]!;
      const a = new Float64Array(6);
      const b = new Float64Array(6);
      model.propagate(plus, 4, a);
      model.propagate(minus, 4, b);
      for (let i = 0; i < 6; i++) {
        const fd = (a[i]! - b[i]!) / (2 * steps[j]!);
        // The height is the ellipsoid's at the geocentric latitude: its gradient is r's direction.
        expect(Math.abs(F[i * 6 + j]! - fd), `F[${i}][${j}]`).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('has white noise that follows the dynamic pressure: large low in the air, the floor above it', () => {
    const model = ballistic({ accelerationNoiseM2pS3: 1e-8, aero });
    const Q = new Float64Array(36);
    const x0 = low();
    model.processNoise(x0, 1, Q);
    const v = Math.hypot(x0[3]!, x0[4]!, x0[5]!);
    const sigmaA = 0.5 * 0.0889 * v * v * prior.sigmaM2pKg;
    expect(Math.abs(Q[21]! / (sigmaA * sigmaA * AERO_CORRELATION_S) - 1)).toBeLessThan(0.02);
    const high = Float64Array.from(x0);
    const [x, y, z] = ecefFromGeodetic(38, 130, 300_000);
    high.set([x, y, z]);
    model.processNoise(high, 1, Q);
    expect(Array.from(Q)).toEqual(Array.from(whiteNoiseAccelerationQ(1e-8, 1, new Float64Array(36))));
  });
});
