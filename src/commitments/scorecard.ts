import type { Source } from '../domain/index.js';
import { assertDay } from './dates.js';
import {
  type CommitmentsRegistry,
  ENTRY_KINDS,
  type EntryKind,
  type Evidence,
  type LinkType,
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
          evidence: e.conditions[i]!.evidence.filter((x) => x.date <= at),
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
  const known = sources.filter((s) => s.date === undefined || s.date <= at);
  return known.length > 0 ? known : sources;
}
