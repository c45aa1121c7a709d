import type { TransitionModel } from './types.js';
import { whiteNoiseAccelerationQ } from './white-noise.js';

/** Parameters of the constant-velocity model. */
export interface ConstantVelocityOptions {
  /** Spectral density of the white-noise acceleration on each axis, m^2/s^3. */
  accelerationNoiseM2pS3: number;
}

/**
 * Constant velocity in ECEF (nearly-constant-velocity, white-noise acceleration): the baseline
 * Stone Soup compares with, and the right model for slow or manoeuvring targets.
 *
 * @example
 * const cv = constantVelocity({ accelerationNoiseM2pS3: 1 });
 * const x = Float64Array.of(0, 0, 0, 10, 0, 0);
 * cv.propagate(x, 2, x); // x = [20, 0, 0, 10, 0, 0]
 */
export function constantVelocity(options: ConstantVelocityOptions): TransitionModel {
  const q = options.accelerationNoiseM2pS3;
  return {
    name: 'constant-velocity',
    propagate(x, dtS, out, F) {
      for (let i = 0; i < 3; i++) {
        const v = x[i + 3]!;
        out[i] = x[i]! + v * dtS;
        out[i + 3] = v;
      }
      if (F) {
        F.fill(0);
        for (let i = 0; i < 6; i++) F[i * 6 + i] = 1;
        for (let i = 0; i < 3; i++) F[i * 6 + i + 3] = dtS;
      }
    },
    processNoise(_x, dtS, Q) {
      whiteNoiseAccelerationQ(q, dtS, Q);
    },
  };
}
