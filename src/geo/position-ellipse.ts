import { geodeticFromEcef } from './geodetic.js';

/** A position's horizontal uncertainty in the local east-north plane. */
export interface HorizontalEllipse {
  /** The 2x2 position covariance in local east-north axes, m²: east variance, covariance, north variance. */
  readonly covarianceEnM2: readonly [ee: number, en: number, nn: number];
  /** Semi-axes at `confidence`, m. */
  readonly semiMajorM: number;
  readonly semiMinorM: number;
  /** Azimuth of the semi-major axis, degrees east of north, in [0, 180). */
  readonly orientationDeg: number;
  /** Probability mass inside the ellipse (2-D Gaussian). */
  readonly confidence: number;
}

/**
 * The horizontal uncertainty ellipse of an ECEF state's position: the position block of `P` (row-major
 * 6x6, or 3x3 when `P` has 9 entries) rotated into the local east-north-up axes at the position
 * (C = R P Rᵀ), its east-north block, and that block's ellipse at `confidence` (semi-axes k·√λ with
 * k = √(−2 ln(1 − confidence)), 2.448 at 95 %). What a map draws around a track: the vertical part of
 * the uncertainty is left out, not folded in.
 * @example horizontalEllipse(track.x, track.P) // { semiMajorM: 1850, semiMinorM: 420, orientationDeg: 63, ... }
 */
export function horizontalEllipse(
  x: ArrayLike<number>,
  P: ArrayLike<number>,
  confidence = 0.95,
): HorizontalEllipse {
  if (!(confidence > 0 && confidence < 1)) throw new Error(`invariant: confidence ${confidence}`);
  const n = P.length === 9 ? 3 : 6;
  if (P.length !== n * n) throw new Error(`invariant: covariance of ${P.length} entries, not 9 or 36`);
  const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
  const lat = (g.latDeg * Math.PI) / 180;
  const lon = (g.lonDeg * Math.PI) / 180;
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const quad = (a: number[], b: number[]) => {
    let s = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += a[i]! * P[i * n + j]! * b[j]!;
    return s;
  };
  const ee = quad(east, east);
  // Symmetrised: a covariance that is not quite symmetric still gives one ellipse.
  const en = 0.5 * (quad(east, north) + quad(north, east));
  const nn = quad(north, north);
  // Eigen-decomposition of [[ee, en], [en, nn]]: the larger eigenvalue's axis at angleRad from east.
  const mean = 0.5 * (ee + nn);
  const r = Math.hypot(0.5 * (ee - nn), en);
  const angleFromEastRad = 0.5 * Math.atan2(2 * en, ee - nn);
  const k = Math.sqrt(-2 * Math.log(1 - confidence));
  const orientation = 90 - (angleFromEastRad * 180) / Math.PI;
  return {
    covarianceEnM2: [ee, en, nn],
    semiMajorM: k * Math.sqrt(Math.max(mean + r, 0)),
    semiMinorM: k * Math.sqrt(Math.max(mean - r, 0)),
    orientationDeg: ((orientation % 180) + 180) % 180,
    confidence,
  };
}
