import { type Nation, parseMarking } from '../../domain/index.js';
import type { AuditPort, JsonValue, ReceivedItem } from '../../link/index.js';
import { AisDecoder, type AisMessage, type AisRecord } from '../../maritime/ais/index.js';
import {
  adaptGpsd,
  CONTACT_SENSORS,
  type Contact,
  DEFAULT_PARAMS,
  type DetectedEvent,
  DetectionEngine,
  type DetectParams,
  type MaritimeReference,
  placeIndex,
  shoreIndex,
  toEventJson,
  type VesselState,
  type VesselStatePayload,
  watchIndex,
  zoneIndex,
} from '../../maritime/index.js';
import type {
  MaritimeEventQuery,
  MaritimeEventRecord,
  MaritimeHistory,
  PartnerMaritimeEventQuery,
  PartnerMaritimeEventRecord,
  TriageRecord,
  VesselIdentityRecord,
  VesselPositionRecord,
} from '../../store/index.js';
import { inBox } from './memory-history.js';
import { PartnerEventCap, PartnerPicture, receiveMaritime } from './receive.js';
import {
  DEFAULT_EVENT_MARKING,
  eventPayloadOf,
  type MaritimePublish,
  PictureShare,
  type Published,
  type ShareCounts,
  type ShareSettings,
  withdrawalPayloadOf,
} from './share.js';
import { decideTriage, type TriageAction, type TriageBody } from './triage.js';

/** Settings of a node's maritime desk; every one has a default. */
export interface MaritimeSettings {
  /** Shore, land, ports, anchorages, zones, watch list; default none (then no zone, port or watch-list events). */
  readonly reference?: MaritimeReference;
  readonly params?: DetectParams;
  /** Most vessels the picture holds; fixes of further new MMSIs are refused and counted (default 100,000). */
  readonly maxVessels?: number;
  /** A vessel's position is stored at most this often, ms (default 30 s; OURS: a sanctions case needs tracks, not every report). */
  readonly keepEveryMs?: number;
  /** Buffered positions, identities and events are written this long after the first waits, one transaction each time (node ms, default 1,000). */
  readonly flushEveryMs?: number;
  /** A buffer this full is written at once (default 5,000 rows). */
  readonly batchRows?: number;
  /** Most rows buffered while the store refuses writes; the oldest positions go beyond (default 100,000). */
  readonly maxBufferedRows?: number;
  /** Most feeds decoded apart (fragments reassembled per feed); further feeds share one decoder (default 64). */
  readonly maxSources?: number;
  /** How the own picture is shared with partners (see ShareSettings for the defaults). */
  readonly share?: ShareSettings;
  /** Most vessels one partner may hold in this node's view (default MAX_PARTNER_VESSELS, 100,000). */
  readonly maxPartnerVessels?: number;
  /** Most events one partner may hold in this node's store; its oldest go beyond (default MAX_PARTNER_EVENTS, 10,000). */
  readonly maxPartnerEvents?: number;
}

export interface MaritimeDeskOptions extends MaritimeSettings {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  /** The node's timers, guarded. */
  readonly timers: { after(delayMs: number, fn: () => void): void };
  /** The node's fault guard: what a feed's input makes fail is counted, never thrown. */
  readonly guard: { run<T>(where: string, fn: () => T): T | undefined };
  readonly history: MaritimeHistory;
  readonly audit: AuditPort;
  readonly transaction?: <T>(fn: () => T) => T;
  readonly newId: (nowMs: number) => string;
  /** Publishes a `maritime` item to the partners (the node's link); without it nothing is shared. */
  readonly publish?: MaritimePublish;
}

/** What the desk has taken in and made, since the node started. */
export interface MaritimeCounts {
  /** NMEA lines handed in. */
  readonly lines: number;
  /** AIS records decoded from them. */
  readonly records: number;
  /** Lines and contacts refused (bad checksum, not AIS, overlong, orphan fragment...), by reason. */
  readonly garbage: number;
  readonly garbageByReason: Readonly<Record<string, number>>;
  readonly contacts: number;
  /** Detector events decided. */
  readonly events: number;
  /** Vessels in the picture now. */
  readonly vessels: number;
  /** Fixes of new vessels refused because the picture held maxVessels. */
  readonly refusedFixes: number;
  readonly positionsStored: number;
  /** Positions lost because the store refused writes for longer than the buffer holds. */
  readonly positionsDropped: number;
  /** Events lost the same way. */
  readonly eventsDropped: number;
  /** Batches the store refused (kept and tried again at the next flush). */
  readonly writeFailures: number;
  /** What the own picture's sharing sent. */
  readonly sharing: ShareCounts;
  /** Vessels each partner holds in this node's view now. */
  readonly partnerVessels: Readonly<Record<string, number>>;
}

/** Another source's identity of a vessel that differs from the one shown. */
export interface OtherIdentity {
  readonly source: string;
  readonly name?: string;
  readonly imo?: number;
  readonly shipType?: number;
}

/** One vessel as the vessel routes show it. */
export interface VesselView {
  readonly mmsi: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly speedKn: number | null;
  readonly courseDeg: number | null;
  readonly headingDeg: number | null;
  readonly name?: string;
  readonly imo?: number;
  readonly shipType?: number;
  readonly lastSeenMs: number;
  /** This node's receivers that heard it, then `partner:<NATION>` for each partner that shared it. */
  readonly sources: readonly string[];
  /** Where the position comes from when a partner's is fresher than the own receivers' (`partner:<NATION>`). */
  readonly positionSource?: string;
  /** Partners' identities that differ from the one shown (the own receivers' when they heard it). */
  readonly otherIdentities?: readonly OtherIdentity[];
}

export type TriageResult =
  | {
      readonly ok: true;
      readonly event: MaritimeEventRecord;
      readonly record: TriageRecord;
      /** What escalating (the event) or dismissing a shared event (its withdrawal) published. */
      readonly published?: Published;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 404 | 409 | 422;
      readonly code:
        | 'unknown-event'
        | 'missing-field'
        | 'illegal-transition'
        | 'partner-event'
        | 'bad-marking'
        | 'not-shareable';
      readonly reason: string;
      readonly field?: string;
    };

/** Lines longer than this are not NMEA (82 characters, a few hundred with a tag block). */
export const MAX_LINE_CHARS = 1_024;
/** Most sources remembered per vessel (a vessel heard by more lists the first ones). */
const MAX_SOURCES_PER_VESSEL = 8;
/** Most characters of a source's name kept. */
const MAX_SOURCE_CHARS = 200;
/** The largest |ms| a JavaScript Date holds (ECMA-262: ±8.64e15 ms, ±100,000,000 days). */
const MAX_DATE_MS = 8.64e15;

/** Whether `ms` is an instant a Date (and so the store's ISO times) can hold. */
function isInstantMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}
const SHARED_DECODER = '*';
/** Most events buffered while the store refuses writes (the oldest go beyond). */
const MAX_BUFFERED_EVENTS = 10_000;

/** A reference with nothing in it: every detector runs, none that needs a place finds one. */
export function emptyReference(): MaritimeReference {
  return {
    shore: shoreIndex({ lines: [], points: [] }),
    land: null,
    ports: placeIndex([]),
    anchorages: placeIndex([]),
    zones: zoneIndex([]),
    watch: watchIndex([]),
  };
}

/**
 * The node's maritime desk: NMEA lines (from a feed or a scenario) and sensor contacts go through
 * the AIS decoder, the vessel picture and the detectors as they come, on the node's clock; kept
 * positions, identities and events are buffered and written in batches to the node's maritime
 * history; watch officers triage the events. Pure of sockets: feeds call `ingestNmea`. Nothing a
 * feed sends can throw out of it: bad input is counted, a failure inside is a fault of the node's
 * guard, memory is bounded (decoders, vessels, buffers).
 */
export class MaritimeDesk {
  readonly engine: DetectionEngine;
  readonly #o: MaritimeDeskOptions;
  readonly #decoders = new Map<string, AisDecoder>();
  readonly #maxSources: number;
  readonly #keepEveryMs: number;
  readonly #batchRows: number;
  readonly #maxBuffered: number;
  /** Receive time and source of the line being decoded (the decoder's callback runs inside `line`). */
  #atMs = 0;
  #source = '';
  readonly #lastKept = new Map<number, number>();
  readonly #sources = new Map<number, string[]>();
  #positions: VesselPositionRecord[] = [];
  #identities = new Map<string, VesselIdentityRecord>();
  #events: MaritimeEventRecord[] = [];
  readonly #garbage = new Map<string, number>();
  #lines = 0;
  /** Records taken in by `ingestAisRecord` (not decoded from lines). */
  #records = 0;
  #contacts = 0;
  #events_ = 0;
  #positionsStored = 0;
  #positionsDropped = 0;
  #writeFailures = 0;
  #eventsDropped = 0;
  readonly #listeners = new Set<(e: MaritimeEventRecord) => void>();
  /** Partners' vessel states, apart from the own picture. */
  readonly partners: PartnerPicture;
  readonly #eventCap: PartnerEventCap;
  readonly #share: PictureShare | null;
  readonly #triageListeners = new Set<(e: MaritimeEventRecord, r: TriageRecord) => void>();
  #stopped = true;
  #armed = false;
  /** The engine has been finished (the node stopped): the desk takes nothing more in. */
  #finished = false;

  constructor(o: MaritimeDeskOptions) {
    this.#o = o;
    this.#maxSources = o.maxSources ?? 64;
    this.#keepEveryMs = o.keepEveryMs ?? 30_000;
    this.#batchRows = o.batchRows ?? 5_000;
    this.#maxBuffered = o.maxBufferedRows ?? 100_000;
    this.engine = new DetectionEngine(
      o.reference ?? emptyReference(),
      o.params ?? DEFAULT_PARAMS,
      o.maxVessels ?? 100_000,
    );
    this.partners = new PartnerPicture(o.maxPartnerVessels);
    this.#eventCap = new PartnerEventCap(o.maxPartnerEvents);
    this.#share = o.publish
      ? new PictureShare(o.share, {
          clock: o.clock,
          timers: o.timers,
          guard: o.guard,
          vessel: (mmsi) => this.engine.picture.get(mmsi),
          publish: o.publish,
        })
      : null;
    // A marking that does not parse is a configuration error, said at start, not at the first share.
    if (this.#share)
      parseMarking(this.#share.marking, { originator: o.nation, input: 'share.pictureMarking' });
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#share?.start();
    this.#arm();
  }

  /**
   * Schedules the next write when something waits and none is scheduled: a node whose feeds are
   * quiet runs no timer for its desk.
   */
  #arm(): void {
    if (this.#stopped || this.#armed || !this.#pending()) return;
    this.#armed = true;
    this.#o.timers.after(this.#o.flushEveryMs ?? 1_000, () => {
      this.#armed = false;
      // A write the store refused is a fault and stays buffered: tried again a period later.
      this.#flushQuietly();
      this.#arm();
    });
  }

  #pending(): boolean {
    return this.#positions.length > 0 || this.#identities.size > 0 || this.#events.length > 0;
  }

  /**
   * The desk's end (the node stops): stops the flush timer, finishes the detectors (held contacts
   * decided; open encounters, loitering, gaps and port visits closed at the last record's time) and
   * writes what is buffered, those events included, before the store closes. Input after it is
   * refused (`afterStop`).
   */
  stop(): void {
    this.#stopped = true;
    if (!this.#finished) {
      this.#finished = true;
      this.#o.guard.run('maritime:finish', () => this.#decided(this.engine.finish()));
    }
    this.#share?.stop();
    this.flush();
  }

  /**
   * One NMEA line as a feed or a scenario gives it (without its newline), received at
   * `receivedAtMs` on the node's clock from `source` (a feed's URL, a receiver's name). Garbage is
   * counted, never thrown; a record's time is `receivedAtMs`: a feed passes the line's own time
   * there, bounded against its receive time (src/feeds, `RecordClock`); the desk itself never
   * reads a tag block's `c:`, the sender's clock.
   */
  ingestNmea(line: string, receivedAtMs: number, source: string): void {
    this.#o.guard.run('maritime:nmea', () => {
      this.#lines++;
      if (this.#finished) return this.#refuse('afterStop');
      if (typeof line !== 'string') return this.#refuse('notText');
      if (line.length > MAX_LINE_CHARS) return this.#refuse('overlongLine');
      this.#atMs = isInstantMs(receivedAtMs) ? receivedAtMs : this.#o.clock.nowMs();
      this.#source = typeof source === 'string' ? source.slice(0, MAX_SOURCE_CHARS) : String(source);
      this.#decoderOf(this.#source).line(line);
    });
  }

  /** A sensor contact (radar, patrol aircraft, satellite), as `parseContactsCsv` makes them. */
  ingestContact(c: Contact, source: string): void {
    this.#o.guard.run('maritime:contact', () => {
      if (this.#finished) return this.#refuse('afterStop');
      if (!isContact(c)) return this.#refuse('badContact');
      this.#contacts++;
      this.#source = String(source).slice(0, MAX_SOURCE_CHARS);
      this.#decided(this.engine.pushContact(c));
    });
  }

  #refuse(reason: string): void {
    this.#garbage.set(reason, (this.#garbage.get(reason) ?? 0) + 1);
  }

  #decoderOf(source: string): AisDecoder {
    let d = this.#decoders.get(source);
    if (d) return d;
    // Beyond maxSources, feeds share one decoder: fragments may then be joined across feeds, but a
    // feed inventing sources cannot grow the node.
    const key = this.#decoders.size < this.#maxSources ? source : SHARED_DECODER;
    d = this.#decoders.get(key);
    if (!d) {
      d = new AisDecoder((m) => this.#onMessage(m), { maxPending: 200 });
      this.#decoders.set(key, d);
    }
    return d;
  }

  #onMessage(m: AisMessage): void {
    this.#take(this.#atMs, m.record, this.#o.clock.nowMs());
  }

  /**
   * One AIS record (gpsd field names) at ITS OWN time `tMs`, not its receive time: a scenario's
   * ships, replayed by coverage, are reported when the simulated ship sent them, and the events
   * they make are dated then (a scenario feeds the lead-in before its start, and feeds each second
   * in one batch). Records must come in time order per vessel, as a feed's do. Nothing thrown:
   * a bad record is counted as garbage.
   */
  ingestAisRecord(record: AisRecord, tMs: number, source: string): void {
    this.#o.guard.run('maritime:record', () => {
      if (record === null || typeof record !== 'object' || !Number.isFinite(record.mmsi))
        return this.#refuse('badRecord');
      if (!isInstantMs(tMs)) return this.#refuse('badRecordTime');
      this.#records++;
      this.#source = String(source).slice(0, MAX_SOURCE_CHARS);
      this.#take(tMs, record, tMs);
    });
  }

  /** A decoded record at `tMs` into the picture and the detectors; its events are dated `detectedMs`. */
  #take(tMs: number, record: AisRecord, detectedMs: number): void {
    const a = adaptGpsd(tMs, record);
    const events = this.engine.pushAis(tMs, record);
    if (a.kind !== 'none') {
      const v = this.engine.picture.get(a.kind === 'fix' ? a.fix.mmsi : a.static.mmsi);
      if (v) {
        this.#heardFrom(v.mmsi, this.#source);
        if (a.kind === 'fix' && v.tMs === tMs) {
          this.#keep(v, tMs);
          this.#share?.heard(v.mmsi);
        }
        if (a.static) this.#identify(v, tMs);
      }
    }
    this.#decided(events, detectedMs);
  }

  #heardFrom(mmsi: number, source: string): void {
    const list = this.#sources.get(mmsi);
    if (!list) this.#sources.set(mmsi, [source]);
    else if (list.length < MAX_SOURCES_PER_VESSEL && !list.includes(source)) list.push(source);
  }

  #keep(v: VesselState, tMs: number): void {
    const last = this.#lastKept.get(v.mmsi);
    if (last !== undefined && tMs - last < this.#keepEveryMs) return;
    this.#lastKept.set(v.mmsi, tMs);
    this.#positions.push({
      mmsi: v.mmsi,
      tMs,
      latDeg: v.latDeg,
      lonDeg: v.lonDeg,
      speedKn: v.speedKn,
      courseDeg: v.courseDeg,
      headingDeg: v.headingDeg,
      source: this.#source,
    });
    // The identity the vessel goes by is heard as long as it reports: its last seen moves on.
    this.#identify(v, tMs);
    if (this.#positions.length >= this.#batchRows) this.#flushQuietly();
    else this.#arm();
  }

  #identify(v: VesselState, tMs: number): void {
    const i: VesselIdentityRecord = {
      mmsi: v.mmsi,
      imo: v.imo ?? null,
      name: v.name ?? null,
      callsign: v.callsign ?? null,
      shipType: v.shipType ?? null,
      firstSeenMs: tMs,
      lastSeenMs: tMs,
    };
    const key = `${i.mmsi}|${i.imo}|${i.name}|${i.callsign}|${i.shipType}`;
    const was = this.#identities.get(key);
    this.#identities.set(key, was ? { ...was, lastSeenMs: Math.max(was.lastSeenMs, tMs) } : i);
    this.#arm();
  }

  #decided(events: readonly DetectedEvent[], now = this.#o.clock.nowMs()): void {
    if (events.length === 0) return;
    for (const e of events) {
      this.#events_++;
      const record: MaritimeEventRecord = {
        id: this.#o.newId(Math.floor(now)),
        type: e.type,
        mmsi: [...e.mmsi],
        detectedMs: now,
        detector: toEventJson(e) as unknown as JsonValue,
        state: 'new',
        holder: null,
        updatedMs: now,
      };
      this.#events.push(record);
    }
    // Events are what a watch officer waits for: written at once, not at the next tick.
    this.#flushQuietly();
    this.#arm();
  }

  /**
   * Writes the buffered positions, identities and events in one transaction, and audits each new
   * event. A store that refuses keeps them buffered (bounded: the oldest positions go first).
   */
  flush(): void {
    if (this.#positions.length === 0 && this.#identities.size === 0 && this.#events.length === 0) return;
    const positions = this.#positions;
    const identities = [...this.#identities.values()];
    const events = this.#events;
    const write = () => {
      this.#o.history.writeBatch(positions, identities);
      for (const e of events)
        if (this.#o.history.insertEvent(e) === 'new')
          this.#o.audit.append({
            tMs: e.detectedMs,
            kind: 'maritime-event-detected',
            actor: this.#o.nation,
            subject: e.id,
            detail: { type: e.type, mmsi: [...e.mmsi] },
          });
    };
    try {
      if (this.#o.transaction) this.#o.transaction(write);
      else write();
    } catch (err) {
      this.#writeFailures++;
      const over = positions.length + events.length - this.#maxBuffered;
      if (over > 0) {
        const drop = Math.min(over, positions.length);
        positions.splice(0, drop);
        this.#positionsDropped += drop;
      }
      if (events.length > MAX_BUFFERED_EVENTS) {
        const drop = events.length - MAX_BUFFERED_EVENTS;
        events.splice(0, drop);
        this.#eventsDropped += drop;
      }
      throw err;
    }
    this.#positions = [];
    this.#identities = new Map();
    this.#events = [];
    this.#positionsStored += positions.length;
    for (const e of events)
      for (const l of this.#listeners) this.#o.guard.run('maritime:listener', () => l(e));
  }

  /** Calls `fn` with each new event once it is stored; returns the unsubscribe. */
  onEvent(fn: (e: MaritimeEventRecord) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Calls `fn` with each event a watch officer's action changed (its new state) and the action,
   * once stored; returns the unsubscribe. A listener's failure is a fault of the node's guard.
   */
  onTriaged(fn: (e: MaritimeEventRecord, r: TriageRecord) => void): () => void {
    this.#triageListeners.add(fn);
    return () => this.#triageListeners.delete(fn);
  }

  counts(): MaritimeCounts {
    let records = this.#records;
    const garbageByReason: Record<string, number> = Object.fromEntries(this.#garbage);
    for (const d of this.#decoders.values()) {
      records += d.stats.records;
      for (const [reason, n] of Object.entries(d.stats.rejected) as [string, number][])
        if (n > 0) garbageByReason[reason] = (garbageByReason[reason] ?? 0) + n;
    }
    const garbage = Object.values(garbageByReason).reduce((a, b) => a + b, 0);
    return {
      lines: this.#lines,
      records,
      garbage,
      garbageByReason,
      contacts: this.#contacts,
      events: this.#events_,
      vessels: this.engine.picture.size,
      refusedFixes: this.engine.picture.refusedFixes,
      positionsStored: this.#positionsStored,
      positionsDropped: this.#positionsDropped,
      eventsDropped: this.#eventsDropped,
      writeFailures: this.#writeFailures,
      sharing: this.#share?.counts() ?? {
        statesShared: 0,
        itemsShared: 0,
        statesTrimmed: 0,
        statesSkipped: 0,
        waiting: 0,
      },
      partnerVessels: this.partners.counts(),
    };
  }

  /**
   * The vessels of the picture now, with partners' (merged per MMSI: see #merged), in `bbox`
   * ([W, S, E, N]) and heard since `sinceMs` when given.
   */
  vessels(q: { readonly bbox?: readonly [number, number, number, number]; readonly sinceMs?: number } = {}) {
    const out: VesselView[] = [];
    const keep = (v: VesselView) =>
      !(q.sinceMs !== undefined && v.lastSeenMs < q.sinceMs) &&
      !(q.bbox && !inBox(q.bbox, v.latDeg, v.lonDeg));
    for (const v of this.engine.picture.values()) {
      const view = this.#merged(v.mmsi, v);
      if (view && keep(view)) out.push(view);
    }
    for (const mmsi of this.partners.mmsis()) {
      if (this.engine.picture.get(mmsi)) continue;
      const view = this.#merged(mmsi, undefined);
      if (view && keep(view)) out.push(view);
    }
    return out;
  }

  vessel(mmsi: number): VesselView | undefined {
    return this.#merged(mmsi, this.engine.picture.get(mmsi));
  }

  /**
   * One vessel from the own picture and partners' states: the freshest position (a partner's is
   * named in `positionSource`), the own receivers' identity when they heard the vessel (a partner's
   * never replaces it: partners' that differ are listed in `otherIdentities`), and every source.
   */
  #merged(mmsi: number, own: VesselState | undefined): VesselView | undefined {
    const theirs = this.partners.of(mmsi, this.#o.clock.nowMs());
    if (!own && theirs.length === 0) return undefined;
    const base: VesselView = own
      ? this.#view(own)
      : {
          ...viewOfState(theirs[0]!.state),
          sources: [],
        };
    if (theirs.length === 0) return base;
    const freshest = theirs[0]!;
    const identity = own ? base : viewOfState(freshest.state);
    const others: OtherIdentity[] = [];
    for (const t of theirs) {
      if (!own && t === freshest) continue;
      const s = t.state;
      if (s.name === identity.name && s.imo === identity.imo && s.shipType === identity.shipType) continue;
      if (s.name === undefined && s.imo === undefined && s.shipType === undefined) continue;
      others.push({
        source: `partner:${t.nation}`,
        ...(s.name !== undefined ? { name: s.name } : {}),
        ...(s.imo !== undefined ? { imo: s.imo } : {}),
        ...(s.shipType !== undefined ? { shipType: s.shipType } : {}),
      });
    }
    const partnerFresher = !own || freshest.state.tMs > own.tMs;
    const kin = partnerFresher ? viewOfState(freshest.state) : base;
    return {
      mmsi,
      latDeg: kin.latDeg,
      lonDeg: kin.lonDeg,
      speedKn: kin.speedKn,
      courseDeg: kin.courseDeg,
      headingDeg: kin.headingDeg,
      ...(identity.name !== undefined ? { name: identity.name } : {}),
      ...(identity.imo !== undefined ? { imo: identity.imo } : {}),
      ...(identity.shipType !== undefined ? { shipType: identity.shipType } : {}),
      lastSeenMs: Math.max(base.lastSeenMs, freshest.state.tMs),
      sources: [...base.sources, ...theirs.map((t) => `partner:${t.nation}`)],
      ...(partnerFresher ? { positionSource: `partner:${freshest.nation}` } : {}),
      ...(others.length > 0 ? { otherIdentities: others } : {}),
    };
  }

  #view(v: VesselState): VesselView {
    return {
      mmsi: v.mmsi,
      latDeg: v.latDeg,
      lonDeg: v.lonDeg,
      speedKn: v.speedKn,
      courseDeg: v.courseDeg,
      headingDeg: v.headingDeg,
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.imo !== undefined ? { imo: v.imo } : {}),
      ...(v.shipType !== undefined ? { shipType: v.shipType } : {}),
      lastSeenMs: v.tMs,
      sources: [...(this.#sources.get(v.mmsi) ?? [])],
    };
  }

  /** The stored history (what is buffered written first): positions of `mmsi` from..to, its identities. */
  history(mmsi: number, fromMs?: number, toMs?: number, limit = 10_000) {
    this.#flushQuietly();
    return {
      identities: this.#o.history.identities(mmsi),
      positions: this.#o.history.positions({
        mmsi,
        ...(fromMs !== undefined ? { fromMs } : {}),
        ...(toMs !== undefined ? { toMs } : {}),
        limit,
      }),
    };
  }

  /** Stored events, latest first. */
  events(q: MaritimeEventQuery): MaritimeEventRecord[] {
    this.#flushQuietly();
    return this.#o.history.events(q);
  }

  event(id: string): { event: MaritimeEventRecord; triage: TriageRecord[] } | undefined {
    this.#flushQuietly();
    const event = this.#o.history.event(id);
    return event ? { event, triage: this.#o.history.triageOf(id) } : undefined;
  }

  /** Partners' events this node received, latest first. */
  partnerEvents(q: PartnerMaritimeEventQuery): PartnerMaritimeEventRecord[] {
    return this.#o.history.partnerEvents(q);
  }

  /** A partner's event by its view id, `<ORIGINATOR>:<the originator's id>`. */
  partnerEvent(viewId: string): PartnerMaritimeEventRecord | undefined {
    const p = splitPartnerId(viewId);
    return p ? this.#o.history.partnerEvent(p.originator, p.id) : undefined;
  }

  /**
   * A partner's `maritime` item (verified by the link, under topic `maritime`): checked by the
   * payload validators, then vessel states join the partner picture, an event is stored (read-only
   * here), a withdrawal marks the originator's event withdrawn. `refuse` audits and counts.
   */
  receive(
    r: ReceivedItem,
    refuse: (r: ReceivedItem, code: string, reason: string) => void,
    maxSkewMs: number,
  ): void {
    const run = <T>(fn: () => T): T => (this.#o.transaction ? this.#o.transaction(fn) : fn());
    run(() =>
      receiveMaritime(r, {
        nation: this.#o.nation,
        clock: this.#o.clock,
        maxSkewMs,
        history: this.#o.history,
        audit: this.#o.audit,
        picture: this.partners,
        eventCap: this.#eventCap,
        refuse,
      }),
    );
  }

  /** A read must not fail because a write does: the buffer waits for the next tick. */
  #flushQuietly(): void {
    this.#o.guard.run('maritime:flush', () => this.flush());
  }

  /**
   * A watch officer's action on an event (`by`: who, e.g. `api:JPN`): decided by the triage rules,
   * then stored with the event's new state and audited (`maritime-event-triaged`) in one transaction.
   */
  triage(id: string, action: TriageAction, body: TriageBody, by: string): TriageResult {
    this.#flushQuietly();
    const h = this.#o.history;
    const run = <T>(fn: () => T): T => (this.#o.transaction ? this.#o.transaction(fn) : fn());
    // A refused action is on record too: who tried what on which event, and why not.
    const refused = (
      state: string | null,
      r: Extract<TriageResult, { ok: false }>,
    ): Extract<TriageResult, { ok: false }> => {
      this.#o.audit.append({
        tMs: this.#o.clock.nowMs(),
        kind: 'maritime-triage-refused',
        actor: this.#o.nation,
        subject: id,
        detail: { action, by, state, code: r.code, reason: r.reason },
      });
      return r;
    };
    const result = run((): TriageResult => {
      const e = h.event(id);
      if (!e) {
        const theirs = this.partnerEvent(id);
        if (theirs)
          return refused(theirs.withdrawnMs === null ? 'escalated' : 'withdrawn', {
            ok: false,
            status: 409,
            code: 'partner-event',
            reason: `event '${id}' is ${theirs.originator}'s: its triage is ${theirs.originator}'s watch officers' (this node only reads it)`,
            field: 'id',
          });
        return {
          ok: false,
          status: 404,
          code: 'unknown-event',
          reason: `no maritime event '${id}'`,
          field: 'id',
        };
      }
      const d = decideTriage(e.state, e.holder, action, body);
      if (!d.ok)
        return refused(e.state, {
          ok: false,
          status: d.code === 'missing-field' ? 400 : 409,
          code: d.code,
          reason: d.reason,
          ...(d.field ? { field: d.field } : {}),
        });
      // Escalating shares the event with the marking given (checked before anything is written).
      let marking: string | null = null;
      let eventPayload: JsonValue | null = null;
      if (action === 'escalate' && this.#o.publish) {
        marking = body.marking?.trim() || DEFAULT_EVENT_MARKING;
        try {
          parseMarking(marking, { originator: this.#o.nation, input: 'body.marking' });
        } catch (err) {
          return refused(e.state, {
            ok: false,
            status: 422,
            code: 'bad-marking',
            reason: err instanceof Error ? err.message : String(err),
            field: 'body.marking',
          });
        }
        const p = eventPayloadOf(e);
        if (!p.ok)
          return refused(e.state, {
            ok: false,
            status: 422,
            code: 'not-shareable',
            reason: `the event cannot be shared as a partner would check it: ${p.reason}`,
          });
        eventPayload = p.payload as unknown as JsonValue;
      }
      const now = this.#o.clock.nowMs();
      const who = body.operator?.trim() ? `${by}/${body.operator.trim()}` : by;
      const detail: Record<string, string> = {};
      for (const k of ['reason', 'text', 'to', 'note'] as const) {
        const v = body[k];
        if (typeof v === 'string' && v.trim() !== '') detail[k] = v.trim();
      }
      if (marking !== null) detail.marking = marking;
      const record: TriageRecord = { eventId: id, action, by: who, atMs: now, detail };
      h.triage(record, d.state, d.holder);
      this.#o.audit.append({
        tMs: now,
        kind: 'maritime-event-triaged',
        actor: this.#o.nation,
        subject: id,
        detail: { action, by: who, ...detail, state: { from: e.state, to: d.state }, holder: d.holder },
      });
      let after: MaritimeEventRecord = { ...e, state: d.state, holder: d.holder, updatedMs: now };
      let published: Published | undefined;
      // In the same transaction as the state: the outbox entries commit with it, or nothing does.
      if (eventPayload !== null && marking !== null && this.#o.publish) {
        published = this.#o.publish(eventPayload, marking);
        h.setShared(id, marking, published.itemId);
        after = { ...after, marking, sharedItemId: published.itemId };
      } else if (action === 'dismiss' && e.sharedItemId && e.marking && this.#o.publish) {
        // Shared, then dismissed: partners are told to take it back, at the marking it went with
        // (so it reaches exactly those the event could reach, in the same stream, after it).
        published = this.#o.publish(withdrawalPayloadOf(id, now) as unknown as JsonValue, e.marking);
      }
      return { ok: true, event: after, record, ...(published ? { published } : {}) };
    });
    // After the transaction: what listeners do (convene a consultation) is not undone with it.
    if (result.ok)
      for (const l of this.#triageListeners)
        this.#o.guard.run('maritime:triage-listener', () => l(result.event, result.record));
    return result;
  }
}

/** A partner event's view id, `<ORIGINATOR>:<id>`, split; null for an own event's id (a UUID). */
export function splitPartnerId(viewId: string): { originator: Nation; id: string } | null {
  const m = /^([A-Z]{3}):(.+)$/s.exec(viewId);
  return m ? { originator: m[1] as Nation, id: m[2]! } : null;
}

/** A partner's vessel state as a view (no sources: the caller names them). */
function viewOfState(s: VesselStatePayload): VesselView {
  return {
    mmsi: s.mmsi,
    latDeg: s.latDeg,
    lonDeg: s.lonDeg,
    speedKn: s.speedKn,
    courseDeg: s.courseDeg,
    headingDeg: s.headingDeg,
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.imo !== undefined ? { imo: s.imo } : {}),
    ...(s.shipType !== undefined ? { shipType: s.shipType } : {}),
    lastSeenMs: s.tMs,
    sources: [],
  };
}

function isContact(c: unknown): c is Contact {
  if (c === null || typeof c !== 'object') return false;
  const x = c as Record<string, unknown>;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  return (
    typeof x.id === 'string' &&
    (CONTACT_SENSORS as readonly unknown[]).includes(x.sensor) &&
    finite(x.tMs) &&
    finite(x.latDeg) &&
    finite(x.lonDeg) &&
    (x.latDeg as number) >= -90 &&
    (x.latDeg as number) <= 90 &&
    (x.lonDeg as number) >= -180 &&
    (x.lonDeg as number) <= 180 &&
    finite(x.errorM) &&
    (x.errorM as number) >= 0
  );
}
