import { DateError, type InputPlace } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch for an ISO 8601 date (meaning 00:00 UTC that day) or a date-time
 * with an explicit zone. Impossible dates (2019-02-30) are errors, not silently rolled over.
 * @example parseInstant('2019-11-22', { input: '--at' }) // 1574380800000
 */
export function parseInstant(s: string, place: InputPlace): number {
  const text = s.trim();
  const d = DATE.exec(text);
  const dt = d ? null : DATE_TIME.exec(text);
  const m = d ?? dt;
  if (!m) {
    throw new DateError(
      place,
      `'${s}' is not an ISO date (YYYY-MM-DD) or date-time with a zone (YYYY-MM-DDThh:mm[:ss]Z)`,
    );
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = dt ? [Number(dt[4]), Number(dt[5]), Number(dt[6] ?? 0)] : [0, 0, 0];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new DateError(place, `'${s}' is not a real date or time`);
  }
  if (!dt) return utc;
  // The exact instant, fractions and zone included, is Date's to compute once the fields are checked.
  return Date.parse(text.replace(' ', 'T'));
}

/** `2019-11-22` for an instant at midnight UTC, else the full ISO form. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

export const DAY_MS = 86_400_000;

/** The same calendar day and month `years` later (29 February falls back to 28). */
export function addYearsUtc(ms: number, years: number): number {
  const d = new Date(ms);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear() + years,
      d.getUTCMonth(),
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}
