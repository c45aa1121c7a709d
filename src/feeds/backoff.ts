/**
 * Reconnection delays: exponential back-off with "full jitter" (a uniform draw between zero and
 * the exponential cap), so that many nodes whose server restarted do not reconnect in lockstep.
 */
export interface BackoffOptions {
  /** The cap of the first retry's delay. */
  readonly baseMs: number;
  /** No delay exceeds this. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (0 for the first), given `random()` in [0, 1).
 *
 * @example backoffMs(3, { baseMs: 500, maxMs: 30_000 }, () => 0.5) // 2_000 (half of 500 * 2^3)
 */
export function backoffMs(attempt: number, o: BackoffOptions, random: () => number): number {
  if (!(o.baseMs > 0 && o.maxMs >= o.baseMs)) throw new RangeError('backoff: need 0 < baseMs <= maxMs');
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor(cap * Math.min(Math.max(random(), 0), 1 - Number.EPSILON));
}
