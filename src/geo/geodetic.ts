import { WGS84_A_M, WGS84_B_M, WGS84_E2, WGS84_EP2 } from './wgs84.js';

const DEG = Math.PI / 180;

/**
 * ECEF position (metres) of a geodetic point on WGS84.
 *
 * @example
 * ecefFromGeodetic(0, 0, 0) // [6378137, 0, 0]
 */
export function ecefFromGeodetic(latDeg: number, lonDeg: number, hM: number): [number, number, number] {
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A_M / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return [
    (n + hM) * cosLat * Math.cos(lon),
    (n + hM) * cosLat * Math.sin(lon),
    (n * (1 - WGS84_E2) + hM) * sinLat,
  ];
}

/**
 * Geodetic latitude, longitude (degrees) and ellipsoidal height (metres) of an ECEF point.
 *
 * Bowring's parametric-latitude iteration: each step roughly triples the number of correct digits,
 * so two or three steps reach double precision anywhere from the Earth's core to beyond GEO. The
 * height uses `p cos(lat) + z sin(lat) - a W`, which stays well conditioned at the poles where
 * `p / cos(lat) - N` would not. Points within ~43 km of the Earth's centre (inside the evolute of
 * the meridian ellipse) have several valid answers; one of them is returned.
 *
 * @example
 * geodeticFromEcef(6378137, 0, 0) // { latDeg: 0, lonDeg: 0, hM: 0 }
 */
export function geodeticFromEcef(
  x: number,
  y: number,
  z: number,
): { latDeg: number; lonDeg: number; hM: number } {
  const p = Math.hypot(x, y);
  const lonDeg = p === 0 ? 0 : Math.atan2(y, x) / DEG;
  if (p === 0) {
    // On the axis the latitude is exactly +-90 (or 0 at the centre, an arbitrary but finite choice).
    const latDeg = z > 0 ? 90 : z < 0 ? -90 : 0;
    return { latDeg, lonDeg, hM: Math.abs(z) - WGS84_B_M };
  }
  const oneMinusF = WGS84_B_M / WGS84_A_M;
  let beta = Math.atan2(z, oneMinusF * p);
  let lat = 0;
  for (let i = 0; i < 8; i++) {
    const sb = Math.sin(beta);
    const cb = Math.cos(beta);
    lat = Math.atan2(z + WGS84_EP2 * WGS84_B_M * sb * sb * sb, p - WGS84_E2 * WGS84_A_M * cb * cb * cb);
    const next = Math.atan2(oneMinusF * Math.sin(lat), Math.cos(lat));
    if (Math.abs(next - beta) < 1e-15) break;
    beta = next;
  }
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const w = Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return { latDeg: lat / DEG, lonDeg, hM: p * cosLat + z * sinLat - WGS84_A_M * w };
}
