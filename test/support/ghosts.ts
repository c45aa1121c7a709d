// What truth says a network must never show: a warning about a missile that has already come down
// (or about nothing), an object below the ground, a consultation convened or escalated on such a
// warning. Runs a scenario through the embedded network and audits every node against truth.
import type { ConsultationState } from '../../src/consult/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork, SharingPolicy } from '../../src/exercise/index.js';
import { geodeticFromEcef } from '../../src/geo/index.js';
import type { ProtectedAreas } from '../../src/node/areas.js';
import type { ImpactFact, WithdrawalCause } from '../../src/node/node.js';
import type { Warning, WarningReason } from '../../src/node/warnings.js';
import type { Scenario, TruthRow } from '../../src/sim/index.js';
import { plans, rules } from '../consult/fixtures.js';
import { memoryNetwork } from './embedded.js';

/** A picture object follows a missile when within this distance of its true position (the exercise's gate). */
export const FOLLOWS_GATE_M = 20_000;

export interface GhostAudit {
  /** Warnings issued while their object followed no missile in flight: `NATION reason (object) at T+s`. */
  readonly lateWarnings: string[];
  /** Picture objects below the ground at a sampled second: `NATION object at T+s: h m`. */
  readonly belowGround: string[];
  /** Consultations convened, or escalated by rule, on a warning whose object followed no missile in flight then. */
  readonly lateConsultations: string[];
  /** Warnings issued and later withdrawn, by reason, summed over the nations. */
  readonly withdrawn: Record<WarningReason, number>;
  /** The same withdrawals by cause (the node's `withdrawalCause`), summed over the nations. */
  readonly withdrawnBecause: Record<WithdrawalCause['kind'], number>;
  /** Every warning as first issued, in order. */
  readonly issued: Warning[];
  /** Every warning at the end (with its latest prediction), by nation. */
  readonly warnings: Map<Nation, Warning[]>;
  /** Each node's impacts (tracks ended at the ground), and the tracks it still holds, at the end. */
  readonly impacts: Map<Nation, ImpactFact[]>;
  readonly heldTracks: Map<Nation, number>;
  /** Consultations at the end, on their conveners' nodes. */
  readonly consultations: ConsultationState[];
  /** Each missile's impact from truth: ms after the scenario start, and where. */
  readonly truthImpacts: Map<string, { ms: number; latDeg: number; lonDeg: number }>;
}

/**
 * Runs `scenario` under `policy` with the bundled areas and convening rules, sampling every node's
 * picture each second (the nodes assess each second), and audits it against truth.
 */
export function auditGhosts(scenario: Scenario, policy: SharingPolicy, areas: ProtectedAreas): GhostAudit {
  const lateWarnings: string[] = [];
  const belowGround: string[] = [];
  const lateConsultations: string[] = [];
  const issued: Warning[] = [];
  // Objects that followed a missile in flight, by node and sampled instant (ms after start).
  const valid = new Map<string, Set<string>>();
  let net: EmbeddedNetwork | null = null;
  const T = (ms: number) => `T+${((ms - scenario.startMs) / 1000).toFixed(1)}s`;
  const follows = (nation: Nation, id: string, tMs: number): boolean => {
    const p = net!.nodes
      .get(nation)!
      .picture()
      .find((x) => x.id === id);
    return p !== undefined && followsMissile(net!, truth, p.x, tMs);
  };
  const truth = new Map<string, TruthRow[]>();
  net = memoryNetwork({
    scenario,
    policy,
    areas,
    consultRules: rules,
    contingencyPlans: plans,
    onWarning: (nation, w) => {
      issued.push(w);
      if (!follows(nation, w.trackId, w.issuedMs))
        lateWarnings.push(`${nation} ${w.reason} of ${w.area} (${w.trackId}) at ${T(w.issuedMs)}`);
    },
  });
  for (const r of net.simulation.truth) truth.set(r.target, [...(truth.get(r.target) ?? []), r]);
  const endMs = scenario.startMs + scenario.durationS * 1000;
  for (let t = scenario.startMs; t <= endMs; t += 1_000) {
    net.runUntil(t);
    for (const [nation, node] of net.nodes) {
      const ok = new Set<string>();
      for (const p of node.picture()) {
        const g = geodeticFromEcef(p.x[0]!, p.x[1]!, p.x[2]!);
        if (g.hM < 0) belowGround.push(`${nation} ${p.id} at ${T(t)}: ${Math.round(g.hM)} m`);
        if (followsMissile(net, truth, p.x, t)) ok.add(p.id);
      }
      valid.set(`${nation}@${t}`, ok);
    }
  }
  const warnings = new Map([...net.nodes].map(([n, node]) => [n, node.warnings()]));
  const impacts = new Map([...net.nodes].map(([n, node]) => [n, node.impacts()]));
  const heldTracks = new Map(
    [...net.nodes].map(([n, node]) => [n, node.ownTracks().length + node.partnerTracks().length]),
  );
  const consultations = conveners(net);
  // A warning-driven convening or escalation happens at an assessment, on the whole second.
  const checkAt = (c: ConsultationState, objectId: string, atMs: number, what: string) => {
    if (!valid.get(`${c.convener}@${atMs}`)?.has(objectId))
      lateConsultations.push(`${c.convener} ${what} "${c.subject}" on ${objectId} at ${T(atMs)}`);
  };
  for (const c of consultations) {
    if (c.trigger?.kind === 'missile-warning') {
      const objectId = /^[A-Z]{3}:(.+):[a-z-]+$/.exec(c.trigger.id)![1]!;
      checkAt(c, objectId, c.convenedAtMs!, 'convened');
    }
    for (const h of c.levelHistory.slice(1)) {
      const on = /^warning: .* \(([^()]+)\); rule /.exec(h.reason);
      if (on) checkAt(c, on[1]!, h.atMs, `escalated to ${h.level}`);
    }
  }
  const withdrawn: Record<WarningReason, number> = {
    impact: 0,
    'possible-impact': 0,
    overflight: 0,
    'possible-overflight': 0,
  };
  const withdrawnBecause: Record<WithdrawalCause['kind'], number> = { 'not-predicted': 0, 'came-down': 0 };
  for (const [nation, ws] of warnings)
    for (const w of ws) {
      if (w.withdrawnMs === undefined) continue;
      withdrawn[w.reason]++;
      const cause = net.nodes.get(nation)!.withdrawalCause(w);
      if (cause === undefined)
        throw new Error(`${nation}: withdrawn ${w.reason} of ${w.trackId} without a cause`);
      withdrawnBecause[cause.kind]++;
    }
  const truthImpacts = new Map(
    net.simulation.flights.map((f) => {
      const at = f.solution.trajectory.impact!;
      return [f.id, { ms: (f.launchAfterS + f.flightTimeS) * 1000, latDeg: at.latDeg, lonDeg: at.lonDeg }];
    }),
  );
  net.close();
  return {
    lateWarnings,
    belowGround,
    lateConsultations,
    withdrawn,
    withdrawnBecause,
    issued,
    warnings,
    impacts,
    heldTracks,
    consultations,
    truthImpacts,
  };
}

/** Whether ECEF position x is within the gate of a missile in flight at tMs (truth, interpolated). */
function followsMissile(
  net: EmbeddedNetwork,
  truth: ReadonlyMap<string, readonly TruthRow[]>,
  x: ArrayLike<number>,
  tMs: number,
): boolean {
  const tS = (tMs - net.scenario.startMs) / 1000;
  for (const f of net.simulation.flights) {
    if (tS < f.launchAfterS || tS > f.launchAfterS + f.flightTimeS) continue;
    const at = truthAt(truth.get(f.id) ?? [], tS);
    if (at && Math.hypot(x[0]! - at[0], x[1]! - at[1], x[2]! - at[2]) <= FOLLOWS_GATE_M) return true;
  }
  return false;
}

function truthAt(rows: readonly TruthRow[], tS: number): [number, number, number] | null {
  if (rows.length === 0) return null;
  let b = rows.findIndex((r) => r.tS >= tS);
  if (b === -1) b = rows.length - 1;
  const a = Math.max(0, b - 1);
  const ra = rows[a]!;
  const rb = rows[b]!;
  const f = rb.tS === ra.tS ? 0 : Math.min(1, Math.max(0, (tS - ra.tS) / (rb.tS - ra.tS)));
  return [ra.x + (rb.x - ra.x) * f, ra.y + (rb.y - ra.y) * f, ra.z + (rb.z - ra.z) * f];
}

/** Every consultation, as its convener's node holds it. */
function conveners(net: EmbeddedNetwork): ConsultationState[] {
  const ids = new Set<string>();
  for (const node of net.nodes.values()) for (const c of node.consult.list()) ids.add(c.id!);
  return [...ids].map((id) => {
    const holders = [...net.nodes.values()].map((n) => n.consult.get(id)).filter((c) => c?.convened);
    return (holders.find((c) => c!.convener === id.split(':')[0]) ?? holders[0])!;
  });
}
