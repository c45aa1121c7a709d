/** Where components read the time (milliseconds since the Unix epoch). Injected everywhere, never `Date.now()`. */
export interface Clock {
  nowMs(): number;
}

/**
 * A clock that only moves when told to: the simulator and tests drive it, so a run replays
 * exactly. Time never goes backwards — a node that saw time reverse could reorder or re-deliver,
 * so that is treated as a bug, not as input.
 *
 * @example
 * const c = new VirtualClock(Date.UTC(2022, 9, 3, 22, 22));
 * c.advance(1500);
 * c.nowMs() // start + 1500
 */
export class VirtualClock implements Clock {
  #nowMs: number;

  constructor(startMs: number) {
    assertFiniteMs(startMs);
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Moves forward by `ms` (>= 0) and returns the new time. */
  advance(ms: number): number {
    assertFiniteMs(ms);
    if (ms < 0) throw new RangeError(`VirtualClock.advance: negative step ${ms} ms`);
    this.#nowMs += ms;
    return this.#nowMs;
  }

  /** Jumps to `ms`, which must not be earlier than now. */
  set(ms: number): void {
    assertFiniteMs(ms);
    if (ms < this.#nowMs) throw new RangeError(`VirtualClock.set: ${ms} is before now (${this.#nowMs})`);
    this.#nowMs = ms;
  }
}

function assertFiniteMs(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`VirtualClock: time must be finite, got ${ms}`);
}
