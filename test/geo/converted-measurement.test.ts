import { describe, expect, it } from 'vitest';
import {
  convertedEcefFromRae,
  ecefCovarianceFromRae,
  ecefFromEnu,
  ecefFromRae,
  enuFromEcef,
  raeFromEcef,
  siteFromGeodetic,
} from '../../src/geo/index.js';
import { createRng } from '../../src/sim/index.js';

/** Inverse of a symmetric 3x3 (row-major), by cofactors. */
function inverse3(c: ArrayLike<number>): number[] {
  const [a, b, d, , f, g, , , i] = Array.from(c);
  const A = f! * i! - g! * g!;
  const B = -(b! * i! - g! * d!);
  const C = b! * g! - f! * d!;
  const det = a! * A + b! * B + d! * C;
  return [
    A,
    B,
    C,
    B,
    a! * i! - d! * d!,
    -(a! * g! - d! * b!),
    C,
    -(a! * g! - b! * d!),
    a! * f! - b! * b!,
  ].map((v) => v / det);
}

function mulVec(m: readonly number[], v: readonly number[]): number[] {
  return [0, 1, 2].map((r) => m[r * 3]! * v[0]! + m[r * 3 + 1]! * v[1]! + m[r * 3 + 2]! * v[2]!);
}

type Conversion = (r: number, az: number, el: number) => { ecef: number[]; covariance: ArrayLike<number> };

describe('converted measurement of a polar radar report', () => {
  // One fixed point seen N times by a radar with 0.15 degree angle noise at 2,000 km: the lines of
  // sight scatter by E[gamma^2] ~ 1.3e-5 rad^2, so a conversion misplaced along them by r E[gamma^2]
  // (~25 m) stands far above the fused estimate's own error along the line of sight (~0.3 m).
  const site = siteFromGeodetic(36, 138, 0);
  const truth = ecefFromRae(site, 2_000_000, 45, 20);
  const t = raeFromEcef(site, ...truth);
  const [sr, sa, se] = [40, 0.15, 0.15];
  const n = 20_000;
  const los = (() => {
    const d = [truth[0] - site.x, truth[1] - site.y, truth[2] - site.z];
    const norm = Math.hypot(...d);
    return d.map((v) => v / norm);
  })();
  const draws: [number, number, number][] = [];
  const rng = createRng(7, 'conversion');
  for (let k = 0; k < n; k++) {
    draws.push([t.rangeM + sr * rng.normal(), t.azDeg + sa * rng.normal(), t.elDeg + se * rng.normal()]);
  }

  /** Error of the information-weighted fusion of all draws (what a filter without process noise converges to), along the true line of sight, and its standard error. */
  function fusedAlongLos(convert: Conversion): { errorM: number; sdM: number } {
    const info = new Array(9).fill(0);
    const weighted = [0, 0, 0];
    for (const [r, az, el] of draws) {
      const c = convert(r, az, el);
      const ri = inverse3(c.covariance);
      const e = [0, 1, 2].map((i) => c.ecef[i]! - truth[i]!);
      const w = mulVec(ri, e);
      for (let i = 0; i < 9; i++) info[i] += ri[i]!;
      for (let i = 0; i < 3; i++) weighted[i]! += w[i]!;
    }
    const p = inverse3(info);
    const err = mulVec(p, weighted);
    const pl = mulVec(p, los);
    return {
      errorM: err[0]! * los[0]! + err[1]! * los[1]! + err[2]! * los[2]!,
      sdM: Math.sqrt(pl[0]! * los[0]! + pl[1]! * los[1]! + pl[2]! * los[2]!),
    };
  }

  const plain: Conversion = (r, az, el) => ({
    ecef: ecefFromRae(site, r, az, el),
    covariance: ecefCovarianceFromRae(site, r, az, el, sr, sa, se),
  });
  // The textbook unbiased conversion: divide by E[cos w] = exp(-s^2 / 2) per angle.
  const textbook: Conversion = (r, az, el) => {
    const la = Math.exp(-(((sa * Math.PI) / 180) ** 2) / 2);
    const le = Math.exp(-(((se * Math.PI) / 180) ** 2) / 2);
    const [x, y, z] = enuFromEcef(site, ...ecefFromRae(site, r, az, el));
    return {
      ecef: ecefFromEnu(site, x / (la * le), y / (la * le), z / le),
      covariance: ecefCovarianceFromRae(site, r, az, el, sr, sa, se),
    };
  };
  const converted: Conversion = (r, az, el) => convertedEcefFromRae(site, r, az, el, sr, sa, se);

  it('fusing many plain or textbook-unbiased conversions lands beyond the target along the line of sight', () => {
    const p = fusedAlongLos(plain);
    const u = fusedAlongLos(textbook);
    expect(p.errorM).toBeGreaterThan(20 * p.sdM);
    // Twice the plain conversion's error: unbiased on average, but not along the measured line of sight.
    expect(u.errorM).toBeGreaterThan(1.5 * p.errorM);
  });

  it('fusing many converted measurements lands on the target (within 4 standard errors)', () => {
    const c = fusedAlongLos(converted);
    expect(Math.abs(c.errorM)).toBeLessThan(4 * c.sdM);
  });

  it('reports a covariance that matches its errors: mean NEES ~ 3 and the sample covariance', () => {
    let nees = 0;
    const sample = new Array(9).fill(0);
    const reported = new Array(9).fill(0);
    for (const [r, az, el] of draws) {
      const c = converted(r, az, el);
      const e = [0, 1, 2].map((i) => c.ecef[i]! - truth[i]!);
      const w = mulVec(inverse3(c.covariance), e);
      nees += e[0]! * w[0]! + e[1]! * w[1]! + e[2]! * w[2]!;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          sample[i * 3 + j] += (e[i]! * e[j]!) / n;
          reported[i * 3 + j] += c.covariance[i * 3 + j]! / n;
        }
      }
    }
    expect(nees / n).toBeGreaterThan(2.9);
    expect(nees / n).toBeLessThan(3.1);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const scale = Math.sqrt(reported[i * 4] * reported[j * 4]);
        expect(Math.abs(sample[i * 3 + j] - reported[i * 3 + j]) / scale).toBeLessThan(0.05);
      }
    }
  });

  it('reduces to the plain conversion and its linearised covariance for small angle noise', () => {
    const [r, az, el] = [800_000, 300, 12];
    const c = convertedEcefFromRae(site, r, az, el, 20, 0.001, 0.001);
    const p = ecefFromRae(site, r, az, el);
    const lin = ecefCovarianceFromRae(site, r, az, el, 20, 0.001, 0.001);
    for (let i = 0; i < 3; i++) expect(Math.abs(c.ecef[i]! - p[i]!)).toBeLessThan(1e-3);
    for (let i = 0; i < 9; i++) expect(Math.abs(c.covariance[i]! - lin[i]!) / lin[0]!).toBeLessThan(1e-4);
    expect(c.covariance[1]).toBe(c.covariance[3]);
    expect(c.covariance[2]).toBe(c.covariance[6]);
    expect(c.covariance[5]).toBe(c.covariance[7]);
  });
});
