/**
 * Starting a write transaction again when SQLite answers SQLITE_BUSY at its start without having
 * waited for the busy timeout: with the WAL past 4,096 frames (more than one wal-index hash page),
 * a `BEGIN IMMEDIATE` that meets the checkpoint worker's RESTART can fail at once, well inside the
 * connection's busy timeout (SQLite 3.53; seen in the link bench, docs/figures.md). Nothing has run
 * when BEGIN fails, so trying again is safe; this does so, sleeping 1, 2, 5, 10 ms... between tries,
 * until the busy timeout has passed in all.
 */

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` (SQLite's own busy handler blocks the same way). */
export function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const DELAYS_MS = [1, 2, 5, 10, 20, 50, 100];

export function isBusy(e: unknown): boolean {
  const code: unknown = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `fn` in a transaction begun by `begin` (which runs its callback inside the transaction),
 * beginning again while the transaction could not start because the database was busy, for up to
 * `timeoutMs`. A busy error once `fn` has started is not retried: it is the caller's.
 */
export function beginRetryingBusy<T>(
  begin: (fn: () => T) => T,
  fn: () => T,
  timeoutMs: number,
  clock: { nowMs(): number; sleep(ms: number): void } = { nowMs: () => performance.now(), sleep: sleepMs },
): T {
  const until = clock.nowMs() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    let started = false;
    try {
      return begin(() => {
        started = true;
        return fn();
      });
    } catch (e) {
      const left = until - clock.nowMs();
      if (started || !isBusy(e) || left <= 0) throw e;
      clock.sleep(Math.min(left, DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]!));
    }
  }
}
