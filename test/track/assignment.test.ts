import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globalNearestNeighbour, type Hypothesis, solveAssignment } from '../../src/track/index.js';

/** Smallest total over every injective map rows -> columns (Infinity = forbidden). */
function bruteForce(cost: number[][], cols: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(cols).fill(false);
  const go = (row: number, acc: number): void => {
    if (acc >= best) return;
    if (row === cost.length) {
      best = acc;
      return;
    }
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      const v = cost[row]![c]!;
      if (!Number.isFinite(v)) continue;
      used[c] = true;
      go(row + 1, acc + v);
      used[c] = false;
    }
  };
  go(0, 0);
  return best;
}

const matrix = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }))
  .chain(([rows, extra]) =>
    fc.array(
      fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 1000 }) },
          { weight: 1, arbitrary: fc.constant(-1) },
        ),
        {
          minLength: rows + extra,
          maxLength: rows + extra,
        },
      ),
      { minLength: rows, maxLength: rows },
    ),
  );

describe('solveAssignment', () => {
  it('finds the optimal total of brute force on random small matrices (some pairs forbidden)', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const rows = m.length;
        const cols = m[0]!.length;
        // -1 marks a forbidden pair, except on the diagonal, which keeps the problem feasible.
        const cost = m.map((r, i) =>
          r.map((v, j) => (v < 0 && i !== j ? Number.POSITIVE_INFINITY : Math.abs(v))),
        );
        const flat = Float64Array.from(cost.flat());
        const a = new Int32Array(rows);
        const total = solveAssignment(flat, rows, cols, a);
        expect(total).toBe(bruteForce(cost, cols));
        expect(new Set(a).size).toBe(rows);
        let check = 0;
        for (let i = 0; i < rows; i++) check += cost[i]![a[i]!]!;
        expect(check).toBe(total);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects more rows than columns and reports an infeasible row', () => {
    expect(() => solveAssignment(new Float64Array(2), 2, 1, new Int32Array(2))).toThrow(RangeError);
    const inf = Number.POSITIVE_INFINITY;
    expect(() => solveAssignment(Float64Array.of(1, inf, 2, inf), 2, 2, new Int32Array(2))).toThrow(
      /no finite/,
    );
  });
});

describe('globalNearestNeighbour', () => {
  /** Best total over partial assignments where a missed track costs `miss`. */
  function bestWithMisses(nT: number, nD: number, hyps: Hypothesis[], miss: number): number {
    const cost: number[][] = [];
    for (let t = 0; t < nT; t++) {
      const row = new Array<number>(nD + nT).fill(Number.POSITIVE_INFINITY);
      row[nD + t] = miss;
      cost.push(row);
    }
    for (const h of hyps) cost[h.track]![h.detection] = Math.min(cost[h.track]![h.detection]!, h.costSq);
    return bruteForce(cost, nD + nT);
  }

  it('is optimal against brute force over sparse gated hypotheses, one detection per track at most', () => {
    const gnn = globalNearestNeighbour();
    const hyp = (nT: number, nD: number) =>
      fc.array(
        fc.record({
          track: fc.integer({ min: 0, max: nT - 1 }),
          detection: fc.integer({ min: 0, max: nD - 1 }),
          costSq: fc.integer({ min: 0, max: 16 }),
        }),
        { maxLength: nT * nD },
      );
    const problem = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([nT, nD]) => fc.tuple(fc.constant(nT), fc.constant(nD), hyp(nT, nD)));
    fc.assert(
      fc.property(problem, ([nT, nD, hyps]) => {
        const a = new Int32Array(nT);
        gnn.associate(nT, nD, hyps, hyps.length, 16, a);
        const seen = new Set<number>();
        let total = 0;
        for (let t = 0; t < nT; t++) {
          const d = a[t]!;
          if (d < 0) {
            total += 16;
            continue;
          }
          expect(seen.has(d)).toBe(false);
          seen.add(d);
          const c = Math.min(...hyps.filter((h) => h.track === t && h.detection === d).map((h) => h.costSq));
          expect(Number.isFinite(c)).toBe(true);
          total += c;
        }
        expect(total).toBe(bestWithMisses(nT, nD, hyps, 16));
      }),
      { numRuns: 300 },
    );
  });

  it('gives a contested detection to the track that leaves the smaller total', () => {
    const a = new Int32Array(2);
    const hyps = [
      { track: 0, detection: 0, costSq: 1 },
      { track: 1, detection: 0, costSq: 2 },
      { track: 1, detection: 1, costSq: 5 },
    ];
    expect(globalNearestNeighbour().associate(2, 2, hyps, 3, 16, a)).toBe(2);
    expect([...a]).toEqual([0, 1]);
  });
});
