import { DEFAULT_PARAMS } from '../detect/index.js';
import { adaptGpsd, type Contact, type GpsdAisLike } from '../picture/index.js';
import { IdentityDirectory } from './directory.js';
import { ownerOf, type PartitionScheme, spatialPartitions, vesselPartition } from './scheme.js';

/**
 * What a partition receives, in stream order. `w` is the whole stream's time (the latest record
 * time the single process would have seen) when the item is handled: a partition advances its
 * clock to it, so contacts are decided when one process would decide them.
 * - `r`: an AIS record at `t`; `v` = 1 for the vessel's own partition (per-vessel detectors),
 *   `s` = 1 for a partition whose core or band holds its position (pair detectors).
 * - `c`: a sensor contact, for the partition whose core holds it (association only).
 * - `i`: a contact that carries an identity, when one process would decide it, with the MMSI it
 *   names then (`m`; null when none is known), for that vessel's partition (else the contact's
 *   owner): the "watch-listed vessel, AIS silent" finding, against the vessel's whole state.
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
  | { readonly k: 'i'; readonly c: Contact; readonly m: number | null }
  | { readonly k: 'end'; readonly endMs: number };

export interface RouteStats {
  records: number;
  /** Records that carry nothing the detectors use (no MMSI, no position or static data). */
  skipped: number;
  contacts: number;
  /** Of `contacts`, those with an identity (each also sent to its vessel's partition). */
  identified: number;
  /** Items sent, per partition. */
  readonly items: number[];
  /** Records sent to more than one partition (the overlap band, or a vessel owned elsewhere). */
  copied: number;
}

/**
 * Routes a time-ordered stream of AIS records and the sensor contacts to partitions: the pure core
 * of the dispatcher. Contacts are interleaved as `runDetect` interleaves them (each before the
 * first record not earlier than it). Records the detectors cannot use go nowhere. A contact with an
 * identity is held here too until the stream is `gateTimeMs` past it (as the engine holds it),
 * then resolved to an MMSI by the `IdentityDirectory` (what the dark detector would resolve it to
 * then) and sent to that vessel's partition.
 */
export class PartitionRouter {
  readonly stats: RouteStats;
  private nowMs = Number.NEGATIVE_INFINITY;
  private next = 0;
  private readonly contacts: readonly Contact[];
  private finished = false;
  private readonly directory = new IdentityDirectory();
  /** Identified contacts waiting for the stream to pass them by the gate, in time order. */
  private readonly held: Contact[] = [];

  constructor(
    readonly scheme: PartitionScheme,
    contacts: readonly Contact[],
    private readonly emit: (partition: number, item: PartitionItem) => void,
    /** The dark detector's association time gate (its `params.dark.gateTimeMs`). */
    private readonly gateTimeMs = DEFAULT_PARAMS.dark.gateTimeMs,
  ) {
    this.contacts = [...contacts].sort((a, b) => a.tMs - b.tMs);
    this.stats = {
      records: 0,
      skipped: 0,
      contacts: 0,
      identified: 0,
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
    // As the engine: contacts now due are decided before this record is applied.
    this.releaseHeld(false);
    if (a.kind === 'fix') this.directory.fix(a.fix.mmsi);
    if (a.static) this.directory.static(a.static);
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
    this.releaseHeld(true);
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
      const id = c.identity;
      if (id && (id.mmsi !== undefined || id.imo !== undefined || id.name !== undefined)) {
        this.stats.identified++;
        this.held.push(c);
        this.releaseHeld(false);
      }
    }
  }

  /** Sends the identified contacts due (all at the end), each to its named vessel's partition. */
  private releaseHeld(all: boolean): void {
    while (this.held.length > 0 && (all || this.held[0]!.tMs + this.gateTimeMs <= this.nowMs)) {
      const c = this.held.shift()!;
      const m = this.directory.resolve(c.identity!);
      const p = m === undefined ? ownerOf(this.scheme, c.latDeg, c.lonDeg) : vesselPartition(this.scheme, m);
      this.send(p, { k: 'i', c, m: m ?? null });
    }
  }

  private send(p: number, item: PartitionItem): void {
    this.stats.items[p]!++;
    this.emit(p, item);
  }
}
