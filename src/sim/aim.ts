import {
  enuFromEcef,
  GM_M3PS2,
  haversineDistanceM,
  initialBearingDeg,
  OMEGA_EARTH_RADPS,
  siteFromGeodetic,
} from '../geo/index.js';
import {
  type FlightOptions,
  flyMissile,
  type LaunchPoint,
  type MissileClass,
  type Steering,
  totalBurnS,
} from './flight.js';
import { stateAt, type Trajectory } from './trajectory.js';

export type Profile =
  | { readonly kind: 'minimum-energy' }
  | { readonly kind: 'lofted'; readonly apogeeM: number }
  | { readonly kind: 'depressed'; readonly apogeeM: number };

export interface AimSolution {
  readonly steering: Steering;
  readonly trajectory: Trajectory;
  /** Distance (m) from the impact to the aim point. */
  readonly missM: number;
}

/** Why an aim could not be met, for the caller to report against the scenario field. */
export class AimError extends Error {
  override name = 'AimError';
}

/** Coarse steps for the search, fine ones for the final answer (same physics, less work). */
const COARSE: FlightOptions = { boostStepS: 0.5, coastStepS: 4 };
const FINE: FlightOptions = { boostStepS: 0.1, coastStepS: 1 };
const MIN_PITCH_DEG = 3;
const MAX_PITCH_DEG = 89.5;

/**
 * Finds the steering (heading, final pitch, cut-off time) that puts a missile of class `cls` on
 * the aim point with the requested profile. Real boost data are not public, so the boost is a
 * parametrised programme and the aim is met by shooting:
 *
 * 1. For a given final pitch, solve heading and cut-off for the impact point: bisection on the
 *    cut-off for down-range, then a 2-D Newton polish (finite-difference Jacobian) on heading and
 *    cut-off for the east/north miss at the target. Earth rotation and J2 make the heading differ
 *    slightly from the great-circle bearing; Newton takes care of that.
 * 2. Minimum energy: golden-section search on the final pitch for the least burnout energy (the
 *    textbook minimum-energy trajectory; it is not the least-propellant one, which flies flatter
 *    to cut gravity losses).
 * 3. Lofted / depressed: at the requested apogee, bisection on the final pitch for range (the
 *    cut-off solved for the apogee inside), secant steps on the heading for the cross-track miss,
 *    then a 3-D Newton polish on (heading, pitch, cut-off).
 *
 * The search runs on coarse RK4 steps and the answer is then polished on fine steps, so the
 * returned trajectory hits the aim point to within a few metres.
 *
 * @example
 * const sol = solveAim(launch, hwasong12, { latDeg: 40.0, lonDeg: 180.0 }, { kind: 'minimum-energy' });
 * sol.trajectory.apogeeM // ~1.1e6
 */
export function solveAim(
  launch: LaunchPoint,
  cls: MissileClass,
  target: { latDeg: number; lonDeg: number },
  profile: Profile,
): AimSolution {
  const ctx = makeContext(launch, cls, target);
  if (profile.kind === 'minimum-energy') {
    const pitchDeg = minimumEnergyPitch(ctx);
    const fine = solveForPitch(ctx, pitchDeg, FINE, ctx.lastGuess);
    if (!fine)
      throw new AimError(`no steering reaches the aim point with final pitch ${pitchDeg.toFixed(2)} deg`);
    return fine;
  }
  const coarse = solveForApogee(ctx, profile.apogeeM);
  const fine = polish(ctx, coarse, profile.apogeeM);
  const errM = Math.abs(fine.trajectory.apogeeM - profile.apogeeM);
  if (fine.missM > 100 || errM > 0.001 * profile.apogeeM) {
    throw new AimError(
      `could not meet a ${profile.kind} apogee of ${(profile.apogeeM / 1000).toFixed(0)} km at ${(ctx.rangeM / 1000).toFixed(0)} km (miss ${fine.missM.toFixed(0)} m, apogee ${(fine.trajectory.apogeeM / 1000).toFixed(0)} km)`,
    );
  }
  return fine;
}

interface Context {
  readonly launch: LaunchPoint;
  readonly cls: MissileClass;
  readonly target: { latDeg: number; lonDeg: number };
  readonly rangeM: number;
  readonly bearingDeg: number;
  readonly burnS: number;
  lastGuess: { headingDeg: number; cutoffS: number } | null;
}

function makeContext(
  launch: LaunchPoint,
  cls: MissileClass,
  target: { latDeg: number; lonDeg: number },
): Context {
  return {
    launch,
    cls,
    target,
    rangeM: haversineDistanceM(launch.latDeg, launch.lonDeg, target.latDeg, target.lonDeg),
    bearingDeg: initialBearingDeg(launch.latDeg, launch.lonDeg, target.latDeg, target.lonDeg),
    burnS: totalBurnS(cls),
    lastGuess: null,
  };
}

/** Signed down-range overshoot (m): positive past the target. Flights that never come down count as far past. */
function overshootM(ctx: Context, t: Trajectory): number {
  if (!t.impact) return Number.POSITIVE_INFINITY;
  const r = haversineDistanceM(ctx.launch.latDeg, ctx.launch.lonDeg, t.impact.latDeg, t.impact.lonDeg);
  // Beyond half the globe the distance folds back; treat as overshoot.
  const b = initialBearingDeg(ctx.launch.latDeg, ctx.launch.lonDeg, t.impact.latDeg, t.impact.lonDeg);
  const d = Math.abs(((b - ctx.bearingDeg + 540) % 360) - 180);
  if (d > 90 && r > 100_000) return -r - ctx.rangeM;
  return r - ctx.rangeM;
}

/** East/north miss (m) at the target. */
function missEnu(ctx: Context, t: Trajectory): [number, number] | null {
  if (!t.impact) return null;
  const site = siteFromGeodetic(ctx.target.latDeg, ctx.target.lonDeg, 0);
  const n = t.tS.length - 1;
  const enu = enuFromEcef(site, t.x[n]!, t.y[n]!, t.z[n]!);
  return [enu[0], enu[1]];
}

/** Heading and cut-off for a fixed final pitch, or null when the class cannot reach the target that way. */
function solveForPitch(
  ctx: Context,
  pitchDeg: number,
  opts: FlightOptions,
  guess: { headingDeg: number; cutoffS: number } | null,
): AimSolution | null {
  const fly = (headingDeg: number, cutoffS: number) =>
    flyMissile(ctx.launch, ctx.cls, { headingDeg, finalPitchDeg: pitchDeg, cutoffS }, opts);
  let heading = guess?.headingDeg ?? ctx.bearingDeg;
  let cutoff: number;

  // Bracket and bisect the cut-off on down-range at the current heading. Range is not monotonic
  // in cut-off for long lofted flights (the Earth turns under them), so the bracket is the first
  // cut-off, scanning up from the least, that passes the target: the lower-energy branch.
  let lo = Math.min(ctx.cls.verticalRiseS + 1, ctx.burnS);
  let hi = Number.NaN;
  if (overshootM(ctx, fly(heading, lo)) > 0) return null;
  if (guess && guess.cutoffS > lo && guess.cutoffS < ctx.burnS) {
    // Try a narrow bracket around the previous answer first.
    const a = Math.max(lo, guess.cutoffS - 2);
    const b = Math.min(ctx.burnS, guess.cutoffS + 2);
    if (overshootM(ctx, fly(heading, a)) < 0 && overshootM(ctx, fly(heading, b)) > 0) {
      lo = a;
      hi = b;
    }
  }
  if (Number.isNaN(hi)) {
    const scanS = (ctx.burnS - lo) / 24;
    for (let c = lo + scanS; c <= ctx.burnS + 1e-9; c += scanS) {
      if (overshootM(ctx, fly(heading, Math.min(c, ctx.burnS))) > 0) {
        hi = Math.min(c, ctx.burnS);
        break;
      }
      lo = c;
    }
    if (Number.isNaN(hi)) return null;
  }
  while (hi - lo > 0.05) {
    const mid = 0.5 * (lo + hi);
    if (overshootM(ctx, fly(heading, mid)) > 0) hi = mid;
    else lo = mid;
  }
  cutoff = 0.5 * (lo + hi);

  // Newton on (heading, cut-off) for the east/north miss.
  const dH = 1e-3;
  const dC = 1e-3;
  let traj = fly(heading, cutoff);
  let miss = missEnu(ctx, traj);
  for (let iter = 0; iter < 12 && miss; iter++) {
    if (Math.hypot(miss[0], miss[1]) < 1) break;
    const a = missEnu(ctx, fly(heading + dH, cutoff));
    const b = missEnu(ctx, fly(heading, Math.min(cutoff + dC, ctx.burnS)));
    if (!a || !b) break;
    const stepC = Math.min(cutoff + dC, ctx.burnS) - cutoff;
    if (stepC <= 0) break;
    const j00 = (a[0] - miss[0]) / dH;
    const j10 = (a[1] - miss[1]) / dH;
    const j01 = (b[0] - miss[0]) / stepC;
    const j11 = (b[1] - miss[1]) / stepC;
    const det = j00 * j11 - j01 * j10;
    if (det === 0 || !Number.isFinite(det)) break;
    const dh = (j11 * -miss[0] - j01 * -miss[1]) / det;
    const dc = (-j10 * -miss[0] + j00 * -miss[1]) / det;
    heading += Math.max(-5, Math.min(5, dh));
    cutoff = Math.max(ctx.cls.verticalRiseS, Math.min(ctx.burnS, cutoff + Math.max(-10, Math.min(10, dc))));
    traj = fly(heading, cutoff);
    miss = missEnu(ctx, traj);
  }
  if (!miss) return null;
  const missM = Math.hypot(miss[0], miss[1]);
  // A miss of more than a kilometre after Newton means the target is at the edge of the envelope.
  if (missM > 1000) return null;
  ctx.lastGuess = { headingDeg: heading, cutoffS: cutoff };
  return {
    steering: { headingDeg: heading, finalPitchDeg: pitchDeg, cutoffS: cutoff },
    trajectory: traj,
    missM,
  };
}

/**
 * Golden-section search on the final pitch for the least burnout energy: the textbook
 * minimum-energy trajectory (the least burnout speed that reaches the range), measured as the
 * inertial specific orbital energy at cut-off so the Earth's rotation is accounted for.
 */
function minimumEnergyPitch(ctx: Context): number {
  const s = new Float64Array(6);
  const cost = (p: number): number => {
    const sol = solveForPitch(ctx, p, COARSE, ctx.lastGuess);
    if (!sol) return Number.POSITIVE_INFINITY;
    stateAt(sol.trajectory, sol.steering.cutoffS, s);
    return burnoutEnergy(s);
  };
  const g = (Math.sqrt(5) - 1) / 2;
  let a = 5;
  let b = 85;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = cost(c);
  let fd = cost(d);
  if (!Number.isFinite(fc) && !Number.isFinite(fd)) {
    throw new AimError(`the aim point (${(ctx.rangeM / 1000).toFixed(0)} km) is out of reach for this class`);
  }
  while (b - a > 0.05) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = cost(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = cost(d);
    }
  }
  return 0.5 * (a + b);
}

/** Specific orbital energy (J/kg) in the inertial frame of an ECEF state [x, y, z, vx, vy, vz]. */
function burnoutEnergy(s: Float64Array): number {
  const vix = s[3]! - OMEGA_EARTH_RADPS * s[1]!;
  const viy = s[4]! + OMEGA_EARTH_RADPS * s[0]!;
  const viz = s[5]!;
  return 0.5 * (vix * vix + viy * viy + viz * viz) - GM_M3PS2 / Math.hypot(s[0]!, s[1]!, s[2]!);
}

/** Signed cross-track miss (m) at the target: positive to the right of the launch-to-target track. */
function crossTrackM(ctx: Context, t: Trajectory): number {
  const miss = missEnu(ctx, t);
  if (!miss) return Number.NaN;
  // Direction of travel at the target: the reverse of the bearing back to the launch point.
  const back = initialBearingDeg(ctx.target.latDeg, ctx.target.lonDeg, ctx.launch.latDeg, ctx.launch.lonDeg);
  const b = ((back + 180) * Math.PI) / 180;
  return miss[0] * Math.cos(b) - miss[1] * Math.sin(b);
}

/** The cut-off that gives the requested apogee at this heading and pitch (apogee rises with cut-off), or null if out of reach. */
function cutoffForApogee(
  ctx: Context,
  headingDeg: number,
  pitchDeg: number,
  apogeeM: number,
): Trajectory | null {
  const fly = (cutoffS: number) =>
    flyMissile(ctx.launch, ctx.cls, { headingDeg, finalPitchDeg: pitchDeg, cutoffS }, COARSE);
  let lo = Math.min(ctx.cls.verticalRiseS + 1, ctx.burnS);
  let hi = ctx.burnS;
  let top = fly(hi);
  if (top.apogeeM < apogeeM) return null;
  if (fly(lo).apogeeM > apogeeM) return null;
  while (hi - lo > 0.01) {
    const mid = 0.5 * (lo + hi);
    const t = fly(mid);
    if (t.apogeeM > apogeeM) {
      hi = mid;
      top = t;
    } else lo = mid;
  }
  return top;
}

/**
 * Lofted and depressed shots: at a fixed apogee, range falls as the final pitch rises (less of the
 * burnout speed is horizontal), so bisect the pitch for range, solving the cut-off for the apogee
 * inside; then correct the heading for the cross-track miss by secant steps and repeat. Searching
 * at fixed apogee, not at fixed range, matters for lofted flights: their range is not monotonic in
 * cut-off, because the Earth turns under a flight that lasts an hour.
 */
function solveForApogee(ctx: Context, apogeeM: number): AimSolution {
  let heading = ctx.bearingDeg;
  let best: AimSolution | null = null;
  let prev: { heading: number; cross: number } | null = null;
  for (let iter = 0; iter < 8; iter++) {
    let lo = MIN_PITCH_DEG;
    let hi = MAX_PITCH_DEG;
    let found: Trajectory | null = null;
    let pitch = 0.5 * (lo + hi);
    while (hi - lo > 1e-3) {
      pitch = 0.5 * (lo + hi);
      const t = cutoffForApogee(ctx, heading, pitch, apogeeM);
      // Out of reach at a low pitch means the apogee needs more energy than the class has there.
      if (!t || overshootM(ctx, t) > 0) lo = pitch;
      else {
        hi = pitch;
        found = t;
      }
    }
    if (!found) break;
    const cross = crossTrackM(ctx, found);
    best = {
      steering: { headingDeg: heading, finalPitchDeg: pitch, cutoffS: found.burnoutS },
      trajectory: found,
      missM: Math.hypot(...(missEnu(ctx, found) ?? [Number.POSITIVE_INFINITY, 0])),
    };
    if (Math.abs(cross) < 50 || !Number.isFinite(cross)) break;
    // Secant on heading; the first step uses the small-angle estimate cross ~ range * dHeading.
    let next = heading - ((cross / Math.max(ctx.rangeM, 1)) * 180) / Math.PI;
    if (prev && prev.cross !== cross)
      next = heading - (cross * (heading - prev.heading)) / (cross - prev.cross);
    prev = { heading, cross };
    heading = next;
  }
  if (!best) {
    throw new AimError(
      `an apogee of ${(apogeeM / 1000).toFixed(0)} km at ${(ctx.rangeM / 1000).toFixed(0)} km is out of reach for this class`,
    );
  }
  return best;
}

/** Newton on (heading, pitch, cut-off) for (east miss, north miss, apogee error), on fine steps. */
function polish(ctx: Context, start: AimSolution, apogeeM: number): AimSolution {
  let x = [start.steering.headingDeg, start.steering.finalPitchDeg, start.steering.cutoffS];
  const evaluate = (v: number[]) => {
    const trajectory = flyMissile(
      ctx.launch,
      ctx.cls,
      { headingDeg: v[0]!, finalPitchDeg: v[1]!, cutoffS: v[2]! },
      FINE,
    );
    const m = missEnu(ctx, trajectory);
    const r = m ? [m[0], m[1], trajectory.apogeeM - apogeeM] : null;
    return { trajectory, r };
  };
  let cur = evaluate(x);
  const steps = [1e-4, 1e-4, 1e-3];
  for (let iter = 0; iter < 8 && cur.r; iter++) {
    const r = cur.r;
    if (Math.hypot(r[0]!, r[1]!) < 1 && Math.abs(r[2]!) < 1) break;
    const jac: number[][] = [[], [], []];
    let ok = true;
    for (let j = 0; j < 3; j++) {
      const xp = [...x];
      xp[j] = xp[j]! + steps[j]!;
      const e = evaluate(xp).r;
      if (!e) {
        ok = false;
        break;
      }
      for (let i = 0; i < 3; i++) jac[i]![j] = (e[i]! - r[i]!) / steps[j]!;
    }
    const dx = ok
      ? solve3(
          jac,
          r.map((v) => -v),
        )
      : null;
    if (!dx) break;
    const nx = [x[0]! + dx[0]!, x[1]! + dx[1]!, Math.min(ctx.burnS, x[2]! + dx[2]!)];
    const next = evaluate(nx);
    if (!next.r || norm3(next.r) > norm3(r)) break;
    x = nx;
    cur = next;
  }
  const m = missEnu(ctx, cur.trajectory);
  return {
    steering: { headingDeg: x[0]!, finalPitchDeg: x[1]!, cutoffS: x[2]! },
    trajectory: cur.trajectory,
    missM: m ? Math.hypot(m[0], m[1]) : Number.POSITIVE_INFINITY,
  };
}

function norm3(v: number[]): number {
  return Math.hypot(v[0]!, v[1]!, v[2]!);
}

/** Cramer's rule for a 3x3 system; null when singular. */
function solve3(a: number[][], b: number[]): number[] | null {
  const det = (m: number[][]) =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det(a);
  if (d === 0 || !Number.isFinite(d)) return null;
  const out: number[] = [];
  for (let j = 0; j < 3; j++) {
    const m = a.map((row, i) => row.map((v, k) => (k === j ? b[i]! : v)));
    out.push(det(m) / d);
  }
  return out;
}
