import type { Nation } from '../../domain/index.js';
import type { AuditPort, JsonValue } from '../../link/index.js';
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
  watchIndex,
  zoneIndex,
} from '../../maritime/index.js';
import type {
  MaritimeEventQuery,
  MaritimeEventRecord,
  MaritimeHistory,
  TriageRecord,
  VesselIdentityRecord,
  VesselPositionRecord,
} from '../../store/index.js';
import { inBox } from './memory-history.js';
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
  readonly sources: readonly string[];
}

export type TriageResult =
  | { readonly ok: true; readonly event: MaritimeEventRecord; readonly record: TriageRecord }
  | {
      readonly ok: false;
      readonly status: 400 | 404 | 409;
      readonly code: 'unknown-event' | 'missing-field' | 'illegal-transition';
      readonly reason: string;
      readonly field?: string;
    };

/** Lines longer than this are not NMEA (82 characters, a few hundred with a tag block). */
export const MAX_LINE_CHARS = 1_024;
/** Most sources remembered per vessel (a vessel heard by more lists the first ones). */
const MAX_SOURCES_PER_VESSEL = 8;
/** Most characters of a source's name kept. */
const MAX_SOURCE_CHARS = 200;
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
  readonly #triageListeners = new Set<(e: MaritimeEventRecord, r: TriageRecord) => void>();
  #stopped = true;
  #armed = false;

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
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
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

  /** Stops the flush timer and writes what is buffered. */
  stop(): void {
    this.#stopped = true;
    this.flush();
  }

  /**
   * One NMEA line as a feed or a scenario gives it (without its newline), received at
   * `receivedAtMs` on the node's clock from `source` (a feed's URL, a receiver's name). Garbage is
   * counted, never thrown; a record's time is its receive time (a tag block's `c:` is the
   * sender's clock, which a node does not trust).
   */
  ingestNmea(line: string, receivedAtMs: number, source: string): void {
    this.#o.guard.run('maritime:nmea', () => {
      this.#lines++;
      if (typeof line !== 'string') return this.#refuse('notText');
      if (line.length > MAX_LINE_CHARS) return this.#refuse('overlongLine');
      this.#atMs = Number.isFinite(receivedAtMs) ? receivedAtMs : this.#o.clock.nowMs();
      this.#source = typeof source === 'string' ? source.slice(0, MAX_SOURCE_CHARS) : String(source);
      this.#decoderOf(this.#source).line(line);
    });
  }

  /** A sensor contact (radar, patrol aircraft, satellite), as `parseContactsCsv` makes them. */
  ingestContact(c: Contact, source: string): void {
    this.#o.guard.run('maritime:contact', () => {
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
      if (!Number.isFinite(tMs)) return this.#refuse('badRecordTime');
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
        if (a.kind === 'fix' && v.tMs === tMs) this.#keep(v, tMs);
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
    };
  }

  /** The vessels of the picture now, in `bbox` ([W, S, E, N]) and heard since `sinceMs` when given. */
  vessels(q: { readonly bbox?: readonly [number, number, number, number]; readonly sinceMs?: number } = {}) {
    const out: VesselView[] = [];
    for (const v of this.engine.picture.values()) {
      if (q.sinceMs !== undefined && v.tMs < q.sinceMs) continue;
      if (q.bbox && !inBox(q.bbox, v.latDeg, v.lonDeg)) continue;
      out.push(this.#view(v));
    }
    return out;
  }

  vessel(mmsi: number): VesselView | undefined {
    const v = this.engine.picture.get(mmsi);
    return v ? this.#view(v) : undefined;
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
    const result = run((): TriageResult => {
      const e = h.event(id);
      if (!e)
        return {
          ok: false,
          status: 404,
          code: 'unknown-event',
          reason: `no maritime event '${id}'`,
          field: 'id',
        };
      const d = decideTriage(e.state, e.holder, action, body);
      if (!d.ok) {
        // A refused action is on record too: who tried what on which event, and why not.
        this.#o.audit.append({
          tMs: this.#o.clock.nowMs(),
          kind: 'maritime-triage-refused',
          actor: this.#o.nation,
          subject: id,
          detail: { action, by, state: e.state, code: d.code, reason: d.reason },
        });
        return {
          ok: false,
          status: d.code === 'missing-field' ? 400 : 409,
          code: d.code,
          reason: d.reason,
          ...(d.field ? { field: d.field } : {}),
        };
      }
      const now = this.#o.clock.nowMs();
      const who = body.operator?.trim() ? `${by}/${body.operator.trim()}` : by;
      const detail: Record<string, string> = {};
      for (const k of ['reason', 'text', 'to', 'note'] as const) {
        const v = body[k];
        if (typeof v === 'string' && v.trim() !== '') detail[k] = v.trim();
      }
      const record: TriageRecord = { eventId: id, action, by: who, atMs: now, detail };
      h.triage(record, d.state, d.holder);
      this.#o.audit.append({
        tMs: now,
        kind: 'maritime-event-triaged',
        actor: this.#o.nation,
        subject: id,
        detail: { action, by: who, ...detail, state: { from: e.state, to: d.state }, holder: d.holder },
      });
      return { ok: true, event: { ...e, state: d.state, holder: d.holder, updatedMs: now }, record };
    });
    // After the transaction: what listeners do (convene a consultation) is not undone with it.
    if (result.ok)
      for (const l of this.#triageListeners)
        this.#o.guard.run('maritime:triage-listener', () => l(result.event, result.record));
    return result;
  }
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
