import { formatDuration } from '../missile/geometry.js';

/** An instant (ms since the epoch) as `HH:MM:SS` UTC, with the date when it is not `sameDayAs`'s. */
export function utc(ms: number, sameDayAs?: number): string {
  const iso = new Date(ms).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return sameDayAs !== undefined && new Date(sameDayAs).toISOString().slice(0, 10) === day
    ? time
    : `${day} ${time}`;
}

/** A deadline against the scenario instant now: `{ left: '4:59' }` ahead, `{ over: '0:12' }` passed. */
export function untilDeadline(deadlineMs: number, nowMs: number): { left: string } | { over: string } {
  const s = (deadlineMs - nowMs) / 1000;
  return s >= 0 ? { left: formatDuration(s) } : { over: formatDuration(-s) };
}
