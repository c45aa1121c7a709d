import { ecefAcceleration, GM_M3PS2, geodeticFromEcef, OMEGA_EARTH_RADPS } from '../geo/index.js';

/** How lift is used in a manoeuvring flight (see `ManoeuvreOptions.laws`). */
export type Law = 'dive' | 'ballistic' | 'glide';

/**
 * Where a coasting object that flies inside the atmosphere could still come down if it manoeuvres
 * on aerodynamic lift (a KN-23-type pull-up, a glide vehicle), not only where its ballistic
 * prediction lands. A node sees only tracks, not the missile's class: the object is taken to be
 * able to manoeuvre when its whole flight stays in the air where lift works — the apogee of the
 * osculating (inertial, point-mass) orbit through its state is below `ceilingM` — and then any of
 * the published lift-to-drag ratios and ballistic coefficients of such bodies is assumed.
 */
export interface ManoeuvreOptions {
  /**
   * Apogee altitude below which a coasting object is taken to be able to manoeuvre, m. 100 km: a
   * depressed SRBM (KN-23: ~50-60 km) or a glide vehicle's boost (~40-60 km) flies below it, a
   * minimum-energy SRBM of 600 km (~150 km) and every IRBM and ICBM above it. Above ~80 km the
   * air gives no lift worth a kilometre of range.
   */
  readonly ceilingM?: number;
  /** Largest lift-to-drag ratio assumed (hypersonic glide bodies: ~2-3 in published estimates). */
  readonly liftToDrag?: number;
  /** Ballistic coefficients m / (Cd A) sampled, kg/m^2: the range published for re-entry bodies. */
  readonly ballisticCoefficientsKgPerM2?: readonly number[];
  /**
   * Lift laws flown: `glide` (lift up, holding the height: the farthest), `ballistic` (drag only),
   * `dive` (full lift down: the nearest). A dive is not in the defaults: the manoeuvres publicly
   * described (the KN-23's pull-up, a glide vehicle's glide) carry the body on, and a terminal
   * dive steepens the last seconds, by less than the floor of the impact ellipse.
   */
  readonly laws?: readonly Law[];
  /** Integration step of the manoeuvring flights, s (RK4). */
  readonly stepS?: number;
  /** Give up on a flight after this long, s. */
  readonly maxFlightS?: number;
  /** Least half-width of the corridor, m, added to the impact ellipse's semi-major. */
  readonly widthFloorM?: number;
}

export const DEFAULT_MANOEUVRE = {
  ceilingM: 100_000,
  liftToDrag: 2.5,
  ballisticCoefficientsKgPerM2: [5_000, 15_000],
  laws: ['ballistic', 'glide'] as readonly Law[],
  stepS: 2,
  maxFlightS: 1_800,
  widthFloorM: 15_000,
} as const;

const R_MEAN_M = 6_371_008.8;

/** How often a manoeuvring flight's sub-point is kept on its path, s. */
const PATH_EVERY_S = 10;

/**
 * Where and when (s from the state) a manoeuvring flight comes down, with its sub-point on the way
 * (every 10 s from the state, the landing last): when it is over a place it could come down on.
 */
export interface ManoeuvreLanding {
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly flightS: number;
  readonly path: readonly { latDeg: number; lonDeg: number; tS: number }[];
}

/**
 * Altitude of the apogee of the osculating orbit through an Earth-fixed state (inertial velocity,
 * point-mass gravity, spherical Earth of mean radius), m: the highest the object climbs (or
 * climbed) coasting on the arc it is on. Infinity for an escape orbit.
 * @example apogeeAltitudeM(state of a depressed KN-23 at burn-out) // ~50_000
 */
export function apogeeAltitudeM(x: ArrayLike<number>): number {
  const rx = x[0]!;
  const ry = x[1]!;
  const rz = x[2]!;
  // Inertial velocity: the Earth-fixed one plus omega x r.
  const vx = x[3]! - OMEGA_EARTH_RADPS * ry;
  const vy = x[4]! + OMEGA_EARTH_RADPS * rx;
  const vz = x[5]!;
  const r = Math.hypot(rx, ry, rz);
  const v2 = vx * vx + vy * vy + vz * vz;
  const energy = v2 / 2 - GM_M3PS2 / r;
  if (energy >= 0) return Number.POSITIVE_INFINITY;
  const a = -GM_M3PS2 / (2 * energy);
  const hx = ry * vz - rz * vy;
  const hy = rz * vx - rx * vz;
  const hz = rx * vy - ry * vx;
  const h2 = hx * hx + hy * hy + hz * hz;
  const e = Math.sqrt(Math.max(0, 1 - h2 / (GM_M3PS2 * a)));
  return a * (1 + e) - R_MEAN_M;
}

/** Whether a coasting state is taken to be able to manoeuvre on lift (its apogee below the ceiling). */
export function canManoeuvre(x: ArrayLike<number>, options: ManoeuvreOptions = {}): boolean {
  return apogeeAltitudeM(x) < (options.ceilingM ?? DEFAULT_MANOEUVRE.ceilingM);
}

/** Exponential atmosphere (1.225 kg/m^3 at sea level, 7.2 km scale height): within ~15 % to 60 km. */
function airDensityKgPerM3(hM: number): number {
  return 1.225 * Math.exp(-Math.max(0, hM) / 7_200);
}

/**
 * Flies an Earth-fixed state to the ground under gravity (J2, rotating Earth), drag of ballistic
 * coefficient `betaKgPerM2`, and lift in the vertical plane by `law`: `dive` full lift down (the
 * shortest), `ballistic` none, `glide` lift up to `liftToDrag` times the drag, as much as holds
 * the height (the longest: an equilibrium glide, which a pull-up is a part of). RK4.
 */
function flyToGround(
  x0: ArrayLike<number>,
  betaKgPerM2: number,
  liftToDrag: number,
  law: Law,
  stepS: number,
  maxFlightS: number,
): ManoeuvreLanding | null {
  const acc = new Float64Array(3);
  const deriv = (s: Float64Array, out: Float64Array): void => {
    ecefAcceleration(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, acc);
    out[0] = s[3]!;
    out[1] = s[4]!;
    out[2] = s[5]!;
    out[3] = acc[0]!;
    out[4] = acc[1]!;
    out[5] = acc[2]!;
    const r = Math.hypot(s[0]!, s[1]!, s[2]!);
    const speed = Math.hypot(s[3]!, s[4]!, s[5]!);
    if (speed === 0) return;
    const hM = r - R_MEAN_M;
    const drag = (airDensityKgPerM3(hM) * speed * speed) / (2 * betaKgPerM2);
    for (let i = 0; i < 3; i++) out[3 + i] = out[3 + i]! - (drag * s[3 + i]!) / speed;
    if (law === 'ballistic') return;
    const u = [s[0]! / r, s[1]! / r, s[2]! / r];
    const climb = u[0]! * s[3]! + u[1]! * s[4]! + u[2]! * s[5]!;
    const l = [0, 1, 2].map((i) => u[i]! - (climb * s[3 + i]!) / (speed * speed));
    const ln = Math.hypot(l[0]!, l[1]!, l[2]!);
    if (ln < 1e-9) return;
    const maxLift = liftToDrag * drag;
    let lift: number;
    if (law === 'dive') lift = -maxLift;
    else {
      // What holds the height (gravity less the centripetal term of the horizontal speed, and the
      // climb damped out), through the flight-path angle; never more than the lift available.
      const horizontal2 = Math.max(0, speed * speed - climb * climb);
      const need = GM_M3PS2 / (r * r) - horizontal2 / r - 0.054 * climb;
      const cosGamma = Math.max(0.2, Math.sqrt(horizontal2) / speed);
      lift = Math.min(maxLift, Math.max(0, need / cosGamma));
    }
    for (let i = 0; i < 3; i++) out[3 + i] = out[3 + i]! + (lift * l[i]!) / ln;
  };
  const x = Float64Array.from(x0);
  const k1 = new Float64Array(6);
  const k2 = new Float64Array(6);
  const k3 = new Float64Array(6);
  const k4 = new Float64Array(6);
  const t = new Float64Array(6);
  const g0 = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
  let h = g0.hM;
  const path: { latDeg: number; lonDeg: number; tS: number }[] = [
    { latDeg: g0.latDeg, lonDeg: g0.lonDeg, tS: 0 },
  ];
  for (let tS = 0; tS < maxFlightS; tS += stepS) {
    const prev = Float64Array.from(x);
    deriv(x, k1);
    for (let i = 0; i < 6; i++) t[i] = x[i]! + (stepS / 2) * k1[i]!;
    deriv(t, k2);
    for (let i = 0; i < 6; i++) t[i] = x[i]! + (stepS / 2) * k2[i]!;
    deriv(t, k3);
    for (let i = 0; i < 6; i++) t[i] = x[i]! + stepS * k3[i]!;
    deriv(t, k4);
    for (let i = 0; i < 6; i++) x[i] = x[i]! + (stepS / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
    if (g.hM <= 0) {
      const f = h / (h - g.hM);
      const at = geodeticFromEcef(
        prev[0]! + f * (x[0]! - prev[0]!),
        prev[1]! + f * (x[1]! - prev[1]!),
        prev[2]! + f * (x[2]! - prev[2]!),
      );
      const flightS = tS + f * stepS;
      path.push({ latDeg: at.latDeg, lonDeg: at.lonDeg, tS: flightS });
      return { latDeg: at.latDeg, lonDeg: at.lonDeg, flightS, path };
    }
    if (path.length * PATH_EVERY_S <= tS + stepS)
      path.push({ latDeg: g.latDeg, lonDeg: g.lonDeg, tS: tS + stepS });
    h = g.hM;
  }
  return null;
}

/**
 * Where a coasting object able to manoeuvre on lift may come down, and when (`flightS`, s from the
 * state): its state flown to the ground by each of `laws` (ballistic with drag and gliding by
 * default) at each assumed ballistic coefficient.
 * Lift is taken in the vertical plane (a pull-up or a glide, as public descriptions of the KN-23
 * and of glide vehicles give): a banking turn's cross-range is not covered.
 */
export function manoeuvreLandings(x: ArrayLike<number>, options: ManoeuvreOptions = {}): ManoeuvreLanding[] {
  const o = { ...DEFAULT_MANOEUVRE, ...options };
  const out: ManoeuvreLanding[] = [];
  for (const beta of o.ballisticCoefficientsKgPerM2)
    for (const law of o.laws) {
      const l = flyToGround(x, beta, o.liftToDrag, law, o.stepS, o.maxFlightS);
      if (l) out.push(l);
    }
  return out;
}
