import type { CalendarDate } from './model.js';

const CALENDAR = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

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

/** Whether `s` names a single day (the form `at` arguments must have). */
export function isDay(s: string): boolean {
  return s.length === 10 && isCalendarDate(s);
}

/**
 * Callers hand in a validated day (the CLI parses `--at`); anything else is a programming error, and
 * comparing a malformed date as text would silently give wrong answers, so it stops here.
 */
export function assertDay(at: string): void {
  if (!isDay(at)) throw new Error(`invariant: '${at}' is not a YYYY-MM-DD day`);
}

/** Whether `date` (possibly partial) had begun on day `at`. */
export function onOrBefore(date: CalendarDate, at: string): boolean {
  return date <= at;
}
