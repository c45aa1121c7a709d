import type { MeasurementModel } from './types.js';

/**
 * A sensor that reports ECEF position directly, z = [x, y, z] in metres, with a full 3x3
 * covariance per report (the black-box CSV format). Linear: H = [I 0].
 *
 * @example
 * const m = cartesianPosition();
 * const z = new Float64Array(3);
 * m.measure(Float64Array.of(1, 2, 3, 4, 5, 6), z); // z = [1, 2, 3]
 */
export function cartesianPosition(): MeasurementModel {
  return {
    name: 'cartesian-position',
    dimZ: 3,
    measure(x, out) {
      out[0] = x[0]!;
      out[1] = x[1]!;
      out[2] = x[2]!;
    },
    jacobian(_x, H) {
      H.fill(0);
      H[0] = 1;
      H[7] = 1;
      H[14] = 1;
    },
    residual(z, zPred, out) {
      out[0] = z[0]! - zPred[0]!;
      out[1] = z[1]! - zPred[1]!;
      out[2] = z[2]! - zPred[2]!;
    },
    toPosition(z, R, posOut, covOut) {
      posOut[0] = z[0]!;
      posOut[1] = z[1]!;
      posOut[2] = z[2]!;
      covOut.set(R.subarray(0, 9));
    },
  };
}

/** True for the model returned by `cartesianPosition` (lets hot loops skip the generic path). */
export function isCartesianPosition(m: MeasurementModel): boolean {
  return m.name === 'cartesian-position';
}
