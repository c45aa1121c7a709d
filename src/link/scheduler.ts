/**
 * A discrete-event scheduler on virtual time: callbacks run in (time, insertion) order, and the
 * clock jumps from one event to the next. Everything the deterministic simulation does — network
 * delays, retries, node ticks, crashes — is an event here, so a run replays exactly from its seed.
 */
export class Scheduler {
  #nowMs: number;
  #seq = 0;
  // A binary heap of events ordered by (atMs, seq).
  readonly #heap: { atMs: number; seq: number; fn: () => void }[] = [];

  constructor(startMs: number) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Runs `fn` after `delayMs` (>= 0) of virtual time. */
  after(delayMs: number, fn: () => void): void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs))
      throw new RangeError(`Scheduler.after: bad delay ${delayMs}`);
    this.#push({ atMs: this.#nowMs + delayMs, seq: this.#seq++, fn });
  }

  get pending(): number {
    return this.#heap.length;
  }

  /** Runs events until none is left at or before `untilMs`; the clock ends at `untilMs`. */
  runUntil(untilMs: number): void {
    for (;;) {
      const next = this.#heap[0];
      if (next === undefined || next.atMs > untilMs) break;
      this.#pop();
      this.#nowMs = next.atMs;
      next.fn();
    }
    if (untilMs > this.#nowMs) this.#nowMs = untilMs;
  }

  /** Runs the next event, if any; returns false when there is none. */
  step(): boolean {
    const next = this.#heap[0];
    if (next === undefined) return false;
    this.#pop();
    this.#nowMs = next.atMs;
    next.fn();
    return true;
  }

  #less(i: number, j: number): boolean {
    const a = this.#heap[i]!;
    const b = this.#heap[j]!;
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const h = this.#heap;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
  }

  #push(e: { atMs: number; seq: number; fn: () => void }): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(l, m)) m = l;
      if (r < h.length && this.#less(r, m)) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }
}
