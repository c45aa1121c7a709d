import { adaptGpsd, type Contact, type Fix, type GpsdAisLike, VesselPicture } from '../picture/index.js';
import type { Detector, DetectorContext, MaritimeReference } from './context.js';
import { type DarkDetector, darkDetector, silentWatchedEvent } from './dark.js';
import { encounterDetector } from './encounter.js';
import type { DetectedEvent } from './event.js';
import { gapDetector } from './gap.js';
import { identityDetector } from './identity.js';
import { loiteringDetector } from './loitering.js';
import { DEFAULT_PARAMS, type DetectParams } from './params.js';
import { portVisitDetector } from './port-visit.js';
import { watchlistDetector } from './watchlist.js';
import { zoneDetector } from './zone.js';

export interface EngineStats {
  records: number;
  fixes: number;
  lateFixes: number;
  /** Fixes of new MMSIs refused because the picture held its maximum number of vessels. */
  refusedFixes: number;
  statics: number;
  skipped: number;
  contacts: number;
  contactsMatched: number;
  contactsDark: number;
  events: number;
}

/** The detectors by name, for engines that run some of them (partitioned ingest). */
export const DETECTOR_NAMES = [
  'identity',
  'watchlist',
  'zone',
  'port-visit',
  'encounter',
  'loitering',
  'gap',
  'dark',
] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

const SHORE_CELL_DEG = 0.05;
/** Shore distances are needed up to the 50 nm gap threshold; beyond 100 nm they read as 100 nm. */
const SHORE_CAP_M = 100 * 1852;

/**
 * Feeds time-ordered AIS records and sensor contacts through the vessel picture and every
 * detector, and returns the events each input decided. Events come out in the order they are
 * decided (stream time); an event's `start` is never after the time it was decided. Contacts are
 * held until the stream is `gateTimeMs` past them, so AIS fixes just after a contact can explain it.
 * Nothing a record holds can throw: unusable records are counted as skipped.
 */
export class DetectionEngine {
  readonly picture: VesselPicture;
  readonly stats: EngineStats = {
    records: 0,
    fixes: 0,
    lateFixes: 0,
    refusedFixes: 0,
    statics: 0,
    skipped: 0,
    contacts: 0,
    contactsMatched: 0,
    contactsDark: 0,
    events: 0,
  };
  /** Stream time: the latest record or contact time seen, ms. */
  nowMs = Number.NEGATIVE_INFINITY;
  private readonly detectors: Detector[];
  /** The detectors that look at fixes (all but dark), for the per-fix loop. */
  private readonly fixDetectors: Detector[];
  private readonly dark: DarkDetector;
  private readonly pending: Contact[] = [];
  private readonly out: DetectedEvent[] = [];
  private readonly ctx: DetectorContext;
  private finished = false;

  constructor(
    readonly ref: MaritimeReference,
    readonly params: DetectParams = DEFAULT_PARAMS,
    maxVessels?: number,
    /** The detectors to run (default: all); a partitioned worker runs the per-vessel ones in one engine, the pair ones in another. */
    only?: readonly DetectorName[],
    /**
     * `identifiedContacts: false`: the dark detector associates every contact and leaves the
     * "watch-listed, AIS silent" finding to `decideIdentified` in the named vessel's own engine
     * (a partition's pair engine).
     */
    o: { readonly identifiedContacts?: boolean } = {},
  ) {
    this.picture = new VesselPicture(maxVessels);
    this.dark = darkDetector({ identified: o.identifiedContacts ?? true });
    const all: Record<DetectorName, Detector> = {
      identity: identityDetector(),
      watchlist: watchlistDetector(),
      zone: zoneDetector(),
      'port-visit': portVisitDetector(),
      encounter: encounterDetector(),
      loitering: loiteringDetector(),
      gap: gapDetector(),
      dark: this.dark,
    };
    this.detectors = DETECTOR_NAMES.filter((n) => only === undefined || only.includes(n)).map((n) => all[n]);
    this.fixDetectors = this.detectors.filter((d) => d.onFix !== undefined);
    const shoreMemo = new Map<number, number>();
    this.ctx = {
      picture: this.picture,
      ref,
      params,
      emit: (e) => {
        this.out.push(e);
      },
      shoreDistanceM(latDeg, lonDeg) {
        const a = Math.floor(latDeg / SHORE_CELL_DEG);
        const o = Math.floor(lonDeg / SHORE_CELL_DEG);
        const key = a * 10_000 + o;
        let d = shoreMemo.get(key);
        if (d === undefined) {
          d = ref.shore.distanceM((a + 0.5) * SHORE_CELL_DEG, (o + 0.5) * SHORE_CELL_DEG, SHORE_CAP_M);
          shoreMemo.set(key, d);
        }
        return d;
      },
    };
  }

  /** One AIS record received at `tMs` (from its tag block). */
  pushAis(tMs: number, record: GpsdAisLike): DetectedEvent[] {
    this.assertOpen();
    this.stats.records++;
    const a = adaptGpsd(tMs, record);
    if (a.kind === 'none') {
      this.stats.skipped++;
      return this.drain();
    }
    if (tMs > this.nowMs) this.nowMs = tMs;
    this.releaseContacts(false);
    if (a.kind === 'fix') this.applyFix(a.fix);
    if (a.static) this.applyStatic(a.static);
    return this.drain();
  }

  /** A sensor contact; decided once the stream is the association time gate past it. */
  pushContact(c: Contact): DetectedEvent[] {
    this.assertOpen();
    this.stats.contacts++;
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.tMs > c.tMs) i--;
    this.pending.splice(i, 0, c);
    this.releaseContacts(false);
    return this.drain();
  }

  /**
   * Moves stream time to `tMs` (if later) and decides the contacts now due, as a record at that
   * time would. A partition worker sees a subset of the stream: it advances to the whole stream's
   * time before each item, so contacts are decided against the same fixes as in one process.
   */
  advanceTo(tMs: number): DetectedEvent[] {
    this.assertOpen();
    if (tMs > this.nowMs) this.nowMs = tMs;
    this.releaseContacts(false);
    return this.drain();
  }

  /**
   * The "watch-listed vessel, AIS silent" finding for contact `c`, which a partition's router has
   * resolved to `mmsi` (or to none) when one process would decide it: against this engine's state
   * of that vessel, which holds all its reports. Returns the event, if any (`silentWatchedEvent`).
   */
  decideIdentified(c: Contact, mmsi: number | undefined): DetectedEvent[] {
    this.assertOpen();
    const e = silentWatchedEvent(this.ctx, c, mmsi);
    if (e) this.out.push(e);
    return this.drain();
  }

  /**
   * End of input: decides held contacts and flushes open encounters, loitering, gaps, visits.
   * `endMs` (a partition worker's: the whole stream's end) replaces this engine's stream time.
   */
  finish(endMsOverride?: number): DetectedEvent[] {
    this.assertOpen();
    this.releaseContacts(true);
    if (endMsOverride !== undefined && endMsOverride > this.nowMs) this.nowMs = endMsOverride;
    const endMs = Number.isFinite(this.nowMs) ? this.nowMs : 0;
    for (const d of this.detectors) d.finish?.(this.ctx, endMs);
    this.finished = true;
    return this.drain();
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('DetectionEngine: input after finish()');
  }

  private applyFix(fix: Fix): void {
    const before = this.picture.get(fix.mmsi);
    let receptionBefore: number | null = null;
    if (before && fix.tMs - before.tMs >= this.params.gap.minGapMs)
      receptionBefore = before.reception.countEndingAt(before.tMs, this.params.gap.receptionWindowH);
    const u = this.picture.applyFix(fix);
    if (!u) {
      if (before) this.stats.lateFixes++;
      else this.stats.refusedFixes++;
      return;
    }
    this.stats.fixes++;
    if (!u.previous) {
      const early = this.picture.takePendingStatic(fix.mmsi);
      if (early) this.picture.applyStatic(early);
      if (early) for (const d of this.detectors) d.onStatic?.(this.ctx, u.vessel, []);
    }
    const ev = { vessel: u.vessel, previous: u.previous, receptionBefore };
    for (let i = 0; i < this.fixDetectors.length; i++) this.fixDetectors[i]!.onFix!(this.ctx, ev);
  }

  private applyStatic(s: Parameters<VesselPicture['applyStatic']>[0]): void {
    this.stats.statics++;
    const { vessel, changes } = this.picture.applyStatic(s);
    if (!vessel) return;
    for (const d of this.detectors) d.onStatic?.(this.ctx, vessel, changes);
  }

  private releaseContacts(all: boolean): void {
    const gate = this.params.dark.gateTimeMs;
    while (this.pending.length > 0 && (all || this.pending[0]!.tMs + gate <= this.nowMs)) {
      const c = this.pending.shift()!;
      if (c.tMs > this.nowMs) this.nowMs = c.tMs;
      this.dark.onContact(this.ctx, c);
    }
    this.stats.contactsMatched = this.dark.counts.matched;
    this.stats.contactsDark = this.dark.counts.dark + this.dark.counts.silentWatched;
  }

  private drain(): DetectedEvent[] {
    if (this.out.length === 0) return [];
    const events = this.out.splice(0, this.out.length);
    this.stats.events += events.length;
    return events;
  }
}

/** One input item: an AIS record with its reception time, or a sensor contact. */
export type EngineInput =
  | { readonly kind: 'ais'; readonly tMs: number; readonly record: GpsdAisLike }
  | { readonly kind: 'contact'; readonly contact: Contact };

/**
 * Runs the engine over `inputs` (time-ordered), yielding events as they are decided.
 * @example for (const e of detectEvents(ref, items)) process.stdout.write(toNdjson(e));
 */
export function* detectEvents(
  ref: MaritimeReference,
  inputs: Iterable<EngineInput>,
  params: DetectParams = DEFAULT_PARAMS,
): Generator<DetectedEvent, EngineStats> {
  const engine = new DetectionEngine(ref, params);
  for (const i of inputs) {
    yield* i.kind === 'ais' ? engine.pushAis(i.tMs, i.record) : engine.pushContact(i.contact);
  }
  yield* engine.finish();
  return engine.stats;
}
