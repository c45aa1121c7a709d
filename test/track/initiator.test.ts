import { describe, expect, it } from 'vitest';
import {
  cartesianPosition,
  type Detection,
  fuseVelocityPrior,
  twoPointInitiator,
} from '../../src/track/index.js';

const model = cartesianPosition();

/** Inverse of a small dense matrix by Gauss-Jordan (the test's own, not the tracker's linear algebra). */
function inverse(a: number[], n: number): number[] {
  const m = a.map((v) => v);
  const inv: number[] = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    for (let k = 0; k < n; k++) {
      [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
      [inv[c * n + k], inv[p * n + k]] = [inv[p * n + k]!, inv[c * n + k]!];
    }
    const d = m[c * n + c]!;
    for (let k = 0; k < n; k++) {
      m[c * n + k] = m[c * n + k]! / d;
      inv[c * n + k] = inv[c * n + k]! / d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c]!;
      for (let k = 0; k < n; k++) {
        m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
        inv[r * n + k] = inv[r * n + k]! - f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}

function detection(tS: number, p: number[], R: number[]): Detection {
  return { tS, sensor: 0, z: Float64Array.from(p), R: Float64Array.from(R), model };
}

describe('fuseVelocityPrior', () => {
  it('gives the information-form posterior: P^-1 + diag(0, 0, 0, 1/s^2 I) and its mean', () => {
    // A two-point estimate 0.1 s apart with correlated noise, and a 3,354 m/s prior.
    const C = [250_000, 40_000, -10_000, 40_000, 90_000, 5_000, -10_000, 5_000, 160_000];
    const dt = 0.1;
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const c = C[i * 3 + j]!;
        P[i * 6 + j] = c;
        P[i * 6 + j + 3] = c / dt;
        P[(i + 3) * 6 + j] = c / dt;
        P[(i + 3) * 6 + j + 3] = (2 * c) / (dt * dt);
      }
    const x = Float64Array.of(-3.05e6, 4.0e6, 3.9e6, 18_000, -9_000, 30_000);
    const sigma = 3354;
    const info = inverse([...P], 6);
    for (let i = 3; i < 6; i++) info[i * 6 + i] = info[i * 6 + i]! + 1 / sigma ** 2;
    const expectedP = inverse(info, 6);
    const Pinvx = inverse([...P], 6);
    const eta = [0, 1, 2, 3, 4, 5].map((i) =>
      [0, 1, 2, 3, 4, 5].reduce((s, j) => s + Pinvx[i * 6 + j]! * x[j]!, 0),
    );
    const expectedX = [0, 1, 2, 3, 4, 5].map((i) =>
      [0, 1, 2, 3, 4, 5].reduce((s, j) => s + expectedP[i * 6 + j]! * eta[j]!, 0),
    );

    fuseVelocityPrior(x, P, sigma, new Float64Array(18), new Float64Array(9), new Float64Array(9));
    for (let i = 0; i < 6; i++) expect(x[i]).toBeCloseTo(expectedX[i]!, 1);
    for (let k = 0; k < 36; k++) expect(P[k]! / expectedP[k]!).toBeCloseTo(1, 6);
    for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) expect(P[i * 6 + j]).toBe(P[j * 6 + i]);
    // The pair said 36 km/s +- 10 km/s; the prior pulls it down to a speed a missile can have.
    expect(Math.hypot(x[3]!, x[4]!, x[5]!)).toBeLessThan(12_000);
    expect(Math.sqrt(P[21]! + P[28]! + P[35]!)).toBeLessThan(sigma * Math.sqrt(3));
  });
});

describe('two-point initiation', () => {
  const p2 = [-3.05e6, 4.0e6, 3.9e6];
  // A radar whose noise is 10 m along x and 2 km across (y, z).
  const R = [100, 0, 0, 0, 4e6, 0, 0, 0, 4e6];

  it('pairs with the displacement a missile can make, not with the nearest detection', () => {
    const init = twoPointInitiator();
    let id = 0;
    const newId = () => ++id;
    // 3 km along the precise axis in 0.1 s is 30 km/s: no missile; 4 km along the noisy axis is noise.
    const implausible = detection(0, [p2[0]! - 3_000, p2[1]!, p2[2]!], R);
    const plausible = detection(0, [p2[0]!, p2[1]! - 4_000, p2[2]!], R);
    expect(init.initiate([implausible, plausible], 0, newId)).toEqual([]);
    const born = init.initiate([detection(0.1, p2, R)], 0.1, newId);
    expect(born.length).toBe(1);
    const v = born[0]!.x;
    // Paired with the plausible one: no velocity along x from the implausible 3 km.
    expect(Math.abs(v[3]!)).toBeLessThan(100);
    expect(Math.hypot(v[3]!, v[4]!, v[5]!)).toBeLessThan(7_500);
  });

  it('starts no track from a pair only a 30 km/s target could make', () => {
    const init = twoPointInitiator();
    let id = 0;
    const newId = () => ++id;
    init.initiate([detection(0, [p2[0]! - 3_000, p2[1]!, p2[2]!], R)], 0, newId);
    expect(init.initiate([detection(0.1, p2, R)], 0.1, newId)).toEqual([]);
  });

  it('pairs a 7 km/s target seen a second apart and keeps its speed', () => {
    const init = twoPointInitiator();
    let id = 0;
    const newId = () => ++id;
    const iso = [2_500, 0, 0, 0, 2_500, 0, 0, 0, 2_500];
    init.initiate([detection(0, [p2[0]! - 7_000, p2[1]!, p2[2]!], iso)], 0, newId);
    const born = init.initiate([detection(1, p2, iso)], 1, newId);
    expect(born.length).toBe(1);
    expect(born[0]!.x[3]).toBeGreaterThan(6_990);
    expect(born[0]!.x[3]).toBeLessThan(7_000);
  });

  it('refuses a velocity prior that is not a positive finite speed', () => {
    expect(() => twoPointInitiator({ velocityPriorSigmaMps: 0 })).toThrow(/velocityPriorSigmaMps/);
    expect(() => twoPointInitiator({ velocityPriorSigmaMps: Number.POSITIVE_INFINITY })).toThrow(
      /velocityPriorSigmaMps/,
    );
  });
});
