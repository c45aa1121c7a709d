import { MEAN_EARTH_RADIUS_M } from '../../geo/index.js';

const DEG = Math.PI / 180;
export const M_PER_DEG = MEAN_EARTH_RADIUS_M * DEG;

/** Degrees of latitude and longitude spanned by `radiusM` around latitude `latDeg`. */
export function boxDeg(latDeg: number, radiusM: number): { dLat: number; dLon: number } {
  const dLat = radiusM / M_PER_DEG;
  return { dLat, dLon: dLat / Math.max(Math.cos(latDeg * DEG), 1e-6) };
}

/**
 * Distance (m) from (lat, lon) to the segment a-b, on a local equirectangular projection around
 * the point (error well under 1 % within a few hundred km, away from the poles).
 */
export function segmentDistanceM(
  latDeg: number,
  lonDeg: number,
  aLat: number,
  aLon: number,
  bLat: number,
  bLon: number,
): number {
  const kx = M_PER_DEG * Math.max(Math.cos(latDeg * DEG), 1e-6);
  const ax = (aLon - lonDeg) * kx;
  const ay = (aLat - latDeg) * M_PER_DEG;
  const bx = (bLon - lonDeg) * kx;
  const by = (bLat - latDeg) * M_PER_DEG;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
