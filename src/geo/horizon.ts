import { geodeticFromEcef } from './geodetic.js';
import type { Site } from './site.js';

/**
 * Standard-atmosphere refraction bends radio rays so that, for line-of-sight purposes, the Earth
 * behaves as a sphere 4/3 its real radius (ITU-R P.453/P.834 "k-factor" of the median
 * atmosphere).
 */
export const EFFECTIVE_EARTH_FACTOR = 4 / 3;

/** Mean Earth radius used where no site is at hand, metres. */
const EARTH_RADIUS_M = 6_371_000;

/**
 * Distance (m) to the radio horizon of an antenna at `antennaHeightM`, plus that of a target at
 * `targetHeightM` (the two horizons add), over the 4/3 Earth: sqrt(2 k R h) ~ 4.12 sqrt(h m) km.
 *
 * @example
 * radioHorizonM(100) // ~41_220 (41.2 km)
 */
export function radioHorizonM(
  antennaHeightM: number,
  targetHeightM = 0,
  earthRadiusM = EARTH_RADIUS_M,
): number {
  const re = EFFECTIVE_EARTH_FACTOR * earthRadiusM;
  const one = (h: number) => (h > 0 ? Math.sqrt(2 * re * h + h * h) : 0);
  return one(antennaHeightM) + one(targetHeightM);
}

/**
 * The site and target placed on the effective (4/3) Earth: same heights above the surface and the
 * same ground distance, so the central angle shrinks by 1/k. Returns the target's position in the
 * 2-D plane through the Earth's centre (site on the +y axis) and the site's distance from centre.
 */
function effectiveGeometry(s: Site, x: number, y: number, z: number): { tx: number; ty: number; rs: number } {
  const rLocal = s.localRadiusM;
  const hT = geodeticFromEcef(x, y, z).hM;
  const rsTrue = rLocal + s.hM;
  const rtTrue = rLocal + hT;
  const dx = x - s.x;
  const dy = y - s.y;
  const dz = z - s.z;
  const d2 = dx * dx + dy * dy + dz * dz;
  // Central angle on the local sphere from the true slant range (law of cosines), clamped
  // because the ellipsoid is not exactly that sphere.
  const cosTheta = Math.min(
    1,
    Math.max(-1, (rsTrue * rsTrue + rtTrue * rtTrue - d2) / (2 * rsTrue * rtTrue)),
  );
  const theta = Math.acos(cosTheta) / EFFECTIVE_EARTH_FACTOR;
  const re = EFFECTIVE_EARTH_FACTOR * rLocal;
  const rt = re + hT;
  return { tx: rt * Math.sin(theta), ty: rt * Math.cos(theta), rs: re + s.hM };
}

/**
 * Apparent (refracted) elevation in degrees of an ECEF point seen from the site: the elevation of
 * the straight ray in the 4/3-Earth geometry. It is a little above the geometric elevation for
 * distant low targets, which is what lets a radar see past the geometric horizon.
 *
 * @example
 * // A target 300 km away at 10 km height: geometric elevation ~ -0.8 deg, apparent ~ -0.1 deg.
 */
export function apparentElevationDeg(s: Site, x: number, y: number, z: number): number {
  const g = effectiveGeometry(s, x, y, z);
  return (Math.atan2(g.ty - g.rs, g.tx) * 180) / Math.PI;
}

/**
 * True when the straight ray from the site to the ECEF point clears the 4/3 Earth, i.e. the target
 * is above the site's radio horizon (terrain not modelled).
 *
 * @example
 * // 100 m mast, target at 1000 m: horizons add to 41.2 + 130.3 = 171.5 km.
 * isAboveRadioHorizon(site, ...pointAt(160 km, 1000 m)) // true
 * isAboveRadioHorizon(site, ...pointAt(185 km, 1000 m)) // false
 */
export function isAboveRadioHorizon(s: Site, x: number, y: number, z: number): boolean {
  const g = effectiveGeometry(s, x, y, z);
  const re = EFFECTIVE_EARTH_FACTOR * s.localRadiusM;
  // Closest approach of segment (0, rs) -> (tx, ty) to the centre.
  const ux = g.tx;
  const uy = g.ty - g.rs;
  const len2 = ux * ux + uy * uy;
  if (len2 === 0) return true;
  const t = Math.min(1, Math.max(0, -(g.rs * uy) / len2));
  const cx = t * ux;
  const cy = g.rs + t * uy;
  // A millimetre of slack so a target exactly on the surface beside the radar is not hidden by rounding.
  return Math.hypot(cx, cy) >= re - 1e-3;
}
