import { type CompiledRegistry, decide, type Nation, parseMarking } from '../domain/index.js';
import { CONSULTATION_TOPIC } from './fold.js';
import type { ConsultationState, Position, Readout, Rejection, Statement, TimelineEntry } from './model.js';

/** One nation's view of a consultation: only what the agreements let it see, decided at `nowMs`. */
export interface ConsultationView
  extends Omit<ConsultationState, 'timeline' | 'statements' | 'readouts' | 'positions' | 'rejected'> {
  readonly viewer: Nation;
  readonly timeline: readonly TimelineEntry[];
  readonly statements: readonly Statement[];
  readonly readouts: readonly Readout[];
  readonly positions: readonly Position[];
  /** The viewer's own rejected events (others' may describe what the viewer may not see). */
  readonly rejected: readonly Rejection[];
}

/**
 * What `nation` may see of `state` at `nowMs`. Every timeline post, statement version, readout and
 * position is re-decided at `nowMs` (an agreement suspended since the post hides it from then on), under
 * topic `consultation`, with its author as the holder. A national position is its author's alone unless
 * its marking and the agreements release it. Withheld items are left out without a trace, so that not
 * even their existence crosses. Acknowledgements, missed deadlines and the due escalation are shown to
 * every participant. Returns null for a nation that is not a participant.
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
    // Markings in the state were parsed and re-formatted by the fold: a failure here is a bug.
    const m = parseMarking(marking, { input: 'folded state' });
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
  const statements = state.statements.map((s) => ({
    ...s,
    versions: s.versions.filter((v) => sees(v.marking, v.author)),
  }));
  return {
    ...state,
    viewer: nation,
    timeline,
    statements,
    readouts: state.readouts.filter((r) => sees(r.marking, r.nation)),
    positions: state.positions.filter((p) => sees(p.marking, p.nation)),
    rejected: state.rejected.filter((r) => r.author === nation),
  };
}
