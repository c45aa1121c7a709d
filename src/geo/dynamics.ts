import { GM_M3PS2, J2, OMEGA_EARTH_RADPS, WGS84_A_M } from './wgs84.js';

/**
 * Gravitational acceleration (m/s^2) at ECEF position p (m): point mass plus the J2 oblateness
 * term, no rotation terms. Writes into `out` (length >= 3) and returns it, so integrators can
 * run without allocating.
 *
 * @example
 * gravityJ2(6378137, 0, 0, [0, 0, 0]) // [-9.814, 0, 0]: stronger than GM/a^2 = 9.798 at the equator
 */
export function gravityJ2<T extends Float64Array | number[]>(px: number, py: number, pz: number, out: T): T {
  const r2 = px * px + py * py + pz * pz;
  const r = Math.sqrt(r2);
  const muOverR3 = GM_M3PS2 / (r2 * r);
  const k = 1.5 * J2 * ((WGS84_A_M * WGS84_A_M) / r2);
  const z2OverR2 = (pz * pz) / r2;
  const fxy = 1 + k * (1 - 5 * z2OverR2);
  const fz = 1 + k * (3 - 5 * z2OverR2);
  out[0] = -muOverR3 * px * fxy;
  out[1] = -muOverR3 * py * fxy;
  out[2] = -muOverR3 * pz * fz;
  return out;
}

/**
 * Acceleration (m/s^2) in the rotating ECEF frame of a body at position p (m) with ECEF velocity v
 * (m/s): J2 gravity plus the Coriolis (-2 w x v) and centrifugal (-w x (w x p)) terms of the
 * Earth's rotation about +z. Writes into `out` and returns it.
 *
 * @example
 * // At rest on the equator the centrifugal term lifts 0.034 m/s^2 off gravity:
 * ecefAcceleration(6378137, 0, 0, 0, 0, 0, [0, 0, 0]) // [-9.780, 0, 0]
 */
export function ecefAcceleration<T extends Float64Array | number[]>(
  px: number,
  py: number,
  pz: number,
  vx: number,
  vy: number,
  // With the rotation axis along +z, vertical ECEF velocity has no Coriolis term.
  _vz: number,
  out: T,
): T {
  gravityJ2(px, py, pz, out);
  const w = OMEGA_EARTH_RADPS;
  const w2 = w * w;
  out[0] = out[0]! + 2 * w * vy + w2 * px;
  out[1] = out[1]! - 2 * w * vx + w2 * py;
  return out;
}
