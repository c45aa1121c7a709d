import { DataFileError, type Nation } from '../domain/index.js';
import { compareDates, isCalendarDate, isDay, onOrBefore } from './dates.js';
import type { CommitmentsRegistry, Entry, Evidence, Status } from './model.js';
import { statusEditSchema } from './schema.js';

// Status edits appended to an entry's history on top of the registry read from the data files,
// never changing a record already there. Pure: the node's store keeps the edits and hands them in.
// Which edits stand is the replicated registry's fold (replication.ts); checkStatusEdit is the
// single-node rule (an entry its nation alone owns) kept for readers of one node's edits.

/** One status record added to an entry, with the evidence for it. */
export interface StatusEdit {
  readonly entry: string;
  /** The nation whose administrator made it (the entry's sole owner). */
  readonly nation: Nation;
  readonly status: Status;
  /** A day, YYYY-MM-DD: from then on the entry stands so. */
  readonly asOf: string;
  readonly note?: string;
  readonly evidence: Evidence;
}

export type EditProblem =
  | { readonly code: 'unknown-entry'; readonly field: 'id'; readonly reason: string }
  | { readonly code: 'not-owner' | 'shared-entry'; readonly field: 'id'; readonly reason: string }
  | {
      readonly code: 'invalid';
      readonly field: 'status' | 'asOf' | 'evidence.date';
      readonly reason: string;
    };

/**
 * Whether `edit` may be added to `reg` on day `today` (YYYY-MM-DD); null if it may, else the problem
 * and the field it is about. Only an entry whose sole owner is the editing nation may be edited (a
 * shared entry's status is its owners' joint word, and edits are not replicated between nodes). A
 * history stays in date order, so `asOf` may not precede its last record; an entry with conditions
 * takes its status from them and may only be recorded `withdrawn`.
 * @example checkStatusEdit(reg, { entry: 'jpn-x', nation: 'JPN', status: 'met', asOf: '2023-03-16', evidence }, '2024-01-01') // null
 */
export function checkStatusEdit(
  reg: CommitmentsRegistry,
  edit: StatusEdit,
  today: string,
): EditProblem | null {
  const e = reg.entry(edit.entry);
  if (!e) return { code: 'unknown-entry', field: 'id', reason: `no entry '${edit.entry}' in the registry` };
  if (!e.owner.includes(edit.nation)) {
    return {
      code: 'not-owner',
      field: 'id',
      reason: `entry '${e.id}' is owned by ${e.owner.join(', ') || 'no nation'}, not ${edit.nation}`,
    };
  }
  if (e.owner.length > 1) {
    return {
      code: 'shared-entry',
      field: 'id',
      reason: `entry '${e.id}' is shared by ${e.owner.join(', ')}: no one nation's administrator may set its status`,
    };
  }
  const invalid = (field: 'status' | 'asOf' | 'evidence.date', reason: string): EditProblem => ({
    code: 'invalid',
    field,
    reason,
  });
  if (!isDay(edit.asOf)) return invalid('asOf', `'${edit.asOf}' is not a real day (YYYY-MM-DD)`);
  if (edit.asOf > today) return invalid('asOf', `${edit.asOf} is after today (${today})`);
  if (e.date !== undefined && !onOrBefore(e.date, edit.asOf))
    return invalid('asOf', `${edit.asOf} is before the entry was made (${e.date})`);
  const last = e.status.at(-1);
  if (last && !onOrBefore(last.asOf, edit.asOf)) {
    return invalid(
      'asOf',
      `${edit.asOf} is before the entry's latest record (${last.asOf}, ${last.status}): the history is only appended to`,
    );
  }
  if (e.conditions.length > 0 && edit.status !== 'withdrawn') {
    return invalid(
      'status',
      `entry '${e.id}' takes its status from its conditions (${e.conditions.map((c) => c.id).join(', ')}); only 'withdrawn' may be recorded`,
    );
  }
  if (!isCalendarDate(edit.evidence.date))
    return invalid(
      'evidence.date',
      `'${edit.evidence.date}' is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)`,
    );
  if (edit.evidence.date > today)
    return invalid('evidence.date', `${edit.evidence.date} is after today (${today})`);
  return null;
}

/**
 * The registry with `edits` (already checked, in the order made) appended to their entries' status
 * histories and evidence. Entries without edits are the same objects.
 */
export function withStatusEdits(reg: CommitmentsRegistry, edits: readonly StatusEdit[]): CommitmentsRegistry {
  if (edits.length === 0) return reg;
  const byEntry = new Map<string, StatusEdit[]>();
  for (const x of edits) byEntry.set(x.entry, [...(byEntry.get(x.entry) ?? []), x]);
  const entries = reg.entries.map((e): Entry => {
    const mine = byEntry.get(e.id);
    if (!mine) return e;
    const evidence = [...e.evidence, ...mine.map((x) => x.evidence)];
    return {
      ...e,
      // Stable: records of one day keep the order they were made in, the last one in force.
      status: [
        ...e.status,
        ...mine.map((x) => ({ asOf: x.asOf, status: x.status, ...(x.note ? { note: x.note } : {}) })),
      ].sort((a, b) => compareDates(a.asOf, b.asOf)),
      evidence: evidence.sort((a, b) => compareDates(a.date, b.date)),
      sources: [...e.sources, ...mine.map((x) => x.evidence.source)],
    };
  });
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    entries,
    chains: reg.chains,
    series: reg.series,
    indices: reg.indices,
    schedules: reg.schedules,
    totals: reg.totals,
    entry: (id) => byId.get(id),
    chain: (id) => reg.chain(id),
  };
}

/**
 * Reads the status edits a node's store holds (their JSON bodies, in the order made) for a reader
 * outside the node (`concord commitments --db`); a body that is not a status edit is an error
 * naming the store and the edit's place.
 */
export function readStatusEdits(bodies: readonly unknown[], input: string): StatusEdit[] {
  return bodies.map((body, i) => {
    const r = statusEditSchema.safeParse(body);
    if (r.success) {
      const { note, ...rest } = r.data;
      return { ...rest, ...(note !== undefined ? { note } : {}) };
    }
    const issue = r.error.issues[0]!;
    throw new DataFileError(
      { input, field: [`edit ${i + 1}`, ...issue.path.map(String)].join('.') },
      issue.message,
    );
  });
}
