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

/** How many scenario seconds before a mark a click on it seeks to: the event is then still to come. */
export const MARK_LEAD_S = 5;

/** Where a click on a mark at `t` seeks: a few seconds before it, never before the start. */
export function seekBefore(t: number): number {
  return Math.max(0, Math.floor(t - MARK_LEAD_S));
}

/** A mark as the bar needs it: its kind and its instant (the rest is the label's). */
export interface MarkLike {
  readonly kind: 'launch' | 'warning' | 'withdrawal';
  readonly t: number;
}

/** The marks that fall on one whole second of the scenario, drawn as one button on the bar. */
export interface MarkGroup<M extends MarkLike> {
  /** The whole second, scenario seconds. */
  readonly t: number;
  /** Where on the bar, percent of its width (0 at the start, 100 at the scenario's end). */
  readonly leftPct: number;
  /** The kinds it holds, launch first, each once. */
  readonly kinds: readonly MarkLike['kind'][];
  readonly marks: readonly M[];
}

const KIND_ORDER: readonly MarkLike['kind'][] = ['launch', 'warning', 'withdrawal'];

/**
 * The marks grouped by whole second, in time order, each placed on a bar from 0 to `durationS`;
 * marks outside it are left out (none should be: the node gives a run's own).
 */
export function groupMarks<M extends MarkLike>(marks: readonly M[], durationS: number): MarkGroup<M>[] {
  const bySecond = new Map<number, M[]>();
  for (const m of marks) {
    if (!(m.t >= 0 && m.t <= durationS)) continue;
    const s = Math.floor(m.t);
    const at = bySecond.get(s);
    if (at) at.push(m);
    else bySecond.set(s, [m]);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, ms]) => ({
      t,
      leftPct: durationS > 0 ? (t / durationS) * 100 : 0,
      kinds: KIND_ORDER.filter((k) => ms.some((m) => m.kind === k)),
      marks: ms,
    }));
}
