import type { PaymentRule, PaymentSchedule, YearValue } from './model.js';

/** Index rates by index id and year, in % (e.g. `{ 'kor-cpi': { 2027: 2.1 } }`). */
export type IndexRates = Readonly<Record<string, Readonly<Record<number, number>>>>;

export interface ProjectedPayment {
  readonly year: number;
  readonly under: string;
  readonly rule: PaymentRule;
  /** The formula's amount, rounded to the schedule's precision; null when an input is missing. */
  readonly amount: number | null;
  /** The rate applied to the previous year (after any cap); null for fixed amounts or missing inputs. */
  readonly growthPercent: number | null;
  /** True when an index rate was above the cap and the cap was applied. */
  readonly capped: boolean;
  /** The published amount, when there is one. */
  readonly known?: number;
  /** What was missing when `amount` is null. */
  readonly missing?: string;
}

/**
 * Applies the schedule's formula year by year. Each year grows from the previous year's published
 * amount when there is one (payments are set from what was actually paid), else from the previous
 * projection; rates for indexed years come from `rates`. Amounts are rounded to `roundTo`, the
 * precision of published figures.
 * @example
 * // 12th SMA: 2026 ₩1,519.2bn, then ROK CPI capped at 5%/year
 * projectSchedule(sma, { 'kor-cpi': { 2027: 6 } }).find((p) => p.year === 2027)
 * // { amount: 1595.2, growthPercent: 5, capped: true, ... }
 */
export function projectSchedule(schedule: PaymentSchedule, rates: IndexRates): ProjectedPayment[] {
  const out: ProjectedPayment[] = [];
  const round = (x: number) => roundTo(x, schedule.roundTo);
  for (const [i, y] of schedule.years.entries()) {
    const prev = i === 0 ? undefined : schedule.years[i - 1];
    const prevOut = out[i - 1];
    if (prev && prev.year !== y.year - 1)
      throw new Error(`invariant: schedule '${schedule.id}' skips a year`);
    const base = prev?.known ?? prevOut?.amount ?? null;
    const known = y.known !== undefined ? { known: y.known } : {};
    const row = { year: y.year, under: y.under, rule: y.rule, ...known };
    if (y.rule.kind === 'fixed') {
      out.push({ ...row, amount: round(y.rule.amount), growthPercent: null, capped: false });
      continue;
    }
    let percent: number | undefined;
    let capped = false;
    if (y.rule.kind === 'growth') {
      percent = y.rule.percent;
    } else {
      const rate = rates[y.rule.index]?.[y.year];
      if (rate !== undefined) {
        capped = y.rule.capPercent !== undefined && rate > y.rule.capPercent;
        percent = capped ? y.rule.capPercent : rate;
      }
    }
    if (base === null || percent === undefined) {
      const missing =
        base === null
          ? `no amount for ${y.year - 1}`
          : `no ${(y.rule as { index: string }).index} rate for ${y.year}`;
      out.push({ ...row, amount: null, growthPercent: null, capped: false, missing });
      continue;
    }
    out.push({ ...row, amount: round(base * (1 + percent / 100)), growthPercent: percent, capped });
  }
  return out;
}

/** Index rates keyed as projectSchedule wants them, from index series. */
export function ratesOf(indices: readonly { id: string; values: readonly YearValue[] }[]): IndexRates {
  return Object.fromEntries(
    indices.map((s) => [s.id, Object.fromEntries(s.values.map((v) => [v.year, v.value]))]),
  );
}

/**
 * `x` rounded to a multiple of `step` (e.g. 0.1), computed on integers so that 1183.3071 -> 1183.3
 * and not 1183.3000000000002.
 */
export function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const scale = 10 ** decimals;
  const steps = Math.round((x * scale) / Math.round(step * scale));
  return (steps * Math.round(step * scale)) / scale;
}
