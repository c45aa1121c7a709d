import { GM_M3PS2 } from '../geo/index.js';
import { airDensityKgPerM3 } from './atmosphere.js';

/**
 * A terminal or mid-course manoeuvre flown on aerodynamic lift (so only inside the atmosphere, and
 * never more than the lift-to-drag ratio times the drag of the moment):
 * - `pull-up` (KN-23-like, quasi-ballistic): on the way down, once below `belowAltitudeM`, the body
 *   turns its lift upward for `durationS` (a smooth sin^2 bump: full lift mid-way), so it falls,
 *   climbs again, then falls to the target.
 * - `glide` (HGV-like): after burnout, lift holds the body near `altitudeM` (a critically damped
 *   altitude loop); as it slows the lift available falls below what the altitude needs and it
 *   sinks into denser air: an equilibrium glide. Below `diveBelowSpeedMps` the lift fades out
 *   (over 20 % of that speed) and the body dives on the target.
 */
export type Manoeuvre =
  | { readonly kind: 'pull-up'; readonly belowAltitudeM: number; readonly durationS: number }
  | { readonly kind: 'glide'; readonly altitudeM: number; readonly diveBelowSpeedMps: number };

/** What the atmosphere does to the body. */
export interface AeroModel {
  /** m / (Cd A), kg/m^2: drag deceleration is rho v^2 / (2 beta). */
  readonly ballisticCoefficientKgPerM2: number;
  /** Largest lift / drag the body can pull; 0 for a purely ballistic body. */
  readonly liftToDrag: number;
  readonly manoeuvre?: Manoeuvre;
}

/** Altitude loop of the glide: natural frequency rad/s and damping. Slow enough for 4 s RK4 steps. */
const GLIDE_OMEGA_RADPS = 0.03;
const GLIDE_ZETA = 0.9;

/**
 * Adds the aerodynamic acceleration (drag, and lift when a manoeuvre asks for it) to `out[0..2]`.
 * State in the Earth-fixed frame, so the velocity is the air-relative one (the air turns with the
 * Earth; no wind). `liftGate` in [0, 1] scales a pull-up's lift (its time bump; 0 outside it);
 * `powered` disables lift (the boost steers by thrust).
 *
 * @example
 * const a = [0, 0, 0];
 * addAeroAcceleration([6378137 + 20000, 0, 0], [0, 2000, 0], 20000, { ballisticCoefficientKgPerM2: 5000, liftToDrag: 0 }, 0, false, a);
 * a // [0, ~-35.6, 0]: rho(20 km) 0.089 kg/m^3 * 2000^2 / (2 * 5000)
 */
export function addAeroAcceleration(
  p: ArrayLike<number>,
  v: ArrayLike<number>,
  hM: number,
  model: AeroModel,
  liftGate: number,
  powered: boolean,
  out: Float64Array | number[],
): void {
  const speed = Math.hypot(v[0]!, v[1]!, v[2]!);
  if (speed === 0) return;
  const rho = airDensityKgPerM3(hM);
  const dragMps2 = (rho * speed * speed) / (2 * model.ballisticCoefficientKgPerM2);
  out[0] = out[0]! - (dragMps2 * v[0]!) / speed;
  out[1] = out[1]! - (dragMps2 * v[1]!) / speed;
  out[2] = out[2]! - (dragMps2 * v[2]!) / speed;
  const m = model.manoeuvre;
  if (powered || m === undefined || model.liftToDrag <= 0) return;
  const maxLiftMps2 = model.liftToDrag * dragMps2;

  const r = Math.hypot(p[0]!, p[1]!, p[2]!);
  const ux = p[0]! / r;
  const uy = p[1]! / r;
  const uz = p[2]! / r;
  const climbMps = ux * v[0]! + uy * v[1]! + uz * v[2]!;
  // Lift acts across the velocity, in the vertical plane that holds it, upward.
  let lx = ux - (climbMps * v[0]!) / (speed * speed);
  let ly = uy - (climbMps * v[1]!) / (speed * speed);
  let lz = uz - (climbMps * v[2]!) / (speed * speed);
  const ln = Math.hypot(lx, ly, lz);
  if (ln < 1e-9) return; // flying straight up or down: no vertical plane to lift in
  lx /= ln;
  ly /= ln;
  lz /= ln;

  let liftMps2: number;
  if (m.kind === 'pull-up') {
    liftMps2 = liftGate * maxLiftMps2;
  } else {
    // Vertical acceleration the altitude loop wants, plus what gravity less the centripetal term
    // of the horizontal speed takes away; lift supplies it through cos(flight-path angle).
    const horizontal2 = Math.max(0, speed * speed - climbMps * climbMps);
    const wantUp =
      -(GLIDE_OMEGA_RADPS ** 2) * (hM - m.altitudeM) - 2 * GLIDE_ZETA * GLIDE_OMEGA_RADPS * climbMps;
    const need = wantUp + GM_M3PS2 / (r * r) - horizontal2 / r;
    const cosGamma = Math.max(0.2, Math.sqrt(horizontal2) / speed);
    const fade = Math.min(1, Math.max(0, (speed - m.diveBelowSpeedMps) / (0.2 * m.diveBelowSpeedMps)));
    liftMps2 = fade * Math.min(maxLiftMps2, Math.max(0, need / cosGamma));
  }
  out[0] = out[0]! + liftMps2 * lx;
  out[1] = out[1]! + liftMps2 * ly;
  out[2] = out[2]! + liftMps2 * lz;
}

/** The pull-up's lift gate `tS` seconds after launch, given when the body went below the start altitude. */
export function pullUpGate(tS: number, startS: number | null, durationS: number): number {
  if (startS === null) return 0;
  const s = (tS - startS) / durationS;
  if (s <= 0 || s >= 1) return 0;
  const b = Math.sin(Math.PI * s);
  return b * b;
}
