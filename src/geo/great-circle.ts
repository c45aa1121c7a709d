import { MEAN_EARTH_RADIUS_M, WGS84_A_M, WGS84_B_M, WGS84_F } from './wgs84.js';

const DEG = Math.PI / 180;

/**
 * Great-circle distance (m) between two points on a sphere of the IUGG mean radius, by the
 * haversine formula (well conditioned for short distances too). Error against the ellipsoid is
 * up to ~0.5 %; use `vincentyDistanceM` when that matters.
 *
 * @example
 * haversineDistanceM(51.5007, -0.1246, 40.6892, -74.0445) // ~5_574_800 (London - New York)
 */
export function haversineDistanceM(
  lat1Deg: number,
  lon1Deg: number,
  lat2Deg: number,
  lon2Deg: number,
): number {
  const p1 = lat1Deg * DEG;
  const p2 = lat2Deg * DEG;
  const dp = p2 - p1;
  const dl = (lon2Deg - lon1Deg) * DEG;
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Initial bearing (degrees clockwise from true north, [0, 360)) of the great circle from point 1
 * to point 2, on the sphere.
 *
 * @example
 * initialBearingDeg(0, 0, 0, 10) // 90
 */
export function initialBearingDeg(
  lat1Deg: number,
  lon1Deg: number,
  lat2Deg: number,
  lon2Deg: number,
): number {
  const p1 = lat1Deg * DEG;
  const p2 = lat2Deg * DEG;
  const dl = (lon2Deg - lon1Deg) * DEG;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  const b = (Math.atan2(y, x) / DEG + 360) % 360;
  return b;
}

/**
 * The point reached by travelling `distanceM` along the great circle leaving (lat, lon) on
 * `bearingDeg`, on the mean sphere (the inverse of haversine distance + initial bearing).
 *
 * @example
 * destinationPoint(0, 0, 90, 111_195) // { latDeg: 0, lonDeg: ~1 }
 */
export function destinationPoint(
  latDeg: number,
  lonDeg: number,
  bearingDeg: number,
  distanceM: number,
): { latDeg: number; lonDeg: number } {
  const p1 = latDeg * DEG;
  const l1 = lonDeg * DEG;
  const b = bearingDeg * DEG;
  const d = distanceM / MEAN_EARTH_RADIUS_M;
  const sp2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b);
  const p2 = Math.asin(Math.min(1, Math.max(-1, sp2)));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sp2);
  let lon2 = l2 / DEG;
  lon2 = ((((lon2 + 180) % 360) + 360) % 360) - 180;
  return { latDeg: p2 / DEG, lonDeg: lon2 };
}

/**
 * Geodesic distance (m) on the WGS84 ellipsoid by Vincenty's inverse formula (1975), good to
 * ~0.5 mm. Returns NaN for nearly antipodal points where the iteration does not converge.
 *
 * @example
 * // Vincenty's own test line, Flinders Peak -> Buninyong:
 * vincentyDistanceM(-37.95103342, 144.42486789, -37.65282114, 143.92649554) // 54_972.271
 */
export function vincentyDistanceM(
  lat1Deg: number,
  lon1Deg: number,
  lat2Deg: number,
  lon2Deg: number,
): number {
  const a = WGS84_A_M;
  const b = WGS84_B_M;
  const f = WGS84_F;
  const L = (lon2Deg - lon1Deg) * DEG;
  const u1 = Math.atan((1 - f) * Math.tan(lat1Deg * DEG));
  const u2 = Math.atan((1 - f) * Math.tan(lat2Deg * DEG));
  const su1 = Math.sin(u1);
  const cu1 = Math.cos(u1);
  const su2 = Math.sin(u2);
  const cu2 = Math.cos(u2);
  let lambda = L;
  for (let iter = 0; iter < 200; iter++) {
    const sl = Math.sin(lambda);
    const cl = Math.cos(lambda);
    const sinSigma = Math.sqrt((cu2 * sl) ** 2 + (cu1 * su2 - su1 * cu2 * cl) ** 2);
    if (sinSigma === 0) return 0;
    const cosSigma = su1 * su2 + cu1 * cu2 * cl;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cu1 * cu2 * sl) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos^2(alpha) = 0 and the cos(2 sigma_m) term drops out.
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * su1 * su2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda =
      L +
      (1 - C) *
        f *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - prev) < 1e-12) {
      const uSq = (cos2Alpha * (a * a - b * b)) / (b * b);
      const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
      const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
      const dSigma =
        B *
        sinSigma *
        (cos2SigmaM +
          (B / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
              (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
      return b * A * (sigma - dSigma);
    }
  }
  return Number.NaN;
}
