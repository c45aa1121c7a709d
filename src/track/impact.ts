import { ecefFromGeodetic, enuRotation, geodeticFromEcef, siteFromGeodetic } from '../geo/index.js';
import { ballistic } from './ballistic.js';
import { eigenSym2 } from './linalg.js';
import type { TransitionModel } from './types.js';
import { SigmaPoints } from './unscented.js';

/** Parameters of impact-point prediction. */
export interface ImpactOptions {
  /** Motion model to fly the state with; ballistic (J2, rotating Earth) if not given. */
  transition?: TransitionModel;
  /** Integration step while searching for the ground, seconds. */
  stepS?: number;
  /** Give up (no impact: orbit or escape) after this long, seconds. */
  maxFlightS?: number;
  /** Probability mass inside the reported ellipse (2-D Gaussian). */
  confidence?: number;
  /**
   * Unmodelled acceleration over the remaining flight, as white noise of this spectral density
   * (m^2/s^3): adds q T^3 / 3 to the variance of each horizontal axis of the impact point, T the
   * flight time to the nominal impact. 0 (the default) adds nothing.
   */
  accelerationNoiseM2pS3?: number;
  /** Least semi-axis of the reported ellipse, m (the prediction claims no finer than this). */
  minSemiAxisM?: number;
}

export interface ImpactEllipse {
  /** Semi-axes in metres, at the requested confidence. */
  semiMajorM: number;
  semiMinorM: number;
  /** Azimuth of the major axis, degrees clockwise from true north, in [0, 180). */
  orientationDeg: number;
  confidence: number;
}

export interface ImpactPrediction {
  /** Time the state reaches the WGS84 ellipsoid (h = 0), seconds. */
  impactTS: number;
  latDeg: number;
  lonDeg: number;
  /** Impact point in ECEF, metres. */
  ecef: [number, number, number];
  /** 1-sigma spread of the impact time over the sigma points, seconds. */
  impactTimeSigmaS: number;
  ellipse: ImpactEllipse;
}

interface Landing {
  tS: number;
  x: Float64Array;
}

/** Flies x from tS until h <= 0; the crossing is refined by bisection to 1 mm. */
function land(
  model: TransitionModel,
  x0: Float64Array,
  tS: number,
  stepS: number,
  maxFlightS: number,
): Landing | undefined {
  const x = Float64Array.from(x0);
  const prev = new Float64Array(6);
  const probe = new Float64Array(6);
  const height = (s: Float64Array): number => geodeticFromEcef(s[0]!, s[1]!, s[2]!).hM;
  if (height(x) <= 0) return { tS, x };
  let t = tS;
  while (tS + maxFlightS - t > 1e-9) {
    // The last step is cut short so that no crossing after tS + maxFlightS is reported.
    const dtS = Math.min(stepS, tS + maxFlightS - t);
    prev.set(x);
    model.propagate(x, dtS, x);
    t += dtS;
    if (height(x) > 0) continue;
    let lo = 0;
    let hi = dtS;
    for (let it = 0; it < 60 && hi - lo > 1e-7; it++) {
      const mid = 0.5 * (lo + hi);
      model.propagate(prev, mid, probe);
      const h = height(probe);
      if (Math.abs(h) < 1e-3) {
        lo = mid;
        hi = mid;
        break;
      }
      if (h > 0) lo = mid;
      else hi = mid;
    }
    const tau = 0.5 * (lo + hi);
    model.propagate(prev, tau, probe);
    return { tS: t - dtS + tau, x: Float64Array.from(probe) };
  }
  return undefined;
}

/**
 * Predicts where and when a ballistic state meets the WGS84 ellipsoid (h = 0), with the
 * uncertainty ellipse of the impact point: the 13 unscented sigma points of (x, P) are each
 * flown to the ground, their impact points taken into the local east-north plane of the nominal
 * impact, and the weighted 2x2 covariance of those points scaled to the confidence
 * (k = sqrt(-2 ln(1 - p)) for a 2-D Gaussian). The nominal impact is that of the mean state.
 * Returns undefined if the mean state does not come down within `maxFlightS`.
 *
 * @example
 * const ip = predictImpact(track.tS, track.x, track.P);
 * // { impactTS: 612.4, latDeg: 40.1, lonDeg: 139.8, ellipse: { semiMajorM: 1800, semiMinorM: 350, orientationDeg: 72, confidence: 0.95 }, ... }
 */
export function predictImpact(
  tS: number,
  x: Float64Array,
  P: Float64Array,
  options: ImpactOptions = {},
): ImpactPrediction | undefined {
  const model = options.transition ?? ballistic({ accelerationNoiseM2pS3: 0 });
  const stepS = options.stepS ?? 2;
  const maxFlightS = options.maxFlightS ?? 3600;
  const confidence = options.confidence ?? 0.95;
  const nominal = land(model, x, tS, stepS, maxFlightS);
  if (!nominal) return undefined;
  const g = geodeticFromEcef(nominal.x[0]!, nominal.x[1]!, nominal.x[2]!);
  const ecef = ecefFromGeodetic(g.latDeg, g.lonDeg, 0);
  const rot = enuRotation(siteFromGeodetic(g.latDeg, g.lonDeg, 0));

  const sp = new SigmaPoints();
  sp.generate(x, P);
  let me = 0;
  let mn = 0;
  let mt = 0;
  const es: number[] = [];
  const ns: number[] = [];
  const ts: number[] = [];
  for (let s = 0; s < sp.points.length; s++) {
    // A sigma point that never lands (a wide early covariance) is held at the nominal impact.
    const l = land(model, sp.points[s]!, tS, stepS, maxFlightS) ?? nominal;
    const dx = l.x[0]! - ecef[0];
    const dy = l.x[1]! - ecef[1];
    const dz = l.x[2]! - ecef[2];
    const e = rot[0]! * dx + rot[1]! * dy + rot[2]! * dz;
    const n = rot[3]! * dx + rot[4]! * dy + rot[5]! * dz;
    es.push(e);
    ns.push(n);
    ts.push(l.tS);
    me += sp.wm[s]! * e;
    mn += sp.wm[s]! * n;
    mt += sp.wm[s]! * l.tS;
  }
  let cee = 0;
  let cen = 0;
  let cnn = 0;
  let ctt = 0;
  for (let s = 0; s < es.length; s++) {
    const w = sp.wc[s]!;
    const de = es[s]! - me;
    const dn = ns[s]! - mn;
    const dt = ts[s]! - mt;
    cee += w * de * de;
    cen += w * de * dn;
    cnn += w * dn * dn;
    ctt += w * dt * dt;
  }
  const flightS = Math.max(0, nominal.tS - tS);
  const added = ((options.accelerationNoiseM2pS3 ?? 0) * flightS ** 3) / 3;
  cee += added;
  cnn += added;
  const { l1, l2, angleRad } = eigenSym2(cee, cen, cnn);
  const k = Math.sqrt(-2 * Math.log(1 - confidence));
  // angleRad is measured from east towards north; azimuth is from north towards east.
  let orientationDeg = 90 - (angleRad * 180) / Math.PI;
  orientationDeg = ((orientationDeg % 180) + 180) % 180;
  return {
    impactTS: nominal.tS,
    latDeg: g.latDeg,
    lonDeg: g.lonDeg,
    ecef,
    impactTimeSigmaS: Math.sqrt(Math.max(ctt, 0)),
    ellipse: {
      semiMajorM: Math.max(options.minSemiAxisM ?? 0, k * Math.sqrt(Math.max(l1, 0))),
      semiMinorM: Math.max(options.minSemiAxisM ?? 0, k * Math.sqrt(Math.max(l2, 0))),
      orientationDeg,
      confidence,
    },
  };
}

/** Where and when a flight meets the ground. */
export interface GroundCrossing {
  tS: number;
  /** The state at the crossing, ECEF m and m/s. */
  x: Float64Array;
  latDeg: number;
  lonDeg: number;
}

/**
 * Where and when the mean state `x` at `tS`, flown ballistically (J2, rotating Earth, no thrust),
 * first meets the WGS84 ellipsoid (h = 0) no later than `untilS`; null if it stays above the ground
 * until then. A state already at or below the ground crosses at `tS`. The crossing is refined by
 * bisection to 1 mm. What a track's end is: a track whose prediction reaches the ground has hit it.
 * @example groundCrossing(track.tS, track.x, nowS) // { tS: 284.2, latDeg: 39.5, lonDeg: 135.1, x }
 */
export function groundCrossing(
  tS: number,
  x: Float64Array,
  untilS: number,
  options: Pick<ImpactOptions, 'transition' | 'stepS'> = {},
): GroundCrossing | null {
  const model = options.transition ?? ballistic({ accelerationNoiseM2pS3: 0 });
  const l = land(model, x, tS, options.stepS ?? 2, Math.max(0, untilS - tS));
  if (!l) return null;
  const g = geodeticFromEcef(l.x[0]!, l.x[1]!, l.x[2]!);
  return { tS: l.tS, x: l.x, latDeg: g.latDeg, lonDeg: g.lonDeg };
}

/**
 * Whether a point on the ground lies inside a prediction's impact ellipse (at its confidence),
 * measured in the local east-north plane of the nominal impact. A degenerate ellipse (a zero
 * semi-axis) contains only its own axis.
 * @example ellipseContains(ip, truth.latDeg, truth.lonDeg) // true in 95 % of predictions, if honest
 */
export function ellipseContains(p: ImpactPrediction, latDeg: number, lonDeg: number): boolean {
  const rot = enuRotation(siteFromGeodetic(p.latDeg, p.lonDeg, 0));
  const q = ecefFromGeodetic(latDeg, lonDeg, 0);
  const dx = q[0] - p.ecef[0];
  const dy = q[1] - p.ecef[1];
  const dz = q[2] - p.ecef[2];
  const e = rot[0]! * dx + rot[1]! * dy + rot[2]! * dz;
  const n = rot[3]! * dx + rot[4]! * dy + rot[5]! * dz;
  const th = (p.ellipse.orientationDeg * Math.PI) / 180;
  const major = e * Math.sin(th) + n * Math.cos(th);
  const minor = e * Math.cos(th) - n * Math.sin(th);
  const A = p.ellipse.semiMajorM;
  const B = p.ellipse.semiMinorM;
  if (A <= 0) return major === 0 && minor === 0;
  if (B <= 0) return Math.abs(major) <= A && minor === 0;
  return (major / A) ** 2 + (minor / B) ** 2 <= 1;
}
