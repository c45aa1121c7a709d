/**
 * Scenario time for processes on the wall clock: scenario instant `startMs` is reached at wall
 * time `epochMs`, and scenario time runs `speed` times faster. Every node of a distributed
 * network given the same three numbers shares one clock, so their tracks and envelopes agree on
 * time as the embedded network's nodes do on its scheduler.
 */
export class ScenarioClock {
  readonly #startMs: number;
  readonly #epochMs: number;
  readonly #speed: number;
  readonly #wall: () => number;
  readonly #pending = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;

  constructor(o: { startMs: number; epochMs: number; speed: number; wallNowMs?: () => number }) {
    if (!(o.speed > 0)) throw new RangeError(`ScenarioClock: speed must be positive, not ${o.speed}`);
    this.#startMs = o.startMs;
    this.#epochMs = o.epochMs;
    this.#speed = o.speed;
    this.#wall = o.wallNowMs ?? Date.now;
  }

  nowMs(): number {
    return this.#startMs + (this.#wall() - this.#epochMs) * this.#speed;
  }

  /** Runs `fn` after `delayMs` of scenario time (never once the clock is stopped). */
  after(delayMs: number, fn: () => void): void {
    if (this.#stopped) return;
    const t = setTimeout(
      () => {
        this.#pending.delete(t);
        fn();
      },
      Math.max(0, delayMs / this.#speed),
    );
    t.unref?.();
    this.#pending.add(t);
  }

  /** Runs `fn` when scenario time reaches `tMs` (at once if it has passed). */
  at(tMs: number, fn: () => void): void {
    this.after(tMs - this.nowMs(), fn);
  }

  /**
   * Cancels everything scheduled and schedules nothing more: a node stopping calls it before it
   * closes its store, so no scan, script or timer of the node runs on a closed store.
   */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#pending) clearTimeout(t);
    this.#pending.clear();
  }
}
