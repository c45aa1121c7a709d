import type { CommitmentsRegistry } from '../commitments/index.js';
import type { ContingencyPlan, ConveneRule } from '../consult/index.js';
import type { CompiledRegistry, Nation, Topic } from '../domain/index.js';
import { geodeticFromEcef } from '../geo/index.js';
import {
  type AuditPort,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  type EnvelopeCrypto,
  type InboxPort,
  Link,
  type LinkItem,
  type OutboxPort,
  type PartnerRate,
  type PartnerRateCounts,
  type ReceivedItem,
  type RoutePolicy,
  type Transport,
  withAgreedRelays,
} from '../link/index.js';
import { MARITIME_PAYLOAD_KINDS, MARITIME_PAYLOAD_TOPIC } from '../maritime/index.js';
import type { CommitmentEdits, ConsultEvents, GovernanceActs, MaritimeHistory } from '../store/index.js';
import {
  cartesianPosition,
  checkTrackPayload,
  type Detection,
  type MultiTargetTracker,
  multiTargetTracker,
  standardComponents,
  TRACK_PAYLOAD_TOPIC,
  type TrackerConfig,
  type TrackPayload,
} from '../track/index.js';
import type { ProtectedAreas } from './areas.js';
import { CommitmentDesk, MemoryCommitmentEdits } from './commitments.js';
import { ConsultationDesk, type DeskOptions, MemoryConsultEvents } from './consultations.js';
import { GovernanceDesk, type GovernanceDeskOptions, MemoryGovernanceActs } from './governance.js';
import { type FaultCounts, FaultGuard, type NodeFault } from './guard.js';
import {
  type MaritimeCounts,
  MaritimeDesk,
  type MaritimeSettings,
  MemoryMaritimeHistory,
} from './maritime/index.js';
import { OBJECT_ID_SOURCES_PER_NATION, ObjectIds } from './object-ids.js';
import { PerNationMap } from './per-nation-map.js';
import { fusePicture, type NationTrack, type PictureTrack } from './picture.js';
import { type PartnerRefusals, RefusalCounter } from './refusals.js';
import { DEFAULT_STALENESS, type Staleness, type TrackImpact, trackFate } from './track-life.js';
import { type PartnerTrackSource, PartnerTrackSources } from './track-sources.js';
import { TRAILS_PER_NATION, type TrailSample, Trails } from './trails.js';
import {
  type AssessOptions,
  assessable,
  assessTrack,
  PhaseTracker,
  PICTURE_STATE_MAX_AGE_MS,
  SWEEPS_PER_NATION,
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
    /** Governance acts on agreements and coalitions; kept in memory when absent. */
    governance?: GovernanceActs;
    /** Vessel positions, identities and maritime events; kept in memory (bounded) when absent. */
    maritime?: MaritimeHistory;
  };
  readonly crypto: EnvelopeCrypto;
  /**
   * The agreements file's registry: the node's gates read it with the governance acts it holds
   * folded in (NationNode.registry).
   */
  readonly registry: () => CompiledRegistry;
  /** Told of each governance act newly held (own or a partner's). */
  readonly onGovernanceAct?: GovernanceDeskOptions['onAct'];
  readonly route?: RoutePolicy;
  readonly tracker?: TrackerConfig;
  /** The tracker itself, made elsewhere (a test replaying a recorded one); default: one made from `tracker`. */
  readonly trackerInstance?: MultiTargetTracker;
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
  /** The run this node is part of, for its consultation desk to recognise what it convened (DeskOptions.run). */
  readonly run?: string;
  /** The commitments registry (data/commitments); without it the node keeps none. */
  readonly commitments?: () => CommitmentsRegistry;
  /**
   * How far a partner's clock may run ahead of this node's, ms: a partner payload's own time (a
   * track's, a consultation event's) must agree with its item's signed creation time within it.
   * Default DEFAULT_MAX_FUTURE_SKEW_MS, the link's allowance.
   */
  readonly maxSkewMs?: number;
  /** Where a fault caught in one of the node's callbacks is logged (default: stderr). */
  readonly onFault?: (fault: NodeFault) => void;
  /** The maritime desk's reference data and bounds (see MaritimeSettings for the defaults). */
  readonly maritime?: MaritimeSettings;
  /** What each partner may make the node read (the link's DEFAULT_PARTNER_RATE; null: no limit). */
  readonly partnerRate?: PartnerRate | null;
  /** How much an assessing node keeps per nation of its picture's objects (DEFAULT_PICTURE_RETENTION). */
  readonly retention?: Partial<PictureRetention>;
}

/**
 * What a node that assesses keeps per picture object — notices, warnings and why they were
 * withdrawn, flight phases, swept regions, the consultation triggers its warnings raised — bounded
 * per nation: the nation in the object's id (`<nation>:<trackId>`, the track it was first shown
 * as), so that a partner inventing track ids evicts only the objects named after its own tracks.
 * Everything is touched at each assessment while its object is in the picture: what goes first is
 * what was assessed least recently, and nothing goes while it is still being assessed unless a
 * nation has more objects in the picture than its cap.
 */
export interface PictureRetention {
  /**
   * Objects per nation whose notices and flight phases are remembered; four times as many
   * warnings, withdrawal causes and consultation triggers (one per reason). Default 4,096: four
   * times MAX_PARTNER_TRACKS, as the picture's object ids (OBJECT_ID_SOURCES_PER_NATION).
   */
  readonly objectsPerNation: number;
  /** Swept regions cached per nation (SWEEPS_PER_NATION: a miss costs only a remake). */
  readonly sweepsPerNation: number;
  /**
   * How long an object absent from the picture is remembered, ms. Default two hours, the longest
   * flight (OBJECT_ID_MAX_AGE_MS): a warning or notice of an object gone from the picture for two
   * hours is no longer listed.
   */
  readonly maxAgeMs: number;
}

export const DEFAULT_PICTURE_RETENTION: PictureRetention = {
  objectsPerNation: OBJECT_ID_SOURCES_PER_NATION,
  sweepsPerNation: SWEEPS_PER_NATION,
  maxAgeMs: PICTURE_STATE_MAX_AGE_MS,
};

/** How the node stands against its partners: refused payloads per partner, faults caught. */
export interface NodeStatus {
  readonly nation: Nation;
  readonly refused: PartnerRefusals;
  readonly faults: FaultCounts;
  /** Partner tracks held now, per partner. */
  readonly partnerTracks: Readonly<Record<string, number>>;
  /** The maritime desk's counters: NMEA lines, AIS records, garbage, events, vessels, writes. */
  readonly maritime: MaritimeCounts;
  /** Per partner (the wire sender): what its rate let in and held back (Link.partnerRates). */
  readonly rates: Readonly<Record<string, PartnerRateCounts>>;
  /**
   * Per partner: its messages that expired unread in this node's queue (the node was down longer
   * than the stream's maximum age), each audited as `ingress-expired-unread` (Link.lostUnread).
   */
  readonly expiredUnread: Readonly<Record<string, number>>;
}

/** A partner may have at most this many tracks in a node's picture at once (an honest one has tens). */
export const MAX_PARTNER_TRACKS = 1_024;

/**
 * Ended tracks a node remembers per nation (so that they stay down), and for how long (ms): a
 * partner can make a node declare as many impacts as it invents track ids, so they are bounded per
 * nation (its own oldest go first); two hours, the longest flight (a lofted ICBM's ~70 minutes) and more.
 */
export const ENDED_TRACKS_PER_NATION = 1_024;
export const ENDED_TRACK_MAX_AGE_MS = 7_200_000;

/** What a node keeps by track id, per nation: bounded however many ids a partner invents. */
export interface NodeRetained {
  /** Partner tracks standing (at most MAX_PARTNER_TRACKS each). */
  readonly partnerTracks: Readonly<Record<string, number>>;
  /** Ended tracks remembered (at most ENDED_TRACKS_PER_NATION each). */
  readonly endedTracks: Readonly<Record<string, number>>;
  /** Sources whose picture object ids are remembered, and those ids (see ObjectIds). */
  readonly objectIdSources: number;
  readonly objectIds: number;
  /**
   * Per nation of the object's id: notices, warnings, withdrawal causes, flight phases, swept
   * regions and consultation triggers remembered (bounded by PictureRetention).
   */
  readonly objects: Readonly<
    Record<
      string,
      {
        readonly notices: number;
        readonly warnings: number;
        readonly withdrawals: number;
        readonly phases: number;
        readonly sweeps: number;
        readonly triggers: number;
      }
    >
  >;
}

/**
 * The topic each kind of partner payload travels under: a payload under another topic is refused
 * (an item the agreements allow only as `maritime` is never fused as a missile track).
 */
const PAYLOAD_TOPICS: Readonly<Record<string, Topic>> = {
  track: TRACK_PAYLOAD_TOPIC,
  'consultation-event': 'consultation',
  'consultation-trigger': 'consultation',
  'registry-event': 'registry',
  'governance-act': 'governance',
  // Defined and checked in src/maritime (payloads.ts), taken by the maritime desk.
  ...Object.fromEntries(MARITIME_PAYLOAD_KINDS.map((k) => [k, MARITIME_PAYLOAD_TOPIC])),
};

/** A track of the picture that ended at the ground: an impact, at its predicted point and time. */
export interface ImpactFact extends TrackImpact {
  /** The picture object the track was last part of, if it was ever shown. */
  readonly objectId: string | null;
}

/**
 * Why a warning was withdrawn: the coasting prediction no longer foresees it, or the object came
 * down (at `impactMs`, its declared impact) before the event it warned of.
 */
export type WithdrawalCause =
  | { readonly kind: 'not-predicted' }
  | { readonly kind: 'came-down'; readonly impactMs: number };

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
  /** Acts on agreements and coalitions: this nation's, and its partners' received over the link. */
  readonly governance: GovernanceDesk;
  /** AIS feeds and sensor contacts in; the vessel picture, maritime events and their triage. */
  readonly maritime: MaritimeDesk;
  readonly #o: NodeOptions;
  readonly #tracker: MultiTargetTracker;
  readonly #sensors = new Map<string, number>();
  readonly #model = cartesianPosition();
  readonly #own = new Map<number, NationTrack>();
  /** When each own track was last measured (its last associated detection), ms. */
  readonly #ownMeasuredMs = new Map<number, number>();
  readonly #partner = new Map<string, NationTrack>();
  /** How each partner track in #partner got here (kept and dropped with it). */
  readonly #partnerSources: PartnerTrackSources;
  /**
   * Tracks (`<nation>:<trackId>`) that ended at the ground: never shown, shared or fused again
   * (while remembered: see ENDED_TRACKS_PER_NATION); `seq` is the order they were declared in.
   */
  readonly #ended = new PerNationMap<{ fact: ImpactFact; seq: number }>(
    ENDED_TRACKS_PER_NATION,
    ENDED_TRACK_MAX_AGE_MS,
  );
  #endedSeq = 0;
  readonly #staleness: Staleness;
  /** The instant and version the tracks were last aged at (ageing is done once per both). */
  #aged: { atMs: number; version: number } | null = null;
  readonly #lastShared = new Map<number, number>();
  /** Warnings by `<object>|<reason>`; this and the next four bounded per nation (PictureRetention). */
  readonly #warnings: PerNationMap<Warning>;
  /** Why each withdrawn warning (by `<object>|<reason>`) was withdrawn. */
  readonly #withdrawals: PerNationMap<WithdrawalCause>;
  readonly #notices: PerNationMap<Notice>;
  readonly #phases: PhaseTracker;
  readonly #sweeps: SweepCache;
  /** Each picture object's trajectory, one sample a second (bounded per nation: Trails). */
  readonly #trails: Trails;
  /** Picture object id by source track (`<nation>:<trackId>`). */
  readonly #ids = new ObjectIds();
  #stopped = false;
  /** Bumped whenever an own or partner track changes, so a picture can be reused within an instant. */
  #version = 0;
  #cached: { atMs: number; version: number; picture: PictureTrack[] } | null = null;
  #seq = 0;
  /** Catches what a callback throws: a partner's input or a fault must never end the process. */
  readonly #guard: FaultGuard;
  /** Every timer of the node, its link and its desks, guarded. */
  readonly #timers: { after(delayMs: number, fn: () => void): void };
  readonly #refused = new RefusalCounter();
  readonly #maxSkewMs: number;
  /** When the partner tracks were last aged on receipt (scenario ms). */
  #prunedMs = Number.NEGATIVE_INFINITY;

  constructor(o: NodeOptions) {
    this.nation = o.nation;
    this.#o = o;
    this.#staleness = { ...DEFAULT_STALENESS, ...o.staleness };
    this.#maxSkewMs = o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    this.#partnerSources = new PartnerTrackSources(o.store.audit);
    this.#tracker = o.trackerInstance ?? multiTargetTracker(standardComponents(o.tracker ?? {}));
    const keep = { ...DEFAULT_PICTURE_RETENTION, ...o.retention };
    const warningsPerNation = REASONS.length * keep.objectsPerNation;
    this.#warnings = new PerNationMap(warningsPerNation, keep.maxAgeMs);
    this.#withdrawals = new PerNationMap(warningsPerNation, keep.maxAgeMs);
    this.#notices = new PerNationMap(keep.objectsPerNation, keep.maxAgeMs);
    this.#phases = new PhaseTracker(undefined, keep.objectsPerNation, keep.maxAgeMs);
    this.#sweeps = new SweepCache(undefined, keep.sweepsPerNation, keep.maxAgeMs);
    this.#trails = new Trails(TRAILS_PER_NATION, keep.maxAgeMs);
    this.#guard = new FaultGuard({
      nation: o.nation,
      clock: o.clock,
      audit: o.store.audit,
      ...(o.onFault ? { log: o.onFault } : {}),
    });
    this.#timers = this.#guard.timers(o.timers);
    this.governance = new GovernanceDesk({
      nation: o.nation,
      partners: o.partners,
      clock: o.clock,
      base: o.registry,
      acts: o.store.governance ?? new MemoryGovernanceActs(),
      audit: o.store.audit,
      publish: (item, to) => {
        this.link.publish(item, to);
      },
      ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
      newId: o.newId,
      maxSkewMs: this.#maxSkewMs,
      onPartnerRefused: (partner, code) => this.#refused.add(partner, `governance:${code}`),
      ...(o.onGovernanceAct ? { onAct: o.onGovernanceAct } : {}),
    });
    const registry = () => this.governance.registry();
    this.link = new Link({
      nation: o.nation,
      clock: o.clock,
      timers: this.#timers,
      transport: this.#guard.transport(o.transport),
      outbox: o.store.outbox,
      inbox: o.store.inbox,
      audit: o.store.audit,
      ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
      crypto: o.crypto,
      registry,
      route: withAgreedRelays(o.route ?? (() => null), o.nation, registry),
      ...(o.releaseReviewMs ? { releaseReviewMs: o.releaseReviewMs } : {}),
      ...(o.relayReviewMs ? { relayReviewMs: o.relayReviewMs } : {}),
      ...(o.partnerRate !== undefined ? { partnerRate: o.partnerRate } : {}),
      onItem: (r) => this.#onItem(r),
    });
    this.consult = new ConsultationDesk({
      nation: o.nation,
      partners: o.partners,
      clock: o.clock,
      timers: this.#timers,
      registry,
      events: o.store.consultations ?? new MemoryConsultEvents(),
      maxSkewMs: this.#maxSkewMs,
      triggersPerNation: warningsPerNation,
      triggerMaxAgeMs: keep.maxAgeMs,
      onPartnerRefused: (partner, code) => this.#refused.add(partner, code),
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
      ...(o.run !== undefined ? { run: o.run } : {}),
    });
    this.commitments = o.commitments
      ? new CommitmentDesk({
          nation: o.nation,
          clock: o.clock,
          registry: o.commitments,
          edits: o.store.commitmentEdits ?? new MemoryCommitmentEdits(),
          audit: o.store.audit,
          ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
          partners: o.partners,
          publish: (item, to) => {
            this.link.publish(item, to);
          },
          newId: o.newId,
          maxSkewMs: this.#maxSkewMs,
          onPartnerRefused: (partner, code) => this.#refused.add(partner, code),
        })
      : null;
    this.maritime = new MaritimeDesk({
      ...o.maritime,
      nation: o.nation,
      clock: o.clock,
      timers: this.#timers,
      guard: this.#guard,
      history: o.store.maritime ?? new MemoryMaritimeHistory(),
      audit: o.store.audit,
      ...(o.store.transaction ? { transaction: o.store.transaction } : {}),
      newId: o.newId,
      publish: (payload, marking) => {
        const createdMs = this.#o.clock.nowMs();
        const item: LinkItem = {
          id: this.#o.newId(Math.floor(createdMs)),
          originator: this.nation,
          topic: MARITIME_PAYLOAD_TOPIC,
          marking,
          createdMs,
          payload,
        };
        const decisions = this.link.publish(item, this.#o.partners);
        return { itemId: item.id, decisions };
      },
    });
    // Maritime events raise consultation triggers as warnings do: the raw detection as it is
    // stored, the assessed event when a watch officer escalates it (the rules say which fires).
    this.maritime.onEvent((e) => this.consult.maritime(e, 'raw'));
    this.maritime.onTriaged((e, r) => {
      if (r.action === 'escalate') this.consult.maritime(e, 'assessed');
    });
  }

  /** The registry this node's gates read now: the agreements file with the governance acts it holds. */
  registry(): CompiledRegistry {
    return this.governance.registry();
  }

  start(): void {
    this.link.start(this.#o.partners);
    this.consult.start();
    this.maritime.start();
    // Every node keeps its objects' trajectories; a node with areas also assesses its picture.
    const every = this.#o.assessEveryMs ?? 1_000;
    const tick = () => {
      if (this.#stopped) return;
      // An assessment that fails is a fault, not the end of assessing.
      this.#guard.run('trails', () => this.#trails.record(this.picture(), this.#o.clock.nowMs()));
      if (this.#o.areas) this.#guard.run('assess', () => this.assess());
      this.#timers.after(every, tick);
    };
    this.#timers.after(every, tick);
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
    this.#notices.prune(now);
    this.#warnings.prune(now);
    this.#withdrawals.prune(now);
    this.#phases.prune(now);
    this.#sweeps.prune(now);
    this.#withdrawOutlived(picture, now);
    for (const t of picture) {
      if (!this.#notices.touch(t.id, now)) {
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
        this.#notices.set(t.id, notice, now);
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
        this.#warnings.set(key, first ? { ...w, issuedMs: first.issuedMs } : w, now);
        this.#withdrawals.delete(key);
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
        const impact = this.#warnings.get(`${t.id}|impact`);
        // A specific impact stands while the impact region still reaches the nation's areas (a
        // wider region, as a manoeuvre or a track's re-entry widens it, is less certainty, not a
        // prediction elsewhere) and while the object is not judged at all (slowed by the air below
        // the speed assessed): it is withdrawn when the coasting prediction rules it out.
        if (
          impact &&
          impact.withdrawnMs === undefined &&
          (still.has('possible-impact') || !assessable(t, this.#o.assess))
        )
          still.add('impact');
        // Likewise a specific impact that stands confirms the possible one.
        if (impact && impact.withdrawnMs === undefined && still.has('impact')) still.add('possible-impact');
        // And an object not judged at all (slowed by the air in its last seconds) says nothing
        // against a possible impact either: a possible impact's time is a window, and the end of
        // the window of one foreseen under thrust can outlast the object's fall.
        if (!assessable(t, this.#o.assess)) still.add('possible-impact');
        const ahead = now + (this.#o.assess?.stepS ?? 10) * 1000;
        for (const reason of REASONS) {
          const key = `${t.id}|${reason}`;
          const w = this.#warnings.get(key);
          // Still ahead: the event, or for a possible impact the latest it could come.
          const endMs = w?.eventLatestMs ?? w?.eventMs ?? 0;
          if (w && w.withdrawnMs === undefined && !still.has(reason) && endMs > ahead) {
            this.#warnings.set(key, { ...w, withdrawnMs: now }, now);
            this.#withdrawals.set(key, { kind: 'not-predicted' }, now);
          }
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
    for (const { fact: e } of this.#ended.values()) {
      if (e.objectId === null || shown.has(e.objectId)) continue;
      endedMs.set(e.objectId, Math.min(endedMs.get(e.objectId) ?? Number.POSITIVE_INFINITY, e.impactMs));
    }
    for (const [key, w] of this.#warnings.entries()) {
      const impactMs = endedMs.get(w.trackId);
      if (impactMs === undefined || w.reason === 'impact' || w.withdrawnMs !== undefined) continue;
      if (w.eventMs > impactMs) {
        this.#warnings.set(key, { ...w, withdrawnMs: nowMs }, nowMs);
        this.#withdrawals.set(key, { kind: 'came-down', impactMs }, nowMs);
      }
    }
  }

  /** Tracks of the picture that ended at the ground, in the order their impacts were declared. */
  impacts(): ImpactFact[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#ended.values()].sort((a, b) => a.seq - b.seq).map((e) => e.fact);
  }

  /** How much the node keeps by track id, per nation (for its status and the tests of its bounds). */
  retained(): NodeRetained {
    const nations = [this.nation, ...this.#o.partners];
    const endedTracks: Record<string, number> = {};
    for (const n of nations) if (this.#ended.sizeOf(n) > 0) endedTracks[n] = this.#ended.sizeOf(n);
    const ids = this.#ids.size;
    const triggers = this.consult.triggersRemembered();
    const objects: Record<string, NodeRetained['objects'][string]> = {};
    for (const n of nations) {
      const o = {
        notices: this.#notices.sizeOf(n),
        warnings: this.#warnings.sizeOf(n),
        withdrawals: this.#withdrawals.sizeOf(n),
        phases: this.#phases.sizeOf(n),
        sweeps: this.#sweeps.sizeOf(n),
        triggers: triggers[n] ?? 0,
      };
      if (Object.values(o).some((k) => k > 0)) objects[n] = o;
    }
    return {
      partnerTracks: this.status().partnerTracks,
      endedTracks,
      objectIdSources: ids.sources,
      objectIds: ids.ids,
      objects,
    };
  }

  /** Why a withdrawn warning was withdrawn; undefined while it stands. */
  withdrawalCause(w: Pick<Warning, 'trackId' | 'reason'>): WithdrawalCause | undefined {
    return this.#withdrawals.get(`${w.trackId}|${w.reason}`);
  }

  /** Warnings issued so far (each with the time it was first issued and its latest prediction). */
  warnings(): Warning[] {
    return [...this.#warnings.values()].sort((a, b) => a.issuedMs - b.issuedMs);
  }

  /** Notices issued so far: every object that has appeared in the nation's picture. */
  notices(): Notice[] {
    return [...this.#notices.values()].sort((a, b) => a.issuedMs - b.issuedMs);
  }

  /**
   * Runs `fn` under the node's guard: what it throws is logged, audited (`node-fault`) and counted
   * at `where`, and `undefined` is returned. For the callbacks others schedule on the node (the
   * API's stream pushes, a scenario's scans and scripts).
   */
  guard<T>(where: string, fn: () => T): T | undefined {
    return this.#guard.run(where, fn);
  }

  /** Refused partner payloads per partner, faults caught, partner tracks held. */
  status(): NodeStatus {
    const partnerTracks: Record<string, number> = {};
    for (const t of this.partnerTracks()) partnerTracks[t.nation] = (partnerTracks[t.nation] ?? 0) + 1;
    return {
      nation: this.nation,
      refused: this.#refused.snapshot(),
      faults: this.#guard.counts(),
      partnerTracks,
      maritime: this.maritime.counts(),
      rates: this.link.partnerRates(),
      expiredUnread: this.link.lostUnread(),
    };
  }

  stop(): void {
    this.#stopped = true;
    this.#guard.run('maritime:stop', () => this.maritime.stop());
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
    this.#ended.prune(nowMs);
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
      this.#partnerSources.drop(key);
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
    this.#ended.set(
      key,
      { fact: { ...impact, objectId: this.#ids.idOf(key) ?? null }, seq: this.#endedSeq++ },
      this.#o.clock.nowMs(),
    );
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

  /**
   * A partner's item, verified by the link: its payload's kind must be one the node knows and
   * travel under that kind's topic; a consultation event goes to the desk, a track is checked as a
   * physicist would (`checkTrackPayload`) before it joins the picture. Every refusal is audited
   * (`partner-payload-refused`) and counted per partner.
   */
  #onItem(r: ReceivedItem): void {
    const payload = r.item.payload;
    const kind =
      typeof payload === 'object' && payload !== null && 'kind' in payload && typeof payload.kind === 'string'
        ? payload.kind
        : null;
    const topic = kind === null || !Object.hasOwn(PAYLOAD_TOPICS, kind) ? undefined : PAYLOAD_TOPICS[kind];
    if (topic === undefined) {
      this.#refusePayload(
        r,
        'unknown-kind',
        `payload kind ${JSON.stringify(kind)} is not one this node takes`,
      );
      return;
    }
    if (topic !== r.item.topic) {
      this.#refusePayload(
        r,
        'topic-mismatch',
        `a '${kind}' payload travels under topic '${topic}', not '${r.item.topic}'`,
      );
      return;
    }
    if (kind === 'consultation-event') {
      this.consult.receive(r);
      return;
    }
    if (kind === 'consultation-trigger') {
      this.consult.receiveTrigger(r);
      return;
    }
    if (kind === 'registry-event') {
      if (this.commitments) this.commitments.receive(r);
      else this.#refusePayload(r, 'no-registry', 'this node keeps no commitments registry');
      return;
    }
    if (kind === 'governance-act') {
      this.governance.receive(r);
      return;
    }
    if (topic === MARITIME_PAYLOAD_TOPIC) {
      this.maritime.receive(
        r,
        (item, code, reason) => this.#refusePayload(item, code, reason),
        this.#maxSkewMs,
      );
      return;
    }
    if (kind !== 'track') {
      this.#refusePayload(r, 'not-taken-yet', `'${kind}' payloads are not taken over the link yet`);
      return;
    }
    const now = this.#o.clock.nowMs();
    const checked = checkTrackPayload(payload, {
      createdMs: r.item.createdMs,
      nowMs: now,
      maxSkewMs: this.#maxSkewMs,
    });
    if (!checked.ok) {
      this.#refusePayload(r, checked.code, checked.reason);
      return;
    }
    const p = checked.track;
    // A partner shares only tracks that stand (measured within its own staleness, shorter than
    // this): one already stale when its item was signed is not an honest share, and is refused
    // aloud. One that went stale on the way (an outage, a partition) is dropped below, silently.
    const ageAtEnvelopeMs = r.item.createdMs - p.tMs;
    if (ageAtEnvelopeMs > this.#staleness.partnerMs) {
      this.#refusePayload(
        r,
        'time-behind-envelope',
        `tMs: ${ageAtEnvelopeMs} ms before the item's signed creation time (a shared track is at most ${this.#staleness.partnerMs} ms old)`,
      );
      return;
    }
    const key = `${r.item.originator}:${p.trackId}`;
    // A track that came down stays down; one already stale on arrival is not news.
    if (this.#ended.has(key) || now - p.tMs > this.#staleness.partnerMs) return;
    const prev = this.#partner.get(key);
    if (prev && prev.tMs >= p.tMs) return; // an older update that arrived late
    if (!prev && !this.#roomForTrackOf(r.item.originator, now)) {
      this.#refusePayload(
        r,
        'too-many-tracks',
        `${r.item.originator} already has ${MAX_PARTNER_TRACKS} tracks standing in this picture`,
      );
      return;
    }
    const t: NationTrack = { nation: r.item.originator, trackId: p.trackId, tMs: p.tMs, x: p.x, P: p.P };
    this.#partnerSources.took(key, r, now);
    this.#partner.set(key, t);
    this.#version++;
    // Stale partner tracks leave the map even when nothing reads the picture (at most once a second).
    if (now - this.#prunedMs >= 1_000) {
      this.#prunedMs = now;
      this.#age(now);
    }
    this.#o.onPartnerTrack?.(t, r);
  }

  /** Whether a new track of `partner` fits under MAX_PARTNER_TRACKS once its stale ones are gone. */
  #roomForTrackOf(partner: Nation, nowMs: number): boolean {
    const count = () => {
      let n = 0;
      for (const t of this.#partner.values()) if (t.nation === partner) n++;
      return n;
    };
    if (count() < MAX_PARTNER_TRACKS) return true;
    // Ageing costs a ground-crossing check per track: at most once a second, however fast a partner sends.
    if (nowMs - this.#prunedMs < 1_000) return false;
    this.#prunedMs = nowMs;
    this.#age(nowMs);
    return count() < MAX_PARTNER_TRACKS;
  }

  #refusePayload(r: ReceivedItem, code: string, reason: string): void {
    this.#refused.add(r.item.originator, code);
    this.#o.store.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'partner-payload-refused',
      actor: r.item.originator,
      subject: r.item.id,
      detail: { code, reason, sender: r.sender, topic: r.item.topic },
    });
  }

  /** This nation's tracks that stand now (neither ended at the ground nor stale), at their own times. */
  ownTracks(): NationTrack[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#own.values()];
  }

  /**
   * Where a national track in this node's picture comes from: an own track (this nation's sensors,
   * under its track marking), or a partner's with the item that last updated it and the audit record
   * of the decision that let it in. undefined for a track this node does not hold.
   */
  trackSource(
    nation: Nation,
    trackId: number,
  ): ({ own: true; marking: string } | ({ own: false } & PartnerTrackSource)) | undefined {
    if (nation === this.nation) {
      return this.#own.has(trackId) ? { own: true, marking: this.#o.trackMarking } : undefined;
    }
    const key = `${nation}:${trackId}`;
    const source = this.#partner.has(key) ? this.#partnerSources.get(key) : undefined;
    return source ? { own: false, ...source } : undefined;
  }

  /** Partners' tracks that stand now, at their own times. */
  partnerTracks(): NationTrack[] {
    this.#age(this.#o.clock.nowMs());
    return [...this.#partner.values()];
  }

  /**
   * A picture object's trajectory as this node's picture held it, one position a second of its
   * estimate's time, oldest first (recorded once a second of the node's clock).
   */
  trail(id: string): TrailSample[] {
    return this.#trails.of(id);
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
