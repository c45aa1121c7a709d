import { ecefAcceleration, GM_M3PS2, OMEGA_EARTH_RADPS } from '../geo/index.js';
import { airDensity, approxHeightM } from './atmosphere.js';
import { fpftPlusQ6 } from './linalg.js';
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
  const acc = new Float64Array(3);
  // One RK4 substep's four stages, reused so the tracker's per-scan loop does not allocate: the
  // derivative at each stage (6 each) and, when the Jacobian is wanted, the
  // stage's A = [[0, I], [G, C + Dv]] + [[0, 0], [Dr, 0]] by its parts: G's six distinct entries,
  // and the drag gradient's Dr and Dv (9 each) where the stage is in the air.
  const stK = new Float64Array(24);
  const stG = new Float64Array(24);
  const stDr = new Float64Array(36);
  const stDv = new Float64Array(36);
  const stDrag = new Uint8Array(4);
  const phi = new Float64Array(36);
  const phiTotal = new Float64Array(36);
  const xCur = new Float64Array(6);
  const qStep = new Float64Array(36);
  const tmpQ = new Float64Array(36);

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

  /**
   * Stage `s` at the state (px, py, pz, vx, vy, vz): the state and its derivative f(x) (J2
   * gravity, Coriolis, centrifugal, and drag against the air, which turns with the Earth, so the
   * ECEF velocity is the air speed), and with `jac` the pieces of A(x) = df/dx: the point-mass
   * gravity gradient mu/r^3 (3 r r^T / r^2 - I) plus the centrifugal w^2 diag(1, 1, 0) (J2's
   * share, ~1e-3 of it, is left out of A only), and for drag a = -c |v| v, c = kappa rho(h) / 2,
   * Dv = -c (|v| I + v v^T / |v|) and Dr = -c |v| v (dln rho/dh) r^T / r. Above AERO_CEILING_M
   * drag is below 1e-7 m/s^2 for any body the prior allows: not computed.
   */
  function stage(
    s: number,
    px: number,
    py: number,
    pz: number,
    vx: number,
    vy: number,
    vz: number,
    jac: boolean,
  ): void {
    const o = s * 6;
    ecefAcceleration(px, py, pz, vx, vy, vz, acc);
    let ax = acc[0]!;
    let ay = acc[1]!;
    let az = acc[2]!;
    let inAir = false;
    if (kappa > 0) {
      const hM = approxHeightM(px, py, pz);
      if (!(hM > AERO_CEILING_M)) {
        inAir = true;
        airDensity(hM, rho);
        const sp = Math.sqrt(vx * vx + vy * vy + vz * vz);
        const c = 0.5 * kappa * rho[0]! * sp;
        ax = ax - c * vx;
        ay = ay - c * vy;
        az = az - c * vz;
      }
    }
    stK[o] = vx;
    stK[o + 1] = vy;
    stK[o + 2] = vz;
    stK[o + 3] = ax;
    stK[o + 4] = ay;
    stK[o + 5] = az;
    if (!jac) return;
    const r2 = px * px + py * py + pz * pz;
    const r = Math.sqrt(r2);
    const mu = GM_M3PS2 / (r2 * r);
    const w2 = OMEGA_EARTH_RADPS * OMEGA_EARTH_RADPS;
    const sg = (3 * mu) / r2;
    stG[o] = sg * px * px - mu + w2;
    stG[o + 1] = sg * px * py;
    stG[o + 2] = sg * px * pz;
    stG[o + 3] = sg * py * py - mu + w2;
    stG[o + 4] = sg * py * pz;
    stG[o + 5] = sg * pz * pz - mu;
    stDrag[s] = 0;
    if (!inAir) return;
    const sp = Math.sqrt(vx * vx + vy * vy + vz * vz);
    if (sp === 0) return;
    stDrag[s] = 1;
    // rho (and its log slope) is still the one of this stage's height, from above.
    const c = 0.5 * kappa * rho[0]!;
    const dl = rho[1]!;
    const ux = px / r;
    const uy = py / r;
    const uz = pz / r;
    const k = s * 9;
    const mc = -c;
    const mcs = -c * sp;
    stDv[k] = mc * (sp + (vx * vx) / sp);
    stDv[k + 1] = mc * (0 + (vx * vy) / sp);
    stDv[k + 2] = mc * (0 + (vx * vz) / sp);
    stDv[k + 3] = mc * (0 + (vy * vx) / sp);
    stDv[k + 4] = mc * (sp + (vy * vy) / sp);
    stDv[k + 5] = mc * (0 + (vy * vz) / sp);
    stDv[k + 6] = mc * (0 + (vz * vx) / sp);
    stDv[k + 7] = mc * (0 + (vz * vy) / sp);
    stDv[k + 8] = mc * (sp + (vz * vz) / sp);
    stDr[k] = mcs * vx * dl * ux;
    stDr[k + 1] = mcs * vx * dl * uy;
    stDr[k + 2] = mcs * vx * dl * uz;
    stDr[k + 3] = mcs * vy * dl * ux;
    stDr[k + 4] = mcs * vy * dl * uy;
    stDr[k + 5] = mcs * vy * dl * uz;
    stDr[k + 6] = mcs * vz * dl * ux;
    stDr[k + 7] = mcs * vz * dl * uy;
    stDr[k + 8] = mcs * vz * dl * uz;
  }

  /**
   * One classical RK4 substep of length h of the state x, in place; with `jac`, also of the
   * variational equations dPhi/dt = A(x) Phi for `phi`, by the same four stages. Phi's columns
   * evolve independently (A acts on each), so each is carried through the four stages in locals;
   * `fromIdentity` says phi is I at the substep's start (`advancePhi`).
   */
  function step(x: Float64Array, h: number, jac: boolean, fromIdentity: boolean): void {
    const hh = 0.5 * h;
    const x0 = x[0]!;
    const x1 = x[1]!;
    const x2 = x[2]!;
    const x3 = x[3]!;
    const x4 = x[4]!;
    const x5 = x[5]!;
    stage(0, x0, x1, x2, x3, x4, x5, jac);
    stage(
      1,
      x0 + hh * stK[0]!,
      x1 + hh * stK[1]!,
      x2 + hh * stK[2]!,
      x3 + hh * stK[3]!,
      x4 + hh * stK[4]!,
      x5 + hh * stK[5]!,
      jac,
    );
    stage(
      2,
      x0 + hh * stK[6]!,
      x1 + hh * stK[7]!,
      x2 + hh * stK[8]!,
      x3 + hh * stK[9]!,
      x4 + hh * stK[10]!,
      x5 + hh * stK[11]!,
      jac,
    );
    stage(
      3,
      x0 + h * stK[12]!,
      x1 + h * stK[13]!,
      x2 + h * stK[14]!,
      x3 + h * stK[15]!,
      x4 + h * stK[16]!,
      x5 + h * stK[17]!,
      jac,
    );
    const h6 = h / 6;
    for (let i = 0; i < 6; i++)
      x[i] = x[i]! + h6 * (stK[i]! + 2 * stK[6 + i]! + 2 * stK[12 + i]! + stK[18 + i]!);
    if (jac) advancePhi(h, phi, fromIdentity);
  }

  /**
   * phi <- its RK4 substep under the stages' A (from `step`): each column through the four
   * stages. With `fromIdentity`, phi is taken as I without reading it, and the first stage's
   * slope A_1 e_j is A_1's column j as written, not a product: the products it skips are by
   * exact zeros and ones, so every value that is not zero is the same to the bit (a zero's sign
   * may differ in the slopes, and is lost where they are added to Phi, which is +0 or 1 there).
   */
  function advancePhi(h: number, phi: Float64Array, fromIdentity: boolean): void {
    const hh = 0.5 * h;
    const h6 = h / 6;
    const twoW = 2 * OMEGA_EARTH_RADPS;
    const drag0 = stDrag[0] === 1;
    for (let j = 0; j < 6; j++) {
      let p0: number;
      let p1: number;
      let p2: number;
      let p3: number;
      let p4: number;
      let p5: number;
      // q: the stage's argument (Phi's column at that stage); a: the slopes' weighted sum.
      let q0: number;
      let q1: number;
      let q2: number;
      let q3: number;
      let q4: number;
      let q5: number;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      let first = 0;
      if (fromIdentity) {
        p0 = j === 0 ? 1 : 0;
        p1 = j === 1 ? 1 : 0;
        p2 = j === 2 ? 1 : 0;
        p3 = j === 3 ? 1 : 0;
        p4 = j === 4 ? 1 : 0;
        p5 = j === 5 ? 1 : 0;
        // A_1 e_j: a position column is G's column (plus Dr's), a velocity column is e_(j-3) over
        // C's column (plus Dv's).
        if (j < 3) {
          a0 = 0;
          a1 = 0;
          a2 = 0;
          a3 = stG[j === 0 ? 0 : j === 1 ? 1 : 2]!;
          a4 = stG[j === 0 ? 1 : j === 1 ? 3 : 4]!;
          a5 = stG[j === 0 ? 2 : j === 1 ? 4 : 5]!;
          if (drag0) {
            a3 = a3 + stDr[j]!;
            a4 = a4 + stDr[3 + j]!;
            a5 = a5 + stDr[6 + j]!;
          }
        } else {
          const e = j - 3;
          a0 = p3;
          a1 = p4;
          a2 = p5;
          a3 = j === 4 ? twoW : 0;
          a4 = j === 3 ? -twoW : 0;
          a5 = 0;
          if (drag0) {
            a3 = a3 + stDv[e]!;
            a4 = a4 + stDv[3 + e]!;
            a5 = a5 + stDv[6 + e]!;
          }
        }
        q0 = p0 + hh * a0;
        q1 = p1 + hh * a1;
        q2 = p2 + hh * a2;
        q3 = p3 + hh * a3;
        q4 = p4 + hh * a4;
        q5 = p5 + hh * a5;
        first = 1;
      } else {
        p0 = phi[j]!;
        p1 = phi[6 + j]!;
        p2 = phi[12 + j]!;
        p3 = phi[18 + j]!;
        p4 = phi[24 + j]!;
        p5 = phi[30 + j]!;
        q0 = p0;
        q1 = p1;
        q2 = p2;
        q3 = p3;
        q4 = p4;
        q5 = p5;
      }
      for (let s = first; s < 4; s++) {
        const o = s * 6;
        const gxx = stG[o]!;
        const gxy = stG[o + 1]!;
        const gxz = stG[o + 2]!;
        const gyy = stG[o + 3]!;
        const gyz = stG[o + 4]!;
        const gzz = stG[o + 5]!;
        const m0 = q3;
        const m1 = q4;
        const m2 = q5;
        let m3 = gxx * q0 + gxy * q1 + gxz * q2 + twoW * q4;
        let m4 = gxy * q0 + gyy * q1 + gyz * q2 - twoW * q3;
        let m5 = gxz * q0 + gyz * q1 + gzz * q2;
        if (stDrag[s] === 1) {
          const k = s * 9;
          m3 =
            m3 +
            (0 +
              (stDr[k]! * q0 + stDv[k]! * q3) +
              (stDr[k + 1]! * q1 + stDv[k + 1]! * q4) +
              (stDr[k + 2]! * q2 + stDv[k + 2]! * q5));
          m4 =
            m4 +
            (0 +
              (stDr[k + 3]! * q0 + stDv[k + 3]! * q3) +
              (stDr[k + 4]! * q1 + stDv[k + 4]! * q4) +
              (stDr[k + 5]! * q2 + stDv[k + 5]! * q5));
          m5 =
            m5 +
            (0 +
              (stDr[k + 6]! * q0 + stDv[k + 6]! * q3) +
              (stDr[k + 7]! * q1 + stDv[k + 7]! * q4) +
              (stDr[k + 8]! * q2 + stDv[k + 8]! * q5));
        }
        if (s === 0) {
          a0 = m0;
          a1 = m1;
          a2 = m2;
          a3 = m3;
          a4 = m4;
          a5 = m5;
        } else if (s < 3) {
          a0 = a0 + 2 * m0;
          a1 = a1 + 2 * m1;
          a2 = a2 + 2 * m2;
          a3 = a3 + 2 * m3;
          a4 = a4 + 2 * m4;
          a5 = a5 + 2 * m5;
        } else {
          a0 = a0 + m0;
          a1 = a1 + m1;
          a2 = a2 + m2;
          a3 = a3 + m3;
          a4 = a4 + m4;
          a5 = a5 + m5;
        }
        const c = s === 2 ? h : hh;
        q0 = p0 + c * m0;
        q1 = p1 + c * m1;
        q2 = p2 + c * m2;
        q3 = p3 + c * m3;
        q4 = p4 + c * m4;
        q5 = p5 + c * m5;
      }
      phi[j] = p0 + h6 * a0;
      phi[6 + j] = p1 + h6 * a1;
      phi[12 + j] = p2 + h6 * a2;
      phi[18 + j] = p3 + h6 * a3;
      phi[24 + j] = p4 + h6 * a4;
      phi[30 + j] = p5 + h6 * a5;
    }
  }

  return {
    name: 'ballistic',
    propagate(x, dtS, out, F) {
      xCur.set(x);
      if (F) setIdentity6(phi);
      if (dtS !== 0) {
        const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
        const h = dtS / n;
        for (let i = 0; i < n; i++) step(xCur, h, F !== undefined, i === 0);
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
        step(xCur, h, true, true);
        // Q <- Phi_i Q Phi_i^T + Q_i, in the plain loops' summation order (Q is read before written).
        fpftPlusQ6(phi, Q, qStep, tmpQ, Q);
      }
    },
    propagateWithNoise(x, dtS, out, F, Q) {
      const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
      if (n === 1 || (q === 0 && !aero)) {
        this.processNoise(x, dtS, Q);
        this.propagate(x, dtS, out, F);
        return;
      }
      // Both over the same substeps in one pass: each substep's stages serve the transition's
      // Phi (accumulated from the start) and the substep's own Phi_i (from I, for the noise).
      const h = dtS / n;
      whiteNoiseAccelerationQ(q, h, qStep);
      Q.fill(0);
      xCur.set(x);
      for (let s = 0; s < n; s++) {
        if (aero) whiteNoiseAccelerationQ(q + aeroQ(xCur), h, qStep);
        step(xCur, h, true, true);
        // Over the first substep both start from I: the same operations, the same bits.
        if (s === 0) phiTotal.set(phi);
        else advancePhi(h, phiTotal, false);
        fpftPlusQ6(phi, Q, qStep, tmpQ, Q);
      }
      out.set(xCur);
      F.set(phiTotal);
    },
  };
}

function setIdentity6(m: Float64Array): void {
  for (let i = 0; i < 36; i++) m[i] = i % 7 === 0 ? 1 : 0;
}
