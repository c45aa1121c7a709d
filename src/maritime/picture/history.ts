import { FIXES_PER_CHUNK, type SlabPool, sharedSlabPool, WORDS_PER_FIX } from './slab.js';

/**
 * A vessel's bounded track history: at most one fix per 5 minutes over the last 48 hours, packed
 * 4 words (16 bytes) per fix in chunks of 32 fixes taken from a shared slab pool rather than one
 * object per fix:
 *
 * | word | content                                                        |
 * |------|----------------------------------------------------------------|
 * | 0    | time, whole seconds since the epoch (read as unsigned 32-bit)  |
 * | 1    | latitude, 1e-7 degree (AIS resolution is 1/600000 degree)      |
 * | 2    | longitude, 1e-7 degree                                         |
 * | 3    | speed 0.1 kn (high 16 bits), course 0.1 degree (low 16 bits); 0xFFFF = not available |
 *
 * Fixes are appended at the tail and expire from the head; a chunk whose fixes have all expired
 * goes back to the pool.
 */
export const KEEP_INTERVAL_S = 5 * 60;
export const WINDOW_S = 48 * 3600;
/** The most fixes the window can hold: kept fixes are >= 300 s apart within a window open at its old end. */
export const MAX_FIXES = WINDOW_S / KEEP_INTERVAL_S;
export { WORDS_PER_FIX };
export const BYTES_PER_FIX = WORDS_PER_FIX * Int32Array.BYTES_PER_ELEMENT;
const NA16 = 0xffff;

export class FixHistory {
  /** Chunk ids, oldest first. */
  private readonly chunks: number[] = [];
  /** Index of the oldest fix within the first chunk. */
  private head = 0;
  private n = 0;

  constructor(private readonly pool: SlabPool = sharedSlabPool) {}

  /** Fixes currently held. */
  get length(): number {
    return this.n;
  }
  /** Fix slots held in chunks (for memory accounting). */
  get capacity(): number {
    return this.chunks.length * FIXES_PER_CHUNK;
  }
  /** Bytes of fix data held (chunks x 32 fixes x 16 bytes). */
  get byteLength(): number {
    return this.capacity * BYTES_PER_FIX;
  }

  /**
   * Keeps the fix if it is at least 5 minutes after the newest kept one, then drops the fixes
   * that fall 48 hours or more behind it. Returns whether it was kept (older or too-close fixes are not).
   */
  offer(
    tMs: number,
    latDeg: number,
    lonDeg: number,
    speedKn: number | null,
    courseDeg: number | null,
  ): boolean {
    const tS = Math.floor(tMs / 1000);
    if (!(tS >= 0 && tS <= 0xffffffff)) return false;
    if (this.n > 0 && tS - this.timeS(this.n - 1) < KEEP_INTERVAL_S) return false;
    while (this.n > 0 && this.timeS(0) <= tS - WINDOW_S) {
      this.head++;
      this.n--;
      if (this.head === FIXES_PER_CHUNK || this.n === 0) {
        this.pool.release(this.chunks.shift()!);
        this.head = 0;
      }
    }
    const at = this.head + this.n;
    if (at === this.capacity) this.chunks.push(this.pool.take());
    const id = this.chunks[Math.floor(at / FIXES_PER_CHUNK)]!;
    const b = this.pool.words(id);
    const slot = this.pool.offset(id) + (at % FIXES_PER_CHUNK) * WORDS_PER_FIX;
    b[slot] = tS | 0;
    b[slot + 1] = Math.round(latDeg * 1e7);
    b[slot + 2] = Math.round(lonDeg * 1e7);
    const sp = speedKn === null ? NA16 : Math.min(NA16 - 1, Math.max(0, Math.round(speedKn * 10)));
    const co = courseDeg === null ? NA16 : Math.min(NA16 - 1, Math.max(0, Math.round(courseDeg * 10)));
    b[slot + 3] = (sp << 16) | co;
    this.n++;
    if (this.n > MAX_FIXES) throw new Error(`FixHistory invariant: ${this.n} fixes > ${MAX_FIXES}`);
    return true;
  }

  /** Returns every chunk to the pool (the vessel is forgotten). */
  clear(): void {
    for (const id of this.chunks) this.pool.release(id);
    this.chunks.length = 0;
    this.head = 0;
    this.n = 0;
  }

  private word(i: number, w: number): number {
    if (i < 0 || i >= this.n) throw new RangeError(`history index ${i} outside [0, ${this.n})`);
    const at = this.head + i;
    const id = this.chunks[Math.floor(at / FIXES_PER_CHUNK)]!;
    return this.pool.words(id)[this.pool.offset(id) + (at % FIXES_PER_CHUNK) * WORDS_PER_FIX + w]!;
  }
  /** Time of fix i (0 = oldest), whole seconds since the epoch. */
  timeS(i: number): number {
    return this.word(i, 0) >>> 0;
  }
  timeMs(i: number): number {
    return this.timeS(i) * 1000;
  }
  latDeg(i: number): number {
    return this.word(i, 1) / 1e7;
  }
  lonDeg(i: number): number {
    return this.word(i, 2) / 1e7;
  }
  speedKn(i: number): number | null {
    const v = this.word(i, 3) >>> 16;
    return v === NA16 ? null : v / 10;
  }
  courseDeg(i: number): number | null {
    const v = this.word(i, 3) & NA16;
    return v === NA16 ? null : v / 10;
  }

  /** Index of the kept fix nearest in time to `tMs`, or -1 when empty (binary search). */
  nearest(tMs: number): number {
    if (this.n === 0) return -1;
    const tS = tMs / 1000;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeS(mid) < tS) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && Math.abs(this.timeS(lo - 1) - tS) <= Math.abs(this.timeS(lo) - tS)) return lo - 1;
    return lo;
  }
}
