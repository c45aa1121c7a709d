import type { Nation } from '../api/types.js';
import type { Consultation, ConsultMessage, Statement, StatementVersion } from './types.js';

// The crisis room's pure core: what the consultation stream's messages make of the consultations
// held, and what the views read from one consultation. No React, no I/O (test/web/crisis-model.test.ts).

export interface Consultations {
  /** By id; undefined until the stream's first message. */
  readonly byId: ReadonlyMap<string, Consultation> | undefined;
  /** The `seq` of the last message taken: where a reconnection resumes (`?after=`). */
  readonly seq: number | undefined;
}

export const NONE: Consultations = { byId: undefined, seq: undefined };

/**
 * The consultations after a stream message: the list replaces everything held (the first message, or
 * one after a resume the node could not serve); an event brings its consultation as the nation now
 * sees it. A message at or before the place held (a resume's overlap) changes nothing.
 */
export function applyMessage(s: Consultations, m: ConsultMessage): Consultations {
  if (m.type === 'consultations') {
    const byId = new Map<string, Consultation>();
    for (const c of m.consultations) if (c.id !== null) byId.set(c.id, c);
    return { byId, seq: m.seq };
  }
  if (s.seq !== undefined && m.seq <= s.seq) return s;
  return { byId: upsert(s.byId, m.consultation), seq: m.seq };
}

/**
 * The consultations with `c` (e.g. from an action's answer) in place of the one held, unless the one
 * held is newer (the stream may have brought a partner's later event first).
 */
export function withView(s: Consultations, c: Consultation | null): Consultations {
  if (c === null || c.id === null) return s;
  return { ...s, byId: upsert(s.byId, c) };
}

function upsert(
  byId: ReadonlyMap<string, Consultation> | undefined,
  c: Consultation,
): ReadonlyMap<string, Consultation> {
  const next = new Map(byId ?? []);
  const held = next.get(c.id!);
  if (!held || c.nowMs >= held.nowMs || c.applied.length > held.applied.length) next.set(c.id!, c);
  return next;
}

/** Open ones first, each group latest convened first. */
export function ordered(byId: ReadonlyMap<string, Consultation>): Consultation[] {
  return [...byId.values()].sort(
    (a, b) =>
      Number(a.closed !== null) - Number(b.closed !== null) ||
      (b.convenedAtMs ?? 0) - (a.convenedAtMs ?? 0) ||
      String(a.id).localeCompare(String(b.id)),
  );
}

/** The nation's own acknowledgement, if it is a participant. */
export function ownAck(c: Consultation, nation: Nation): Consultation['acks'][number] | undefined {
  return c.acks.find((a) => a.nation === nation);
}

/** Whether the nation still has to acknowledge (pending, or missed: a late one is still taken). */
export function mayAcknowledge(c: Consultation, nation: Nation): boolean {
  const a = ownAck(c, nation);
  return c.closed === null && a !== undefined && a.status !== 'acked';
}

/** The statement's live versions (none superseded them), latest first. */
export function liveVersions(s: Statement): StatementVersion[] {
  return s.versions.filter((v) => v.supersededBy.length === 0).sort((a, b) => b.atMs - a.atMs);
}

/** The version a participant approves by default: the latest live one. */
export function latestLive(s: Statement): StatementVersion | undefined {
  return liveVersions(s)[0];
}

export type Stance = 'approve' | 'reject' | 'none';

/** Each participant's stance on version `v` (its latest stance, if it is on this version). */
export function stancesOn(
  c: Consultation,
  s: Statement,
  v: StatementVersion,
): { nation: Nation; stance: Stance; reason?: string }[] {
  return c.participants.map((nation) => {
    const cur = s.current.find((x) => x.nation === nation);
    if (!cur || cur.version !== v.id) return { nation, stance: 'none' as const };
    return { nation, stance: cur.stance, ...(cur.reason ? { reason: cur.reason } : {}) };
  });
}

/** The positions the crisis room shows: the nation's own only (a partner's released one is not its to show). */
export function ownPositions(c: Consultation, nation: Nation): Consultation['positions'] {
  return c.positions.filter((p) => p.nation === nation);
}

/** The scenario instant now, from the node's clock read at `readAtMs` (wall) running at `rate`. */
export function scenarioNow(
  clock: { readonly nodeMs: number; readonly readAtMs: number; readonly rate: number } | undefined,
  wallNowMs: number,
): number | undefined {
  if (!clock) return undefined;
  return clock.nodeMs + (wallNowMs - clock.readAtMs) * clock.rate;
}

/** An escalation's target: a level, and for a ministerial meeting its form. */
export interface LevelChoice {
  readonly to: 'ministerial' | 'leaders';
  readonly form?: '2+2+2';
}

const CHOICES: readonly LevelChoice[] = [
  { to: 'ministerial' },
  { to: 'ministerial', form: '2+2+2' },
  { to: 'leaders' },
];

/** The node's order of levels (src/consult/escalation.ts levelRank): 2+2+2 above other ministerials. */
function rank(level: string | null, form?: string | null): number {
  if (level === 'working' || level === null) return 0;
  if (level === 'leaders') return 2;
  return form === '2+2+2' ? 1.5 : 1;
}

/** The escalations the room offers: those above the level now (an escalation only goes up; the node decides). */
export function levelsAbove(c: Consultation): LevelChoice[] {
  const now = rank(c.level, c.form);
  return CHOICES.filter((x) => rank(x.to, x.form) > now);
}
