import { ecefAcceleration, GM_M3PS2, OMEGA_EARTH_RADPS } from '../geo/index.js';
import { airDensity, approxHeightM } from './atmosphere.js';
import type { TransitionModel } from './types.js';
import { whiteNoiseAccelerationQ } from './white-noise.js';

/** Height above which the atmosphere is left out of the model (density < 2.1e-9 kg/m^3), m. */
export const AERO_CEILING_M = 150_000;

/** Parameters of the ballistic model. */
export interface BallisticOptions {
  /** Spectral density of the white-noise acceleration that covers unmodelled forces (drag, thrust tail-off), m^2/s^3. */
  accelerationNoiseM2pS3: number;
  /** Longest single RK4 step, seconds; longer intervals are split evenly. */
  maxStepS?: number;
  /** Aerodynamic forces of a body whose ballistic coefficient is not known; none when absent. */
  aero?: AeroUncertainty;
}

/**
 * Drag of an unknown body: the model flies the mean drag and covers the rest (another ballistic
 * coefficient, lift) with white noise whose density follows the dynamic pressure.
 */
export interface AeroUncertainty {
  /** Inverse ballistic coefficient 1/beta = Cd A / m flown as drag, m^2/kg (0: none). */
  meanInverseBetaM2pKg: number;
  /** Its 1-sigma uncertainty, m^2/kg: the aerodynamic acceleration's is rho v^2 / 2 times it. */
  sigmaInverseBetaM2pKg: number;
  /**
   * How long an aerodynamic acceleration error persists, seconds: an error of sigma a held that
   * long spreads the velocity as white noise of density sigma_a^2 * correlationS does.
   */
  correlationS: number;
}

/**
 * Unpowered flight in the rotating ECEF frame: WGS84 gravity with J2, Coriolis and centrifugal
 * terms (`ecefAcceleration`), integrated by classical RK4. With a Jacobian requested, the
 * variational equations dPhi/dt = A(x) Phi are integrated by the same RK4 stages, where
 * A = [[0, I], [G, C]], G = point-mass gravity gradient + centrifugal gradient and C the Coriolis
 * matrix. J2's share of the gradient (~1e-3 of G) is left out of A only: the state itself is
 * propagated with the full acceleration. The process noise over an interval longer than one
 * substep is integrated along the same trajectory, Q = sum_i Phi(t, t_i) Q_i Phi(t, t_i)^T with Q_i
 * the white-noise acceleration form over substep i, rather than that form over the whole interval
 * (which ignores how gravity rotates and stretches noise injected early, e.g. over an hour out of
 * every radar's view); over a single substep the two are the same.
 *
 * @example
 * const b = ballistic({ accelerationNoiseM2pS3: 0.1 });
 * const x = Float64Array.of(6478137, 0, 0, 0, 0, 0); // at rest 100 km above the equator
 * b.propagate(x, 1, x); // x[3] ~ -9.46: falling, and x[4] ~ +0.0014 from Coriolis
 */
export function ballistic(options: BallisticOptions): TransitionModel {
  const q = options.accelerationNoiseM2pS3;
  const maxStepS = options.maxStepS ?? 2;
  const aero = options.aero;
  const kappa = aero?.meanInverseBetaM2pKg ?? 0;
  if (aero && !(kappa >= 0 && aero.sigmaInverseBetaM2pKg >= 0 && aero.correlationS >= 0))
    throw new RangeError('ballistic: aero parameters must be >= 0');
  const rho = new Float64Array(2);
  // Stage buffers, reused so the tracker's per-scan loop does not allocate.
  const k = [new Float64Array(6), new Float64Array(6), new Float64Array(6), new Float64Array(6)];
  const kPhi = [new Float64Array(36), new Float64Array(36), new Float64Array(36), new Float64Array(36)];
  const xs = new Float64Array(6);
  const phiS = new Float64Array(36);
  const phi = new Float64Array(36);
  const acc = new Float64Array(3);
  const g = new Float64Array(9);
  const xCur = new Float64Array(6);
  const qStep = new Float64Array(36);
  const tmpQ = new Float64Array(36);

  function derivative(x: Float64Array, out: Float64Array): void {
    ecefAcceleration(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, acc);
    out[0] = x[3]!;
    out[1] = x[4]!;
    out[2] = x[5]!;
    out[3] = acc[0]!;
    out[4] = acc[1]!;
    out[5] = acc[2]!;
    if (kappa > 0) {
      // Drag against the air, which turns with the Earth: the ECEF velocity is the air speed.
      // Above AERO_CEILING_M it is below 1e-7 m/s^2 for any body the prior allows: not computed.
      const hM = approxHeightM(x[0]!, x[1]!, x[2]!);
      if (hM > AERO_CEILING_M) return;
      airDensity(hM, rho);
      const c = 0.5 * kappa * rho[0]! * Math.sqrt(x[3]! * x[3]! + x[4]! * x[4]! + x[5]! * x[5]!);
      out[3] = out[3]! - c * x[3]!;
      out[4] = out[4]! - c * x[4]!;
      out[5] = out[5]! - c * x[5]!;
    }
  }

  /** White-noise density of the state's aerodynamic uncertainty, m^2/s^3 (0 without `aero`). */
  function aeroQ(x: Float64Array): number {
    if (!aero || aero.sigmaInverseBetaM2pKg === 0) return 0;
    const hM = approxHeightM(x[0]!, x[1]!, x[2]!);
    if (hM > AERO_CEILING_M) return 0;
    airDensity(hM, rho);
    const sigmaA =
      0.5 * rho[0]! * (x[3]! * x[3]! + x[4]! * x[4]! + x[5]! * x[5]!) * aero.sigmaInverseBetaM2pKg;
    return sigmaA * sigmaA * aero.correlationS;
  }

  /** out = A(x) * P for the 6x6 P, with A = [[0, I], [G, C]]. */
  function variational(x: Float64Array, p: Float64Array, out: Float64Array): void {
    const px = x[0]!;
    const py = x[1]!;
    const pz = x[2]!;
    const r2 = px * px + py * py + pz * pz;
    const r = Math.sqrt(r2);
    const mu = GM_M3PS2 / (r2 * r);
    const w2 = OMEGA_EARTH_RADPS * OMEGA_EARTH_RADPS;
    const twoW = 2 * OMEGA_EARTH_RADPS;
    // Point-mass gradient mu/r^3 (3 r r^T / r^2 - I), plus the centrifugal w^2 diag(1, 1, 0).
    const s = (3 * mu) / r2;
    g[0] = s * px * px - mu + w2;
    g[1] = s * px * py;
    g[2] = s * px * pz;
    g[3] = g[1]!;
    g[4] = s * py * py - mu + w2;
    g[5] = s * py * pz;
    g[6] = g[2]!;
    g[7] = g[5]!;
    g[8] = s * pz * pz - mu;
    for (let j = 0; j < 6; j++) {
      const p0 = p[j]!;
      const p1 = p[6 + j]!;
      const p2 = p[12 + j]!;
      const p3 = p[18 + j]!;
      const p4 = p[24 + j]!;
      out[j] = p3;
      out[6 + j] = p4;
      out[12 + j] = p[30 + j]!;
      out[18 + j] = g[0]! * p0 + g[1]! * p1 + g[2]! * p2 + twoW * p4;
      out[24 + j] = g[3]! * p0 + g[4]! * p1 + g[5]! * p2 - twoW * p3;
      out[30 + j] = g[6]! * p0 + g[7]! * p1 + g[8]! * p2;
    }
    if (kappa > 0) addDragGradient(x, p, out);
  }

  const dv = new Float64Array(9);
  const dr = new Float64Array(9);
  const vel = new Float64Array(3);
  const up = new Float64Array(3);
  /** out += [[0, 0], [Dr, Dv]] P for drag a = -c |v| v, c = kappa rho(h) / 2. */
  function addDragGradient(x: Float64Array, p: Float64Array, out: Float64Array): void {
    const px = x[0]!;
    const py = x[1]!;
    const pz = x[2]!;
    const vx = x[3]!;
    const vy = x[4]!;
    const vz = x[5]!;
    const sp = Math.sqrt(vx * vx + vy * vy + vz * vz);
    const hM = approxHeightM(px, py, pz);
    if (sp === 0 || hM > AERO_CEILING_M) return;
    airDensity(hM, rho);
    const c = 0.5 * kappa * rho[0]!;
    const r = Math.sqrt(px * px + py * py + pz * pz);
    vel[0] = vx;
    vel[1] = vy;
    vel[2] = vz;
    up[0] = px / r;
    up[1] = py / r;
    up[2] = pz / r;
    for (let i = 0; i < 3; i++) {
      for (let m = 0; m < 3; m++) {
        // d(-c s v)/dv = -c (s I + v v^T / s); d/dr through rho: -c s v (dln rho/dh) r^T / r.
        dv[i * 3 + m] = -c * ((i === m ? sp : 0) + (vel[i]! * vel[m]!) / sp);
        dr[i * 3 + m] = -c * sp * vel[i]! * rho[1]! * up[m]!;
      }
    }
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 3; i++) {
        let a = 0;
        for (let m = 0; m < 3; m++)
          a += dr[i * 3 + m]! * p[m * 6 + j]! + dv[i * 3 + m]! * p[(3 + m) * 6 + j]!;
        out[(3 + i) * 6 + j] = out[(3 + i) * 6 + j]! + a;
      }
    }
  }

  function step(x: Float64Array, h: number, withPhi: boolean): void {
    const [k1, k2, k3, k4] = k as [Float64Array, Float64Array, Float64Array, Float64Array];
    const [m1, m2, m3, m4] = kPhi as [Float64Array, Float64Array, Float64Array, Float64Array];
    derivative(x, k1);
    if (withPhi) variational(x, phi, m1);
    for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k1[i]!;
    derivative(xs, k2);
    if (withPhi) {
      for (let i = 0; i < 36; i++) phiS[i] = phi[i]! + 0.5 * h * m1[i]!;
      variational(xs, phiS, m2);
    }
    for (let i = 0; i < 6; i++) xs[i] = x[i]! + 0.5 * h * k2[i]!;
    derivative(xs, k3);
    if (withPhi) {
      for (let i = 0; i < 36; i++) phiS[i] = phi[i]! + 0.5 * h * m2[i]!;
      variational(xs, phiS, m3);
    }
    for (let i = 0; i < 6; i++) xs[i] = x[i]! + h * k3[i]!;
    derivative(xs, k4);
    if (withPhi) {
      for (let i = 0; i < 36; i++) phiS[i] = phi[i]! + h * m3[i]!;
      variational(xs, phiS, m4);
      for (let i = 0; i < 36; i++) phi[i] = phi[i]! + (h / 6) * (m1[i]! + 2 * m2[i]! + 2 * m3[i]! + m4[i]!);
    }
    for (let i = 0; i < 6; i++) x[i] = x[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }

  return {
    name: 'ballistic',
    propagate(x, dtS, out, F) {
      xCur.set(x);
      if (F) {
        phi.fill(0);
        for (let i = 0; i < 6; i++) phi[i * 6 + i] = 1;
      }
      if (dtS !== 0) {
        const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
        const h = dtS / n;
        for (let i = 0; i < n; i++) step(xCur, h, F !== undefined);
      }
      out.set(xCur);
      if (F) F.set(phi);
    },
    processNoise(x, dtS, Q) {
      const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
      if (n === 1 || (q === 0 && !aero)) {
        whiteNoiseAccelerationQ(q + aeroQ(x), dtS, Q);
        return;
      }
      // Q = sum_i Phi(t, t_i) Q_i(h) Phi(t, t_i)^T over the same RK4 substeps as `propagate`, by
      // the recursion Q <- Phi_i Q Phi_i^T + Q_i(h): noise injected early is carried by the dynamics.
      const h = dtS / n;
      whiteNoiseAccelerationQ(q, h, qStep);
      Q.fill(0);
      xCur.set(x);
      for (let s = 0; s < n; s++) {
        if (aero) whiteNoiseAccelerationQ(q + aeroQ(xCur), h, qStep);
        phi.fill(0);
        for (let i = 0; i < 6; i++) phi[i * 6 + i] = 1;
        step(xCur, h, true);
        for (let i = 0; i < 6; i++) {
          for (let j = 0; j < 6; j++) {
            let a = 0;
            for (let m = 0; m < 6; m++) a += phi[i * 6 + m]! * Q[m * 6 + j]!;
            tmpQ[i * 6 + j] = a;
          }
        }
        for (let i = 0; i < 6; i++) {
          for (let j = i; j < 6; j++) {
            let a = qStep[i * 6 + j]!;
            for (let m = 0; m < 6; m++) a += tmpQ[i * 6 + m]! * phi[j * 6 + m]!;
            Q[i * 6 + j] = a;
            Q[j * 6 + i] = a;
          }
        }
      }
    },
  };
}
