import type { DetectedEvent, DetectorName, DetectParams, MaritimeReference } from '../detect/index.js';
import { DetectionEngine } from '../detect/index.js';
import type { PartitionItem } from './route.js';
import { ownerOf, type PartitionScheme } from './scheme.js';

/** Detectors that need only one vessel's own reports: they run where the MMSI is routed. */
export const VESSEL_DETECTORS: readonly DetectorName[] = [
  'identity',
  'watchlist',
  'zone',
  'port-visit',
  'loitering',
  'gap',
];
/** Detectors that relate a vessel to others near it (or a contact to vessels): fed by cell and band. */
export const PAIR_DETECTORS: readonly DetectorName[] = ['encounter', 'dark'];

/**
 * One partition's detection: the pure core of an ingest worker. Two engines: one for the vessels
 * this partition owns (their whole history), one for the fixes in its cells and overlap band (pair
 * detectors). A pair event is kept only when its position lies in this partition's own cells: the
 * band's events belong to the neighbour, which sees them whole. An identified contact's "watch-listed,
 * AIS silent" finding is decided in the vessel engine (`i` items), the association in the pair engine
 * of the contact's owner; the merge lets the first stand over the second (EventMerger).
 */
export class PartitionWorker {
  readonly vessels: DetectionEngine;
  readonly pairs: DetectionEngine;
  /** Items handled, and pair events dropped because a neighbour owns them. */
  readonly stats = { items: 0, records: 0, contacts: 0, notOurs: 0 };
  private ended = false;

  constructor(
    readonly partition: number,
    readonly scheme: PartitionScheme,
    ref: MaritimeReference,
    params: DetectParams,
  ) {
    if (!Number.isInteger(partition) || partition < 0 || partition >= scheme.partitions)
      throw new RangeError(`partition ${partition} is not one of 0..${scheme.partitions - 1}`);
    this.vessels = new DetectionEngine(ref, params, undefined, VESSEL_DETECTORS);
    // Identified contacts' silence findings come as `i` items to the vessel's own partition.
    this.pairs = new DetectionEngine(ref, params, undefined, PAIR_DETECTORS, { identifiedContacts: false });
  }

  get done(): boolean {
    return this.ended;
  }

  /** One item, in the order the router sent it; returns the events it decided. */
  push(item: PartitionItem): DetectedEvent[] {
    if (this.ended) throw new Error(`partition ${this.partition}: item after end`);
    this.stats.items++;
    const out: DetectedEvent[] = [];
    if (item.k === 'r') {
      this.stats.records++;
      if (item.v === 1) for (const e of this.vessels.pushAis(item.t, item.r)) out.push(e);
      if (item.s === 1) {
        this.keepOurs(this.pairs.advanceTo(item.w), out);
        this.keepOurs(this.pairs.pushAis(item.t, item.r), out);
      }
    } else if (item.k === 'c') {
      this.stats.contacts++;
      this.keepOurs(this.pairs.advanceTo(item.w), out);
      this.keepOurs(this.pairs.pushContact(item.c), out);
    } else if (item.k === 'i') {
      // Placed at the contact, but decided here, where the named vessel's reports all come: ours.
      for (const e of this.vessels.decideIdentified(item.c, item.m ?? undefined)) out.push(e);
    } else {
      this.ended = true;
      for (const e of this.vessels.finish(item.endMs)) out.push(e);
      this.keepOurs(this.pairs.finish(item.endMs), out);
    }
    return out;
  }

  private keepOurs(events: DetectedEvent[], out: DetectedEvent[]): void {
    for (const e of events) {
      if (ownerOf(this.scheme, e.latDeg, e.lonDeg) === this.partition) out.push(e);
      else this.stats.notOurs++;
    }
  }
}
