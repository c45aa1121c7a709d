import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { associateTracks, covarianceIntersection, isSymmetricPd } from '../../src/track/index.js';

/** A random SPD n x n matrix M M^T + eps I with entries spanning several orders of magnitude. */
const spd = (n: number) =>
  fc
    .tuple(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
    )
    .map(([m, logScale]) => {
      // A = M M^T + 0.01 I, then D A D with D = diag(10^logScale): SPD, badly scaled like a track covariance.
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = i === j ? 0.01 : 0;
          for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
          a[i * n + j] = s * 10 ** logScale[i]! * 10 ** logScale[j]!;
        }
      }
      return a;
    });

function det(a: Float64Array, n: number): number {
  const m = Float64Array.from(a);
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    if (m[p * n + c] === 0) return 0;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
      d = -d;
    }
    d *= m[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      for (let k = c; k < n; k++) m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
    }
  }
  return d;
}

const tr = (a: Float64Array, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i]!;
  return s;
};

describe('covariance intersection', () => {
  it('fused trace is never larger than either input trace (trace criterion), and the result is SPD', () => {
    fc.assert(
      fc.property(spd(6), spd(6), (Pa, Pb) => {
        const f = covarianceIntersection(new Float64Array(6), Pa, new Float64Array(6).fill(1), Pb);
        expect(isSymmetricPd(f.P, 6)).toBe(true);
        expect(tr(f.P, 6)).toBeLessThanOrEqual(Math.min(tr(Pa, 6), tr(Pb, 6)) * (1 + 1e-9));
        expect(f.weight).toBeGreaterThanOrEqual(0);
        expect(f.weight).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('fused determinant is never larger than either input determinant (determinant criterion)', () => {
    fc.assert(
      fc.property(spd(3), spd(3), (Pa, Pb) => {
        const f = covarianceIntersection(new Float64Array(3), Pa, new Float64Array(3), Pb, {
          criterion: 'determinant',
        });
        expect(det(f.P, 3)).toBeLessThanOrEqual(Math.min(det(Pa, 3), det(Pb, 3)) * (1 + 1e-9));
      }),
      { numRuns: 200 },
    );
  });

  it('two complementary estimates: equal weights, P = 2 / 1.01 on both axes', () => {
    // Pa = diag(1, 100), Pb = diag(100, 1): by symmetry w = 1/2 and P^-1 = (1 + 0.01) / 2 I.
    const f = covarianceIntersection(
      Float64Array.of(0, 0),
      Float64Array.of(1, 0, 0, 100),
      Float64Array.of(10, 10),
      Float64Array.of(100, 0, 0, 1),
    );
    expect(f.weight).toBeCloseTo(0.5, 6);
    expect(f.P[0]).toBeCloseTo(2 / 1.01, 6);
    expect(f.P[3]).toBeCloseTo(2 / 1.01, 6);
    // Each axis leans to the input that knows it: x from a (0), y from b (10).
    expect(f.x[0]).toBeCloseTo((0.5 * 0 + 0.5 * 0.01 * 10) / 0.505, 6);
    expect(f.x[1]).toBeCloseTo((0.5 * 0.01 * 0 + 0.5 * 10) / 0.505, 6);
  });
});

describe('track-to-track association', () => {
  it('pairs the same objects across two nations and leaves the unmatched alone', () => {
    const P = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P[i * 6 + i] = 100 ** 2;
      P[(i + 3) * 6 + i + 3] = 10 ** 2;
    }
    const obj = (x: number, y: number, vx: number) => Float64Array.of(-3.1e6 + x, 4.0e6 + y, 3.9e6, vx, 0, 0);
    const us = [
      { id: 'US-1', x: obj(0, 0, 2000), P },
      { id: 'US-2', x: obj(300, 0, 2000), P },
      { id: 'US-3', x: obj(50_000, 0, 2000), P },
    ];
    const jp = [
      { id: 'JP-7', x: obj(320, 40, 2005), P },
      { id: 'JP-8', x: obj(-30, 20, 1995), P },
      { id: 'JP-9', x: obj(-90_000, 0, 0), P },
    ];
    const pairs = associateTracks(us, jp);
    expect(pairs.map((p) => [p.a, p.b]).sort()).toEqual([
      ['US-1', 'JP-8'],
      ['US-2', 'JP-7'],
    ]);
  });
});
