// The replay bar's pure parts: the speeds offered, the clock as text, and where the clock is now
// between two reads of the node.

/** The speeds the selector offers (the node's own, when another, is added to them). */
export const SPEEDS = [0.5, 1, 2, 4, 10, 20, 50] as const;

/** The speeds to offer given the node's current one, ascending. */
export function speedOptions(current: number): number[] {
  return [...new Set<number>([...SPEEDS, current])].sort((a, b) => a - b);
}

/** Scenario seconds as `T+MM:SS` (or `T+H:MM:SS` from an hour on), whole seconds. */
export function formatT(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `T+${h}:${pad(m)}:${pad(s % 60)}` : `T+${pad(m)}:${pad(s % 60)}`;
}

/**
 * The scenario seconds now: `t` as read at wall instant `readAtMs`, run on at `speed` unless paused
 * or ended, never past `durationS`.
 */
export function clockNow(
  read: { t: number; speed: number; paused: boolean; ended: boolean; durationS: number },
  readAtMs: number,
  wallNowMs: number,
): number {
  if (read.paused || read.ended) return read.t;
  return Math.min(read.durationS, read.t + (Math.max(0, wallNowMs - readAtMs) / 1000) * read.speed);
}
