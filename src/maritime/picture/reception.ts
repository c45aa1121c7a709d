/**
 * How many positions a vessel sent per hour over the last 48 hours (48 hourly buckets in a
 * ring): the gap detector asks whether reception was good before a vessel went silent.
 */
const HOUR_MS = 3_600_000;
export const RECEPTION_HOURS = 48;

export class ReceptionCounts {
  private readonly buckets = new Uint16Array(RECEPTION_HOURS);
  private lastHour = Number.NEGATIVE_INFINITY;

  /** Counts a position received at `tMs`; positions more than 48 h older than the newest are ignored. */
  add(tMs: number): void {
    const hour = Math.floor(tMs / HOUR_MS);
    if (hour > this.lastHour) {
      const clear = Math.min(RECEPTION_HOURS, hour - this.lastHour);
      for (let k = 0; k < clear; k++) this.buckets[(hour - k) % RECEPTION_HOURS] = 0;
      this.lastHour = hour;
    } else if (hour <= this.lastHour - RECEPTION_HOURS) {
      return;
    }
    const i = hour % RECEPTION_HOURS;
    if (this.buckets[i]! < 0xffff) this.buckets[i]! += 1;
  }

  /** Positions received in the `hours` hourly buckets ending with the one holding `tMs` (the newest). */
  countEndingAt(tMs: number, hours = RECEPTION_HOURS): number {
    const hour = Math.floor(tMs / HOUR_MS);
    let sum = 0;
    for (let k = 0; k < Math.min(hours, RECEPTION_HOURS); k++) {
      const h = hour - k;
      if (h > this.lastHour || h <= this.lastHour - RECEPTION_HOURS) continue;
      sum += this.buckets[h % RECEPTION_HOURS]!;
    }
    return sum;
  }
}
