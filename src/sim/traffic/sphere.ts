import { MEAN_EARTH_RADIUS_M } from '../../geo/index.js';

/**
 * Hot-path spherical helpers for ship tracks: positions as unit vectors so that a point part-way
 * along a great-circle leg is one slerp (no inverse trigonometry per report). Mean-sphere
 * distances, as `haversineDistanceM`; good to ~0.5 % against the ellipsoid, far inside every
 * threshold margin the scenarios keep.
 */
export type Unit = readonly [number, number, number];

const DEG = Math.PI / 180;
export const NM_M = 1_852;
export const KN_MPS = NM_M / 3600;

export function unitOf(latDeg: number, lonDeg: number): Unit {
  const p = latDeg * DEG;
  const l = lonDeg * DEG;
  const c = Math.cos(p);
  return [c * Math.cos(l), c * Math.sin(l), Math.sin(p)];
}

export function latLonOf(u: Unit): { latDeg: number; lonDeg: number } {
  const n = Math.hypot(u[0], u[1], u[2]);
  return { latDeg: Math.asin(u[2] / n) / DEG, lonDeg: Math.atan2(u[1], u[0]) / DEG };
}

/** Central angle between two unit vectors, radians (atan2 form: exact for tiny and large angles). */
export function angleRad(a: Unit, b: Unit): number {
  const cx = a[1] * b[2] - a[2] * b[1];
  const cy = a[2] * b[0] - a[0] * b[2];
  const cz = a[0] * b[1] - a[1] * b[0];
  return Math.atan2(Math.hypot(cx, cy, cz), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
}

export function distanceM(a: Unit, b: Unit): number {
  return angleRad(a, b) * MEAN_EARTH_RADIUS_M;
}

/** The point a fraction `f` of the way from `a` to `b` (angle `omega` between them) on the great circle. */
export function slerp(a: Unit, b: Unit, omega: number, f: number): Unit {
  if (omega < 1e-12) return a;
  const s = Math.sin(omega);
  const wa = Math.sin((1 - f) * omega) / s;
  const wb = Math.sin(f * omega) / s;
  return [wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]];
}
