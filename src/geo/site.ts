import { ecefFromGeodetic } from './geodetic.js';
import { WGS84_A_M, WGS84_E2 } from './wgs84.js';

/**
 * A reference point for local frames (a radar, a launch pad), with its ECEF position and the
 * trigonometry of its latitude and longitude computed once, so per-measurement conversions are
 * a handful of multiplications.
 */
export interface Site {
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly hM: number;
  /** ECEF position, metres. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly sinLat: number;
  readonly cosLat: number;
  readonly sinLon: number;
  readonly cosLon: number;
  /** Gaussian mean radius of curvature sqrt(M N) at the site, metres: the local sphere for horizon work. */
  readonly localRadiusM: number;
}

/**
 * Precomputes a Site from geodetic coordinates.
 *
 * @example
 * const shariki = siteFromGeodetic(40.77, 140.3, 20);
 * shariki.x // ~ -3.7e6 (metres, ECEF)
 */
export function siteFromGeodetic(latDeg: number, lonDeg: number, hM: number): Site {
  const lat = (latDeg * Math.PI) / 180;
  const lon = (lonDeg * Math.PI) / 180;
  const [x, y, z] = ecefFromGeodetic(latDeg, lonDeg, hM);
  const sinLat = Math.sin(lat);
  const w2 = 1 - WGS84_E2 * sinLat * sinLat;
  const n = WGS84_A_M / Math.sqrt(w2);
  const m = (WGS84_A_M * (1 - WGS84_E2)) / (w2 * Math.sqrt(w2));
  return {
    latDeg,
    lonDeg,
    hM,
    x,
    y,
    z,
    sinLat,
    cosLat: Math.cos(lat),
    sinLon: Math.sin(lon),
    cosLon: Math.cos(lon),
    localRadiusM: Math.sqrt(m * n),
  };
}
