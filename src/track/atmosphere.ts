import { WGS84_A_M, WGS84_F } from '../geo/index.js';

/**
 * Densities of the U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562, table I) every 10 km of
 * geometric height from 0 to 150 km, kg/m^3. The tracker needs the density only to size drag's
 * share of its model uncertainty, not to simulate it: log-linear interpolation between these rows
 * is within a few per cent of the standard (the simulator's own, layered model lives in `src/sim`,
 * which this layer may not import).
 */
const RHO_KGPM3 = [
  1.225, 4.1351e-1, 8.891e-2, 1.841e-2, 3.9957e-3, 1.0269e-3, 3.0968e-4, 8.2829e-5, 1.8458e-5, 3.416e-6,
  5.604e-7, 9.708e-8, 2.222e-8, 8.152e-9, 3.831e-9, 2.076e-9,
];
const STEP_M = 10_000;
const LN_RHO = RHO_KGPM3.map(Math.log);

/**
 * Height above the WGS84 ellipsoid of ECEF position (x, y, z), m, by the ellipsoid's radius at the
 * geocentric latitude: within ~20 m of the geodetic height below 1,000 km, plenty for a density.
 */
export function approxHeightM(x: number, y: number, z: number): number {
  const r = Math.sqrt(x * x + y * y + z * z);
  const s2 = (z * z) / (r * r);
  return r - WGS84_A_M * (1 - WGS84_F * s2);
}

/**
 * Air density at geometric height `hM` (kg/m^3) and its logarithmic derivative d ln(rho)/dh
 * (1/m), written into `out` as [rho, dLnRhoPerM]. Below 0 the first row's slope continues; above
 * 150 km the last row's (drag there is immaterial to a missile).
 *
 * @example
 * const o = new Float64Array(2);
 * airDensity(20_000, o); // o[0] = 0.0889, o[1] ~ -1/6,350 m
 */
export function airDensity(hM: number, out: Float64Array): Float64Array {
  const last = LN_RHO.length - 1;
  let k = Math.floor(hM / STEP_M);
  if (k < 0) k = 0;
  if (k > last - 1) k = last - 1;
  const slope = (LN_RHO[k + 1]! - LN_RHO[k]!) / STEP_M;
  out[0] = Math.exp(LN_RHO[k]! + slope * (hM - k * STEP_M));
  out[1] = slope;
  return out;
}
