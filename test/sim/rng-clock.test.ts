import { describe, expect, it } from 'vitest';
import { createRng, VirtualClock } from '../../src/sim/index.js';

describe('createRng', () => {
  it('gives the same stream for the same seed and label, and different streams otherwise', () => {
    const draw = (seed: number, label?: string) => {
      const r = createRng(seed, label);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(draw(42, 'a')).toEqual(draw(42, 'a'));
    expect(draw(42, 'a')).not.toEqual(draw(42, 'b'));
    expect(draw(42, 'a')).not.toEqual(draw(43, 'a'));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws uniforms in [0, 1) and standard normals with mean ~0 and variance ~1', () => {
    const r = createRng(7);
    let sum = 0;
    let sum2 = 0;
    const n = 50_000;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const g = r.normal();
      sum += g;
      sum2 += g * g;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // Standard errors are 1/sqrt(n) ~ 0.0045 for the mean and ~0.006 for the variance.
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sum2 / n - 1)).toBeLessThan(0.03);
  });

  it('draws Poisson counts with the requested mean', () => {
    const r = createRng(9);
    let total = 0;
    for (let i = 0; i < 20_000; i++) total += r.poisson(2.5);
    expect(total / 20_000).toBeCloseTo(2.5, 1);
    expect(r.poisson(0)).toBe(0);
  });
});

describe('VirtualClock', () => {
  it('moves only when told and never backwards', () => {
    const start = Date.UTC(2022, 9, 3, 22, 22);
    const c = new VirtualClock(start);
    expect(c.nowMs()).toBe(start);
    expect(c.advance(1500)).toBe(start + 1500);
    c.set(start + 5000);
    expect(c.nowMs()).toBe(start + 5000);
    expect(() => c.set(start)).toThrow(RangeError);
    expect(() => c.advance(-1)).toThrow(RangeError);
    expect(() => c.advance(Number.NaN)).toThrow(RangeError);
    expect(c.nowMs()).toBe(start + 5000);
  });
});
