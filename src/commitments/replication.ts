import { z } from 'zod';
import { canonicalJson, DataFileError, type Nation } from '../domain/index.js';
import { compareDates, isCalendarDate, onOrBefore } from './dates.js';
import type { StatusEdit } from './edits.js';
import { withStatusEdits } from './edits.js';
import type { CommitmentsRegistry, Entry } from './model.js';
import { statusEditSchema } from './schema.js';

// The registry as a shared record. A status edit is a proposal signed by an owner of the entry; it
// takes effect once every owner has approved it (the proposer's own proposal is its approval, so an
// entry with one owner changes at once). Every node folds the events it holds — its own and those
// partners sent — in one total order (time, then id), so nodes holding the same events hold the
// same registry, whatever order the events arrived in. Pure: the node's store hands the events in.

/** The topic registry events travel under. */
export const REGISTRY_TOPIC = 'registry' as const;

const eventId = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Z]{3}:[\w.-]+$/, 'an event id is <AUTHOR>:<id>');
const nation = statusEditSchema.shape.nation;
const atMs = z.number().finite().nonnegative();
const edit = statusEditSchema.omit({ entry: true, nation: true });

/** A signed registry event, as nodes store it and send it (topic `registry`). */
export const registryEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('propose-status'),
    id: eventId,
    author: nation,
    atMs,
    entry: statusEditSchema.shape.entry,
    status: edit.shape.status,
    asOf: edit.shape.asOf,
    note: edit.shape.note,
    evidence: edit.shape.evidence,
  }),
  z.strictObject({
    kind: z.literal('approve-status'),
    id: eventId,
    author: nation,
    atMs,
    entry: statusEditSchema.shape.entry,
    /** The id of the proposal approved. */
    proposal: eventId,
  }),
]);
export type RegistryEvent = z.output<typeof registryEventSchema>;
export type ProposeStatus = Extract<RegistryEvent, { kind: 'propose-status' }>;

/** Why an event has no effect in the fold. */
export type RegistryRefusalCode =
  | 'unknown-entry'
  | 'not-owner'
  | 'invalid'
  | 'duplicate'
  | 'unknown-proposal'
  | 'already-approved'
  | 'not-pending'
  | 'wrong-entry';

export interface RegistryRefusal {
  readonly id: string;
  readonly author: Nation;
  readonly code: RegistryRefusalCode;
  /** The field of the event it is about. */
  readonly field: string;
  readonly reason: string;
}

/** A proposal as folded: who made it, when, on what evidence, who approved it, and where it stands. */
export interface ProposalState {
  readonly id: string;
  readonly entry: string;
  readonly author: Nation;
  readonly atMs: number;
  readonly edit: StatusEdit;
  /** The entry's owners: each must approve. */
  readonly owners: readonly Nation[];
  /** Approvals in fold order, the proposer's first (its proposal). */
  readonly approvals: readonly { readonly nation: Nation; readonly atMs: number; readonly event: string }[];
  /**
   * `pending`: waiting for owners' approvals; `in-force`: every owner approved and it was appended
   * to the history at `effectiveMs`; `conflict`: every owner approved, but by then the entry's
   * history had a later record (another edit took effect first), so it was not appended.
   */
  readonly state: 'pending' | 'in-force' | 'conflict';
  readonly effectiveMs: number | null;
  readonly reason?: string;
}

export interface RegistryFold {
  /** The base registry with every in-force edit appended, in the order they took effect. */
  readonly registry: CommitmentsRegistry;
  readonly proposals: readonly ProposalState[];
  readonly refused: readonly RegistryRefusal[];
}

/**
 * What is wrong with a proposal on its own, against the registry's entries (not their histories,
 * which depend on the order of edits): the entry, its owner, the days (not after the day the
 * proposal was made, not before the entry), and a conditions-based entry only `withdrawn`. Null if
 * nothing is. The same on every node: it reads only the event and the bundled data.
 */
export function proposalProblem(
  base: CommitmentsRegistry,
  e: Omit<ProposeStatus, 'id' | 'kind'>,
): Omit<RegistryRefusal, 'id' | 'author'> | null {
  const entry = base.entry(e.entry);
  if (!entry)
    return { code: 'unknown-entry', field: 'entry', reason: `no entry '${e.entry}' in the registry` };
  const owner = ownerProblem(entry, e.author);
  if (owner) return owner;
  const day = dayOf(e.atMs);
  const invalid = (field: string, reason: string) => ({ code: 'invalid' as const, field, reason });
  if (e.asOf > day) return invalid('asOf', `${e.asOf} is after the day the edit was made (${day})`);
  if (entry.date !== undefined && !onOrBefore(entry.date, e.asOf))
    return invalid('asOf', `${e.asOf} is before the entry was made (${entry.date})`);
  if (entry.conditions.length > 0 && e.status !== 'withdrawn')
    return invalid(
      'status',
      `entry '${entry.id}' takes its status from its conditions (${entry.conditions.map((c) => c.id).join(', ')}); only 'withdrawn' may be recorded`,
    );
  if (!isCalendarDate(e.evidence.date))
    return invalid('evidence.date', `'${e.evidence.date}' is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)`);
  if (e.evidence.date > day)
    return invalid('evidence.date', `${e.evidence.date} is after the day the edit was made (${day})`);
  return null;
}

/** Whether `nation` owns `entry`: only owners propose and approve its status. */
export function ownerProblem(entry: Entry, nation: Nation): Omit<RegistryRefusal, 'id' | 'author'> | null {
  if (entry.owner.includes(nation)) return null;
  return {
    code: 'not-owner',
    field: 'entry',
    reason: `entry '${entry.id}' is owned by ${entry.owner.join(', ') || 'no nation'}, not ${nation}`,
  };
}

/** The UTC day of an instant. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The fold's total order: time, then id, then the event's bytes (two events under one id). */
function compareEvents(a: { e: RegistryEvent; key: string }, b: { e: RegistryEvent; key: string }): number {
  if (a.e.atMs !== b.e.atMs) return a.e.atMs - b.e.atMs;
  if (a.e.id !== b.e.id) return a.e.id < b.e.id ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The registry that `events` (in any order, duplicates allowed) make of `base`. Events are taken in
 * the total order (atMs, id): a proposal checked (proposalProblem) opens with its author's
 * approval; an approval by another owner is counted; when every owner has approved, the edit is
 * appended unless the entry's history already has a later record (`conflict`: the history is only
 * appended to). An approval that sorts before its proposal is refused (`unknown-proposal`): an
 * honest node dates an approval after the proposal it holds. Deterministic: the same events give
 * the same fold on every node.
 */
export function foldRegistryEvents(
  base: CommitmentsRegistry,
  events: readonly RegistryEvent[],
): RegistryFold {
  const sorted = events.map((e) => ({ e, key: canonicalJson(e as never) })).sort(compareEvents);
  const seen = new Set<string>();
  type Approval = ProposalState['approvals'][number];
  const proposals = new Map<string, ProposalState>();
  const refused: RegistryRefusal[] = [];
  const applied: StatusEdit[] = [];
  // The latest record of each entry's history so far: an edit dated before it is a conflict.
  const latest = new Map<string, string>();
  const latestOf = (entry: Entry) => latest.get(entry.id) ?? entry.status.at(-1)?.asOf;
  const refuse = (e: RegistryEvent, p: Omit<RegistryRefusal, 'id' | 'author'>) =>
    refused.push({ id: e.id, author: e.author, ...p });
  /** The proposal with `approvals`: in force (or in conflict) once every owner is among them. */
  const settle = (p: ProposalState, approvals: readonly Approval[], atMs: number): ProposalState => {
    if (!p.owners.every((n) => approvals.some((a) => a.nation === n))) return { ...p, approvals };
    const entry = base.entry(p.entry)!;
    const last = latestOf(entry);
    if (last !== undefined && !onOrBefore(last, p.edit.asOf)) {
      return {
        ...p,
        approvals,
        state: 'conflict',
        effectiveMs: null,
        reason: `approved by every owner, but the entry's history already had a later record (${last}) than this edit's ${p.edit.asOf}: the history is only appended to`,
      };
    }
    applied.push(p.edit);
    latest.set(entry.id, last === undefined || compareDates(p.edit.asOf, last) > 0 ? p.edit.asOf : last);
    return { ...p, approvals, state: 'in-force', effectiveMs: atMs };
  };
  for (const { e } of sorted) {
    if (seen.has(e.id)) {
      refuse(e, { code: 'duplicate', field: 'id', reason: `event id '${e.id}' was already taken` });
      continue;
    }
    seen.add(e.id);
    if (e.kind === 'propose-status') {
      const problem = proposalProblem(base, e);
      if (problem) {
        refuse(e, problem);
        continue;
      }
      const entry = base.entry(e.entry)!;
      const p: ProposalState = {
        id: e.id,
        entry: e.entry,
        author: e.author,
        atMs: e.atMs,
        edit: {
          entry: e.entry,
          nation: e.author,
          status: e.status,
          asOf: e.asOf,
          ...(e.note !== undefined ? { note: e.note } : {}),
          evidence: e.evidence,
        },
        owners: [...entry.owner],
        approvals: [],
        state: 'pending',
        effectiveMs: null,
      };
      proposals.set(e.id, settle(p, [{ nation: e.author, atMs: e.atMs, event: e.id }], e.atMs));
      continue;
    }
    const p = proposals.get(e.proposal);
    if (!p) {
      refuse(e, {
        code: 'unknown-proposal',
        field: 'proposal',
        reason: `no proposal '${e.proposal}' before this approval`,
      });
      continue;
    }
    if (p.entry !== e.entry) {
      refuse(e, {
        code: 'wrong-entry',
        field: 'entry',
        reason: `proposal '${p.id}' is about '${p.entry}', not '${e.entry}'`,
      });
      continue;
    }
    const owner = ownerProblem(base.entry(p.entry)!, e.author);
    if (owner) {
      refuse(e, owner);
      continue;
    }
    if (p.state !== 'pending') {
      refuse(e, { code: 'not-pending', field: 'proposal', reason: `proposal '${p.id}' is ${p.state}` });
      continue;
    }
    if (p.approvals.some((a) => a.nation === e.author)) {
      refuse(e, {
        code: 'already-approved',
        field: 'proposal',
        reason: `${e.author} already approved proposal '${p.id}'`,
      });
      continue;
    }
    proposals.set(p.id, settle(p, [...p.approvals, { nation: e.author, atMs: e.atMs, event: e.id }], e.atMs));
  }
  return {
    registry: withStatusEdits(base, applied),
    proposals: [...proposals.values()],
    refused,
  };
}

/** A row of a node's registry store: the body as stored, when, and who stored it. */
export interface StoredRegistryRow {
  readonly edit: unknown;
  readonly storedMs: number;
  readonly by?: string;
}

/**
 * The registry events a node's store holds (its rows, in the order stored), read: registry events
 * as they are, an older store's administrators' edits (`{entry, nation, status, asOf, evidence}`,
 * checked against the node's day when made) as proposals made then. A body that reads as neither
 * is skipped (a node stores only what it read: it is a newer schema's) or, given `input` (a reader
 * outside the node: `concord commitments --db`), an error naming the store and the edit's place.
 */
export function storedRegistryEvents(rows: readonly StoredRegistryRow[], input?: string): RegistryEvent[] {
  return rows.flatMap((r, i) => storedRegistryEvent(r, i, input) ?? []);
}

/** One row of `storedRegistryEvents` (`index`: its place in the store, from 0). */
export function storedRegistryEvent(
  r: StoredRegistryRow,
  index: number,
  input?: string,
): RegistryEvent | null {
  const parsed = registryEventSchema.safeParse(r.edit);
  if (parsed.success) return parsed.data;
  const legacy = statusEditSchema.safeParse(r.edit);
  if (!legacy.success) {
    if (input === undefined) return null;
    const isEvent = typeof r.edit === 'object' && r.edit !== null && 'kind' in r.edit;
    const issue = (isEvent ? parsed : legacy).error!.issues[0]!;
    throw new DataFileError(
      { input, field: [`edit ${index + 1}`, ...issue.path.map(String)].join('.') },
      issue.message,
    );
  }
  const { entry, nation, note, ...rest } = legacy.data;
  return {
    kind: 'propose-status',
    id: `${nation}:edit-${index + 1}`,
    author: nation,
    // Checked when made against the node's day, which may be a scenario's: not before its days.
    atMs: Math.max(r.storedMs, Date.parse(rest.asOf), Date.parse(dayStart(rest.evidence.date))),
    entry,
    ...rest,
    ...(note !== undefined ? { note } : {}),
  };
}

/** The first day of a calendar date (YYYY, YYYY-MM or YYYY-MM-DD). */
function dayStart(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d.slice(0, 10);
}

/** A folded proposal as plain JSON (instants as ISO strings): what the API and the CLI show. */
export function proposalJson(p: ProposalState) {
  return {
    id: p.id,
    entry: p.entry,
    author: p.author,
    at: new Date(p.atMs).toISOString(),
    edit: p.edit,
    owners: [...p.owners],
    approvals: p.approvals.map((a) => ({
      nation: a.nation,
      at: new Date(a.atMs).toISOString(),
      event: a.event,
    })),
    state: p.state,
    effective: p.effectiveMs === null ? null : new Date(p.effectiveMs).toISOString(),
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
  };
}

/**
 * The replicated history as text: each status edit proposed, in fold order, with its author and
 * time, the status and day it records, its evidence, who approved it and when, and where it stands;
 * then the events refused by the fold. `md` is the same as a Markdown list.
 */
export function renderRegistryHistory(f: RegistryFold, format: 'text' | 'md'): string {
  const count = (s: ProposalState['state']) => f.proposals.filter((p) => p.state === s).length;
  const lines: string[] = [
    `${format === 'md' ? '## ' : ''}Registry history: ${f.proposals.length} status edits (${count('in-force')} in force, ${count('pending')} pending, ${count('conflict')} in conflict)`,
  ];
  if (format === 'md') lines.push('');
  const item = format === 'md' ? '- ' : '';
  const sub = format === 'md' ? '  - ' : '    ';
  for (const p of f.proposals) {
    const e = p.edit;
    const standing =
      p.state === 'in-force'
        ? `in force ${new Date(p.effectiveMs!).toISOString()}`
        : p.state === 'pending'
          ? `pending: awaits ${p.owners.filter((n) => !p.approvals.some((a) => a.nation === n)).join(', ')}`
          : `conflict: ${p.reason}`;
    lines.push(
      `${item}${new Date(p.atMs).toISOString()} ${p.author} on ${p.entry}: ${e.status} as of ${e.asOf} (${p.id}) -- ${standing}`,
    );
    if (e.note !== undefined) lines.push(`${sub}note: ${e.note}`);
    const src = e.evidence.source;
    lines.push(
      `${sub}evidence: ${e.evidence.date}, ${src.title}${src.url ? ` <${src.url}>` : ''}: ${e.evidence.text}`,
    );
    lines.push(
      `${sub}approved by: ${p.approvals.map((a) => `${a.nation} ${new Date(a.atMs).toISOString()}`).join(', ')} (owners: ${p.owners.join(', ')})`,
    );
  }
  if (f.refused.length > 0) {
    lines.push(format === 'md' ? '\n### Refused by the fold\n' : 'Refused by the fold:');
    for (const r of f.refused)
      lines.push(`${item}${r.id} by ${r.author}: ${r.code} (${r.field}) ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
