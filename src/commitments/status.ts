import { assertDay, compareDates, onOrBefore } from './dates.js';
import type {
  CalendarDate,
  Condition,
  ConditionStatus,
  Entry,
  Evidence,
  Status,
  StatusRecord,
} from './model.js';

export interface ConditionReading {
  readonly id: string;
  readonly text: string;
  readonly status: ConditionStatus;
  /** Date of the record in force; null when nothing was recorded by then. */
  readonly asOf: CalendarDate | null;
  readonly note?: string;
  /** A condition that is not met holds the entry back from `met`. */
  readonly blocking: boolean;
}

export interface StatusReading {
  readonly status: Status;
  /** Date of the record (or, if derived, the latest condition record) in force; null if none yet. */
  readonly asOf: CalendarDate | null;
  readonly note?: string;
  /** True when the status comes from the entry's conditions rather than its own history. */
  readonly derived: boolean;
  /** Each condition's standing on the day, in the entry's order (empty for plain entries). */
  readonly conditions: readonly ConditionReading[];
}

/** The last record in force on day `at`, if any (histories are in date order; the loader checks). */
function recordAt<S extends string>(
  history: readonly StatusRecord<S>[],
  at: string,
): StatusRecord<S> | undefined {
  let found: StatusRecord<S> | undefined;
  for (const r of history) {
    if (!onOrBefore(r.asOf, at)) break;
    found = r;
  }
  return found;
}

/** A condition's standing on day `at`; `unknown` before anything was recorded about it. */
export function conditionAt(c: Condition, at: string): ConditionReading {
  assertDay(at);
  const r = recordAt(c.status, at);
  const status = r?.status ?? 'unknown';
  return {
    id: c.id,
    text: c.text,
    status,
    asOf: r?.asOf ?? null,
    ...(r?.note !== undefined ? { note: r.note } : {}),
    blocking: status !== 'met',
  };
}

/**
 * The status a conditions-based entry takes from its conditions:
 * - every condition met -> `met`;
 * - otherwise, any condition met or in progress -> `in-progress` (moving, but held back);
 * - otherwise, any condition unmet -> `unmet`;
 * - otherwise (nothing is known about any of them) -> `unknown`.
 * So one blocking condition is enough to keep an entry from `met`, and `unknown` never passes for `met`.
 * @example deriveStatus(['met', 'unknown']) // 'in-progress'
 */
export function deriveStatus(conditions: readonly ConditionStatus[]): Status {
  if (conditions.length === 0) throw new Error('invariant: deriveStatus needs at least one condition');
  if (conditions.every((s) => s === 'met')) return 'met';
  if (conditions.some((s) => s === 'met' || s === 'in-progress')) return 'in-progress';
  if (conditions.some((s) => s === 'unmet')) return 'unmet';
  return 'unknown';
}

/**
 * Where `entry` stood on day `at` (YYYY-MM-DD), or null if it had not yet been made. Before its
 * first status record an entry is `unknown`. An entry with conditions takes its status from them
 * (see deriveStatus) unless its own history says it was withdrawn.
 * @example statusAt(gsomiaNotice, '2020-01-01')?.status // 'in-progress' (effect suspended 2019-11-22)
 */
export function statusAt(entry: Entry, at: string): StatusReading | null {
  assertDay(at);
  if (entry.date !== undefined && !onOrBefore(entry.date, at)) return null;
  const own = recordAt(entry.status, at);
  if (entry.conditions.length === 0 || own?.status === 'withdrawn') {
    const conditions = entry.conditions.map((c) => conditionAt(c, at));
    return {
      status: own?.status ?? 'unknown',
      asOf: own?.asOf ?? null,
      ...(own?.note !== undefined ? { note: own.note } : {}),
      derived: false,
      conditions,
    };
  }
  const conditions = entry.conditions.map((c) => conditionAt(c, at));
  const dates = conditions.map((c) => c.asOf).filter((d): d is string => d !== null);
  const blocking = conditions.filter((c) => c.blocking).map((c) => c.id);
  return {
    status: deriveStatus(conditions.map((c) => c.status)),
    asOf: dates.length === 0 ? null : dates.reduce((a, b) => (compareDates(a, b) >= 0 ? a : b)),
    note:
      blocking.length === 0
        ? 'all conditions met'
        : `${conditions.length - blocking.length} of ${conditions.length} conditions met; blocked by ${blocking.join(', ')}`,
    derived: true,
    conditions,
  };
}

/** The evidence known on day `at`: items dated on or before it, in date order. */
export function evidenceAt(entry: Entry, at: string): Evidence[] {
  assertDay(at);
  return entry.evidence.filter((e) => onOrBefore(e.date, at));
}
