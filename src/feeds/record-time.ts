import { parseTagBlock, type TagBlock } from '../maritime/ais/index.js';

/** How far a record's own time may lie from its receive time before the sender's clock is refused. */
export interface RecordTimeBounds {
  /** Own times later than receive time + this are refused (a sender's clock ahead, a fast replay). */
  readonly maxAheadMs: number;
  /** Own times earlier than receive time - this are refused (an old file, a stuck clock). */
  readonly maxBehindMs: number;
}

/**
 * OURS: 5 minutes ahead covers a sender's clock error and a replay a little faster than real
 * time; an hour behind covers a receiver's backlog after an outage and late patrol reports (the
 * dark-contact gate is 30 minutes), while an old file is never taken for today's traffic.
 */
export const DEFAULT_RECORD_TIME_BOUNDS: RecordTimeBounds = {
  maxAheadMs: 5 * 60_000,
  maxBehindMs: 3_600_000,
};

/** What one feed's clock has done so far. */
export interface RecordTimeCounts {
  /** Records that carried their own time (a tag block's `c:`, a contact's `time`). */
  own: number;
  /** Times that left the bounds: the sender's clock was re-anchored to receive time there. */
  reanchored: number;
}

/**
 * One feed's record times: a record's own time (tag block `c:`, a contact's `time`) where it has
 * one, on the sender's clock corrected by an offset; receive time plus the last correction where it
 * has none (the second fragment of a message, an untagged feed). The offset starts at zero, so a
 * live feed whose clock is right keeps its own times exactly; when a time falls outside the
 * bounds around receive time (an old file replayed, a clock hours off, a replay restarted or run
 * faster than the bound allows), the sender's clock is re-anchored there (offset = receive - own,
 * counted), so its later records keep their own spacing (a replayed file's kinematics), never
 * more than the bounds from when they arrived. Pure: times in, times out.
 *
 * @example
 * const clock = new RecordClock();
 * clock.timeOf(Date.parse('2020-01-01T00:00:00Z'), now)      // now (an old time: re-anchored)
 * clock.timeOf(Date.parse('2020-01-01T00:00:10Z'), now + 1)  // now + 10_000 (its own spacing)
 */
export class RecordClock {
  readonly counts: RecordTimeCounts = { own: 0, reanchored: 0 };
  /** Added to a sender's time to make ours. */
  private offsetMs = 0;
  /** The last record's time minus its receive time. */
  private deltaMs = 0;

  constructor(readonly bounds: RecordTimeBounds = DEFAULT_RECORD_TIME_BOUNDS) {
    if (!(bounds.maxAheadMs >= 0 && bounds.maxBehindMs >= 0))
      throw new RangeError('record time bounds must not be negative');
  }

  /** The time of a record received at `receivedAtMs`, with its own time `ownMs` if it has one. */
  timeOf(ownMs: number | undefined, receivedAtMs: number): number {
    const own = ownMs !== undefined && Number.isFinite(ownMs);
    if (own) this.counts.own++;
    let tMs = own ? ownMs + this.offsetMs : receivedAtMs + this.deltaMs;
    if (tMs > receivedAtMs + this.bounds.maxAheadMs || tMs < receivedAtMs - this.bounds.maxBehindMs) {
      this.counts.reanchored++;
      if (own) this.offsetMs = receivedAtMs - ownMs;
      tMs = receivedAtMs;
    }
    this.deltaMs = tMs - receivedAtMs;
    return tMs;
  }
}

/**
 * The `c:` time of an NMEA line's tag block (`\c:1700000000,s:rx*hh\!AIVDM,...`), ms, or
 * undefined (no tag block, no `c:`, a bad tag-block checksum).
 */
export function tagTimeMs(line: string): number | undefined {
  if (line.charCodeAt(0) !== 92 /* \ */) return undefined;
  const end = line.indexOf('\\', 1);
  if (end < 0) return undefined;
  const tag: TagBlock = { ok: false, timeS: undefined, source: undefined, group: undefined };
  parseTagBlock(line, 1, end, tag);
  return tag.ok && tag.timeS !== undefined ? tag.timeS * 1000 : undefined;
}
