import { ecefAcceleration, geodeticFromEcef, siteFromGeodetic } from '../geo/index.js';
import { type AeroModel, addAeroAcceleration, pullUpGate } from './aero.js';
import { stateAt, type Trajectory } from './trajectory.js';

/** One rocket stage: constant thrust while the mass falls linearly, so acceleration rises from start to end. */
export interface Stage {
  readonly burnTimeS: number;
  /** Thrust acceleration (thrust / mass) at ignition, m/s^2. */
  readonly accelStartMps2: number;
  /** Thrust acceleration at burnout, m/s^2 (start x initial/final mass). */
  readonly accelEndMps2: number;
}

/** What the simulator assumes about a missile type's boost: not public, so always an assumption. */
export interface MissileClass {
  readonly stages: readonly Stage[];
  /** Seconds of vertical climb before the pitch-over starts. */
  readonly verticalRiseS: number;
  /** Seconds over which the thrust pitch moves linearly from vertical to its final value. */
  readonly pitchOverS: number;
  /** Drag, and the lift of a manoeuvre, for the whole flight; absent: no atmosphere (vacuum flight). */
  readonly aero?: AeroModel;
}

/** The free parameters of a flight; the aim solver chooses them. */
export interface Steering {
  /** Thrust heading, degrees clockwise from north in the launch site's local frame. */
  readonly headingDeg: number;
  /** Thrust elevation above the launch site's horizontal plane at the end of the pitch-over, degrees. */
  readonly finalPitchDeg: number;
  /** Engine cut-off, seconds after launch (at most the total burn time): sets the energy. */
  readonly cutoffS: number;
}

export interface LaunchPoint {
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly hM: number;
}

export interface FlightOptions {
  /** RK4 step during boost, s. */
  readonly boostStepS?: number;
  /** RK4 step in free flight, s. */
  readonly coastStepS?: number;
  /** Give up (no impact) after this long, s. */
  readonly maxFlightS?: number;
}

export function totalBurnS(cls: MissileClass): number {
  let t = 0;
  for (const s of cls.stages) t += s.burnTimeS;
  return t;
}

/**
 * Flies a missile from a standing start on the launch pad: powered flight along the pitch
 * programme until `cutoffS`, then free flight under J2 gravity in the rotating Earth-fixed frame
 * (Coriolis and centrifugal included), RK4 at a fixed step, until the body crosses the ellipsoid.
 * The crossing is found on the Hermite interpolant between the last two nodes, to well under a
 * metre. Without `cls.aero` there is no atmosphere; with it, drag (U.S. Standard Atmosphere 1976
 * density, the class's ballistic coefficient) acts throughout, and a manoeuvre's lift after burnout.
 *
 * @example
 * const t = flyMissile({ latDeg: 40.6, lonDeg: 126.4, hM: 300 }, hwasong12, { headingDeg: 80, finalPitchDeg: 35, cutoffS: 150 });
 * t.impact // { tS: ~1300, latDeg: ..., lonDeg: ... }
 */
export function flyMissile(
  launch: LaunchPoint,
  cls: MissileClass,
  steer: Steering,
  options: FlightOptions = {},
): Trajectory {
  const boostStepS = options.boostStepS ?? 0.1;
  const coastStepS = options.coastStepS ?? 1;
  const maxFlightS = options.maxFlightS ?? 20_000;
  const burnS = totalBurnS(cls);
  const cutoffS = Math.min(Math.max(steer.cutoffS, 0), burnS);

  const site = siteFromGeodetic(launch.latDeg, launch.lonDeg, launch.hM);
  const hd = (steer.headingDeg * Math.PI) / 180;
  // Unit horizontal direction of the heading, in ECEF, and the local up: fixed for the whole boost
  // (the boost covers a few hundred km at most, over which the launch frame is a fair guidance frame).
  const hx = -site.sinLon * Math.sin(hd) - site.sinLat * site.cosLon * Math.cos(hd);
  const hy = site.cosLon * Math.sin(hd) - site.sinLat * site.sinLon * Math.cos(hd);
  const hz = site.cosLat * Math.cos(hd);
  const ux = site.cosLat * site.cosLon;
  const uy = site.cosLat * site.sinLon;
  const uz = site.sinLat;

  const pitchEndS = cls.verticalRiseS + cls.pitchOverS;
  const finalPitch = (steer.finalPitchDeg * Math.PI) / 180;
  const pitchAt = (t: number): number => {
    if (t <= cls.verticalRiseS) return Math.PI / 2;
    if (t >= pitchEndS) return finalPitch;
    return Math.PI / 2 + ((finalPitch - Math.PI / 2) * (t - cls.verticalRiseS)) / cls.pitchOverS;
  };
  // The stage burning in the current segment. Chosen once per segment, never from t inside a step:
  // RK4's last evaluation lands on the segment end, and rounding there must not flip the stage or
  // switch the engine off (that would be a velocity jump of h/6 times the acceleration).
  let stage: Stage = cls.stages[0]!;
  let stageStartS = 0;
  const selectStage = (midS: number): void => {
    let start = 0;
    for (const st of cls.stages) {
      stage = st;
      stageStartS = start;
      if (midS < start + st.burnTimeS) return;
      start += st.burnTimeS;
    }
  };
  const thrustAt = (t: number): number => {
    const k = (1 - stage.accelStartMps2 / stage.accelEndMps2) / stage.burnTimeS;
    return stage.accelStartMps2 / (1 - k * (t - stageStartS));
  };

  const aero = cls.aero;
  const pullUp = aero?.manoeuvre?.kind === 'pull-up' ? aero.manoeuvre : null;
  // When the body first went below the pull-up altitude on the way down (interpolated between
  // nodes, so it moves smoothly with the steering); null until then.
  let pullUpStartS: number | null = null;
  const acc = new Float64Array(3);
  const accAero = new Float64Array(3);
  const deriv = (t: number, s: Float64Array, out: Float64Array, powered: boolean): void => {
    ecefAcceleration(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, acc);
    out[0] = s[3]!;
    out[1] = s[4]!;
    out[2] = s[5]!;
    out[3] = acc[0]!;
    out[4] = acc[1]!;
    out[5] = acc[2]!;
    if (powered) {
      const a = thrustAt(t);
      const p = pitchAt(t);
      const c = Math.cos(p);
      const sn = Math.sin(p);
      out[3] += a * (c * hx + sn * ux);
      out[4] += a * (c * hy + sn * uy);
      out[5] += a * (c * hz + sn * uz);
    }
    if (aero) {
      const hM = geodeticFromEcef(s[0]!, s[1]!, s[2]!).hM;
      const gate = pullUp ? pullUpGate(t, pullUpStartS, pullUp.durationS) : 0;
      accAero.fill(0);
      addAeroAcceleration(s, s.subarray(3, 6), hM, aero, gate, powered, accAero);
      out[3] += accAero[0]!;
      out[4] += accAero[1]!;
      out[5] += accAero[2]!;
    }
  };

  const ts: number[] = [0];
  const xs: number[][] = [[], [], [], [], [], []];
  const state = new Float64Array([site.x, site.y, site.z, 0, 0, 0]);
  const push = () => {
    for (let i = 0; i < 6; i++) xs[i]!.push(state[i]!);
  };
  push();

  const k1 = new Float64Array(6);
  const k2 = new Float64Array(6);
  const k3 = new Float64Array(6);
  const k4 = new Float64Array(6);
  const tmp = new Float64Array(6);
  const step = (t: number, h: number, powered: boolean): void => {
    deriv(t, state, k1, powered);
    for (let i = 0; i < 6; i++) tmp[i] = state[i]! + 0.5 * h * k1[i]!;
    deriv(t + 0.5 * h, tmp, k2, powered);
    for (let i = 0; i < 6; i++) tmp[i] = state[i]! + 0.5 * h * k2[i]!;
    deriv(t + 0.5 * h, tmp, k3, powered);
    for (let i = 0; i < 6; i++) tmp[i] = state[i]! + h * k3[i]!;
    deriv(t + h, tmp, k4, powered);
    for (let i = 0; i < 6; i++) state[i] = state[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  };

  // Powered flight in segments whose ends are the kinks of thrust and pitch, so RK4 never steps
  // across a discontinuity. The step count of each segment comes from its uncut length, so as the
  // cut-off moves the steps stretch smoothly instead of jumping by one: the aim solver needs the
  // impact point to be a smooth function of the steering.
  const natural = new Set<number>([0, cls.verticalRiseS, pitchEndS]);
  let stageEnd = 0;
  for (const st of cls.stages) {
    stageEnd += st.burnTimeS;
    natural.add(stageEnd);
  }
  const marks = [...natural].filter((m) => m <= burnS).sort((a, b) => a - b);
  let t = 0;
  for (let m = 1; m < marks.length && t < cutoffS; m++) {
    const naturalEnd = marks[m]!;
    const end = Math.min(naturalEnd, cutoffS);
    if (end <= t) continue;
    const n = Math.max(1, Math.ceil((naturalEnd - t) / boostStepS - 1e-9));
    const h = (end - t) / n;
    const start = t;
    selectStage(0.5 * (t + end));
    for (let i = 0; i < n; i++) {
      step(t, h, true);
      t = i === n - 1 ? end : start + (i + 1) * h;
      ts.push(t);
      push();
    }
  }
  const heights: number[] = [];
  const burnoutIndex = ts.length - 1;
  heights.push(geodeticFromEcef(state[0]!, state[1]!, state[2]!).hM);
  while (t < maxFlightS) {
    step(t, coastStepS, false);
    t += coastStepS;
    ts.push(t);
    push();
    const hNow = geodeticFromEcef(state[0]!, state[1]!, state[2]!).hM;
    if (pullUp && pullUpStartS === null) {
      const hPrev = heights[heights.length - 1]!;
      if (hPrev > pullUp.belowAltitudeM && hNow <= pullUp.belowAltitudeM)
        pullUpStartS = t - (coastStepS * (pullUp.belowAltitudeM - hNow)) / (hPrev - hNow);
    }
    heights.push(hNow);
    if (hNow <= 0) break;
  }
  // Highest node, refined by a parabola through it and its neighbours (equal coast steps).
  let best = 0;
  for (let i = 1; i < heights.length; i++) if (heights[i]! > heights[best]!) best = i;
  let apogeeM = Math.max(launch.hM, heights[best]!);
  let apogeeS = ts[burnoutIndex + best]!;
  if (best > 0 && best < heights.length - 1) {
    const hm = heights[best - 1]!;
    const h0 = heights[best]!;
    const hp = heights[best + 1]!;
    const denom = hm - 2 * h0 + hp;
    if (denom < 0) {
      const off = (0.5 * (hm - hp)) / denom;
      apogeeM = h0 - 0.25 * (hm - hp) * off;
      apogeeS += off * coastStepS;
    }
  }

  const n = ts.length;
  const traj: { -readonly [K in keyof Trajectory]: Trajectory[K] } = {
    tS: Float64Array.from(ts),
    x: Float64Array.from(xs[0]!),
    y: Float64Array.from(xs[1]!),
    z: Float64Array.from(xs[2]!),
    vx: Float64Array.from(xs[3]!),
    vy: Float64Array.from(xs[4]!),
    vz: Float64Array.from(xs[5]!),
    burnoutS: cutoffS,
    apogeeM,
    apogeeS,
    impact: null,
  };
  const lastH = geodeticFromEcef(traj.x[n - 1]!, traj.y[n - 1]!, traj.z[n - 1]!).hM;
  if (lastH <= 0 && n >= 2) {
    const impact = refineImpact(traj, ts[n - 2]!, ts[n - 1]!);
    // Replace the last node (below ground) by the exact surface crossing.
    const s = new Float64Array(6);
    stateAt(traj, impact.tS, s);
    traj.tS[n - 1] = impact.tS;
    traj.x[n - 1] = s[0]!;
    traj.y[n - 1] = s[1]!;
    traj.z[n - 1] = s[2]!;
    traj.vx[n - 1] = s[3]!;
    traj.vy[n - 1] = s[4]!;
    traj.vz[n - 1] = s[5]!;
    traj.impact = impact;
  }
  return traj;
}

/** Bisection on the Hermite interpolant for the instant the height crosses zero. */
function refineImpact(
  traj: Trajectory,
  t0: number,
  t1: number,
): { tS: number; latDeg: number; lonDeg: number } {
  const s = new Float64Array(6);
  let lo = t0;
  let hi = t1;
  for (let i = 0; i < 60 && hi - lo > 1e-7; i++) {
    const mid = 0.5 * (lo + hi);
    stateAt(traj, mid, s);
    if (geodeticFromEcef(s[0]!, s[1]!, s[2]!).hM > 0) lo = mid;
    else hi = mid;
  }
  const tS = 0.5 * (lo + hi);
  stateAt(traj, tS, s);
  const g = geodeticFromEcef(s[0]!, s[1]!, s[2]!);
  return { tS, latDeg: g.latDeg, lonDeg: g.lonDeg };
}
