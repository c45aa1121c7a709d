import type { Decision } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import {
  MAX_VESSEL_STATES_PER_BATCH,
  type MaritimeEventPayload,
  type MaritimeEventWithdrawalPayload,
  maritimeEventSchema,
  type VesselState,
  type VesselStatePayload,
  vesselStateSchema,
} from '../../maritime/index.js';
import type { MaritimeEventRecord } from '../../store/index.js';

// What a node shares of its maritime desk: its own receivers' picture (never a partner's: that is
// the partner's to release), and the events its watch officers escalated, with the marking they
// gave. The link decides, per partner and at delivery, what the agreements allow.

/** How a node shares its vessel picture; every one has a default. */
export interface ShareSettings {
  /** Share the picture at all (default true); escalated events are shared regardless. */
  readonly picture?: boolean;
  /** Marking of the shared picture, in this nation's words (default `UNCLASSIFIED`: raw AIS is open data). */
  readonly pictureMarking?: string;
  /** One state per vessel at most this often, ms (default 60 s). */
  readonly vesselEveryMs?: number;
  /** Waiting states are gathered and sent this often, ms (default 10 s). */
  readonly flushEveryMs?: number;
  /** Most states per item (default and at most MAX_VESSEL_STATES_PER_BATCH, 500). */
  readonly batchStates?: number;
  /** Most states sent per flush (default 40,000: 4,000 a second, a 200,000-vessel picture every 50 s). */
  readonly maxStatesPerFlush?: number;
}

export const DEFAULT_SHARE = {
  picture: true,
  pictureMarking: 'UNCLASSIFIED',
  vesselEveryMs: 60_000,
  flushEveryMs: 10_000,
  batchStates: MAX_VESSEL_STATES_PER_BATCH,
  maxStatesPerFlush: 40_000,
} as const satisfies Required<ShareSettings>;

/** The marking every escalated event gets when the watch officer names none. */
export const DEFAULT_EVENT_MARKING = 'UNCLASSIFIED';

/** What publishing one maritime item did: its id, and the link's decision per partner. */
export interface Published {
  readonly itemId: string;
  readonly decisions: readonly { readonly recipient: string; readonly decision: Decision }[];
}

/** Publishes a `maritime` item of this nation with `marking` to its partners (the node's link). */
export type MaritimePublish = (payload: JsonValue, marking: string) => Published;

/** What picture sharing needs from the desk and the node. */
export interface PictureShareDeps {
  readonly clock: { nowMs(): number };
  readonly timers: { after(delayMs: number, fn: () => void): void };
  readonly guard: { run<T>(where: string, fn: () => T): T | undefined };
  /** The own picture's vessel now. */
  readonly vessel: (mmsi: number) => VesselState | undefined;
  readonly publish: MaritimePublish;
}

/** What the picture sharing has sent since the node started. */
export interface ShareCounts {
  readonly statesShared: number;
  readonly itemsShared: number;
  /** Own states that would not pass a partner's check (e.g. an invalid IMO a spoofer broadcast) and went without their static fields, or not at all. */
  readonly statesTrimmed: number;
  readonly statesSkipped: number;
  /** Vessels waiting for their next share. */
  readonly waiting: number;
}

/**
 * The own picture, shared as batches of vessel states: a vessel is marked when one of this node's
 * receivers hears it, and sent at the next flush if its last share is at least `vesselEveryMs`
 * old, so a vessel is shared at most once a minute however often it reports and a quiet one not
 * at all; a flush sends at most `maxStatesPerFlush` (the longest-waiting first). No timer runs
 * while nothing waits.
 */
export class PictureShare {
  readonly #s: Required<ShareSettings>;
  readonly #o: PictureShareDeps;
  /** Vessels heard since their last share, in the order first heard (Set keeps insertion order). */
  readonly #waiting = new Set<number>();
  readonly #lastSharedMs = new Map<number, number>();
  #armed = false;
  #stopped = true;
  #statesShared = 0;
  #itemsShared = 0;
  #trimmed = 0;
  #skipped = 0;

  constructor(settings: ShareSettings | undefined, o: PictureShareDeps) {
    this.#s = { ...DEFAULT_SHARE, ...settings };
    if (!(this.#s.batchStates >= 1 && this.#s.batchStates <= MAX_VESSEL_STATES_PER_BATCH))
      throw new RangeError(
        `share.batchStates: must be 1..${MAX_VESSEL_STATES_PER_BATCH}, not ${this.#s.batchStates}`,
      );
    for (const k of ['vesselEveryMs', 'flushEveryMs', 'maxStatesPerFlush'] as const)
      if (!(Number.isFinite(this.#s[k]) && this.#s[k] > 0))
        throw new RangeError(`share.${k}: must be a positive number, not ${this.#s[k]}`);
    this.#o = o;
  }

  get marking(): string {
    return this.#s.pictureMarking;
  }

  start(): void {
    this.#stopped = false;
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
  }

  /** One of this node's receivers heard `mmsi` (a fix now in the picture). */
  heard(mmsi: number): void {
    if (!this.#s.picture) return;
    this.#waiting.add(mmsi);
    this.#arm();
  }

  #arm(): void {
    if (this.#stopped || this.#armed || this.#waiting.size === 0) return;
    this.#armed = true;
    this.#o.timers.after(this.#s.flushEveryMs, () => {
      this.#armed = false;
      this.#o.guard.run('maritime:share', () => this.flush());
      this.#arm();
    });
  }

  /** Sends the states due now; returns how many went. */
  flush(): number {
    const now = this.#o.clock.nowMs();
    const due: VesselStatePayload[] = [];
    for (const mmsi of this.#waiting) {
      if (due.length >= this.#s.maxStatesPerFlush) break;
      const v = this.#o.vessel(mmsi);
      if (!v) {
        this.#waiting.delete(mmsi);
        this.#lastSharedMs.delete(mmsi);
        continue;
      }
      const last = this.#lastSharedMs.get(mmsi);
      if (last !== undefined && now - last < this.#s.vesselEveryMs) continue;
      this.#waiting.delete(mmsi);
      // Re-inserted at the end, so that the map's order stays "least recently shared first".
      this.#lastSharedMs.delete(mmsi);
      this.#lastSharedMs.set(mmsi, now);
      const state = this.#payloadOf(v);
      if (state) due.push(state);
    }
    this.#forgetOld(now);
    for (let i = 0; i < due.length; i += this.#s.batchStates) {
      const states = due.slice(i, i + this.#s.batchStates);
      this.#o.publish({ kind: 'vessel-state-batch', states } as unknown as JsonValue, this.#s.pictureMarking);
      this.#itemsShared++;
      this.#statesShared += states.length;
    }
    return due.length;
  }

  /** Last-share times older than the interval say nothing: forgotten, so the map stays bounded by recent traffic. */
  #forgetOld(nowMs: number): void {
    for (const [mmsi, atMs] of this.#lastSharedMs) {
      if (nowMs - atMs < this.#s.vesselEveryMs) break;
      this.#lastSharedMs.delete(mmsi);
    }
  }

  /**
   * The state a partner's check will accept: what the picture holds, or without its static fields
   * when one would be refused (a spoofer's invalid IMO, an over-long name), or nothing.
   */
  #payloadOf(v: VesselState): VesselStatePayload | null {
    const kinematics = {
      kind: 'vessel-state' as const,
      mmsi: v.mmsi,
      tMs: Math.floor(v.tMs),
      latDeg: v.latDeg,
      lonDeg: v.lonDeg,
      speedKn: v.speedKn,
      courseDeg: v.courseDeg,
      headingDeg: v.headingDeg,
    };
    const full = {
      ...kinematics,
      ...(v.imo !== undefined ? { imo: v.imo } : {}),
      ...(v.callsign !== undefined ? { callsign: v.callsign } : {}),
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.shipType !== undefined ? { shipType: v.shipType } : {}),
      ...(v.lengthM !== undefined ? { lengthM: v.lengthM } : {}),
      ...(v.beamM !== undefined ? { beamM: v.beamM } : {}),
      ...(v.destination !== undefined ? { destination: v.destination } : {}),
    };
    const ok = vesselStateSchema.safeParse(full);
    if (ok.success) return ok.data;
    const bare = vesselStateSchema.safeParse(kinematics);
    if (bare.success) {
      this.#trimmed++;
      return bare.data;
    }
    this.#skipped++;
    return null;
  }

  counts(): ShareCounts {
    return {
      statesShared: this.#statesShared,
      itemsShared: this.#itemsShared,
      statesTrimmed: this.#trimmed,
      statesSkipped: this.#skipped,
      waiting: this.#waiting.size,
    };
  }
}

const MAX_EVIDENCE_VALUES = 16;
const MAX_EVIDENCE = 32;
const MAX_TEXT = 500;

/**
 * An own event as the `maritime-event` payload (times in ms, evidence flattened to the plain values
 * a partner's check takes: nested values as JSON text, strings cut to 500 characters), or the
 * reason it cannot be one.
 */
export function eventPayloadOf(
  e: MaritimeEventRecord,
): { ok: true; payload: MaritimeEventPayload } | { ok: false; reason: string } {
  const d = e.detector as unknown as {
    start: string;
    end: string | null;
    lat: number;
    lon: number;
    zone?: string;
    confidence: number;
    evidence?: ({ kind: string } & Record<string, unknown>)[];
  };
  const evidence = (d.evidence ?? []).slice(0, MAX_EVIDENCE).map(({ kind, ...rest }) => {
    const out: Record<string, string | number | boolean | null> = { kind: plain(String(kind)) || 'fact' };
    for (const [k, v] of Object.entries(rest).slice(0, MAX_EVIDENCE_VALUES)) {
      if (v === null || typeof v === 'boolean') out[k] = v;
      else if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
      else if (typeof v === 'string') out[k] = plain(v);
      else if (v !== undefined) out[k] = plain(JSON.stringify(v) ?? '');
    }
    return out;
  });
  const candidate = {
    kind: 'maritime-event',
    id: e.id,
    type: e.type,
    mmsi: [...e.mmsi],
    startMs: Date.parse(d.start),
    endMs: d.end === null ? null : Date.parse(d.end),
    latDeg: d.lat,
    lonDeg: d.lon,
    ...(d.zone !== undefined ? { zone: plain(d.zone).slice(0, 200) } : {}),
    confidence: d.confidence,
    evidence,
  };
  const r = maritimeEventSchema.safeParse(candidate);
  if (r.success) return { ok: true, payload: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, reason: `${issue.path.map(String).join('.') || 'event'}: ${issue.message}` };
}

export function withdrawalPayloadOf(eventId: string, atMs: number): MaritimeEventWithdrawalPayload {
  return { kind: 'maritime-event-withdrawal', id: eventId, tMs: Math.floor(atMs) };
}

/** Text a partner's check takes: no control characters, at most MAX_TEXT characters. */
function plain(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_TEXT);
}
