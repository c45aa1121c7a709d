import { describe, expect, it } from 'vitest';
import { ecefFromGeodetic, enuRotation, horizontalEllipse, siteFromGeodetic } from '../../src/geo/index.js';

// The horizontal uncertainty ellipse of a track's position, against covariances built in local
// east-north-up axes with a known ellipse and rotated into ECEF as a tracker holds them.

/** A 6x6 ECEF covariance (row-major) whose position block is, in the ENU axes at (lat, lon), the
 * ellipse of standard deviations `major` along `azimuthDeg` and `minor` across it, `up` vertically. */
function ecefCovariance(
  latDeg: number,
  lonDeg: number,
  major: number,
  minor: number,
  azimuthDeg: number,
  up: number,
) {
  const a = (azimuthDeg * Math.PI) / 180;
  // Unit vectors (east, north) along the major and minor axes.
  const u = [Math.sin(a), Math.cos(a)];
  const v = [Math.cos(a), -Math.sin(a)];
  const ee = major ** 2 * u[0]! ** 2 + minor ** 2 * v[0]! ** 2;
  const en = major ** 2 * u[0]! * u[1]! + minor ** 2 * v[0]! * v[1]!;
  const nn = major ** 2 * u[1]! ** 2 + minor ** 2 * v[1]! ** 2;
  const C = [ee, en, 0, en, nn, 0, 0, 0, up ** 2];
  const R = enuRotation(siteFromGeodetic(latDeg, lonDeg, 0));
  // P = Rᵀ C R (R maps ECEF to ENU).
  const P = new Float64Array(36);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++)
        for (let l = 0; l < 3; l++) s += R[k * 3 + i]! * C[k * 3 + l]! * R[l * 3 + j]!;
      P[i * 6 + j] = s;
    }
  for (let i = 3; i < 6; i++) P[i * 6 + i] = 100;
  const [x, y, z] = ecefFromGeodetic(latDeg, lonDeg, 80_000);
  return { x: [x, y, z, 0, 0, 0], P };
}

const K95 = Math.sqrt(-2 * Math.log(0.05)); // 2.4477

describe('horizontalEllipse', () => {
  it('recovers a known ellipse: 1 km by 200 m sigma along N30E at 40N 135E, 95 %', () => {
    const { x, P } = ecefCovariance(40, 135, 1_000, 200, 30, 5_000);
    const e = horizontalEllipse(x, P);
    expect(K95).toBeCloseTo(2.4477, 4);
    expect(e.semiMajorM).toBeCloseTo(K95 * 1_000, 3);
    expect(e.semiMinorM).toBeCloseTo(K95 * 200, 3);
    expect(e.orientationDeg).toBeCloseTo(30, 6);
    expect(e.confidence).toBe(0.95);
    // The vertical 5 km sigma is left out, not folded into the horizontal ellipse.
    expect(e.covarianceEnM2[0] + e.covarianceEnM2[2]).toBeCloseTo(1_000 ** 2 + 200 ** 2, 2);
  });

  it('orients west of north as 180 - angle, and an east-west ellipse at 90°, anywhere on Earth', () => {
    expect(
      horizontalEllipse(...args(ecefCovariance(-33, -70, 500, 100, 150, 10)), 0.95).orientationDeg,
    ).toBeCloseTo(150, 6);
    expect(horizontalEllipse(...args(ecefCovariance(60, 170, 800, 300, 90, 10))).orientationDeg).toBeCloseTo(
      90,
      6,
    );
    const eastWest = horizontalEllipse(...args(ecefCovariance(0, 0, 800, 300, 90, 10)));
    expect(eastWest.covarianceEnM2[0]).toBeCloseTo(800 ** 2, 2);
    expect(eastWest.covarianceEnM2[2]).toBeCloseTo(300 ** 2, 2);
  });

  it('scales with the confidence: one sigma at 39.35 %; a circle has equal axes', () => {
    const { x, P } = ecefCovariance(37, 127, 300, 300, 0, 300);
    const oneSigma = horizontalEllipse(x, P, 1 - Math.exp(-0.5));
    expect(oneSigma.semiMajorM).toBeCloseTo(300, 6);
    expect(oneSigma.semiMinorM).toBeCloseTo(300, 6);
  });

  it('reads a 3x3 position covariance as the 6x6 one, and refuses other sizes and confidences', () => {
    const { x, P } = ecefCovariance(35, 139, 700, 50, 45, 100);
    const P3 = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => P[i * 6 + j]!));
    expect(horizontalEllipse(x, P3)).toEqual(horizontalEllipse(x, P));
    expect(() => horizontalEllipse(x, [1, 2, 3, 4])).toThrow(/4 entries/);
    expect(() => horizontalEllipse(x, P, 1)).toThrow(/confidence/);
  });
});

function args(c: { x: number[]; P: Float64Array }): [number[], Float64Array] {
  return [c.x, c.P];
}
