import type { CommitmentsRegistry } from '../commitments/index.js';
import type { ContingencyPlan, ConveneRule } from '../consult/index.js';
import type { CompiledRegistry, Nation } from '../domain/index.js';
import { geodeticFromEcef } from '../geo/index.js';
import {
  type AuditPort,
  type EnvelopeCrypto,
  type InboxPort,
  Link,
  type LinkItem,
  type OutboxPort,
  type ReceivedItem,
  type RoutePolicy,
  type Transport,
} from '../link/index.js';
import type { CommitmentEdits, ConsultEvents } from '../store/index.js';
import {
  cartesianPosition,
  type Detection,
  type MultiTargetTracker,
  multiTargetTracker,
  standardComponents,
  type TrackerConfig,
} from '../track/index.js';
import type { ProtectedAreas } from './areas.js';
import { CommitmentDesk, MemoryCommitmentEdits } from './commitments.js';
import { ConsultationDesk, type DeskOptions, MemoryConsultEvents } from './consultations.js';
import { ObjectIds } from './object-ids.js';
import { fusePicture, type NationTrack, type PictureTrack } from './picture.js';
import { DEFAULT_STALENESS, type Staleness, type TrackImpact, trackFate } from './track-life.js';
import {
  type AssessOptions,
  assessTrack,
  PhaseTracker,
  SweepCache,
  type Warning,
  type WarningReason,
} from './warnings.js';

/** A measurement from one of this nation's sensors: ECEF position and its 3x3 covariance. */
export interface SensorMeasurement {
  readonly tMs: number;
  readonly sensor: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Row-major 3x3, m². */
  readonly covariance: ArrayLike<number>;
}

/** What a node shares about one of its tracks (topic `missile-warning`). */
export interface TrackPayload {
  readonly kind: 'track';
  readonly trackId: number;
  readonly tMs: number;
  readonly x: number[];
  readonly P: number[];
}

export interface NodeOptions {
  readonly nation: Nation;
  readonly partners: readonly Nation[];
  readonly clock: { nowMs(): number };
  readonly timers: { after(delayMs: number, fn: () => void): void };
  readonly transport: Transport;
  readonly store: {
    outbox: OutboxPort;
    inbox: InboxPort;
    audit: AuditPort;
    transaction?: <T>(fn: () => T) => T;
    /** Consultation events; kept in memory when absent. */
    consultations?: ConsultEvents;
    /** Commitments registry edits; kept in memory when absent. */
    commitmentEdits?: CommitmentEdits;
  };
  readonly crypto: EnvelopeCrypto;
  readonly registry: () => CompiledRegistry;
  readonly route?: RoutePolicy;
  readonly tracker?: TrackerConfig;
  /** A track is shared at most this often (ms); its first confirmation is shared at once. */
  readonly sharePeriodMs?: number;
  /** Marking of shared tracks, in this nation's words. */
  readonly trackMarking: string;
  /** The state shared tracks are about, for agreements limited to it (e.g. PRK). */
  readonly concerning?: Nation;
  /** A new UUIDv7 for an item created at `nowMs`. */
  readonly newId: (nowMs: number) => string;
  /** How long own and partner tracks stand without news before they drop out (DEFAULT_STALENESS). */
  readonly staleness?: Partial<Staleness>;
  readonly onPartnerTrack?: (t: NationTrack, from: ReceivedItem) => void;
  /** Release review at this originator, and review as a relay, before items leave (ms). */
  readonly releaseReviewMs?: number;
  readonly relayReviewMs?: number;
  /** Land, maritime zones and bases, for alerts; without them the node issues none. */
  readonly areas?: ProtectedAreas;
  /** How often the picture is assessed for alerts (scenario ms, default 1000). */
  readonly assessEveryMs?: number;
  /** Assessment settings (corridor range for boosting objects, gates). */
  readonly assess?: Omit<AssessOptions, 'phase'>;
  readonly onWarning?: (w: Warning) => void;
  readonly onNotice?: (n: Notice) => void;
  /** Rules that convene consultations from this node's warnings (data/consult/rules.yaml). */
  readonly consultRules?: readonly ConveneRule[];
  readonly contingencyPlans?: readonly ContingencyPlan[];
  /** Marking of consultation events that carry none of their own; default `trackMarking`. */
  readonly consultMarking?: string;
  readonly onConsultEvent?: DeskOptions['onEvent'];
  /** The commitments registry (data/commitments); without it the node keeps none. */
  readonly commitments?: () => CommitmentsRegistry;
}

/** A track of the picture that ended at the ground: an impact, at its predicted point and time. */
export interface ImpactFact extends TrackImpact {
  /** The picture object the track was last part of, if it was ever shown. */
  readonly objectId: string | null;
}

/** A notice to the node's nation: an object (a launch) is being tracked in its picture. */
export interface Notice {
  readonly trackId: string;
  readonly nation: Nation;
  readonly issuedMs: number;
  /** The nations whose tracks make up the object when first noticed. */
  readonly sources: readonly Nation[];
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altitudeM: number;
}

/**
 * One nation's node: its sensors' measurements go through its own tracker; confirmed tracks are
 * shared with partners over the link as the agreements allow; partner tracks come back in and
 * are fused with its own into the nation's picture.
 */
export class NationNode {
  readonly nation: Nation;
  readonly link: Link;
  /** Consultations: this nation's events authored here, partners' received over the link. */
  readonly consult: ConsultationDesk;
  /** The commitments registry with this node's administrators' edits; null without a registry. */
  readonly commitments: CommitmentDesk | null;
  readonly #o: NodeOptions;
  readonly #tracker: MultiTargetTracker;
  readonly #sensors = new Map<string, number>();
  readonly #model = cartesianPosition();
  readonly #own = new Map<number, NationTrack>();
  /** When each own track was last measured (its last associated detection), ms. */
  readonly #ownMeasuredMs = new Map<number, number>();
  readonly #partner = new Map<string, NationTrack>();
  /** Tracks (`<nation>:<trackId>`) that ended at the ground: never shown, shared or fused again. */
  readonly #ended = new Map<string, ImpactFact>();
  readonly #staleness: Staleness;
  /** The instant and version the tracks were last aged at (ageing is done once per both). */
  #aged: { atMs: number; version: number } | null = null;
  readonly #lastShared = new Map<number, number>();
  readonly #warnings = new Map<string, Warning>();
  readonly #notices = new Map<string, Notice>();
  readonly #phases = new PhaseTracker();
  readonly #sweeps = new SweepCache();
  /** Picture object id by source track (`<nation>:<trackId>`). */
  readonly #ids = new ObjectIds();
  #stopped = false;
  /** Bumped whenever an own or partner track changes, so a picture can be reused within an instant. */
  #version = 0;
  #cached: { atMs: number; version: number; picture: PictureTrack[] } | null = null;
  #seq = 0;

  constructor(o: NodeOptions) {
    this.nation = o.nation;
    this.#o = o;
    this.#staleness = { ...DEFAULT_STALENESS, ...o.staleness };
    this.#tracker = multiTargetTracker(standardComponents(o.tracker ?? {}));
    this.link = new Link({
      nation: o.nation,
      clock: o.clock,
      timers: o.timers,
      transport: o.transport,
      outbox: o.store.outbox,
      inbox: o.store.inbox,
      audit: o.store.audit,
      ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
      crypto: o.crypto,
      registry: o.registry,
      ...(o.route ? { route: o.route } : {}),
      ...(o.releaseReviewMs ? { releaseReviewMs: o.releaseReviewMs } : {}),
      ...(o.relayReviewMs ? { relayReviewMs: o.relayReviewMs } : {}),
      onItem: (r) => this.#onItem(r),
    });
    this.consult = new ConsultationDesk({
      nation: o.nation,
      partners: o.partners,
      clock: o.clock,
      timers: o.timers,
      registry: o.registry,
      events: o.store.consultations ?? new MemoryConsultEvents(),
      audit: o.store.audit,
      publish: (item, to) => {
        this.link.publish(item, to);
      },
      ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
      newId: o.newId,
      marking: o.consultMarking ?? o.trackMarking,
      ...(o.concerning ? { concerning: o.concerning } : {}),
      ...(o.consultRules ? { rules: o.consultRules } : {}),
      ...(o.contingencyPlans ? { plans: o.contingencyPlans } : {}),
      ...(o.onConsultEvent ? { onEvent: o.onConsultEvent } : {}),
    });
    this.commitments = o.commitments
      ? new CommitmentDesk({
          nation: o.nation,
          clock: o.clock,
          registry: o.commitments,
          edits: o.store.commitmentEdits ?? new MemoryCommitmentEdits(),
          audit: o.store.audit,
          ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
        })
      : null;
  }

  start(): void {
    this.link.start(this.#o.partners);
    this.consult.start();
    if (this.#o.areas) {
      const every = this.#o.assessEveryMs ?? 1_000;
      const tick = () => {
        if (this.#stopped) return;
        this.assess();
        this.#o.timers.after(every, tick);
      };
      this.#o.timers.after(every, tick);
    }
  }

  /**
   * Assesses the picture now: a notice for every object seen for the first time, and warnings
   * (one per object and reason, kept up to date; a possible overflight the coasting prediction
   * no longer supports is withdrawn). Returns the warnings issued by this call.
   */
  assess(): Warning[] {
    const areas = this.#o.areas;
    if (!areas) return [];
    const now = this.#o.clock.nowMs();
    const issued: Warning[] = [];
    const picture = this.picture();
    this.#withdrawOutlived(picture, now);
    for (const t of picture) {
      if (!this.#notices.has(t.id)) {
        const g = geodeticFromEcef(t.x[0]!, t.x[1]!, t.x[2]!);
        const notice: Notice = {
          trackId: t.id,
          nation: this.nation,
          issuedMs: now,
          sources: [...new Set(t.sources.map((x) => x.nation))],
          latDeg: Math.round(g.latDeg * 1e4) / 1e4,
          lonDeg: Math.round(g.lonDeg * 1e4) / 1e4,
          altitudeM: Math.round(g.hM),
        };
        this.#notices.set(t.id, notice);
        this.#o.onNotice?.(notice);
      }
      const phase = this.#phases.phase(t.id, t.tMs, t.x);
      const current = assessTrack(t, this.nation, areas, now, {
        ...this.#o.assess,
        phase,
        sweepCache: this.#sweeps,
      });
      for (const w of current) {
        const key = `${w.trackId}|${w.reason}`;
        const first = this.#warnings.get(key);
        // Kept up to date under its first issue time; a withdrawn warning predicted again is live again.
        this.#warnings.set(key, first ? { ...w, issuedMs: first.issuedMs } : w);
        if (!first) {
          issued.push(w);
          this.#o.onWarning?.(w);
        }
        // Every assessment: an impact first predicted under thrust convenes once seen coasting.
        this.consult.warned(w);
      }
      // Seen coasting: a warning whose event is still ahead and that the prediction no longer
      // supports is withdrawn (a possible overflight not confirmed, an impact that moved out).
      if (phase === 'ballistic') {
        const still = new Set<WarningReason>(current.map((w) => w.reason));
        // A confirmed overflight is what a possible one foresaw: it stands.
        const confirmed = this.#warnings.get(`${t.id}|overflight`);
        if (confirmed && confirmed.withdrawnMs === undefined) still.add('possible-overflight');
        // Likewise a specific impact confirms the possible one.
        const impact = this.#warnings.get(`${t.id}|impact`);
        if (impact && impact.withdrawnMs === undefined && still.has('impact')) still.add('possible-impact');
        const ahead = now + (this.#o.assess?.stepS ?? 10) * 1000;
        for (const reason of REASONS) {
          const key = `${t.id}|${reason}`;
          const w = this.#warnings.get(key);
          if (w && w.withdrawnMs === undefined && !still.has(reason) && w.eventMs > ahead)
            this.#warnings.set(key, { ...w, withdrawnMs: now });
        }
      }
    }
    return issued;
  }

  /**
   * An overflight (possible or predicted) of an object that has since come down, before the event,
   * and left the picture did not happen: it is withdrawn. An impact warning stands (it foresaw the
   * end; where it fell is for the next assessment of impact regions to judge).
   */
  #withdrawOutlived(picture: readonly PictureTrack[], nowMs: number): void {
    if (this.#ended.size === 0) return;
    const shown = new Set(picture.map((t) => t.id));
    const endedMs = new Map<string, number>();
    for (const e of this.#ended.values()) {
      if (e.objectId === null || shown.has(e.objectId)) continue;
      endedMs.set(e.objectId, Math.min(endedMs.get(e.objectId) ?? Number.POSITIVE_INFINITY, e.impactMs));
    }
    for (const [key, w] of this.#warnings) {
      const impactMs = endedMs.get(w.trackId);
      if (impactMs === undefined || w.reason === 'impact' || w.withdrawnMs !== undefined) continue;
      if (w.eventMs > impactMs) this.#warnings.set(key, { ...w, withdrawnMs: nowMs });
    }
  }

  /** Tracks of the picture that ended at the ground, in the order their impacts were declared. */
  impacts(): ImpactFact[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#ended.values()];
  }

  /** Warnings issued so far (each with the time it was first issued and its latest prediction). */
  warnings(): Warning[] {
    return [...this.#warnings.values()].sort((a, b) => a.issuedMs - b.issuedMs);
  }

  /** Notices issued so far: every object that has appeared in the nation's picture. */
  notices(): Notice[] {
    return [...this.#notices.values()].sort((a, b) => a.issuedMs - b.issuedMs);
  }

  stop(): void {
    this.#stopped = true;
    this.consult.stop();
    this.link.stop();
  }

  /** One scan's measurements from this nation's sensors (all at the same time). */
  ingest(tMs: number, measurements: readonly SensorMeasurement[]): void {
    const detections: Detection[] = measurements.map((m) => {
      let sensor = this.#sensors.get(m.sensor);
      if (sensor === undefined) {
        sensor = this.#sensors.size;
        this.#sensors.set(m.sensor, sensor);
      }
      return {
        tS: tMs / 1000,
        sensor,
        z: Float64Array.of(m.x, m.y, m.z),
        R: Float64Array.from(m.covariance),
        model: this.#model,
      };
    });
    const live = this.#tracker.step(detections, tMs / 1000);
    const seen = new Set<number>();
    for (const t of live) {
      if (t.status !== 'confirmed' || this.#ended.has(`${this.nation}:${t.id}`)) continue;
      seen.add(t.id);
      this.#own.set(t.id, {
        nation: this.nation,
        trackId: t.id,
        tMs,
        x: Float64Array.from(t.x),
        P: Float64Array.from(t.P),
      });
      this.#ownMeasuredMs.set(t.id, t.lastHitS * 1000);
    }
    // A track the tracker no longer holds lost its object, or went below the ground: the latter is
    // an impact, declared where its last estimate's flight meets the ground.
    for (const [id, t] of this.#own) {
      if (seen.has(id)) continue;
      const fate = trackFate(t, this.#ownMeasuredMs.get(id)!, tMs, this.#staleness.ownMs);
      if (fate.kind === 'impacted') this.#end(fate.impact);
      this.#dropOwn(id);
    }
    this.#version++;
    // Only what still stands is shared: a track no longer measured for its staleness is not news.
    this.#age(this.#o.clock.nowMs());
    for (const t of this.#own.values()) if (t.tMs === tMs) this.#share(t);
  }

  /**
   * Ages the held tracks to `nowMs`: a track whose prediction has met the ground has ended (its
   * impact is kept as a fact and it is never shown again); one older than its staleness is
   * dropped (an own track may come back when measured again, a partner's when updated). Once per
   * instant and set of tracks.
   */
  #age(nowMs: number): void {
    if (this.#aged && this.#aged.atMs === nowMs && this.#aged.version === this.#version) return;
    let changed = false;
    for (const [id, t] of this.#own) {
      const fate = trackFate(t, this.#ownMeasuredMs.get(id)!, nowMs, this.#staleness.ownMs);
      if (fate.kind === 'live') continue;
      if (fate.kind === 'impacted') this.#end(fate.impact);
      this.#dropOwn(id);
      changed = true;
    }
    for (const [key, t] of this.#partner) {
      const fate = trackFate(t, t.tMs, nowMs, this.#staleness.partnerMs);
      if (fate.kind === 'live') continue;
      if (fate.kind === 'impacted') this.#end(fate.impact);
      this.#partner.delete(key);
      changed = true;
    }
    if (changed) this.#version++;
    this.#aged = { atMs: nowMs, version: this.#version };
  }

  #dropOwn(id: number): void {
    this.#own.delete(id);
    this.#ownMeasuredMs.delete(id);
    this.#lastShared.delete(id);
  }

  #end(impact: TrackImpact): void {
    const key = `${impact.nation}:${impact.trackId}`;
    if (this.#ended.has(key)) return;
    this.#ended.set(key, { ...impact, objectId: this.#ids.idOf(key) ?? null });
  }

  #share(t: NationTrack): void {
    const last = this.#lastShared.get(t.trackId);
    if (last !== undefined && t.tMs - last < (this.#o.sharePeriodMs ?? 1_000)) return;
    this.#lastShared.set(t.trackId, t.tMs);
    const payload: TrackPayload = { kind: 'track', trackId: t.trackId, tMs: t.tMs, x: [...t.x], P: [...t.P] };
    const item: LinkItem = {
      id: this.#o.newId(Math.floor(this.#o.clock.nowMs())),
      originator: this.nation,
      topic: 'missile-warning',
      marking: this.#o.trackMarking,
      createdMs: this.#o.clock.nowMs(),
      ...(this.#o.concerning ? { concerning: this.#o.concerning } : {}),
      payload: { ...payload, seq: this.#seq++ },
    };
    this.link.publish(item, this.#o.partners);
  }

  #onItem(r: ReceivedItem): void {
    if (this.consult.receive(r)) return;
    const p = r.item.payload as Partial<TrackPayload> | null;
    if (p?.kind !== 'track' || !validState(p)) return;
    const key = `${r.item.originator}:${p.trackId}`;
    // A track that came down stays down; one already stale on arrival is not news.
    if (this.#ended.has(key) || this.#o.clock.nowMs() - p.tMs! > this.#staleness.partnerMs) return;
    const prev = this.#partner.get(key);
    if (prev && prev.tMs >= p.tMs!) return; // an older update that arrived late
    const t: NationTrack = {
      nation: r.item.originator,
      trackId: p.trackId!,
      tMs: p.tMs!,
      x: Float64Array.from(p.x!),
      P: Float64Array.from(p.P!),
    };
    this.#partner.set(key, t);
    this.#version++;
    this.#o.onPartnerTrack?.(t, r);
  }

  /** This nation's tracks that stand now (neither ended at the ground nor stale), at their own times. */
  ownTracks(): NationTrack[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#own.values()];
  }

  /** Partners' tracks that stand now, at their own times. */
  partnerTracks(): NationTrack[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#partner.values()];
  }

  /** The nation's fused picture now (computed once per instant and set of tracks). */
  picture(): PictureTrack[] {
    const now = this.#o.clock.nowMs();
    this.#age(now);
    if (this.#cached && this.#cached.atMs === now && this.#cached.version === this.#version)
      return this.#cached.picture;
    const picture = this.#fuse();
    this.#cached = { atMs: now, version: this.#version, picture };
    return picture;
  }

  #fuse(): PictureTrack[] {
    const objects = fusePicture(
      this.nation,
      [...this.ownTracks(), ...this.partnerTracks()],
      this.#o.clock.nowMs(),
    );
    return this.#ids.assign(objects, this.#o.clock.nowMs());
  }
}

const REASONS: readonly WarningReason[] = ['impact', 'possible-impact', 'overflight', 'possible-overflight'];

/** A partner's track payload is used only if its numbers are what they claim to be. */
function validState(p: Partial<TrackPayload>): boolean {
  return (
    Number.isSafeInteger(p.trackId) &&
    typeof p.tMs === 'number' &&
    Number.isFinite(p.tMs) &&
    Array.isArray(p.x) &&
    p.x.length === 6 &&
    p.x.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    Array.isArray(p.P) &&
    p.P.length === 36 &&
    p.P.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
