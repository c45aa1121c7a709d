import { ecefFromEnu, enuRotation, type Vec3 } from './enu.js';
import type { Site } from './site.js';

const DEG = Math.PI / 180;

/** A polar measurement converted to ECEF: position (m) and its error covariance (m^2, row-major 3x3). */
export interface ConvertedMeasurement {
  readonly ecef: Vec3;
  readonly covariance: Float64Array;
}

/**
 * A radar's polar measurement (independent Gaussian errors of 1-sigma `sigmaRangeM`, `sigmaAzDeg`,
 * `sigmaElDeg`) converted to an ECEF point with the covariance of its error, such that a Kalman
 * filter fusing many of them is unbiased.
 *
 * Why not `ecefFromRae` with `ecefCovarianceFromRae`, nor the textbook unbiased conversion
 * (dividing by E[cos w] = exp(-s^2 / 2)): a covariance computed at the measured angles is
 * narrowest (sigma_range) along the measured line of sight l_m, so a filter trusts each point most
 * along l_m, and what it averages is the error's component along l_m. With gamma the angle between
 * the measured and true lines of sight, a point at k r_m along l_m has an error component along l_m
 * whose mean is r (k E[cos gamma] - E[cos^2 gamma]): about +r E[gamma^2] / 2 for the plain
 * conversion (k = 1) and +r E[gamma^2] for the textbook unbiased one, which is unbiased on average
 * but not where the filter looks (0.3-3 m for the bundled radars; measured, either makes a filter
 * without process noise overconfident). Placing the point at k = E[cos^2 gamma] / E[cos gamma]
 * (about 1 - E[gamma^2] / 2) makes that component zero. The moments are taken with the truth as the
 * measurement minus the (symmetric) noise; the covariance is E[(point - truth)(point - truth)^T] given
 * the measurement, from exact sines and cosines of Gaussian angles rather than a linearisation, and
 * reduces to `ecefCovarianceFromRae` as the angle noise goes to zero.
 *
 * @example
 * // 1,000 km north at zero elevation, 0.1 degree angle noise: ~1.5 m short of the plain conversion.
 * convertedEcefFromRae(siteFromGeodetic(0, 0, 0), 1e6, 0, 0, 10, 0.1, 0.1).ecef
 */
export function convertedEcefFromRae(
  s: Site,
  rangeM: number,
  azDeg: number,
  elDeg: number,
  sigmaRangeM: number,
  sigmaAzDeg: number,
  sigmaElDeg: number,
): ConvertedMeasurement {
  const a = azDeg * DEG;
  const e = elDeg * DEG;
  const va = (sigmaAzDeg * DEG) ** 2;
  const ve = (sigmaElDeg * DEG) ** 2;
  // E[cos w] for w ~ N(0, v) is exp(-v/2); E[cos 2w] is exp(-2v).
  const la = Math.exp(-va / 2);
  const le = Math.exp(-ve / 2);
  const ma = Math.exp(-2 * va);
  const me = Math.exp(-2 * ve);
  const sa = Math.sin(a);
  const ca = Math.cos(a);
  const se = Math.sin(e);
  const ce = Math.cos(e);
  const r = rangeM;
  const cos2a = Math.cos(2 * a);
  const cos2e = Math.cos(2 * e);
  const eCosE2 = (1 + me * cos2e) / 2;
  const eSinE2 = (1 - me * cos2e) / 2;
  const eSinCosE = (me * Math.sin(2 * e)) / 2;
  const eSinA2 = (1 - ma * cos2a) / 2;
  const eCosA2 = (1 + ma * cos2a) / 2;
  const eSinCosA = (ma * Math.sin(2 * a)) / 2;

  // cos gamma = cos e_m cos e cos(da) + sin e_m sin e, with the true angles e = e_m - de, a = a_m - da.
  const eCosGamma = la * le * ce * ce + le * se * se;
  const eCosGamma2 = ce * ce * eCosE2 * ((1 + ma) / 2) + 2 * ce * se * la * eSinCosE + se * se * eSinE2;
  const k = eCosGamma2 / eCosGamma;
  const u = [k * r * ce * sa, k * r * ce * ca, k * r * se];
  // Mean of the true position given the measurement.
  const m = [la * le * r * ce * sa, la * le * r * ce * ca, le * r * se];
  // Second moments of the true position given the measurement.
  const r2 = r * r + sigmaRangeM * sigmaRangeM;
  const second = [
    r2 * eCosE2 * eSinA2,
    r2 * eCosE2 * eSinCosA,
    r2 * eSinCosE * la * sa,
    0,
    r2 * eCosE2 * eCosA2,
    r2 * eSinCosE * la * ca,
    0,
    0,
    r2 * eSinE2,
  ];
  // E[(u - x)(u - x)^T] = E[x x^T] - m m^T + (u - m)(u - m)^T, in ENU.
  const enu = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      const v = second[i * 3 + j]! - m[i]! * m[j]! + (u[i]! - m[i]!) * (u[j]! - m[j]!);
      enu[i * 3 + j] = v;
      enu[j * 3 + i] = v;
    }
  }
  // ECEF = R^T ENU, so the covariance is R^T C R.
  const rot = enuRotation(s);
  const tmp = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let acc = 0;
      for (let k = 0; k < 3; k++) acc += enu[i * 3 + k]! * rot[k * 3 + j]!;
      tmp[i * 3 + j] = acc;
    }
  }
  const covariance = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      let acc = 0;
      for (let k = 0; k < 3; k++) acc += rot[k * 3 + i]! * tmp[k * 3 + j]!;
      covariance[i * 3 + j] = acc;
      covariance[j * 3 + i] = acc;
    }
  }
  return { ecef: ecefFromEnu(s, u[0]!, u[1]!, u[2]!), covariance };
}
