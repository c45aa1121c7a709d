import { ecefFromEnu, enuFromEcef, type Vec3 } from './enu.js';
import type { Site } from './site.js';

const DEG = Math.PI / 180;

/** Slant range (m), azimuth (degrees clockwise from true north, [0, 360)) and elevation (degrees above the local horizontal plane). */
export interface Rae {
  rangeM: number;
  azDeg: number;
  elDeg: number;
}

/**
 * Range, azimuth and elevation of an ECEF point as seen from the site, geometric (no refraction).
 *
 * @example
 * const s = siteFromGeodetic(0, 0, 0);
 * raeFromEcef(s, 6378137, 1000, 1000) // { rangeM: 1414.21, azDeg: 45, elDeg: ~0 }
 */
export function raeFromEcef(s: Site, x: number, y: number, z: number): Rae {
  const enu = enuFromEcef(s, x, y, z);
  const e = enu[0];
  const n = enu[1];
  const u = enu[2];
  const horizontal = Math.hypot(e, n);
  let azDeg = Math.atan2(e, n) / DEG;
  if (azDeg < 0) azDeg += 360;
  // atan2(-0, x) gives -0; adding 360 to it would give 360, outside [0, 360).
  if (azDeg >= 360) azDeg -= 360;
  return { rangeM: Math.hypot(horizontal, u), azDeg, elDeg: Math.atan2(u, horizontal) / DEG };
}

/**
 * ECEF position of the point at the given range, azimuth and elevation from the site.
 *
 * @example
 * const s = siteFromGeodetic(0, 0, 0);
 * ecefFromRae(s, 100, 0, 90) // [6378237, 0, 0]
 */
export function ecefFromRae(
  s: Site,
  rangeM: number,
  azDeg: number,
  elDeg: number,
  out: Vec3 = [0, 0, 0],
): Vec3 {
  const az = azDeg * DEG;
  const el = elDeg * DEG;
  const ce = Math.cos(el);
  return ecefFromEnu(s, rangeM * ce * Math.sin(az), rangeM * ce * Math.cos(az), rangeM * Math.sin(el), out);
}

/**
 * Jacobian d(x, y, z) / d(range m, az rad, el rad) of `ecefFromRae` at the given point, row-major
 * 3x3 (row = ECEF axis). Angles in the derivative are in radians because that is what makes the
 * linearised covariance J diag(sr^2, sa^2, se^2) J^T come out in square metres.
 *
 * @example
 * // Straight up from (0, 0): a range step moves +x, an elevation step moves along -ENU north.
 * ecefFromRaeJacobian(siteFromGeodetic(0, 0, 0), 1000, 0, 90) // [1,0,0, 0,0,0, 0,0,-1000] (approx.)
 */
export function ecefFromRaeJacobian(
  s: Site,
  rangeM: number,
  azDeg: number,
  elDeg: number,
  out: number[] | Float64Array = new Float64Array(9),
): number[] | Float64Array {
  const az = azDeg * DEG;
  const el = elDeg * DEG;
  const sa = Math.sin(az);
  const ca = Math.cos(az);
  const se = Math.sin(el);
  const ce = Math.cos(el);
  // Columns in ENU: d/dr, d/daz, d/del.
  const cols = [
    [ce * sa, ce * ca, se],
    [rangeM * ce * ca, -rangeM * ce * sa, 0],
    [-rangeM * se * sa, -rangeM * se * ca, rangeM * ce],
  ];
  // ECEF = R^T ENU, rows of R^T written out.
  const rt = [
    [-s.sinLon, -s.sinLat * s.cosLon, s.cosLat * s.cosLon],
    [s.cosLon, -s.sinLat * s.sinLon, s.cosLat * s.sinLon],
    [0, s.cosLat, s.sinLat],
  ];
  for (let i = 0; i < 3; i++) {
    const row = rt[i]!;
    for (let j = 0; j < 3; j++) {
      const c = cols[j]!;
      out[i * 3 + j] = row[0]! * c[0]! + row[1]! * c[1]! + row[2]! * c[2]!;
    }
  }
  return out;
}

/**
 * ECEF position covariance (m^2, row-major 3x3, symmetric) of a polar measurement with
 * independent 1-sigma errors in range, azimuth and elevation, linearised at the measured point.
 *
 * @example
 * // 10 m range noise straight up from (0, 0): all of it on the x axis.
 * ecefCovarianceFromRae(siteFromGeodetic(0, 0, 0), 1e5, 0, 90, 10, 0, 0)[0] // 100
 */
export function ecefCovarianceFromRae(
  s: Site,
  rangeM: number,
  azDeg: number,
  elDeg: number,
  sigmaRangeM: number,
  sigmaAzDeg: number,
  sigmaElDeg: number,
): Float64Array {
  const j = ecefFromRaeJacobian(s, rangeM, azDeg, elDeg);
  const v0 = sigmaRangeM * sigmaRangeM;
  const v1 = (sigmaAzDeg * DEG) ** 2;
  const v2 = (sigmaElDeg * DEG) ** 2;
  const p = new Float64Array(9);
  for (let a = 0; a < 3; a++) {
    for (let b = a; b < 3; b++) {
      const val =
        j[a * 3]! * j[b * 3]! * v0 + j[a * 3 + 1]! * j[b * 3 + 1]! * v1 + j[a * 3 + 2]! * j[b * 3 + 2]! * v2;
      p[a * 3 + b] = val;
      p[b * 3 + a] = val;
    }
  }
  return p;
}
