import {
  ecefAcceleration,
  ecefFromGeodetic,
  ecefVectorFromEnu,
  siteFromGeodetic,
} from '../../src/geo/index.js';
import type { Detection, MeasurementModel } from '../../src/track/index.js';
import { cartesianPosition } from '../../src/track/index.js';

/** Seeded uniform [0, 1) generator (mulberry32): tests replay exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box-Muller). */
export function gaussian(u: () => number): () => number {
  return () => {
    const a = Math.max(u(), 1e-300);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

export interface TruthPoint {
  tS: number;
  x: Float64Array;
}

/** Burn-out state: geodetic position and local east/north/up velocity. */
export interface Launch {
  latDeg: number;
  lonDeg: number;
  hM: number;
  eastMps: number;
  northMps: number;
  upMps: number;
}

export function stateFromLaunch(l: Launch): Float64Array {
  const [x, y, z] = ecefFromGeodetic(l.latDeg, l.lonDeg, l.hM);
  const v = ecefVectorFromEnu(siteFromGeodetic(l.latDeg, l.lonDeg, l.hM), l.eastMps, l.northMps, l.upMps);
  return Float64Array.of(x, y, z, v[0], v[1], v[2]);
}

/**
 * Ballistic truth by RK4 on `ecefAcceleration` with 10 ms steps (finer than any filter step), sampled every
 * `dtS` from t0S for durationS. With `noise`, a random acceleration of spectral density q (m^2/s^3),
 * held for each 10 ms step, perturbs the flight: the process the filters assume, so their NEES can be
 * tested against chi-square.
 */
export function ballisticTruth(
  x0: Float64Array,
  t0S: number,
  dtS: number,
  durationS: number,
  noise?: { accelerationNoiseM2pS3: number; normal: () => number },
): TruthPoint[] {
  const out: TruthPoint[] = [];
  const x = Float64Array.from(x0);
  const h = 0.01;
  const sub = Math.round(dtS / h);
  const acc = new Float64Array(3);
  const k: Float64Array[] = [0, 1, 2, 3].map(() => new Float64Array(6));
  const xs = new Float64Array(6);
  const deriv = (s: Float64Array, o: Float64Array): void => {
    ecefAcceleration(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, acc);
    o.set([s[3]!, s[4]!, s[5]!, acc[0]!, acc[1]!, acc[2]!]);
  };
  const steps = Math.round(durationS / dtS);
  for (let n = 0; n <= steps; n++) {
    out.push({ tS: t0S + n * dtS, x: Float64Array.from(x) });
    for (let s = 0; s < sub; s++) {
      const [k1, k2, k3, k4] = k as [Float64Array, Float64Array, Float64Array, Float64Array];
      deriv(x, k1);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k1[i]!;
      deriv(xs, k2);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k2[i]!;
      deriv(xs, k3);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + h * k3[i]!;
      deriv(xs, k4);
      for (let i = 0; i < 6; i++) x[i] = x[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      if (noise) {
        const sd = Math.sqrt(noise.accelerationNoiseM2pS3 / h);
        for (let i = 0; i < 3; i++) {
          const a = sd * noise.normal();
          x[i] = x[i]! + 0.5 * a * h * h;
          x[i + 3] = x[i + 3]! + a * h;
        }
      }
    }
  }
  return out;
}

const cartesian: MeasurementModel = cartesianPosition();

/** A Cartesian detection of position p with independent noise of sigmaM per axis (and that R). */
export function cartesianDetection(
  tS: number,
  sensor: number,
  x: Float64Array,
  sigmaM: number,
  normal: () => number,
): Detection {
  const v = sigmaM * sigmaM;
  return {
    tS,
    sensor,
    z: Float64Array.of(x[0]! + sigmaM * normal(), x[1]! + sigmaM * normal(), x[2]! + sigmaM * normal()),
    R: Float64Array.of(v, 0, 0, 0, v, 0, 0, 0, v),
    model: cartesian,
  };
}

/** Chi-square quantile by the Wilson-Hilferty approximation (good to <1 % for k >= 3). */
export function chi2Quantile(p: number, k: number): number {
  // Standard normal quantile (Acklam's rational approximation is overkill here; a bisection on erf suffices).
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  const z = 0.5 * (lo + hi);
  const a = 2 / (9 * k);
  return k * (1 - a + z * Math.sqrt(a)) ** 3;
}

function normalCdf(x: number): number {
  // Abramowitz and Stegun 7.1.26 on erf.
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** A typical North Korean launch to the Sea of Japan: burn-out at 60 km, ~3.8 km/s. */
export const LAUNCH: Launch = {
  latDeg: 39.0,
  lonDeg: 125.8,
  hM: 60_000,
  eastMps: 2600,
  northMps: 400,
  upMps: 2700,
};

/**
 * Powered flight: RK4 (10 ms steps) on `ecefAcceleration` plus a thrust acceleration of
 * `thrustMps2(tS)` along the velocity (a gravity turn), sampled every `dtS` from t0S for durationS.
 * Thrust 0 is ballistic flight, so one call covers boost, burn-out and coast.
 */
export function poweredTruth(
  x0: Float64Array,
  t0S: number,
  dtS: number,
  durationS: number,
  thrustMps2: (tS: number) => number,
): TruthPoint[] {
  const out: TruthPoint[] = [];
  const x = Float64Array.from(x0);
  const h = 0.01;
  const sub = Math.round(dtS / h);
  const acc = new Float64Array(3);
  const k: Float64Array[] = [0, 1, 2, 3].map(() => new Float64Array(6));
  const xs = new Float64Array(6);
  const deriv = (tS: number, s: Float64Array, o: Float64Array): void => {
    ecefAcceleration(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, acc);
    const a = thrustMps2(tS) / Math.hypot(s[3]!, s[4]!, s[5]!);
    o.set([s[3]!, s[4]!, s[5]!, acc[0]! + a * s[3]!, acc[1]! + a * s[4]!, acc[2]! + a * s[5]!]);
  };
  const steps = Math.round(durationS / dtS);
  let t = t0S;
  for (let n = 0; n <= steps; n++) {
    out.push({ tS: t0S + n * dtS, x: Float64Array.from(x) });
    for (let s = 0; s < sub; s++) {
      const [k1, k2, k3, k4] = k as [Float64Array, Float64Array, Float64Array, Float64Array];
      deriv(t, x, k1);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k1[i]!;
      deriv(t + 0.5 * h, xs, k2);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k2[i]!;
      deriv(t + 0.5 * h, xs, k3);
      for (let i = 0; i < 6; i++) xs[i] = x[i]! + h * k3[i]!;
      deriv(t + h, xs, k4);
      for (let i = 0; i < 6; i++) x[i] = x[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      t = t0S + n * dtS + (s + 1) * h;
    }
  }
  return out;
}
