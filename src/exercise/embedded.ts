import type { HeardRecord } from '../bundled/index.js';
import type { CommitmentsRegistry } from '../commitments/index.js';
import type { ConsultationState, ConsultEvent, ContingencyPlan, ConveneRule } from '../consult/index.js';
import type { CompiledRegistry, Nation } from '../domain/index.js';
import {
  type AuditPort,
  createUuidV7Generator,
  envelopeCrypto,
  type InboxPort,
  type OutboxPort,
  routeFor,
  Scheduler,
  type SharingPolicy,
  type SigningKeyPair,
  SimNetwork,
} from '../link/index.js';
import {
  type AssessOptions,
  type AuditReader,
  type DeskResult,
  type MaritimeSettings,
  NationNode,
  NODE_FRESHNESS_MS,
  type Notice,
  type PictureRetention,
  type ProtectedAreas,
  type SensorMeasurement,
  type Warning,
} from '../node/index.js';
import {
  branchRegistry,
  createRng,
  type Scenario,
  type ScenarioIncident,
  type SimulationResult,
  simulate,
  type WatchAction,
} from '../sim/index.js';
import type { CommitmentEdits, ConsultEvents, GovernanceActs, MaritimeEventRecord } from '../store/index.js';
import type { MultiTargetTracker } from '../track/index.js';
import { type ScriptCallbacks, scheduleScenarioScripts } from './scripts.js';
import { scheduleShips } from './ships.js';
import type { WatchOutcome } from './watch.js';

function isReadable(a: AuditPort): a is AuditPort & AuditReader {
  const r = a as Partial<AuditReader>;
  return typeof r.read === 'function' && typeof r.head === 'function';
}

export interface EmbeddedOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly nations: readonly Nation[];
  readonly keys: ReadonlyMap<Nation, SigningKeyPair>;
  readonly openStore: (nation: Nation) => {
    outbox: OutboxPort;
    inbox: InboxPort;
    audit: AuditPort;
    /** Consultation events (kept in memory when the store has none). */
    consultations?: ConsultEvents;
    /** Commitments registry edits (kept in memory when the store has none). */
    commitmentEdits?: CommitmentEdits;
    /** Governance acts (kept in memory when the store has none). */
    governance?: GovernanceActs;
    transaction?: <T>(fn: () => T) => T;
    close(): void;
  };
  readonly registry: () => CompiledRegistry;
  readonly policy?: SharingPolicy;
  /** Marking of each nation's shared tracks. */
  readonly trackMarking: (nation: Nation) => string;
  /** One-way link delay in the simulated network, ms. */
  readonly linkDelayMs?: { min: number; max: number };
  /** Release review at each originator, and at a relay, before items leave (ms). */
  readonly releaseReviewMs?: number;
  readonly relayReviewMs?: number;
  /** Land, maritime zones and bases: with them the nodes issue notices and warnings. */
  readonly areas?: ProtectedAreas;
  /** Each node's maritime desk: reference data (shore, zones, ports, watch list) and bounds. */
  readonly maritime?: MaritimeSettings;
  /**
   * What each nation's AIS receivers hear of the scenario's ships (`shipsByNation`), fed to its
   * node's maritime desk at the records' own times; none without it.
   */
  readonly ships?: ReadonlyMap<Nation, readonly HeardRecord[]>;
  /** Called with each maritime event a node's desk detects (and stores), the lead-in's included. */
  readonly onMaritimeEvent?: (nation: Nation, e: MaritimeEventRecord) => void;
  /**
   * The nations whose nodes take `areas` and so assess their pictures (default: every one); a
   * simulation whose checks read some nodes' warnings only spares the others the cost.
   */
  readonly assessing?: readonly Nation[];
  /** How often each node assesses its picture for alerts (scenario ms, default 1000). */
  readonly assessEveryMs?: number;
  /** Each node's tracker, made by the caller (a test replaying a recorded run); the node's own without. */
  readonly tracker?: (nation: Nation) => MultiTargetTracker;
  /** How much each assessing node keeps per nation of its picture's objects (the node's defaults without). */
  readonly retention?: Partial<PictureRetention>;
  /** How often each node shares a track at most (scenario ms, default 1000). */
  readonly sharePeriodMs?: number;
  /** Assessment settings of every node (e.g. the swept-region grid); the nodes' defaults without. */
  readonly assess?: Omit<AssessOptions, 'phase'>;
  /** The scenario's simulation, when the caller has already run it. */
  readonly simulation?: SimulationResult;
  /**
   * Names this run among others on the same stores: item ids are drawn from the seed and this, so
   * a second run on the same SQLite files is not taken for a replay of the first (default '').
   */
  readonly runId?: string;
  /** Called as each node issues a warning, at the scenario instant it is issued. */
  readonly onWarning?: (nation: Nation, w: Warning) => void;
  /** Called as each node first sees an object in its picture. */
  readonly onNotice?: (nation: Nation, n: Notice) => void;
  /** Rules that convene consultations from warnings, and the contingency plans consultations show. */
  readonly consultRules?: readonly ConveneRule[];
  readonly contingencyPlans?: readonly ContingencyPlan[];
  /** The commitments registry each node keeps (with its administrators' edits); none without it. */
  readonly commitments?: () => CommitmentsRegistry;
  /** Called as each node newly holds a consultation event (its own or a partner's). */
  readonly onConsultEvent?: (
    nation: Nation,
    e: ConsultEvent,
    state: ConsultationState,
    from: 'own' | 'partner',
  ) => void;
  /** Called with what became of each of the scenario's scripted watch actions. */
  readonly onWatchAction?: (nation: Nation, a: WatchAction, outcome: WatchOutcome) => void;
  /** Called with what each of the scenario's scripted incidents convened or joined. */
  readonly onIncident?: (nation: Nation, i: ScenarioIncident, results: readonly DeskResult[]) => void;
  /** Called with what became of each of the scenario's scheduled governance acts. */
  readonly onGovernanceAct?: ScriptCallbacks['onGovernanceAct'];
}

/**
 * The embedded network: one node per nation in one process over the in-process transport, every
 * step an event on one virtual-time Scheduler (so a run is deterministic and can go faster than
 * real time), fed by the scenario's simulated measurements of each nation's own sensors.
 */
export class EmbeddedNetwork {
  readonly sched: Scheduler;
  readonly net: SimNetwork;
  readonly #nodes: Map<Nation, NationNode>;
  readonly #boot: (nation: Nation) => NationNode;
  readonly #down = new Set<Nation>();
  readonly scenario: Scenario;
  readonly simulation: SimulationResult;
  /** The agreements file as the scenario has it (its HYPOTHETICAL branch's past), before any act. */
  readonly registry: () => CompiledRegistry;
  readonly #stores = new Map<Nation, { close(): void }>();
  /** Each node's audit log, where its store can be read back (the SQLite store can). */
  readonly audits = new Map<Nation, AuditReader>();

  constructor(o: EmbeddedOptions) {
    this.scenario = o.scenario;
    this.sched = new Scheduler(o.scenario.startMs);
    const delay = o.linkDelayMs ?? { min: 0.5, max: 2 };
    this.net = new SimNetwork(this.sched, createRng(o.seed, 'embedded-network'), {
      dropRate: 0,
      duplicateRate: 0,
      delayMs: delay,
    });
    const policy = o.policy ?? 'trilateral';
    const publicKeys = new Map([...o.keys].map(([n, k]) => [n, k.publicKey]));
    const nodes = new Map<Nation, NationNode>();
    // A HYPOTHETICAL branch starts every node from the agreements file less the history it leaves out.
    const registry = () => branchRegistry(o.registry(), o.scenario);
    this.registry = registry;
    registry(); // a branch that names an event the file does not record fails here, before any node starts
    // Item ids are UUIDv7 drawn from the seed, so a run replays exactly.
    const idRng = createRng(o.seed, `item-ids${o.runId ?? ''}`);
    const ids = createUuidV7Generator((bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = idRng.int(256);
    });
    const boot = (nation: Nation): NationNode => {
      const store = o.openStore(nation);
      this.#stores.set(nation, store);
      if (isReadable(store.audit)) this.audits.set(nation, store.audit);
      const node = new NationNode({
        nation,
        partners: policy === 'none' ? [] : o.nations.filter((n) => n !== nation),
        clock: this.sched,
        timers: this.sched,
        transport: this.net,
        store,
        crypto: envelopeCrypto({
          nation,
          privateKey: o.keys.get(nation)!.privateKey,
          publicKeys,
          freshnessMs: NODE_FRESHNESS_MS,
        }),
        registry,
        route: routeFor(policy, nation),
        trackMarking: o.trackMarking(nation),
        concerning: o.scenario.launchState,
        newId: (nowMs) => ids.next(nowMs),
        ...(o.runId !== undefined ? { run: o.runId } : {}),
        ...(o.releaseReviewMs ? { releaseReviewMs: o.releaseReviewMs } : {}),
        ...(o.relayReviewMs ? { relayReviewMs: o.relayReviewMs } : {}),
        ...(o.areas && (o.assessing ?? o.nations).includes(nation) ? { areas: o.areas } : {}),
        ...(o.maritime ? { maritime: o.maritime } : {}),
        ...(o.assessEveryMs ? { assessEveryMs: o.assessEveryMs } : {}),
        ...(o.retention ? { retention: o.retention } : {}),
        ...(o.tracker ? { trackerInstance: o.tracker(nation) } : {}),
        ...(o.sharePeriodMs ? { sharePeriodMs: o.sharePeriodMs } : {}),
        ...(o.assess ? { assess: o.assess } : {}),
        ...(o.onWarning ? { onWarning: (w: Warning) => o.onWarning!(nation, w) } : {}),
        ...(o.onNotice ? { onNotice: (n: Notice) => o.onNotice!(nation, n) } : {}),
        ...(o.consultRules ? { consultRules: o.consultRules } : {}),
        ...(o.contingencyPlans ? { contingencyPlans: o.contingencyPlans } : {}),
        ...(o.commitments ? { commitments: o.commitments } : {}),
        ...(o.onConsultEvent
          ? {
              onConsultEvent: (e: ConsultEvent, s: ConsultationState, from: 'own' | 'partner') =>
                o.onConsultEvent!(nation, e, s, from),
            }
          : {}),
      });
      node.start();
      if (o.onMaritimeEvent) node.maritime.onEvent((e) => o.onMaritimeEvent!(nation, e));
      return node;
    };
    this.#boot = boot;
    for (const nation of o.nations) nodes.set(nation, boot(nation));
    this.#nodes = nodes;
    // The scenario's incidents and watch officers' actions, at their scenario instants, through the
    // nodes' desks (the same call as in a distributed node).
    scheduleScenarioScripts(o.scenario, nodes, (ms, fn) => this.sched.after(ms, fn), 0, {
      ...(o.onWatchAction ? { onWatchAction: o.onWatchAction } : {}),
      ...(o.onIncident ? { onIncident: o.onIncident } : {}),
      ...(o.onGovernanceAct ? { onGovernanceAct: o.onGovernanceAct } : {}),
    });

    // Each nation's desk hears the ships its receivers cover (the lead-in at once, then as time goes).
    if (o.ships)
      scheduleShips(
        o.ships,
        nodes,
        (ms, fn) => this.sched.after(ms, fn),
        () => this.sched.nowMs(),
      );

    // Each nation's node sees only its own sensors' measurements, scan by scan.
    this.simulation = o.simulation ?? simulate(o.scenario, o.seed);
    const { measurements } = this.simulation;
    const scans = new Map<string, { nation: Nation; tMs: number; ms: SensorMeasurement[] }>();
    for (const m of measurements) {
      const nation = m.nation as Nation;
      if (!nodes.has(nation)) continue;
      const key = `${nation}@${m.tMs}`;
      const scan = scans.get(key) ?? { nation, tMs: m.tMs, ms: [] };
      scans.set(key, scan);
      scan.ms.push({ tMs: m.tMs, sensor: m.sensor, x: m.x, y: m.y, z: m.z, covariance: m.covariance });
    }
    for (const scan of scans.values()) {
      this.sched.after(Math.max(0, scan.tMs - o.scenario.startMs), () => {
        // Looked up when the scan comes: a crashed node sees nothing, a restarted one from then on.
        if (this.#down.has(scan.nation)) return;
        const node = nodes.get(scan.nation)!;
        node.guard('ingest', () => node.ingest(scan.tMs, scan.ms));
      });
    }
  }

  /** Runs the network up to `tMs` of scenario time. */
  runUntil(tMs: number): void {
    this.sched.runUntil(tMs);
  }

  /** The running node of each nation (a restarted nation's newest). */
  get nodes(): ReadonlyMap<Nation, NationNode> {
    return this.#nodes;
  }

  /** Whether the nation's node is down (crashed and not restarted). */
  isDown(nation: Nation): boolean {
    return this.#down.has(nation);
  }

  /**
   * The nation's node crashes: it stops at once and its store is closed, so whatever it held only in
   * memory is lost; what it committed stays in the store, as on a disk. For simulations.
   */
  crash(nation: Nation): void {
    if (this.#down.has(nation)) return;
    this.#down.add(nation);
    this.#nodes.get(nation)!.stop();
    this.#stores.get(nation)!.close();
    this.#stores.delete(nation);
    this.audits.delete(nation);
  }

  /** A crashed node starts again: a new node on the nation's store, reopened as `openStore` opens it. */
  restart(nation: Nation): NationNode {
    if (!this.#down.has(nation)) return this.#nodes.get(nation)!;
    const node = this.#boot(nation);
    this.#nodes.set(nation, node);
    this.#down.delete(nation);
    return node;
  }

  close(): void {
    for (const [n, node] of this.#nodes) if (!this.#down.has(n)) node.stop();
    for (const s of this.#stores.values()) s.close();
    this.#stores.clear();
  }
}
