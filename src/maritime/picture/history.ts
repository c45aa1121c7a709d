import { FIXES_PER_CHUNK, type SlabPool, sharedSlabPool, WORDS_PER_FIX } from './slab.js';

/**
 * Vessels' bounded track histories: at most one fix per 5 minutes over the last 48 hours, packed
 * 3 words (12 bytes, 95 bits used) per fix in chunks of 16 fixes taken from a shared slab pool
 * rather than one object per fix:
 *
 * | word | bits 0..     | then                                |
 * |------|--------------|-------------------------------------|
 * | 0    | time mod 2^18 s (18) | speed 0.1 kn (10), course bits 0-3 |
 * | 1    | latitude + 90, 1/600000 degree (27) | course bits 4-8 |
 * | 2    | longitude + 180, 1/600000 degree (28) | course bits 9-11 |
 *
 * Positions keep AIS's own resolution (1/10000 minute), so an AIS position comes back as it was
 * sent. Course is 0.1 degree (4095 = not available), speed 0.1 kn up to 102.2 (1023 = not
 * available). A fix's time is its low 18 bits of seconds, read against the vessel's newest kept
 * fix: every kept fix is less than 48 h (172,800 s) before that one, and 2^18 s is 72.8 h, so the
 * difference is unambiguous.
 *
 * Fixes are appended at the tail and expire from the head; a chunk whose fixes have all expired
 * goes back to the pool. The per-vessel bookkeeping (head, count, newest time, chunk ids) lives
 * in typed columns indexed by the vessel's slot, not in an object per vessel.
 */
export const KEEP_INTERVAL_S = 5 * 60;
export const WINDOW_S = 48 * 3600;
/** The most fixes the window can hold: kept fixes are >= 300 s apart within a window open at its old end. */
export const MAX_FIXES = WINDOW_S / KEEP_INTERVAL_S;
export { WORDS_PER_FIX };
export const BYTES_PER_FIX = WORDS_PER_FIX * Uint32Array.BYTES_PER_ELEMENT;
/** The head fix is < FIXES_PER_CHUNK into its chunk, so the window spans at most this many chunks. */
const MAX_CHUNKS = Math.ceil((MAX_FIXES + FIXES_PER_CHUNK - 1) / FIXES_PER_CHUNK);

const TIME_BITS = 18;
const TIME_MASK = (1 << TIME_BITS) - 1;
const SPEED_NA = 0x3ff;
const COURSE_NA = 0xfff;
const POS_PER_DEG = 600_000;
const LAT_MASK = (1 << 27) - 1;
const LON_MASK = (1 << 28) - 1;
// The time field must tell apart every fix in the window.
if (WINDOW_S >= 1 << TIME_BITS) throw new Error('history: the window does not fit the time field');

/** The histories of many vessels, by slot; columns grow by doubling. */
export class HistoryStore {
  /** Index of the oldest fix within the first chunk. */
  private head = new Uint8Array(0);
  private count = new Uint16Array(0);
  private chunkCount = new Uint8Array(0);
  /** Time of the newest kept fix, whole seconds since the epoch. */
  private newestS = new Uint32Array(0);
  /** MAX_CHUNKS chunk ids per slot, oldest first. */
  private chunkIds = new Uint32Array(0);

  constructor(readonly pool: SlabPool = sharedSlabPool) {}

  private ensure(slot: number): void {
    if (slot < this.count.length) return;
    let cap = Math.max(64, this.count.length);
    while (cap <= slot) cap *= 2;
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.head = grow(this.head, cap);
    this.count = grow(this.count, cap);
    this.chunkCount = grow(this.chunkCount, cap);
    this.newestS = grow(this.newestS, cap);
    this.chunkIds = grow(this.chunkIds, cap * MAX_CHUNKS);
  }

  length(slot: number): number {
    return slot < this.count.length ? this.count[slot]! : 0;
  }
  chunks(slot: number): number {
    return slot < this.chunkCount.length ? this.chunkCount[slot]! : 0;
  }

  /** See `FixHistory.offer`. */
  offer(
    slot: number,
    tMs: number,
    latDeg: number,
    lonDeg: number,
    speedKn: number | null,
    courseDeg: number | null,
  ): boolean {
    const tS = Math.floor(tMs / 1000);
    if (!(tS >= 0 && tS <= 0xffffffff)) return false;
    if (!(latDeg >= -90 && latDeg <= 90 && lonDeg >= -180 && lonDeg <= 180)) return false;
    this.ensure(slot);
    let n = this.count[slot]!;
    if (n > 0 && tS - this.newestS[slot]! < KEEP_INTERVAL_S) return false;
    const ids = slot * MAX_CHUNKS;
    let head = this.head[slot]!;
    while (n > 0 && this.timeS(slot, 0) <= tS - WINDOW_S) {
      head++;
      n--;
      this.count[slot] = n;
      this.head[slot] = head;
      if (head === FIXES_PER_CHUNK || n === 0) {
        this.pool.release(this.chunkIds[ids]!);
        const c = --this.chunkCount[slot]!;
        this.chunkIds.copyWithin(ids, ids + 1, ids + 1 + c);
        head = 0;
        this.head[slot] = 0;
      }
    }
    const at = head + n;
    const c = this.chunkCount[slot]!;
    if (at === c * FIXES_PER_CHUNK) {
      if (c === MAX_CHUNKS)
        throw new Error(`HistoryStore invariant: slot ${slot} needs a chunk beyond ${MAX_CHUNKS}`);
      this.chunkIds[ids + c] = this.pool.take();
      this.chunkCount[slot] = c + 1;
    }
    const id = this.chunkIds[ids + Math.floor(at / FIXES_PER_CHUNK)]!;
    const b = this.pool.words(id);
    const w = this.pool.offset(id) + (at % FIXES_PER_CHUNK) * WORDS_PER_FIX;
    const sp = speedKn === null ? SPEED_NA : Math.min(SPEED_NA - 1, Math.max(0, Math.round(speedKn * 10)));
    const co =
      courseDeg === null ? COURSE_NA : Math.min(COURSE_NA - 1, Math.max(0, Math.round(courseDeg * 10)));
    b[w] = ((tS & TIME_MASK) | (sp << TIME_BITS) | ((co & 0xf) << 28)) >>> 0;
    b[w + 1] = (Math.round((latDeg + 90) * POS_PER_DEG) | (((co >>> 4) & 0x1f) << 27)) >>> 0;
    b[w + 2] = (Math.round((lonDeg + 180) * POS_PER_DEG) | ((co >>> 9) << 28)) >>> 0;
    this.newestS[slot] = tS;
    this.count[slot] = n + 1;
    if (n + 1 > MAX_FIXES) throw new Error(`HistoryStore invariant: ${n + 1} fixes > ${MAX_FIXES}`);
    return true;
  }

  /** Returns every chunk of `slot` to the pool (the vessel is forgotten). */
  clear(slot: number): void {
    if (slot >= this.count.length) return;
    const ids = slot * MAX_CHUNKS;
    for (let k = 0; k < this.chunkCount[slot]!; k++) this.pool.release(this.chunkIds[ids + k]!);
    this.chunkCount[slot] = 0;
    this.head[slot] = 0;
    this.count[slot] = 0;
  }

  private word(slot: number, i: number, w: number): number {
    const n = this.length(slot);
    if (!(i >= 0 && i < n)) throw new RangeError(`history index ${i} outside [0, ${n})`);
    const at = this.head[slot]! + i;
    const id = this.chunkIds[slot * MAX_CHUNKS + Math.floor(at / FIXES_PER_CHUNK)]!;
    return this.pool.words(id)[this.pool.offset(id) + (at % FIXES_PER_CHUNK) * WORDS_PER_FIX + w]!;
  }
  timeS(slot: number, i: number): number {
    const newest = this.newestS[slot]!;
    return newest - (((newest & TIME_MASK) - (this.word(slot, i, 0) & TIME_MASK)) & TIME_MASK);
  }
  latDeg(slot: number, i: number): number {
    return (this.word(slot, i, 1) & LAT_MASK) / POS_PER_DEG - 90;
  }
  lonDeg(slot: number, i: number): number {
    return (this.word(slot, i, 2) & LON_MASK) / POS_PER_DEG - 180;
  }
  speedKn(slot: number, i: number): number | null {
    const v = (this.word(slot, i, 0) >>> TIME_BITS) & SPEED_NA;
    return v === SPEED_NA ? null : v / 10;
  }
  courseDeg(slot: number, i: number): number | null {
    const v =
      (this.word(slot, i, 0) >>> 28) |
      ((this.word(slot, i, 1) >>> 27) << 4) |
      ((this.word(slot, i, 2) >>> 28) << 9);
    return v === COURSE_NA ? null : v / 10;
  }

  /** Bytes of the per-slot columns (the fixes themselves are in the pool's slabs). */
  get byteLength(): number {
    return (
      this.head.byteLength +
      this.count.byteLength +
      this.chunkCount.byteLength +
      this.newestS.byteLength +
      this.chunkIds.byteLength
    );
  }
}

/**
 * One vessel's history: a view of its slot in a `HistoryStore`. `new FixHistory()` makes a
 * history of its own (one slot in a store of its own).
 */
export class FixHistory {
  private readonly store: HistoryStore;
  private readonly slot: number;

  constructor(pool: SlabPool | HistoryStore = sharedSlabPool, slot = 0) {
    this.store = pool instanceof HistoryStore ? pool : new HistoryStore(pool);
    this.slot = slot;
  }

  /** Fixes currently held. */
  get length(): number {
    return this.store.length(this.slot);
  }
  /** Fix slots held in chunks (for memory accounting). */
  get capacity(): number {
    return this.store.chunks(this.slot) * FIXES_PER_CHUNK;
  }
  /** Bytes of fix data held (chunks x 16 fixes x 12 bytes). */
  get byteLength(): number {
    return this.capacity * BYTES_PER_FIX;
  }

  /**
   * Keeps the fix if it is at least 5 minutes after the newest kept one, then drops the fixes
   * that fall 48 hours or more behind it. Returns whether it was kept (older or too-close fixes,
   * and positions outside [-90, 90] x [-180, 180], are not).
   */
  offer(
    tMs: number,
    latDeg: number,
    lonDeg: number,
    speedKn: number | null,
    courseDeg: number | null,
  ): boolean {
    return this.store.offer(this.slot, tMs, latDeg, lonDeg, speedKn, courseDeg);
  }

  /** Returns every chunk to the pool (the vessel is forgotten). */
  clear(): void {
    this.store.clear(this.slot);
  }

  /** Time of fix i (0 = oldest), whole seconds since the epoch. */
  timeS(i: number): number {
    return this.store.timeS(this.slot, i);
  }
  timeMs(i: number): number {
    return this.timeS(i) * 1000;
  }
  latDeg(i: number): number {
    return this.store.latDeg(this.slot, i);
  }
  lonDeg(i: number): number {
    return this.store.lonDeg(this.slot, i);
  }
  speedKn(i: number): number | null {
    return this.store.speedKn(this.slot, i);
  }
  courseDeg(i: number): number | null {
    return this.store.courseDeg(this.slot, i);
  }

  /** Index of the kept fix nearest in time to `tMs`, or -1 when empty (binary search). */
  nearest(tMs: number): number {
    const n = this.length;
    if (n === 0) return -1;
    const tS = tMs / 1000;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeS(mid) < tS) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && Math.abs(this.timeS(lo - 1) - tS) <= Math.abs(this.timeS(lo) - tS)) return lo - 1;
    return lo;
  }
}
