import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PaymentSchedule, projectSchedule, ratesOf, roundTo } from '../../src/commitments/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const sma = reg.schedules.find((s) => s.id === 'us-kor-sma')!;
const bundledRates = ratesOf(reg.indices);
const year = (ps: ReturnType<typeof projectSchedule>, y: number) => ps.find((p) => p.year === y)!;

describe('US–ROK SMA schedule projected from its formula', () => {
  const p = projectSchedule(sma, bundledRates);

  it('gives 2021 as ₩1,183.3bn: 2020’s frozen ₩1,038.9bn plus 13.9%', () => {
    expect(year(p, 2020).amount).toBe(1038.9);
    expect(year(p, 2021)).toMatchObject({ amount: 1183.3, growthPercent: 13.9, known: 1183.3 });
  });

  it('gives 2022 as ₩1,247.2bn from the ROK defence budget’s +5.4%', () => {
    expect(year(p, 2022)).toMatchObject({ amount: 1247.2, growthPercent: 5.4, under: 'us-kor-sma-11' });
  });

  it('cannot project 2023–2024 without the defence-budget rates, and says which is missing', () => {
    expect(year(p, 2023)).toMatchObject({
      amount: null,
      missing: 'no kor-defence-budget-growth rate for 2023',
    });
    expect(year(p, 2024)).toMatchObject({ amount: null, missing: 'no amount for 2023' });
  });

  it('gives 2026 (12th SMA) as ₩1,519.2bn: +8.3% on the published 2025 figure', () => {
    expect(year(p, 2026)).toMatchObject({ amount: 1519.2, known: 1519.2, under: 'us-kor-sma-12' });
  });

  it('grows 2027–30 with CPI, capped at 5% a year', () => {
    const q = projectSchedule(sma, { ...bundledRates, 'kor-cpi': { 2027: 2, 2028: 7.5, 2029: 5, 2030: -1 } });
    expect(year(q, 2027)).toMatchObject({ amount: 1549.6, growthPercent: 2, capped: false });
    expect(year(q, 2028)).toMatchObject({ amount: 1627.1, growthPercent: 5, capped: true });
    expect(year(q, 2029)).toMatchObject({ amount: 1708.5, growthPercent: 5, capped: false });
    expect(year(q, 2030)).toMatchObject({ amount: 1691.4, growthPercent: -1 });
  });

  it('projects 2023–25 once the rates are given, and 2025 then meets the published ₩1,402.8bn', () => {
    // Rates chosen to land on the published 2025 figure: the projection, not the data, is under test.
    const q = projectSchedule(sma, {
      ...bundledRates,
      'kor-defence-budget-growth': { 2022: 5.4, 2023: 4, 2024: 4, 2025: 4 },
    });
    expect(year(q, 2023).amount).toBe(1297.1);
    expect(year(q, 2025).amount).toBe(1403);
    // 2026 still grows from the published 2025 amount, not from the projection.
    expect(year(q, 2026).amount).toBe(1519.2);
  });
});

describe('roundTo', () => {
  it('rounds to the step without binary noise', () => {
    expect(roundTo(1038.9 * 1.139, 0.1)).toBe(1183.3);
    expect(roundTo(1234.5678, 0.01)).toBe(1234.57);
    expect(roundTo(1234.5678, 1)).toBe(1235);
  });

  it('always lands within half a step of the input', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.constantFrom(0.1, 0.01, 1, 0.5),
        (x, step) => {
          expect(Math.abs(roundTo(x, step) - x)).toBeLessThanOrEqual(step / 2 + 1e-6);
        },
      ),
    );
  });
});

describe('projectSchedule on arbitrary schedules', () => {
  it('never exceeds the cap, whatever the index does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 30, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (rates) => {
          const s: PaymentSchedule = {
            ...sma,
            years: [
              { year: 2000, under: 'x', rule: { kind: 'fixed', amount: 1000 } },
              ...rates.map((_, i) => ({
                year: 2001 + i,
                under: 'x',
                rule: { kind: 'indexed' as const, index: 'i', capPercent: 5 },
              })),
            ],
          };
          const out = projectSchedule(s, { i: Object.fromEntries(rates.map((r, i) => [2001 + i, r])) });
          for (let i = 1; i < out.length; i++) {
            expect(out[i]!.growthPercent!).toBeLessThanOrEqual(5);
            expect(out[i]!.amount!).toBeLessThanOrEqual(roundTo(out[i - 1]!.amount! * 1.05, 0.1) + 1e-9);
          }
        },
      ),
    );
  });
});
