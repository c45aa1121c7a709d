import type { Indicators } from '../api/types.js';

// The indicator charts' data, from the node's indicators: pure, so it is tested without a browser.

type Series = Indicators['series'][number];
type Schedule = Indicators['schedules'][number];

export interface LineData {
  readonly years: readonly number[];
  /** One line per nation, a value per year (null where the series has none). */
  readonly lines: readonly { readonly nation: string; readonly values: readonly (number | null)[] }[];
}

/** A series as lines by nation over the years any nation has a value or a target for. */
export function seriesLines(s: Series): LineData {
  const all = [...Object.values(s.values), ...Object.values(s.targets)].flat();
  const years = [...new Set(all.map((v) => v.year))].sort((a, b) => a - b);
  const lines = Object.entries(s.values).map(([nation, points]) => {
    const at = new Map(points.map((p) => [p.year, p.value]));
    return { nation, values: years.map((y) => at.get(y) ?? null) };
  });
  return { years, lines };
}

export interface ScheduleBars {
  readonly years: readonly number[];
  /** The published amounts (null where none was published). */
  readonly known: readonly (number | null)[];
  /** The formula's amounts from the bundled rates (null where an input is missing). */
  readonly formula: readonly (number | null)[];
  /** Which agreement sets each year. */
  readonly under: readonly string[];
}

export function scheduleBars(s: Schedule): ScheduleBars {
  return {
    years: s.years.map((y) => y.year),
    known: s.years.map((y) => y.known ?? null),
    formula: s.years.map((y) => y.amount),
    under: s.years.map((y) => y.under),
  };
}
