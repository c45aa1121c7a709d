import type { Nation, Source } from '../domain/index.js';

/**
 * Where an entry stands. The words are shared by every kind of entry; what they mean per kind:
 * - recommendation: `met` the step asked for was taken; `in-progress` some of it was; `unmet` not
 *   taken (or taken and reversed); `withdrawn` dropped by its owner; `unknown` the sources say nothing.
 * - commitment, agreement: `met` fulfilled, or in force and observed; `in-progress` signed or under
 *   way but not complete (an agreement under a pending or suspended termination notice is here too);
 *   `unmet` broken or lapsed; `withdrawn` renounced or terminated by its owner.
 * - measure (a unilateral act: a ruling, an export curb, a notice): `met` in effect; `in-progress`
 *   decided but not (or no longer fully) in effect; `withdrawn` revoked.
 */
export const STATUSES = ['met', 'in-progress', 'unmet', 'withdrawn', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

/** A condition is a fact about the world, not an act: nobody withdraws it, so it has no `withdrawn`. */
export const CONDITION_STATUSES = ['met', 'in-progress', 'unmet', 'unknown'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

export const ENTRY_KINDS = ['recommendation', 'commitment', 'agreement', 'measure'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** The three policy papers whose recommendations are the first dataset. */
export const SOURCE_PAPERS = {
  'heritage-2021-03': {
    title:
      'Bruce Klingner, Heritage Foundation: brief ahead of the Blinken–Austin 2+2 meetings in Tokyo and Seoul',
    date: '2021-03',
  },
  'heritage-2022-05': {
    title:
      'Bruce Klingner and Jeff M. Smith, Heritage Foundation: President Biden Should Strengthen Alliances During Asia Trip',
    date: '2022-05',
  },
  'wilson-2022': {
    title:
      'Sook Jong Lee, Wilson Center: Rebuilding the US–South Korea–Japan Trilateral Relations in the Indo-Pacific Region',
    date: '2022',
  },
} as const satisfies Record<string, { title: string; date: CalendarDate }>;
export type SourcePaper = keyof typeof SOURCE_PAPERS;
export const SOURCE_PAPER_IDS = Object.keys(SOURCE_PAPERS) as SourcePaper[];

/**
 * How one entry bears on another (`from` -> `to`):
 * - `retaliation-for`: `from` answered `to` in another domain (the linkage the Wilson paper warns about);
 * - `conditioned-on`: `from` depends on `to` standing;
 * - `restores`: `from` puts back what `to` took away (`to` is the measure undone or the agreement restored);
 * - `supersedes`: `from` replaces `to`.
 */
export const LINK_TYPES = ['retaliation-for', 'conditioned-on', 'restores', 'supersedes'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * A date as the sources give it: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when they give no day, or an
 * instant with its zone (`2019-11-22T18:00+09:00`) when the record gives the moment of an act. A
 * partial date counts from the first day of its period, a day from 00:00 UTC (src/commitments/dates.ts).
 */
export type CalendarDate = string;

/**
 * A passage of a source paper, copied exactly (only quotation marks, asterisks and whitespace may
 * differ): the evidence that the paper makes the recommendation it is attached to.
 */
export interface Quote {
  readonly paper: SourcePaper;
  readonly text: string;
  /** Where in the paper: its section heading as the paper gives it, or `paragraph N` (Nth non-blank line). */
  readonly place: string;
}

export interface Evidence {
  readonly date: CalendarDate;
  readonly source: Source;
  readonly text: string;
}

export interface StatusRecord<S extends string = Status> {
  /** From this date on (until the next record) the entry stood so. */
  readonly asOf: CalendarDate;
  readonly status: S;
  readonly note?: string;
}

/** One condition of a conditions-based entry, with its own status history and evidence. */
export interface Condition {
  readonly id: string;
  readonly text: string;
  readonly status: readonly StatusRecord<ConditionStatus>[];
  readonly evidence: readonly Evidence[];
  readonly flags: readonly string[];
}

export interface Link {
  readonly type: LinkType;
  /** Id of another entry (checked by the loader). */
  readonly to: string;
  readonly note?: string;
  readonly flags: readonly string[];
}

export interface Entry {
  readonly id: string;
  readonly kind: EntryKind;
  readonly title: string;
  /** What was promised or recommended, in a sentence or two. */
  readonly summary: string;
  /** The nations that must act. */
  readonly owner: readonly Nation[];
  /** For recommendations: the paper that makes it (the main one when several do). */
  readonly sourcePaper?: SourcePaper;
  /** For recommendations: the papers' words that make it, the main paper's first. */
  readonly quotes: readonly Quote[];
  /** The document that holds the promise (an agreement, a statement, a paper). */
  readonly document?: string;
  /** When it was made; absent when the sources do not say (then it counts as always made). */
  readonly date?: CalendarDate;
  /** Ids of indicator series, index series, payment schedules or period totals that measure it. */
  readonly indicators: readonly string[];
  /**
   * Status history in date order. An entry with conditions derives its status from them, so its own
   * history may only record that it was withdrawn.
   */
  readonly status: readonly StatusRecord[];
  readonly conditions: readonly Condition[];
  readonly evidence: readonly Evidence[];
  readonly links: readonly Link[];
  /** Ids of the dated chains (e.g. the 2018–2023 ROK–Japan cascade) this entry is a step of. */
  readonly chains: readonly string[];
  /** Every public source the entry rests on: those listed for it and those of its evidence. */
  readonly sources: readonly Source[];
  /** Facts that are uncertain or not in the sources, stated rather than invented. */
  readonly flags: readonly string[];
}

/** A dated chain of linked entries, such as the 2018–2023 ROK–Japan cascade. */
export interface Chain {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Why the chain is kept: the warning a paper gives about it. */
  readonly warning?: { readonly text: string; readonly sourcePaper?: SourcePaper; readonly source: Source };
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

export interface YearValue {
  readonly year: number;
  readonly value: number;
}

/** An indicator measured per nation and year (e.g. military spending as % of GDP). */
export interface Series {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  /** How the figure is computed; two series with different methods are never merged. */
  readonly method: string;
  readonly period: 'calendar-year' | 'fiscal-year';
  /** Points per nation, in year order. */
  readonly values: Readonly<Partial<Record<Nation, readonly YearValue[]>>>;
  readonly targets: Readonly<Partial<Record<Nation, readonly YearValue[]>>>;
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

/** A yearly rate that a payment formula is indexed to (e.g. ROK CPI, ROK defence-budget growth), in %. */
export interface IndexSeries {
  readonly id: string;
  readonly title: string;
  readonly values: readonly YearValue[];
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

export type PaymentRule =
  /** An amount fixed by the agreement. */
  | { readonly kind: 'fixed'; readonly amount: number }
  /** An agreed increase over the previous year, in %. */
  | { readonly kind: 'growth'; readonly percent: number }
  /** The previous year's amount grown by an index's rate for the year, capped at `capPercent` if set. */
  | { readonly kind: 'indexed'; readonly index: string; readonly capPercent?: number };

export interface PaymentYear {
  readonly year: number;
  /** Id of the entry (the agreement) that sets this year's payment. */
  readonly under: string;
  readonly rule: PaymentRule;
  /** The published amount, in the schedule's unit, when there is one. */
  readonly known?: number;
}

/** A cost-sharing schedule set by formula, year by year (the US–ROK Special Measures Agreements). */
export interface PaymentSchedule {
  readonly id: string;
  readonly title: string;
  readonly currency: 'KRW' | 'JPY' | 'USD';
  /** Amounts are in billions of the currency. */
  readonly unit: 'billion';
  /** The precision of published figures; projections are rounded to it. */
  readonly roundTo: number;
  readonly years: readonly PaymentYear[];
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

/** Amounts agreed for a span of (fiscal) years as a whole (US–Japan host-nation support). */
export interface PeriodTotals {
  readonly id: string;
  readonly title: string;
  readonly currency: 'KRW' | 'JPY' | 'USD';
  readonly unit: 'billion';
  readonly periods: readonly {
    readonly fromYear: number;
    readonly toYear: number;
    readonly total: number;
    /** Id of the entry (the agreement) that set it, when it is in the registry. */
    readonly under?: string;
  }[];
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

export interface CommitmentsRegistry {
  readonly entries: readonly Entry[];
  readonly chains: readonly Chain[];
  readonly series: readonly Series[];
  readonly indices: readonly IndexSeries[];
  readonly schedules: readonly PaymentSchedule[];
  readonly totals: readonly PeriodTotals[];
  entry(id: string): Entry | undefined;
  chain(id: string): Chain | undefined;
}
