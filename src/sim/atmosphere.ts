/**
 * Air density of the U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562, October 1976): the seven
 * hydrostatic layers of constant lapse rate up to 86 km (84.852 km geopotential), computed from
 * their base temperatures and pressures; above that, exponential fits through the standard's
 * tabulated densities at 86, 100, 150 and 200 km (beyond 200 km the last scale height continues;
 * drag there is negligible for a missile). No weather, no season, no latitude.
 */

/** Earth radius used by the standard to turn geometric into geopotential height, m. */
const R0_M = 6_356_766;
/** g0 * M0 / R* of the standard, K/m. */
const G0M_OVER_R = (9.80665 * 0.0289644) / 8.31432;
/** M0 / R*, kg K / J. */
const M_OVER_R = 0.0289644 / 8.31432;

/** Layer bases: geopotential height (m), lapse rate (K/m), base temperature (K), base pressure (Pa). */
const LAYERS: readonly (readonly [number, number, number, number])[] = [
  [0, -0.0065, 288.15, 101_325],
  [11_000, 0, 216.65, 22_632.06],
  [20_000, 0.001, 216.65, 5_474.889],
  [32_000, 0.0028, 228.65, 868.0187],
  [47_000, 0, 270.65, 110.9063],
  [51_000, -0.0028, 270.65, 66.93887],
  [71_000, -0.002, 214.65, 3.95642],
];

/** Geometric height (m) and density (kg/m^3) of the standard's table above the layered part, with the scale height (m) to the next row. */
const UPPER: readonly (readonly [number, number, number])[] = [
  [86_000, 6.958e-6, 14_000 / Math.log(6.958e-6 / 5.604e-7)],
  [100_000, 5.604e-7, 50_000 / Math.log(5.604e-7 / 2.076e-9)],
  [150_000, 2.076e-9, 50_000 / Math.log(2.076e-9 / 2.541e-10)],
  [200_000, 2.541e-10, 50_000 / Math.log(2.076e-9 / 2.541e-10)],
];

/**
 * Density (kg/m^3) at geometric height `hM` above mean sea level. Below sea level the lowest layer
 * continues (a flight ends at the ellipsoid anyway).
 *
 * @example
 * airDensityKgPerM3(0) // 1.225
 * airDensityKgPerM3(50_000) // ~1.03e-3
 */
export function airDensityKgPerM3(hM: number): number {
  if (hM >= 86_000) {
    let k = 0;
    while (k + 1 < UPPER.length && hM >= UPPER[k + 1]![0]) k++;
    const [h0, rho0, scaleM] = UPPER[k]!;
    return rho0 * Math.exp(-(hM - h0) / scaleM);
  }
  const hGp = (R0_M * hM) / (R0_M + hM);
  let k = 0;
  while (k + 1 < LAYERS.length && hGp >= LAYERS[k + 1]![0]) k++;
  const [hb, lapse, tb, pb] = LAYERS[k]!;
  const dh = hGp - hb;
  const tK = tb + lapse * dh;
  const pPa = lapse === 0 ? pb * Math.exp((-G0M_OVER_R * dh) / tb) : pb * (tb / tK) ** (G0M_OVER_R / lapse);
  return (pPa * M_OVER_R) / tK;
}
