import type { Nation } from '../domain/index.js';

/**
 * What one partner may make this node read, per second and at once. Two buckets: items (each costs
 * a signature check, an inbox record, the node's handling) and bytes (read and parsed before any
 * item is seen); a message must fit both.
 */
export interface PartnerRate {
  readonly itemsPerS: number;
  readonly burstItems: number;
  readonly bytesPerS: number;
  readonly burstBytes: number;
}

/**
 * The default: ~200 times the busiest honest partner measured on the bundled scenarios (10 items/s,
 * korea-srbm-salvo under us-hub), and a burst that takes a 10-minute cut's backlog at that rate
 * (6,000 items) at once. The byte burst holds the largest wire message (4 MiB) several times over.
 */
export const DEFAULT_PARTNER_RATE: PartnerRate = {
  itemsPerS: 2_000,
  burstItems: 20_000,
  bytesPerS: 16 * 1024 * 1024,
  burstBytes: 64 * 1024 * 1024,
};

/** Per partner: what the limiter let in and refused since the node started. */
export interface PartnerRateCounts {
  readonly admittedItems: number;
  /** Messages held back briefly until the partner's tokens sufficed, then taken. */
  readonly heldMessages: number;
  /** Messages left unacknowledged (they come again), and the items in them (0 when unread). */
  readonly refusedMessages: number;
  readonly refusedItems: number;
  /** The most items admitted within one second (of the link's clock). */
  readonly peakItemsPerS: number;
}

/** Checks a PartnerRate (a bad one is a configuration error, named by `where`). */
export function checkPartnerRate(rate: PartnerRate, where = 'partnerRate'): PartnerRate {
  for (const key of ['itemsPerS', 'burstItems', 'bytesPerS', 'burstBytes'] as const) {
    const v = rate[key];
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`${where}.${key}: must be a positive number, not ${v}`);
  }
  return rate;
}

/**
 * A token bucket: `capacity` tokens, refilled at `perMs` per ms. A cost above the capacity is let
 * in when the bucket is full (and leaves it in debt), so no single message is refused for ever.
 */
class Bucket {
  #tokens: number;
  #atMs: number;
  constructor(
    readonly capacity: number,
    readonly perMs: number,
    nowMs: number,
  ) {
    this.#tokens = capacity;
    this.#atMs = nowMs;
  }

  #refill(nowMs: number): void {
    // A clock that steps back refills nothing (and does not move the reference time back).
    if (nowMs > this.#atMs) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (nowMs - this.#atMs) * this.perMs);
      this.#atMs = nowMs;
    }
  }

  has(cost: number, nowMs: number): boolean {
    this.#refill(nowMs);
    return this.#tokens >= Math.min(cost, this.capacity);
  }

  /** How long until `has(cost)` holds, ms (0 if it does now). */
  waitMs(cost: number, nowMs: number): number {
    this.#refill(nowMs);
    return Math.max(0, (Math.min(cost, this.capacity) - this.#tokens) / this.perMs);
  }

  take(cost: number): void {
    this.#tokens -= cost;
  }
}

interface PartnerState {
  readonly items: Bucket;
  readonly bytes: Bucket;
  admittedItems: number;
  heldMessages: number;
  refusedMessages: number;
  refusedItems: number;
  peakItemsPerS: number;
  /** The one-second window (floor of ms / 1000) `windowItems` counts in. */
  window: number;
  windowItems: number;
}

/**
 * One token bucket pair per partner (the wire sender, whose subjects only it may publish): a
 * partner that floods the node spends its own tokens, never another partner's. Pure: the caller
 * gives the time.
 */
export class PartnerRateLimiter {
  readonly #rate: PartnerRate;
  readonly #partners = new Map<Nation, PartnerState>();

  constructor(rate: PartnerRate) {
    this.#rate = checkPartnerRate(rate);
  }

  get rate(): PartnerRate {
    return this.#rate;
  }

  #state(partner: Nation, nowMs: number): PartnerState {
    let s = this.#partners.get(partner);
    if (s === undefined) {
      s = {
        items: new Bucket(this.#rate.burstItems, this.#rate.itemsPerS / 1_000, nowMs),
        bytes: new Bucket(this.#rate.burstBytes, this.#rate.bytesPerS / 1_000, nowMs),
        admittedItems: 0,
        heldMessages: 0,
        refusedMessages: 0,
        refusedItems: 0,
        peakItemsPerS: 0,
        window: Math.floor(nowMs / 1_000),
        windowItems: 0,
      };
      this.#partners.set(partner, s);
    }
    return s;
  }

  /** May `partner` make the node read a message of `bytes`? Takes nothing (see admit). */
  mayRead(partner: Nation, bytes: number, nowMs: number): boolean {
    return this.#state(partner, nowMs).bytes.has(bytes, nowMs);
  }

  /** How long until a message of `items` and `bytes` from `partner` would be admitted, ms. */
  waitMs(partner: Nation, items: number, bytes: number, nowMs: number): number {
    const s = this.#state(partner, nowMs);
    return Math.max(s.items.waitMs(items, nowMs), s.bytes.waitMs(bytes, nowMs));
  }

  /**
   * Admits a message of `items` items and `bytes` bytes from `partner`, taking its tokens; false
   * (taking nothing) when its tokens do not suffice: the caller then holds the message back or
   * refuses it (held or refused below).
   */
  admit(partner: Nation, items: number, bytes: number, nowMs: number): boolean {
    const s = this.#state(partner, nowMs);
    if (!(s.bytes.has(bytes, nowMs) && s.items.has(items, nowMs))) return false;
    s.bytes.take(bytes);
    s.items.take(items);
    s.admittedItems += items;
    const window = Math.floor(nowMs / 1_000);
    if (window !== s.window) {
      s.window = window;
      s.windowItems = 0;
    }
    s.windowItems += items;
    s.peakItemsPerS = Math.max(s.peakItemsPerS, s.windowItems);
    return true;
  }

  /** Counts a message held back until its tokens suffice. */
  held(partner: Nation, nowMs: number): void {
    this.#state(partner, nowMs).heldMessages++;
  }

  /** Counts a refused message (`items` 0 when it was refused unread). */
  refused(partner: Nation, items: number, nowMs: number): void {
    const s = this.#state(partner, nowMs);
    s.refusedMessages++;
    s.refusedItems += items;
  }

  counts(): Record<string, PartnerRateCounts> {
    const out: Record<string, PartnerRateCounts> = {};
    for (const [p, s] of [...this.#partners].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      out[p] = {
        admittedItems: s.admittedItems,
        heldMessages: s.heldMessages,
        refusedMessages: s.refusedMessages,
        refusedItems: s.refusedItems,
        peakItemsPerS: s.peakItemsPerS,
      };
    return out;
  }
}
