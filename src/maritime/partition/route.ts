import { adaptGpsd, type Contact, type GpsdAisLike } from '../picture/index.js';
import { ownerOf, type PartitionScheme, spatialPartitions, vesselPartition } from './scheme.js';

/**
 * What a partition receives, in stream order. `w` is the whole stream's time (the latest record
 * time the single process would have seen) when the item is handled: a partition advances its
 * clock to it, so contacts are decided when one process would decide them.
 * - `r`: an AIS record at `t`; `v` = 1 for the vessel's own partition (per-vessel detectors),
 *   `s` = 1 for a partition whose core or band holds its position (pair detectors).
 * - `c`: a sensor contact, for the partition whose core holds it.
 * - `end`: the end of the stream at `endMs`.
 */
export type PartitionItem =
  | {
      readonly k: 'r';
      readonly t: number;
      readonly w: number;
      readonly r: GpsdAisLike;
      readonly v: 0 | 1;
      readonly s: 0 | 1;
    }
  | { readonly k: 'c'; readonly w: number; readonly c: Contact }
  | { readonly k: 'end'; readonly endMs: number };

export interface RouteStats {
  records: number;
  /** Records that carry nothing the detectors use (no MMSI, no position or static data). */
  skipped: number;
  contacts: number;
  /** Items sent, per partition. */
  readonly items: number[];
  /** Records sent to more than one partition (the overlap band, or a vessel owned elsewhere). */
  copied: number;
}

/**
 * Routes a time-ordered stream of AIS records and the sensor contacts to partitions: the pure core
 * of the dispatcher. Contacts are interleaved as `runDetect` interleaves them (each before the
 * first record not earlier than it). Records the detectors cannot use go nowhere.
 */
export class PartitionRouter {
  readonly stats: RouteStats;
  private nowMs = Number.NEGATIVE_INFINITY;
  private next = 0;
  private readonly contacts: readonly Contact[];
  private finished = false;

  constructor(
    readonly scheme: PartitionScheme,
    contacts: readonly Contact[],
    private readonly emit: (partition: number, item: PartitionItem) => void,
  ) {
    this.contacts = [...contacts].sort((a, b) => a.tMs - b.tMs);
    this.stats = {
      records: 0,
      skipped: 0,
      contacts: 0,
      items: Array.from({ length: scheme.partitions }, () => 0),
      copied: 0,
    };
  }

  /** One record received at `tMs`. */
  record(tMs: number, record: GpsdAisLike): void {
    if (this.finished) throw new Error('PartitionRouter: record after finish()');
    this.stats.records++;
    this.contactsUpTo(tMs);
    const a = adaptGpsd(tMs, record);
    if (a.kind === 'none') {
      this.stats.skipped++;
      return;
    }
    if (tMs > this.nowMs) this.nowMs = tMs;
    const w = this.nowMs;
    const owner = vesselPartition(this.scheme, a.kind === 'fix' ? a.fix.mmsi : a.static.mmsi);
    const near = a.kind === 'fix' ? spatialPartitions(this.scheme, a.fix.latDeg, a.fix.lonDeg) : [];
    if (!near.includes(owner)) this.send(owner, { k: 'r', t: tMs, w, r: record, v: 1, s: 0 });
    for (const p of near) this.send(p, { k: 'r', t: tMs, w, r: record, v: p === owner ? 1 : 0, s: 1 });
    if (near.length > 1 || (near.length === 1 && near[0] !== owner)) this.stats.copied++;
  }

  /** The end of the stream: the remaining contacts, then `end` to every partition. */
  finish(): void {
    if (this.finished) return;
    this.contactsUpTo(Number.POSITIVE_INFINITY);
    this.finished = true;
    // One process's stream time at its end: the latest record, or a later contact (finish decides them all).
    let endMs = Number.isFinite(this.nowMs) ? this.nowMs : Number.NEGATIVE_INFINITY;
    for (const c of this.contacts) if (c.tMs > endMs) endMs = c.tMs;
    if (!Number.isFinite(endMs)) endMs = 0;
    for (let p = 0; p < this.scheme.partitions; p++) this.send(p, { k: 'end', endMs });
  }

  private contactsUpTo(tMs: number): void {
    while (this.next < this.contacts.length && this.contacts[this.next]!.tMs <= tMs) {
      const c = this.contacts[this.next++]!;
      this.stats.contacts++;
      this.send(ownerOf(this.scheme, c.latDeg, c.lonDeg), { k: 'c', w: this.nowMs, c });
    }
  }

  private send(p: number, item: PartitionItem): void {
    this.stats.items[p]!++;
    this.emit(p, item);
  }
}
