// The tracker's written-out kernels give the same bits as the plain loops they replace: the RK4
// with its variational equations, the process noise over a long interval, the position update,
// the covariance check and gating's distance. The plain forms are kept here as the reference.
import { describe, expect, it } from 'vitest';
import { ecefAcceleration, GM_M3PS2, OMEGA_EARTH_RADPS } from '../../src/geo/index.js';
import { airDensity, approxHeightM } from '../../src/track/atmosphere.js';
import { AERO_CEILING_M, type AeroUncertainty, ballistic } from '../../src/track/ballistic.js';
import {
  cartesianPosition,
  type Detection,
  distanceHypothesiser,
  extendedKalmanUpdater,
  type GaussianState,
  type MeasurementModel,
} from '../../src/track/index.js';
import { newTrack } from '../../src/track/initiator.js';
import { cholesky, hasCholesky6, isSymmetricPd, mahalanobisSq } from '../../src/track/linalg.js';
import { whiteNoiseAccelerationQ } from '../../src/track/white-noise.js';
import { rng, stateFromLaunch } from './helpers.js';

/** The ballistic model's propagation and noise as plain loops over arrays (the reference). */
function plainBallistic(q: number, aero?: AeroUncertainty, maxStepS = 2) {
  const kappa = aero?.meanInverseBetaM2pKg ?? 0;
  const rho = new Float64Array(2);
  const acc = new Float64Array(3);
  const g = new Float64Array(9);
  const k = [0, 1, 2, 3].map(() => new Float64Array(6));
  const kPhi = [0, 1, 2, 3].map(() => new Float64Array(36));
  const xs = new Float64Array(6);
  const phiS = new Float64Array(36);
  const phi = new Float64Array(36);
  const xCur = new Float64Array(6);

  function derivative(x: Float64Array, out: Float64Array): void {
    ecefAcceleration(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, acc);
    out[0] = x[3]!;
    out[1] = x[4]!;
    out[2] = x[5]!;
    out[3] = acc[0]!;
    out[4] = acc[1]!;
    out[5] = acc[2]!;
    if (kappa > 0) {
      const hM = approxHeightM(x[0]!, x[1]!, x[2]!);
      if (hM > AERO_CEILING_M) return;
      airDensity(hM, rho);
      const c = 0.5 * kappa * rho[0]! * Math.sqrt(x[3]! * x[3]! + x[4]! * x[4]! + x[5]! * x[5]!);
      out[3] = out[3]! - c * x[3]!;
      out[4] = out[4]! - c * x[4]!;
      out[5] = out[5]! - c * x[5]!;
    }
  }
  function aeroQ(x: Float64Array): number {
    if (!aero || aero.sigmaInverseBetaM2pKg === 0) return 0;
    const hM = approxHeightM(x[0]!, x[1]!, x[2]!);
    if (hM > AERO_CEILING_M) return 0;
    airDensity(hM, rho);
    const sigmaA =
      0.5 * rho[0]! * (x[3]! * x[3]! + x[4]! * x[4]! + x[5]! * x[5]!) * aero.sigmaInverseBetaM2pKg;
    return sigmaA * sigmaA * aero.correlationS;
  }
  function variational(x: Float64Array, p: Float64Array, out: Float64Array): void {
    const [px, py, pz] = [x[0]!, x[1]!, x[2]!];
    const r2 = px * px + py * py + pz * pz;
    const r = Math.sqrt(r2);
    const mu = GM_M3PS2 / (r2 * r);
    const w2 = OMEGA_EARTH_RADPS * OMEGA_EARTH_RADPS;
    const twoW = 2 * OMEGA_EARTH_RADPS;
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
      const [p0, p1, p2, p3, p4] = [p[j]!, p[6 + j]!, p[12 + j]!, p[18 + j]!, p[24 + j]!];
      out[j] = p3;
      out[6 + j] = p4;
      out[12 + j] = p[30 + j]!;
      out[18 + j] = g[0]! * p0 + g[1]! * p1 + g[2]! * p2 + twoW * p4;
      out[24 + j] = g[3]! * p0 + g[4]! * p1 + g[5]! * p2 - twoW * p3;
      out[30 + j] = g[6]! * p0 + g[7]! * p1 + g[8]! * p2;
    }
    if (kappa > 0) addDragGradient(x, p, out);
  }
  function addDragGradient(x: Float64Array, p: Float64Array, out: Float64Array): void {
    const [px, py, pz, vx, vy, vz] = Array.from(x);
    const sp = Math.sqrt(vx! * vx! + vy! * vy! + vz! * vz!);
    const hM = approxHeightM(px!, py!, pz!);
    if (sp === 0 || hM > AERO_CEILING_M) return;
    airDensity(hM, rho);
    const c = 0.5 * kappa * rho[0]!;
    const r = Math.sqrt(px! * px! + py! * py! + pz! * pz!);
    const vel = [vx!, vy!, vz!];
    const up = [px! / r, py! / r, pz! / r];
    const dv = new Float64Array(9);
    const dr = new Float64Array(9);
    for (let i = 0; i < 3; i++) {
      for (let m = 0; m < 3; m++) {
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
  const identity = (m: Float64Array) => {
    m.fill(0);
    for (let i = 0; i < 6; i++) m[i * 6 + i] = 1;
  };
  return {
    propagate(x: Float64Array, dtS: number, out: Float64Array, F?: Float64Array): void {
      xCur.set(x);
      if (F) identity(phi);
      if (dtS !== 0) {
        const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
        for (let i = 0; i < n; i++) step(xCur, dtS / n, F !== undefined);
      }
      out.set(xCur);
      if (F) F.set(phi);
    },
    processNoise(x: Float64Array, dtS: number, Q: Float64Array): void {
      const n = Math.max(1, Math.ceil(Math.abs(dtS) / maxStepS));
      if (n === 1 || (q === 0 && !aero)) {
        whiteNoiseAccelerationQ(q + aeroQ(x), dtS, Q);
        return;
      }
      const h = dtS / n;
      const qStep = whiteNoiseAccelerationQ(q, h, new Float64Array(36));
      const tmp = new Float64Array(36);
      Q.fill(0);
      xCur.set(x);
      for (let s = 0; s < n; s++) {
        if (aero) whiteNoiseAccelerationQ(q + aeroQ(xCur), h, qStep);
        identity(phi);
        step(xCur, h, true);
        for (let i = 0; i < 6; i++)
          for (let j = 0; j < 6; j++) {
            let a = 0;
            for (let m = 0; m < 6; m++) a += phi[i * 6 + m]! * Q[m * 6 + j]!;
            tmp[i * 6 + j] = a;
          }
        for (let i = 0; i < 6; i++)
          for (let j = i; j < 6; j++) {
            let a = qStep[i * 6 + j]!;
            for (let m = 0; m < 6; m++) a += tmp[i * 6 + m]! * phi[j * 6 + m]!;
            Q[i * 6 + j] = a;
            Q[j * 6 + i] = a;
          }
      }
    },
  };
}

/** A random symmetric positive definite 6x6 at ECEF-like scales (100 m, 10 m/s). */
function randomCovariance(u: () => number): Float64Array {
  const A = Float64Array.from({ length: 36 }, (_, i) => (u() - 0.5) * (i % 6 < 3 ? 100 : 10));
  const P = new Float64Array(36);
  for (let i = 0; i < 6; i++)
    for (let j = 0; j < 6; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < 6; k++) s += A[i * 6 + k]! * A[j * 6 + k]!;
      P[i * 6 + j] = s;
    }
  return P;
}

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

describe('the written-out RK4 of the ballistic model', () => {
  const AERO: AeroUncertainty = {
    meanInverseBetaM2pKg: 2.15e-4,
    sigmaInverseBetaM2pKg: 2.5e-4,
    correlationS: 2,
  };
  const cases = [
    { name: 'drag-free coasting', q: 1e-8, aero: undefined },
    { name: 'boost noise', q: 3000, aero: undefined },
    { name: 'drag-aware coasting', q: 1e-8, aero: AERO },
  ];
  // Heights from inside the air to well above it; intervals of one substep, several, backwards.
  const intervals = [0.37, 1, 2, -1.5, 7.3, 41];

  for (const c of cases) {
    it(`${c.name}: state, transition matrix and process noise as the plain loops give them`, () => {
      const u = rng(21);
      const fast = ballistic({ accelerationNoiseM2pS3: c.q, ...(c.aero && { aero: c.aero }) });
      const plain = plainBallistic(c.q, c.aero);
      let inAir = 0;
      for (let trial = 0; trial < 12; trial++) {
        const hM = trial < 6 ? 15_000 + 120_000 * u() : 160_000 + 800_000 * u();
        if (hM < AERO_CEILING_M) inAir++;
        const x = stateFromLaunch({
          latDeg: 30 + 15 * u(),
          lonDeg: 120 + 20 * u(),
          hM,
          eastMps: 6000 * (u() - 0.5),
          northMps: 6000 * (u() - 0.5),
          upMps: 3000 * (u() - 0.5),
        });
        for (const dt of intervals) {
          const [xa, Fa, Qa, xb, Fb, Qb] = [6, 36, 36, 6, 36, 36].map((n) => new Float64Array(n)) as [
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
            Float64Array,
          ];
          plain.propagate(x, dt, xa, Fa);
          plain.processNoise(x, dt, Qa);
          fast.propagate(x, dt, xb, Fb);
          fast.processNoise(x, dt, Qb);
          expect(bits(xb)).toEqual(bits(xa));
          expect(bits(Fb)).toEqual(bits(Fa));
          expect(bits(Qb)).toEqual(bits(Qa));
          // Without the Jacobian, and the one-pass form the Kalman predictor uses.
          fast.propagate(x, dt, xb);
          expect(bits(xb)).toEqual(bits(xa));
          xb.fill(0);
          Fb.fill(0);
          Qb.fill(0);
          fast.propagateWithNoise!(x, dt, xb, Fb, Qb);
          expect(bits(xb)).toEqual(bits(xa));
          expect(bits(Fb)).toEqual(bits(Fa));
          expect(bits(Qb)).toEqual(bits(Qa));
        }
      }
      expect(inAir).toBe(6);
    });
  }
});

describe('the covariance check of a 6x6', () => {
  it('answers as the general Cholesky factorisation and symmetry test do', () => {
    const u = rng(5);
    const l = new Float64Array(36);
    let pd = 0;
    let notPd = 0;
    for (let trial = 0; trial < 300; trial++) {
      const P = randomCovariance(u);
      // Push some below positive definiteness, break the symmetry of some, poison a few.
      if (trial % 3 === 1) P[21] = P[21]! - 2e4 * u();
      if (trial % 5 === 2) P[8] = P[8]! * (1 + 1e-6 * u());
      if (trial % 7 === 3) P[13] = P[13]! * (1 + 1e-12);
      if (trial === 40) P[20] = Number.NaN;
      if (trial === 41) P[35] = Number.POSITIVE_INFINITY;
      const want = cholesky(P, l, 6);
      expect(hasCholesky6(P)).toBe(want);
      if (want) pd++;
      else notPd++;
      // isSymmetricPd through the general loops: the same matrix read as a 6x6 inside a larger
      // buffer is not possible here, so compare with the tolerance test written out.
      let sym = true;
      for (let i = 0; i < 6; i++)
        for (let j = i; j < 6; j++) {
          const [a, b] = [P[i * 6 + j]!, P[j * 6 + i]!];
          if (!Number.isFinite(a) || !Number.isFinite(b)) sym = false;
          else if (a !== b && Math.abs(a - b) > 1e-9 * Math.sqrt(Math.abs(P[i * 7]! * P[j * 7]!)))
            sym = false;
        }
      expect(isSymmetricPd(P, 6)).toBe(sym && cholesky(P, l, 6));
    }
    expect(pd).toBeGreaterThan(50);
    expect(notPd).toBeGreaterThan(50);
  });
});

describe('the written-out position update and gating distance', () => {
  // The same linear model under another name takes the general path (matrix products).
  const general: MeasurementModel = { ...cartesianPosition(), name: 'linear-position' };

  it('updates and scores as the general EKF path with H = [I 0]', () => {
    const u = rng(13);
    const ekf = extendedKalmanUpdater();
    for (let trial = 0; trial < 60; trial++) {
      const P = randomCovariance(u);
      const x = Float64Array.from({ length: 6 }, (_, i) => (i < 3 ? 6e6 : 3e3) * (u() - 0.5));
      const z = Float64Array.from({ length: 3 }, (_, i) => x[i]! + 300 * (u() - 0.5));
      const scale = 0.5 + u();
      const R = Float64Array.of(900, 10, 5, 10, 400, 3, 5, 3, 2500).map((v) => v * scale);
      const det = (model: MeasurementModel): Detection => ({ tS: 0, sensor: 0, z, R, model });
      const a: GaussianState = { tS: 0, x: Float64Array.from(x), P: Float64Array.from(P) };
      const b: GaussianState = { tS: 0, x: Float64Array.from(x), P: Float64Array.from(P) };
      const sa = { nis: 0, logDetS: 0, y: new Float64Array(6), S: new Float64Array(36) };
      const sb = { nis: 0, logDetS: 0, y: new Float64Array(6), S: new Float64Array(36) };
      ekf.updateScored!(a, det(general), a, sa);
      ekf.updateScored!(b, det(cartesianPosition()), b, sb);
      expect(bits(b.x)).toEqual(bits(a.x));
      expect(bits(b.P)).toEqual(bits(a.P));
      expect(Object.is(sb.nis, sa.nis)).toBe(true);
      expect(Object.is(sb.logDetS, sa.logDetS)).toBe(true);
      expect(bits(sb.y.subarray(0, 3))).toEqual(bits(sa.y.subarray(0, 3)));
      expect(bits(sb.S.subarray(0, 9))).toEqual(bits(sa.S.subarray(0, 9)));
    }
  });

  it('gates with the distance the general factorisation gives, +Infinity where S is not PD', () => {
    const u = rng(17);
    const updater = extendedKalmanUpdater();
    const hyp = distanceHypothesiser({ updater, gateChi2: 1e12 });
    const S = new Float64Array(9);
    const L = new Float64Array(9);
    const tmp = new Float64Array(3);
    let gated = 0;
    for (let trial = 0; trial < 60; trial++) {
      const P = randomCovariance(u);
      const x = Float64Array.from({ length: 6 }, (_, i) => (i < 3 ? 6e6 : 3e3) * (u() - 0.5));
      const z = Float64Array.from({ length: 3 }, (_, i) => x[i]! + 300 * (u() - 0.5));
      const R = Float64Array.of(900, 10, 5, 10, 400, 3, 5, 3, 2500);
      // Some innovation covariances that are not positive definite: no hypothesis then.
      if (trial % 4 === 3) R[4] = -P[7]! - 1e4;
      const track = newTrack(1, 0, x, P);
      const out: { track: number; detection: number; costSq: number }[] = [];
      const n = hyp.hypothesise([track], [{ tS: 0, sensor: 0, z, R, model: cartesianPosition() }], out);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) S[i * 3 + j] = P[i * 6 + j]! + R[i * 3 + j]!;
      const y = Float64Array.of(z[0]! - x[0]!, z[1]! - x[1]!, z[2]! - x[2]!);
      if (!cholesky(S, L, 3)) {
        expect(n).toBe(0);
        continue;
      }
      expect(n).toBe(1);
      expect(Object.is(out[0]!.costSq, mahalanobisSq(L, y, tmp, 3))).toBe(true);
      gated++;
    }
    expect(gated).toBeGreaterThan(30);
  });
});
