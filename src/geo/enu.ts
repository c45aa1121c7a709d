import type { Site } from './site.js';

export type Vec3 = [number, number, number];

/**
 * Rotates an ECEF vector (a velocity, or a position difference) into the site's local
 * east-north-up axes.
 *
 * @example
 * const s = siteFromGeodetic(0, 0, 0);
 * enuVectorFromEcef(s, 0, 0, 1) // [0, 1, 0]: ECEF +z is north at the equator
 */
export function enuVectorFromEcef(s: Site, dx: number, dy: number, dz: number, out: Vec3 = [0, 0, 0]): Vec3 {
  out[0] = -s.sinLon * dx + s.cosLon * dy;
  out[1] = -s.sinLat * s.cosLon * dx - s.sinLat * s.sinLon * dy + s.cosLat * dz;
  out[2] = s.cosLat * s.cosLon * dx + s.cosLat * s.sinLon * dy + s.sinLat * dz;
  return out;
}

/**
 * Rotates a local east-north-up vector at the site into ECEF axes (the transpose of
 * `enuVectorFromEcef`).
 *
 * @example
 * ecefVectorFromEnu(siteFromGeodetic(0, 0, 0), 0, 0, 1) // [1, 0, 0]: up is +x at (0, 0)
 */
export function ecefVectorFromEnu(s: Site, e: number, n: number, u: number, out: Vec3 = [0, 0, 0]): Vec3 {
  out[0] = -s.sinLon * e - s.sinLat * s.cosLon * n + s.cosLat * s.cosLon * u;
  out[1] = s.cosLon * e - s.sinLat * s.sinLon * n + s.cosLat * s.sinLon * u;
  out[2] = s.cosLat * n + s.sinLat * u;
  return out;
}

/**
 * Local east-north-up position (metres) of an ECEF point relative to the site.
 *
 * @example
 * const s = siteFromGeodetic(0, 0, 0);
 * enuFromEcef(s, 6378237, 0, 0) // [0, 0, 100]
 */
export function enuFromEcef(s: Site, x: number, y: number, z: number, out: Vec3 = [0, 0, 0]): Vec3 {
  return enuVectorFromEcef(s, x - s.x, y - s.y, z - s.z, out);
}

/**
 * ECEF position (metres) of a point given in the site's east-north-up frame.
 *
 * @example
 * ecefFromEnu(siteFromGeodetic(0, 0, 0), 0, 0, 100) // [6378237, 0, 0]
 */
export function ecefFromEnu(s: Site, e: number, n: number, u: number, out: Vec3 = [0, 0, 0]): Vec3 {
  ecefVectorFromEnu(s, e, n, u, out);
  out[0] += s.x;
  out[1] += s.y;
  out[2] += s.z;
  return out;
}

/**
 * The 3x3 rotation R (row-major, 9 numbers) with enu = R * ecef at the site; its transpose maps
 * back. Covariances rotate as R P R^T.
 *
 * @example
 * enuRotation(siteFromGeodetic(90, 0, 0)) // [0,1,0, -1,0,0, 0,0,1]
 */
export function enuRotation(s: Site): number[] {
  return [
    -s.sinLon,
    s.cosLon,
    0,
    -s.sinLat * s.cosLon,
    -s.sinLat * s.sinLon,
    s.cosLat,
    s.cosLat * s.cosLon,
    s.cosLat * s.sinLon,
    s.sinLat,
  ];
}
