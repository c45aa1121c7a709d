import { type CompiledRegistry, decide, type Nation, parseMarking } from '../domain/index.js';
import { CONSULTATION_TOPIC } from './fold.js';
import type {
  ConsultationState,
  Position,
  Readout,
  Rejection,
  Statement,
  StatementVersion,
  TimelineEntry,
} from './model.js';

/** One nation's view of a consultation: only what the agreements let it see, decided at `nowMs`. */
export interface ConsultationView
  extends Omit<
    ConsultationState,
    'timeline' | 'statements' | 'readouts' | 'positions' | 'rejected' | 'applied'
  > {
  readonly viewer: Nation;
  readonly timeline: readonly TimelineEntry[];
  readonly statements: readonly Statement[];
  readonly readouts: readonly Readout[];
  readonly positions: readonly Position[];
  /** Accepted event ids in fold order, less those of events withheld from the viewer. */
  readonly applied: readonly string[];
  /** The viewer's own rejected events (others' may describe what the viewer may not see). */
  readonly rejected: readonly Rejection[];
}

/**
 * What `nation` may see of `state` at `nowMs`. Every timeline post, statement version, readout and
 * position is re-decided at `nowMs` (an agreement suspended since the post hides it from then on), under
 * topic `consultation`, with its author as the holder. A national position is its author's alone unless
 * its marking and the agreements release it. Withheld items are left out without a trace, so that not
 * even their existence crosses: a statement version's stances and agreed text go with it, and so do
 * the ids of withheld events (from `applied`, `replaces`, `supersededBy`). Acknowledgements, missed
 * deadlines and the due escalation are shown to every participant. Returns null for a nation that
 * is not a participant.
 */
export function viewFor(
  state: ConsultationState,
  nation: Nation,
  registry: CompiledRegistry,
  nowMs: number,
): ConsultationView | null {
  if (!state.convened || !state.participants.includes(nation)) return null;
  const sees = (marking: string, author: Nation): boolean => {
    if (author === nation) return true;
    // Markings in the state were parsed (with the author as originator) and re-formatted by the
    // fold: a failure here is a bug.
    const m = parseMarking(marking, { input: 'folded state', originator: author });
    return decide(
      { marking: m, holder: author, recipient: nation, topic: CONSULTATION_TOPIC, atMs: nowMs },
      registry,
    ).allow;
  };
  const timeline = state.timeline
    .filter((t) => sees(t.marking, t.author))
    // Who else may see an item is the author's business: others get the item without its audience.
    .map((t) => {
      if (t.author === nation || t.audience === undefined) return t;
      const { audience: _hidden, ...rest } = t;
      return rest;
    });
  const statements = state.statements.flatMap((s) => {
    const shown = statementFor(s, (v) => sees(v.marking, v.author));
    return shown ? [shown] : [];
  });
  const readouts = state.readouts.filter((r) => sees(r.marking, r.nation));
  const positions = state.positions.filter((p) => sees(p.marking, p.nation));
  const rejected = state.rejected.filter((r) => r.author === nation);
  // The ids of withheld events go too: an id (`JPN:v3`) says who wrote something, and when.
  const withheld = new Set<string>();
  const keep = (id: string, shown: boolean) => {
    if (!shown) withheld.add(id);
  };
  const timelineIds = new Set(timeline.map((t) => t.id));
  for (const t of state.timeline) keep(t.id, timelineIds.has(t.id));
  const shownVersions = new Set(statements.flatMap((s) => s.versions.map((v) => v.id)));
  for (const s of state.statements)
    for (const v of s.versions) {
      keep(v.id, shownVersions.has(v.id));
      for (const st of v.stances) keep(st.event, shownVersions.has(v.id));
    }
  const readoutIds = new Set(readouts.map((r) => r.id));
  for (const r of state.readouts) keep(r.id, readoutIds.has(r.id));
  const positionIds = new Set(positions.map((p) => p.id));
  for (const p of state.positions) keep(p.id, positionIds.has(p.id));
  return {
    ...state,
    viewer: nation,
    timeline,
    statements,
    readouts,
    positions,
    rejected,
    applied: withheld.size === 0 ? state.applied : state.applied.filter((id) => !withheld.has(id)),
  };
}

/**
 * A statement as a viewer sees it, given which versions it may see: those versions, with the ids
 * of withheld ones taken out of `replaces` and `supersededBy`; the stances on them only; the agreed
 * text only when its version is seen. Null when the viewer sees no version (not even that the
 * statement exists crosses).
 */
function statementFor(s: Statement, sees: (v: StatementVersion) => boolean): Statement | null {
  const shown = new Set(s.versions.filter(sees).map((v) => v.id));
  if (shown.size === 0) return null;
  const versions = s.versions
    .filter((v) => shown.has(v.id))
    .map((v) => {
      const { replaces, ...rest } = v;
      return {
        ...rest,
        ...(replaces !== undefined && shown.has(replaces) ? { replaces } : {}),
        supersededBy: v.supersededBy.filter((id) => shown.has(id)),
      };
    });
  return {
    ...s,
    versions,
    current: s.current.filter((c) => shown.has(c.version)),
    agreed: s.agreed !== null && shown.has(s.agreed.version) ? s.agreed : null,
  };
}
