import type { CalendarDate } from './model.js';

const CALENDAR = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
/** A date-time with its zone, as the record gives an act's moment: `2019-11-22T18:00+09:00`. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Whether `s` is a real calendar date in one of the forms the data uses (`2019-08-23`, `2022-07`,
 * `2019`). A rolled-over date such as `2019-02-30` is not.
 * @example isCalendarDate('2019-11-22') // true
 */
export function isCalendarDate(s: string): boolean {
  const m = CALENDAR.exec(s);
  if (!m) return false;
  const [year, month, day] = [
    Number(m[1]),
    m[2] === undefined ? 1 : Number(m[2]),
    m[3] === undefined ? 1 : Number(m[3]),
  ];
  if (month < 1 || month > 12) return false;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= lastDay;
}

/**
 * Whether `s` is an instant with its zone (`2019-11-22T18:00+09:00`, seconds optional, `Z` for UTC)
 * on a real day at a real time. The zone is required: a local time without one names no instant.
 * @example isInstant('2019-11-22T18:00+09:00') // true
 */
export function isInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (!m || !isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  const zone = m[7]!;
  return zone === 'Z' || (Number(zone.slice(1, 3)) <= 14 && Number(zone.slice(4, 6)) <= 59);
}

/** A date as the data gives it: a calendar date (possibly partial) or an instant with its zone. */
export function isWhen(s: string): boolean {
  return isCalendarDate(s) || isInstant(s);
}

/** Whether `s` names a single day (the form `at` arguments must have). */
export function isDay(s: string): boolean {
  return s.length === 10 && isCalendarDate(s);
}

/** A day, or an instant with its zone: the two forms a reading time (`at`) may take. */
export function isAt(s: string): boolean {
  return isDay(s) || isInstant(s);
}

/**
 * Callers hand in a validated day or instant (the CLI parses `--at`); anything else is a programming
 * error, and comparing a malformed date would silently give wrong answers, so it stops here.
 */
export function assertDay(at: string): void {
  if (!isAt(at)) throw new Error(`invariant: '${at}' is not a YYYY-MM-DD day or an instant with a zone`);
}

/**
 * When a date begins, in ms since the epoch: a calendar date at 00:00 UTC of its first day (as
 * `--at 2019-11-22` means elsewhere in Concord), an instant at itself.
 * @example startMs('2019-11-22T18:00+09:00') === Date.UTC(2019, 10, 22, 9) // true
 */
export function startMs(date: CalendarDate): number {
  if (isInstant(date)) return Date.parse(date);
  const m = CALENDAR.exec(date);
  if (!m || !isCalendarDate(date)) throw new Error(`invariant: '${date}' is not a calendar date or instant`);
  return Date.UTC(
    Number(m[1]),
    m[2] === undefined ? 0 : Number(m[2]) - 1,
    m[3] === undefined ? 1 : Number(m[3]),
  );
}

/** Orders two dates by when they begin; a day and an instant within it: the day first. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return startMs(a) - startMs(b) || a.length - b.length;
}

/**
 * Whether `date` (possibly partial, or an instant) had begun by `at`: a day `at` reads the whole day
 * (UTC), so what happened at any moment of it counts; an instant `at` reads that moment.
 * @example onOrBefore('2019-11-22T18:00+09:00', '2019-11-22T17:00+09:00') // false
 */
export function onOrBefore(date: CalendarDate, at: string): boolean {
  const atMs = isInstant(at) ? Date.parse(at) : startMs(at) + DAY_MS - 1;
  return startMs(date) <= atMs;
}
