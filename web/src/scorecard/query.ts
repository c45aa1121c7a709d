import type { EntryKind, SourcePaper, Status } from '../api/types.js';

export interface ScorecardFilter {
  readonly paper: SourcePaper | 'all';
  readonly kind: EntryKind | 'all';
  readonly status: Status | 'all';
  /** The day the histories are read at; empty: the node's today. */
  readonly asOf: string;
}

/** The query of `GET /api/<NATION>/commitments` for a filter. */
export function scorecardQuery(f: ScorecardFilter): string {
  const q = new URLSearchParams();
  if (f.paper !== 'all') q.set('paper', f.paper);
  if (f.kind !== 'all') q.set('kind', f.kind);
  if (f.status !== 'all') q.set('status', f.status);
  if (f.asOf) q.set('asOf', f.asOf);
  const s = q.toString();
  return s ? `?${s}` : '';
}
