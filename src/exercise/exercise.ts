import type { HeardRecord } from '../bundled/index.js';
import type { ConsultationState, ContingencyPlan, ConveneRule, Level, TriggerRef } from '../consult/index.js';
import type { CompiledRegistry, Nation } from '../domain/index.js';
import { geodeticFromEcef } from '../geo/index.js';
import type { AuditPort, InboxPort, OutboxPort, SharingPolicy, SigningKeyPair } from '../link/index.js';
import type { MaritimeSettings, ProtectedAreas, Warning, WarningReason } from '../node/index.js';
import { type Scenario, type SimulationResult, simulate } from '../sim/index.js';
import { EmbeddedNetwork } from './embedded.js';

/**
 * Delays that are policy, not physics: scenario parameters with labelled defaults. None of the
 * real figures is public, so every default is an assumption and says so.
 */
export interface ExerciseDelays {
  /** One-way latency of each link hop, ms. Assumed: 50 ms for a secure wide-area link. */
  readonly linkLatencyMs: number;
  /** The relay's release review before it passes a partner's item on (us-hub only), ms. Assumed: 20 s. */
  readonly relayReviewMs: number;
  /** Human release review at the originator before its items leave, ms. Assumed: 0 (machine-to-machine). */
  readonly releaseReviewMs: number;
}

export const DEFAULT_DELAYS: ExerciseDelays = {
  linkLatencyMs: 50,
  relayReviewMs: 20_000,
  releaseReviewMs: 0,
};

export const DELAY_ASSUMPTIONS: Record<keyof ExerciseDelays, string> = {
  linkLatencyMs: 'assumed: 50 ms one way per hop on a secure wide-area link (not public)',
  relayReviewMs:
    'assumed: 20 s for the US hub to review and re-release a partner item before December 2023 (public reporting says only "with delay")',
  releaseReviewMs: 'assumed: 0 s, machine-to-machine release of track data at the originator',
};

export interface NationFigures {
  firstDetectionS: number | null;
  firstAwarenessS: number | null;
  firstWarningS: number | null;
  leadTimeS: number | null;
  /**
   * The lead time a warning at the physical limit would have given: the event of the nation's lead
   * time, counted from the physical limit instead of the first warning. Null without a lead time.
   */
  physicalLimitLeadTimeS: number | null;
  /** The maritime events the nation's node detected from what its receivers heard, in time order. */
  maritimeEvents: MaritimeEventFigures[];
}

/** One maritime event as a nation's node detected it. */
export interface MaritimeEventFigures {
  /** Detector event type: zone-entry, encounter, loitering, ais-gap, ... */
  type: string;
  /** The vessels' MMSIs (two for an encounter). */
  mmsi: number[];
  /** The zone, for zone entries and exits; else null. */
  zone: string | null;
  /**
   * When it was detected, in seconds from the SCENARIO's start (concord start's T+<s>s; negative in
   * the traffic's lead-in), whatever the results' time base.
   */
  scenarioS: number;
}

export interface MissileFigures {
  id: string;
  launchS: number;
  impactS: number;
  impactArea: string | null;
  overflown: Nation[];
  nations: Partial<
    Record<Nation, Omit<NationFigures, 'firstDetectionS' | 'maritimeEvents' | 'physicalLimitLeadTimeS'>>
  >;
  /** The true ground track, [lonDeg, latDeg] every `GROUND_TRACK_STEP_S` from launch to impact. */
  groundTrack: [number, number][];
}

/** One warning a nation's node issued about a missile: the first of its kind (reason, area) per missile. */
export interface WarningFigures {
  nation: Nation;
  missile: string;
  reason: WarningReason;
  /** The warned area by name, e.g. `JPN land`, `JPN EEZ`, `Misawa Air Base`. */
  area: string;
  issuedS: number;
  /** The predicted impact or first overflight, as at issue. */
  eventS: number;
  /** Where the impact or overflight is predicted. */
  latDeg: number;
  lonDeg: number;
  /** The predicted impact's 95 % ellipse as at issue (impact warnings only), else null. */
  ellipse: { semiMajorM: number; semiMinorM: number; orientationDeg: number } | null;
  /** When a later assessment withdrew it (as at the end of the run), else null. */
  withdrawnS: number | null;
}

/** Spacing of the points of a missile's ground track in results.json, s. */
export const GROUND_TRACK_STEP_S = 10;

/** A consultation as it stood at the end of a run, on its convener's node. */
export interface ConsultationFigures {
  id: string;
  /** The level reached. */
  level: Level;
  trigger: TriggerRef;
  participants: Nation[];
  convener: Nation;
  convenedAtS: number;
  /** When each participant acknowledged (the convener: the convening), null if it never did. */
  acknowledgedAtS: Partial<Record<Nation, number | null>>;
  /** The first escalation, null if none. */
  escalatedAtS: number | null;
  /** Participants that missed an acknowledgement deadline. */
  missed: Nation[];
  /** When the joint statement was agreed (every participant approving one version), null if never. */
  agreedAtS: number | null;
  status: 'open' | 'closed';
}

export interface ExerciseRun {
  policy: SharingPolicy;
  seed: number;
  delays: ExerciseDelays;
  physicalLimitS: number | null;
  nations: Partial<Record<Nation, NationFigures>>;
  missiles: MissileFigures[];
  /** The warnings the nodes issued, in time order (first of each nation, missile, reason, area). */
  warnings: WarningFigures[];
  consultations: ConsultationFigures[];
}

export interface ExerciseOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly policy: SharingPolicy;
  readonly delays?: Partial<ExerciseDelays>;
  readonly nations: readonly Nation[];
  readonly keys: ReadonlyMap<Nation, SigningKeyPair>;
  readonly registry: () => CompiledRegistry;
  readonly openStore: (nation: Nation) => {
    outbox: OutboxPort;
    inbox: InboxPort;
    audit: AuditPort;
    close(): void;
  };
  readonly trackMarking: (nation: Nation) => string;
  /** How often the pictures are sampled for awareness, ms (default 100). */
  readonly sampleMs?: number;
  /** A picture track within this distance of a missile's true position is awareness of it (default 20 km). */
  readonly associationGateM?: number;
  /** Scans a sensor needs to confirm a track (the tracker's M of M-of-N; default 4). */
  readonly confirmScans?: number;
  readonly simulation?: SimulationResult;
  /** Land of the nations: with it the nodes issue warnings and the run measures lead times. */
  readonly areas?: ProtectedAreas;
  /** Rules that convene consultations from the nodes' warnings, and the plans they show. */
  readonly consultRules?: readonly ConveneRule[];
  readonly contingencyPlans?: readonly ContingencyPlan[];
  /** Each node's maritime desk: reference data (zones, ...); without it no zone events. */
  readonly maritime?: MaritimeSettings;
  /** What each nation's receivers hear of the scenario's ships (`shipsByNation`); none without it. */
  readonly ships?: ReadonlyMap<Nation, readonly HeardRecord[]>;
}

/** What an exercise's times count from: named in results.json, so they can be set beside others. */
export interface ExerciseTimeBase {
  /** `first-launch`; `scenario-start` for a scenario without missiles (incidents only). */
  readonly from: 'first-launch' | 'scenario-start';
  /** The missile launched first (none for `scenario-start`). */
  readonly missile?: string;
  /** The instant of time 0, ISO 8601 UTC. */
  readonly at: string;
  /** Time 0 in `concord start`'s time base (its `T+<s>s`: seconds from the scenario's start). */
  readonly scenarioS: number;
  readonly note: string;
}

/**
 * The time base of an exercise's results: seconds from the scenario's first launch, or from its
 * start when it has no missiles. `concord start` counts from the scenario's start instead; the
 * `scenarioS` offset maps one onto the other.
 * @example exerciseTimeBase(irbmOverJapan) // { from: 'first-launch', missile: 'irbm-1', scenarioS: 120, ... }
 */
export function exerciseTimeBase(scenario: {
  startMs: number;
  missiles: readonly { id: string; launchAfterS: number }[];
}): ExerciseTimeBase {
  const first = [...scenario.missiles].sort((a, b) => a.launchAfterS - b.launchAfterS)[0];
  if (!first) {
    return {
      from: 'scenario-start',
      at: new Date(scenario.startMs).toISOString(),
      scenarioS: 0,
      note: "times are seconds from the scenario's start (it has no missiles), as concord start's T+<s>s",
    };
  }
  return {
    from: 'first-launch',
    missile: first.id,
    at: new Date(scenario.startMs + first.launchAfterS * 1000).toISOString(),
    scenarioS: first.launchAfterS,
    note: `times are seconds from the first launch (${first.id}); add ${first.launchAfterS} for concord start's T+<s>s (seconds from the scenario's start)`,
  };
}

/**
 * One exercise run: the scenario through the embedded network under one sharing policy, measuring
 * per nation and per missile the first own detection, the first awareness (a confirmed track of the
 * missile in the nation's picture, own or partner) and — once alerts are computed by the nodes —
 * the first warning and its lead time. The physical limit comes from truth, not from our tracker:
 * the earliest time any allied sensor has the missile in coverage plus that sensor's minimum
 * confirmation time. Times are seconds from the scenario's first launch.
 */
export function runExercise(o: ExerciseOptions): ExerciseRun {
  const delays: ExerciseDelays = { ...DEFAULT_DELAYS, ...o.delays };
  // Before the network: its desks detect during its construction (the ships' lead-in).
  const nations: Partial<Record<Nation, NationFigures>> = {};
  for (const n of o.nations)
    nations[n] = {
      firstDetectionS: null,
      firstAwarenessS: null,
      firstWarningS: null,
      leadTimeS: null,
      physicalLimitLeadTimeS: null,
      maritimeEvents: [],
    };
  const simulation = o.simulation ?? simulate(o.scenario, o.seed);
  const net = new EmbeddedNetwork({
    scenario: o.scenario,
    seed: o.seed,
    nations: o.nations,
    keys: o.keys,
    openStore: o.openStore,
    registry: o.registry,
    policy: o.policy,
    trackMarking: o.trackMarking,
    linkDelayMs: { min: delays.linkLatencyMs, max: delays.linkLatencyMs },
    releaseReviewMs: delays.releaseReviewMs,
    relayReviewMs: delays.relayReviewMs,
    simulation,
    ...(o.areas ? { areas: o.areas } : {}),
    ...(o.consultRules ? { consultRules: o.consultRules } : {}),
    ...(o.contingencyPlans ? { contingencyPlans: o.contingencyPlans } : {}),
    ...(o.maritime ? { maritime: o.maritime } : {}),
    ...(o.ships ? { ships: o.ships } : {}),
    onMaritimeEvent: (nation, e) => {
      const d = e.detector as { zone?: unknown } | null;
      nations[nation]?.maritimeEvents.push({
        type: e.type,
        mmsi: [...e.mmsi],
        zone: d !== null && typeof d === 'object' && typeof d.zone === 'string' ? d.zone : null,
        scenarioS: round((e.detectedMs - o.scenario.startMs) / 1000),
      });
    },
  });
  const firstLaunchMs = Date.parse(exerciseTimeBase(o.scenario).at);
  const s = (tMs: number) => round((tMs - firstLaunchMs) / 1000);

  // Truth by missile, for associating picture tracks with missiles.
  const truth = new Map<string, { tS: number; x: number; y: number; z: number }[]>();
  for (const r of simulation.truth) {
    const list = truth.get(r.target) ?? [];
    list.push({ tS: r.tS, x: r.x, y: r.y, z: r.z });
    truth.set(r.target, list);
  }

  // First own detection and the physical limit, from the sensors' reports of real targets.
  const scanPeriodS = new Map(o.scenario.sensors.map((x) => [x.id, x.performance.scanPeriodS]));
  const confirmScans = o.confirmScans ?? 4;
  let physicalMs = Number.POSITIVE_INFINITY;
  for (const r of simulation.reports) {
    if (r.truthId === null) continue;
    const figures = nations[r.nation as Nation];
    if (figures && figures.firstDetectionS === null) figures.firstDetectionS = s(r.tMs);
    physicalMs = Math.min(physicalMs, r.tMs + (confirmScans - 1) * (scanPeriodS.get(r.sensor) ?? 0) * 1000);
  }

  const missiles: MissileFigures[] = simulation.flights.map((f) => ({
    id: f.id,
    launchS: s(o.scenario.startMs + f.launchAfterS * 1000),
    impactS: s(o.scenario.startMs + (f.launchAfterS + f.flightTimeS) * 1000),
    impactArea: null,
    overflown: [],
    nations: Object.fromEntries(
      o.nations.map((n) => [n, { firstAwarenessS: null, firstWarningS: null, leadTimeS: null }]),
    ),
    groundTrack: groundTrack(truth.get(f.id) ?? []),
  }));
  // By nation, picture object and reason (as the nodes key them): the first sampled, and its missile.
  const warnings = new Map<string, WarningFigures>();
  const unattributed = new Set<string>();

  // What truth says happens: the nations whose land the missile passes over, and where it lands.
  const truthEvents = new Map<
    string,
    { overflightS: Map<Nation, number>; impactArea: string | null; impactNation: string | null }
  >();
  for (const m of missiles) {
    const rows = truth.get(m.id)!;
    const overflightS = new Map<Nation, number>();
    let impactArea: string | null = null;
    let impactNation: string | null = null;
    if (o.areas) {
      for (const r of rows) {
        const g = geodeticFromEcef(r.x, r.y, r.z);
        const n = o.areas.territories.nationAt(g.latDeg, g.lonDeg) as Nation | null;
        if (n && g.hM > 1_000 && !overflightS.has(n)) overflightS.set(n, r.tS);
      }
      const last = rows[rows.length - 1]!;
      const g = geodeticFromEcef(last.x, last.y, last.z);
      const z = o.areas.zones.zoneAt(g.latDeg, g.lonDeg);
      impactArea = z ? (z.zone === 'land' ? z.nation : `${z.nation} ${z.zone}`) : 'high seas';
      impactNation = z?.nation ?? null;
    }
    truthEvents.set(m.id, { overflightS, impactArea, impactNation });
    m.impactArea = impactArea;
    // The launching state's own land is not overflight.
    m.overflown = [...overflightS.keys()].filter((n) => o.nations.includes(n));
  }

  const gate2 = (o.associationGateM ?? 20_000) ** 2;
  const sampleMs = o.sampleMs ?? 100;
  const endMs = o.scenario.startMs + o.scenario.durationS * 1000;
  for (let t = o.scenario.startMs; t <= endMs; t += sampleMs) {
    net.runUntil(t);
    const tS = (t - o.scenario.startMs) / 1000;
    for (const [nation, node] of net.nodes) {
      // New warnings, attributed to the missile their picture object follows.
      const unwarned = missiles.filter((m) => m.nations[nation]!.firstWarningS === null);
      const current = node.warnings();
      const unseen = current.filter(
        (w) => !warnings.has(warningKey(nation, w)) && !unattributed.has(warningKey(nation, w)),
      );
      if ((unwarned.length > 0 || unseen.length > 0) && current.length > 0) {
        const picture = node.picture();
        // Each warning of a kind not yet seen, with the missile its picture object follows.
        for (const w of unseen) {
          const p = picture.find((x) => x.id === w.trackId);
          const m =
            p &&
            missiles.find((x) => {
              const at = truthAt(truth.get(x.id)!, tS);
              return at && (p.x[0]! - at.x) ** 2 + (p.x[1]! - at.y) ** 2 + (p.x[2]! - at.z) ** 2 <= gate2;
            });
          // One about no missile (a false track's, or one gone from the picture) is not looked at again.
          if (m) warnings.set(warningKey(nation, w), warningFigures(nation, m.id, w, s));
          else unattributed.add(warningKey(nation, w));
        }
        for (const w of unwarned.length > 0 ? current : []) {
          const p = picture.find((x) => x.id === w.trackId);
          if (!p) continue;
          for (const m of unwarned) {
            const at = truthAt(truth.get(m.id)!, tS);
            if (!at || (p.x[0]! - at.x) ** 2 + (p.x[1]! - at.y) ** 2 + (p.x[2]! - at.z) ** 2 > gate2)
              continue;
            const figures = m.nations[nation]!;
            if (figures.firstWarningS !== null) continue;
            figures.firstWarningS = s(w.issuedMs);
            // Lead time to what truth says happens to the nation (overflight first, else impact in
            // its land, sea or EEZ); a warning of something that does not happen has none.
            const ev = truthEvents.get(m.id)!;
            const eventS = ev.overflightS.has(nation)
              ? s(o.scenario.startMs + ev.overflightS.get(nation)! * 1000)
              : ev.impactNation === nation
                ? m.impactS
                : null;
            figures.leadTimeS = eventS === null ? null : round(eventS - figures.firstWarningS);
          }
        }
      }
      const pending = missiles.filter((m) => m.nations[nation]!.firstAwarenessS === null);
      if (pending.length === 0) continue;
      const picture = node.picture();
      if (picture.length === 0) continue;
      for (const m of pending) {
        const at = truthAt(truth.get(m.id)!, tS);
        if (!at) continue;
        if (
          picture.some((p) => (p.x[0]! - at.x) ** 2 + (p.x[1]! - at.y) ** 2 + (p.x[2]! - at.z) ** 2 <= gate2)
        ) {
          m.nations[nation]!.firstAwarenessS = s(t);
        }
      }
    }
  }
  const consultations = consultationFigures(net.nodes, s);
  for (const [nation, node] of net.nodes)
    for (const w of node.warnings()) {
      const f = warnings.get(warningKey(nation, w));
      if (f && w.withdrawnMs !== undefined) f.withdrawnS = s(w.withdrawnMs);
    }
  net.close();

  const earliest = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.min(...v) : null;
  };
  for (const n of o.nations) {
    nations[n]!.firstAwarenessS = earliest(missiles.map((m) => m.nations[n]!.firstAwarenessS));
    nations[n]!.firstWarningS = earliest(missiles.map((m) => m.nations[n]!.firstWarningS));
    // The nation's lead time is that of its earliest warning of something that happened.
    const first = missiles
      .map((m) => m.nations[n]!)
      .filter((f) => f.firstWarningS !== null && f.leadTimeS !== null)
      .sort((a, b) => a.firstWarningS! - b.firstWarningS!)[0];
    nations[n]!.leadTimeS = first?.leadTimeS ?? null;
    nations[n]!.physicalLimitLeadTimeS =
      first && Number.isFinite(physicalMs)
        ? round(first.firstWarningS! + first.leadTimeS! - s(physicalMs))
        : null;
  }
  return {
    policy: o.policy,
    seed: o.seed,
    delays,
    physicalLimitS: Number.isFinite(physicalMs) ? s(physicalMs) : null,
    nations,
    missiles,
    warnings: [...warnings.values()].sort((a, b) => a.issuedS - b.issuedS),
    consultations,
  };
}

const warningKey = (nation: Nation, w: Pick<Warning, 'trackId' | 'reason'>) =>
  `${nation}|${w.trackId}|${w.reason}`;

function warningFigures(
  nation: Nation,
  missile: string,
  w: Warning,
  s: (tMs: number) => number,
): WarningFigures {
  return {
    nation,
    missile,
    reason: w.reason,
    area: w.area,
    issuedS: s(w.issuedMs),
    eventS: s(w.eventMs),
    latDeg: round3(w.latDeg),
    lonDeg: round3(w.lonDeg),
    ellipse: w.ellipse
      ? {
          semiMajorM: Math.round(w.ellipse.semiMajorM),
          semiMinorM: Math.round(w.ellipse.semiMinorM),
          orientationDeg: round(w.ellipse.orientationDeg),
        }
      : null,
    withdrawnS: null,
  };
}

/** [lonDeg, latDeg] of the truth every GROUND_TRACK_STEP_S, and its last point. */
function groundTrack(rows: readonly { tS: number; x: number; y: number; z: number }[]): [number, number][] {
  const out: [number, number][] = [];
  let nextS = Number.NEGATIVE_INFINITY;
  rows.forEach((r, i) => {
    if (r.tS < nextS && i !== rows.length - 1) return;
    const g = geodeticFromEcef(r.x, r.y, r.z);
    out.push([round3(g.lonDeg), round3(g.latDeg)]);
    nextS = r.tS + GROUND_TRACK_STEP_S;
  });
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Every consultation any node holds, as its convener's node folds it (the partners' acks reach it there). */
function consultationFigures(
  nodes: ReadonlyMap<
    Nation,
    { consult: { list(): ConsultationState[]; get(id: string): ConsultationState | null } }
  >,
  s: (tMs: number) => number,
): ConsultationFigures[] {
  const ids = new Set<string>();
  for (const node of nodes.values()) for (const c of node.consult.list()) ids.add(c.id!);
  const out: ConsultationFigures[] = [];
  for (const id of ids) {
    const holders = [...nodes.values()].map((n) => n.consult.get(id)).filter((c) => c?.convened);
    const c = (holders.find((x) => x!.convener === id.split(':')[0]) ?? holders[0])!;
    const acknowledgedAtS: Partial<Record<Nation, number | null>> = {};
    for (const a of c.acks) acknowledgedAtS[a.nation] = a.status === 'acked' ? s(a.atMs) : null;
    const missed = new Set<Nation>(c.escalation.missed);
    for (const h of c.levelHistory)
      if (h.cause.kind === 'missed-ack') for (const n of h.cause.nations) missed.add(n);
    for (const a of c.acks) if (a.status === 'acked' && a.late) missed.add(a.nation);
    const agreed = c.statements.map((x) => x.agreed?.atMs).filter((x): x is number => x !== undefined);
    out.push({
      id,
      level: c.level!,
      trigger: c.trigger!,
      participants: [...c.participants],
      convener: c.convener!,
      convenedAtS: s(c.convenedAtMs!),
      acknowledgedAtS,
      escalatedAtS: c.levelHistory.length > 1 ? s(c.levelHistory[1]!.atMs) : null,
      missed: c.participants.filter((n) => missed.has(n)),
      agreedAtS: agreed.length > 0 ? s(Math.min(...agreed)) : null,
      status: c.closed === null ? 'open' : 'closed',
    });
  }
  return out.sort((a, b) => a.convenedAtS - b.convenedAtS || (a.id < b.id ? -1 : 1));
}

function truthAt(rows: readonly { tS: number; x: number; y: number; z: number }[], tS: number) {
  if (rows.length === 0 || tS < rows[0]!.tS || tS > rows[rows.length - 1]!.tS) return null;
  let lo = 0;
  let hi = rows.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.tS <= tS) lo = mid;
    else hi = mid;
  }
  const a = rows[lo]!;
  const b = rows[hi]!;
  const f = b.tS === a.tS ? 0 : (tS - a.tS) / (b.tS - a.tS);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, z: a.z + (b.z - a.z) * f };
}

const round = (x: number) => Math.round(x * 10) / 10;
