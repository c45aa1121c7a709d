import { z } from 'zod';
import { DataFileError, formatPath, type Nation, parseYaml, placeIn, type Source } from '../domain/index.js';
import { invariant } from './assert.js';
import {
  calendarDate,
  day,
  flags,
  id,
  isCalendarDate,
  nation,
  source,
  sourcedOrAssumed,
  text,
} from './schema.js';

/** `held` is confirmed by a source; `planned` is announced only; `unknown` means the sources do not say. */
export const MEETING_STATUSES = ['held', 'planned', 'unknown', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface Mechanism {
  readonly id: string;
  readonly name: string;
  readonly parties: readonly Nation[];
  /** At least `perYear` meetings each calendar year from `fromYear` on (the commitment or the recommendation). */
  readonly cadence: { readonly perYear: number; readonly fromYear: number; readonly basis: string };
  /** The records were checked up to this day; after it, an absent meeting is unknown, not missed. */
  readonly checkedThrough: string;
  readonly sources: readonly Source[];
  readonly assumption: boolean;
  readonly flags: readonly string[];
}

export interface Meeting {
  readonly mechanism: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the source gives no day. */
  readonly date: string;
  /** Last day of a multi-day window (an exercise). */
  readonly until?: string;
  readonly name?: string;
  readonly place?: string;
  readonly status: MeetingStatus;
  readonly sources: readonly Source[];
  readonly assumption: boolean;
  readonly flags: readonly string[];
}

export interface MeetingsCalendar {
  readonly mechanisms: readonly Mechanism[];
  readonly meetings: readonly Meeting[];
}

const sourced = { sources: z.array(source).default([]), assumption: z.boolean().default(false), flags };

const mechanism = z
  .strictObject({
    id,
    name: text,
    parties: z.array(nation).min(2),
    cadence: z.strictObject({
      perYear: z.int().positive(),
      fromYear: z.int().min(1945).max(2100),
      basis: text,
    }),
    checkedThrough: day,
    ...sourced,
  })
  .superRefine(sourcedOrAssumed);

const meeting = z
  .strictObject({
    mechanism: id,
    date: calendarDate,
    until: day.optional(),
    name: text.optional(),
    place: text.optional(),
    status: z.enum(MEETING_STATUSES),
    ...sourced,
  })
  .superRefine(sourcedOrAssumed)
  .superRefine((m, ctx) => {
    if (m.until !== undefined && m.until < m.date)
      ctx.addIssue({ code: 'custom', path: ['until'], message: `ends before it starts (${m.date})` });
  });

const file = z.strictObject({
  mechanisms: z.array(mechanism).min(1),
  meetings: z.array(meeting).default([]),
});

/**
 * Reads `data/consult/meetings.yaml` (text handed in, `source` names it in errors): every meeting must
 * name a known mechanism.
 * @throws DataFileError naming file, line, column and field.
 */
export function parseMeetings(yamlText: string, sourceName: string): MeetingsCalendar {
  const f = parseYaml(yamlText, sourceName, file);
  const ids = new Set<string>();
  const fail = (path: (string | number)[], problem: string): never => {
    throw new DataFileError(
      { input: sourceName, field: formatPath(path), ...(placeIn(yamlText, path) ?? {}) },
      problem,
    );
  };
  f.mechanisms.forEach((m, i) => {
    if (ids.has(m.id)) fail(['mechanisms', i, 'id'], `duplicate mechanism '${m.id}'`);
    ids.add(m.id);
  });
  f.meetings.forEach((m, i) => {
    if (!ids.has(m.mechanism)) fail(['meetings', i, 'mechanism'], `no mechanism '${m.mechanism}'`);
  });
  return f;
}

export type YearStatus = 'kept' | 'missed' | 'unknown' | 'not-expected';

export interface CadenceYear {
  readonly year: number;
  readonly expected: number;
  /** Dates of meetings held in the year (within the range asked about). */
  readonly held: readonly string[];
  /** Dates of meetings announced, unknown, or only partly inside the range. */
  readonly uncertain: readonly string[];
  readonly status: YearStatus;
  readonly reason: string;
}

export interface CadenceReport {
  readonly mechanism: string;
  readonly perYear: number;
  readonly basis: string;
  readonly years: readonly CadenceYear[];
  /** Missed if any year was missed; else unknown if any was; else kept (or not-expected throughout). */
  readonly overall: YearStatus;
}

/** First and last day a (possibly partial) date can mean. */
function span(date: string): [string, string] {
  if (date.length === 10) return [date, date];
  if (date.length === 7) {
    const [y, m] = date.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${date}-01`, `${date}-${String(last).padStart(2, '0')}`];
  }
  return [`${date}-01-01`, `${date}-12-31`];
}

/**
 * Whether a mechanism met as often as its cadence asks, per calendar year between `fromDate` and
 * `toDate` (days, inclusive). A year is `kept` when enough meetings were held; `unknown` when it could
 * still be kept (a meeting only announced or not confirmed, the year not over by `toDate`, or past the
 * day the records were checked through); `missed` otherwise. Years before the cadence began are
 * `not-expected`.
 * @example cadence(calendar, 'trilateral-2plus2plus2', '2023-01-01', '2024-12-31').overall // 'missed'
 */
export function cadence(
  calendar: MeetingsCalendar,
  mechanismId: string,
  fromDate: string,
  toDate: string,
): CadenceReport {
  invariant(fromDate.length === 10 && isCalendarDate(fromDate), `fromDate '${fromDate}' is a day`);
  invariant(toDate.length === 10 && isCalendarDate(toDate), `toDate '${toDate}' is a day`);
  invariant(fromDate <= toDate, 'fromDate is not after toDate');
  const mech = calendar.mechanisms.find((m) => m.id === mechanismId);
  invariant(mech !== undefined, `mechanism '${mechanismId}' exists (callers pick from the calendar)`);

  const meetings = calendar.meetings.filter((m) => m.mechanism === mechanismId);
  const years: CadenceYear[] = [];
  for (let y = Number(fromDate.slice(0, 4)); y <= Number(toDate.slice(0, 4)); y++) {
    const start = `${y}-01-01` < fromDate ? fromDate : `${y}-01-01`;
    const end = `${y}-12-31` > toDate ? toDate : `${y}-12-31`;
    const held: string[] = [];
    const uncertain: string[] = [];
    for (const m of meetings) {
      if (m.status === 'cancelled') continue;
      const [first, last] = span(m.date);
      if (last < start || first > end) continue;
      const inside = first >= start && last <= end;
      (m.status === 'held' && inside ? held : uncertain).push(m.date);
    }
    const expected = y >= mech.cadence.fromYear ? mech.cadence.perYear : 0;
    years.push({ year: y, expected, held, uncertain, ...judge(y, expected, held, uncertain, end, mech) });
  }
  const statuses = new Set(years.map((y) => y.status));
  const overall: YearStatus = statuses.has('missed')
    ? 'missed'
    : statuses.has('unknown')
      ? 'unknown'
      : statuses.has('kept')
        ? 'kept'
        : 'not-expected';
  return { mechanism: mechanismId, perYear: mech.cadence.perYear, basis: mech.cadence.basis, years, overall };
}

function judge(
  year: number,
  expected: number,
  held: readonly string[],
  uncertain: readonly string[],
  end: string,
  mech: Mechanism,
): { status: YearStatus; reason: string } {
  if (expected === 0)
    return { status: 'not-expected', reason: `the cadence starts in ${mech.cadence.fromYear}` };
  const n = `${held.length} of ${expected}`;
  if (held.length >= expected) return { status: 'kept', reason: `${n} held` };
  if (held.length + uncertain.length >= expected) {
    return { status: 'unknown', reason: `${n} confirmed; not confirmed: ${uncertain.join(', ')}` };
  }
  if (end < `${year}-12-31`)
    return { status: 'unknown', reason: `${n} held so far; the year is not over by ${end}` };
  if (mech.checkedThrough < end) {
    return {
      status: 'unknown',
      reason: `${n} held; the records were checked only through ${mech.checkedThrough}`,
    };
  }
  return { status: 'missed', reason: `${n} held` };
}
