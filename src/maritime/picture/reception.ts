/**
 * How many positions each vessel sent per hour over the last 48 hours: 48 hourly buckets per
 * vessel in one shared Uint16Array (a small typed array per vessel cost ~0.5 KB of RSS each in
 * allocator overhead), so the gap detector can ask whether reception was good before a vessel
 * went silent.
 */
const HOUR_MS = 3_600_000;
export const RECEPTION_HOURS = 48;
const NO_HOUR = -0x80000000;

/** The buckets of many vessels, by slot; grows by doubling. */
export class ReceptionStore {
  private buckets = new Uint16Array(1024 * RECEPTION_HOURS);
  private lastHour = new Int32Array(1024).fill(NO_HOUR);
  private slots = 0;

  /** A new vessel's counts, in the next free slot. */
  open(): ReceptionCounts {
    const slot = this.slots;
    this.ensure(slot);
    return new ReceptionCounts(this, slot);
  }

  /** Makes room for `slot` (slots are dense: callers number their vessels from 0). */
  ensure(slot: number): void {
    if (slot >= this.slots) this.slots = slot + 1;
    if (slot < this.lastHour.length) return;
    let cap = this.lastHour.length;
    while (cap <= slot) cap *= 2;
    const b = new Uint16Array(cap * RECEPTION_HOURS);
    b.set(this.buckets);
    this.buckets = b;
    const l = new Int32Array(cap).fill(NO_HOUR);
    l.set(this.lastHour);
    this.lastHour = l;
  }

  add(slot: number, tMs: number): void {
    this.ensure(slot);
    const hour = Math.floor(tMs / HOUR_MS);
    const last = this.lastHour[slot]!;
    const base = slot * RECEPTION_HOURS;
    if (last === NO_HOUR || hour > last) {
      const clear = last === NO_HOUR ? RECEPTION_HOURS : Math.min(RECEPTION_HOURS, hour - last);
      for (let k = 0; k < clear; k++) this.buckets[base + ((hour - k) % RECEPTION_HOURS)] = 0;
      this.lastHour[slot] = hour;
    } else if (hour <= last - RECEPTION_HOURS) {
      return;
    }
    const i = base + (hour % RECEPTION_HOURS);
    if (this.buckets[i]! < 0xffff) this.buckets[i]! += 1;
  }

  countEndingAt(slot: number, tMs: number, hours: number): number {
    if (slot >= this.lastHour.length) return 0;
    const last = this.lastHour[slot]!;
    if (last === NO_HOUR) return 0;
    const hour = Math.floor(tMs / HOUR_MS);
    const base = slot * RECEPTION_HOURS;
    let sum = 0;
    for (let k = 0; k < Math.min(hours, RECEPTION_HOURS); k++) {
      const h = hour - k;
      if (h > last || h <= last - RECEPTION_HOURS) continue;
      sum += this.buckets[base + (h % RECEPTION_HOURS)]!;
    }
    return sum;
  }

  get byteLength(): number {
    return this.buckets.byteLength + this.lastHour.byteLength;
  }
}

/** One vessel's view of the store. */
export class ReceptionCounts {
  constructor(
    private readonly store: ReceptionStore = new ReceptionStore(),
    private readonly slot = 0,
  ) {}

  /** Counts a position received at `tMs`; positions more than 48 h older than the newest are ignored. */
  add(tMs: number): void {
    this.store.add(this.slot, tMs);
  }

  /** Positions received in the `hours` hourly buckets ending with the one holding `tMs` (the newest). */
  countEndingAt(tMs: number, hours = RECEPTION_HOURS): number {
    return this.store.countEndingAt(this.slot, tMs, hours);
  }
}
