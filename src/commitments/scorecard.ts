import type { Source } from '../domain/index.js';
import { assertDay, onOrBefore } from './dates.js';
import {
  type CommitmentsRegistry,
  ENTRY_KINDS,
  type EntryKind,
  type Evidence,
  type LinkType,
  type Quote,
  type SourcePaper,
  type Status,
} from './model.js';
import { type ConditionReading, evidenceAt, statusAt } from './status.js';

/** One entry as it stood on a day: what the scorecard prints, and what `--format json` emits. */
export interface ScorecardRow {
  readonly id: string;
  readonly kind: EntryKind;
  readonly title: string;
  readonly summary: string;
  readonly owner: readonly string[];
  /** The paper a recommendation comes from; null when the sources do not say (a flag explains). */
  readonly sourcePaper: SourcePaper | null;
  readonly document: string | null;
  readonly date: string | null;
  readonly status: Status;
  readonly asOf: string | null;
  readonly note: string | null;
  readonly derived: boolean;
  readonly conditions: readonly (ConditionReading & { readonly evidence: readonly Evidence[] })[];
  /** Evidence dated on or before the day. */
  readonly evidence: readonly Evidence[];
  readonly links: readonly { readonly type: LinkType; readonly to: string }[];
  readonly indicators: readonly string[];
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

export interface ScorecardFilter {
  readonly status?: Status;
  readonly kind?: EntryKind;
}

/**
 * Every entry made by day `at` (YYYY-MM-DD) with its status then, recommendations first, then
 * commitments, agreements and measures, each in registry order; `filter` keeps one status or kind.
 * @example scorecard(reg, '2022-01-01', { status: 'unmet' }).map((r) => r.id)
 */
export function scorecard(
  reg: CommitmentsRegistry,
  at: string,
  filter: ScorecardFilter = {},
): ScorecardRow[] {
  assertDay(at);
  const rows: ScorecardRow[] = [];
  for (const kind of ENTRY_KINDS) {
    if (filter.kind !== undefined && filter.kind !== kind) continue;
    for (const e of reg.entries) {
      if (e.kind !== kind) continue;
      const s = statusAt(e, at);
      if (s === null || (filter.status !== undefined && s.status !== filter.status)) continue;
      rows.push({
        id: e.id,
        kind: e.kind,
        title: e.title,
        summary: e.summary,
        owner: e.owner,
        sourcePaper: e.sourcePaper ?? null,
        document: e.document ?? null,
        date: e.date ?? null,
        status: s.status,
        asOf: s.asOf,
        note: s.note ?? null,
        derived: s.derived,
        conditions: s.conditions.map((c, i) => ({
          ...c,
          evidence: e.conditions[i]!.evidence.filter((x) => onOrBefore(x.date, at)),
        })),
        evidence: evidenceAt(e, at),
        links: e.links.map((l) => ({ type: l.type, to: l.to })),
        indicators: e.indicators,
        sources: sourcesKnownBy(e.sources, at),
        flags: e.flags,
      });
    }
  }
  return rows;
}

/**
 * The sources published by day `at` (undated ones included): a view of the past should not cite what
 * was written later. If none was, all are kept, since an entry is never shown without a source.
 */
export function sourcesKnownBy(sources: readonly Source[], at: string): readonly Source[] {
  const known = sources.filter((s) => s.date === undefined || onOrBefore(s.date, at));
  return known.length > 0 ? known : sources;
}

/** A scorecard row with the papers' words that make it (empty for entries other than recommendations). */
export interface QuotedRow extends ScorecardRow {
  readonly quotes: readonly Quote[];
}

/** `rows` with each entry's quotations (what `--format json` prints). */
export function withQuotes(reg: CommitmentsRegistry, rows: readonly ScorecardRow[]): QuotedRow[] {
  return rows.map((r) => ({ ...r, quotes: reg.entry(r.id)?.quotes ?? [] }));
}

/** One recommendation on a paper's scorecard. */
export interface PaperRow extends QuotedRow {
  /** True when this paper is the one named as making it (`sourcePaper`), false when it also makes it. */
  readonly main: boolean;
  /** This paper's own words for it (a subset of `quotes`, never empty). */
  readonly paperQuotes: readonly Quote[];
}

/**
 * The scorecard of one paper on day `at`: every recommendation it makes (those naming it as
 * `sourcePaper`, and those it is quoted for besides), in registry order, with its status then.
 * @example paperScorecard(reg, 'wilson-2022', '2026-01-01').filter((r) => r.status === 'unmet')
 */
export function paperScorecard(reg: CommitmentsRegistry, paper: SourcePaper, at: string): PaperRow[] {
  return withQuotes(reg, scorecard(reg, at, { kind: 'recommendation' })).flatMap((r) => {
    const paperQuotes = r.quotes.filter((q) => q.paper === paper);
    if (r.sourcePaper !== paper && paperQuotes.length === 0) return [];
    return [{ ...r, main: r.sourcePaper === paper, paperQuotes }];
  });
}
