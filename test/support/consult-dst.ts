// Deterministic simulation of a consultation across three nodes: from one seed, a consultation
// convened by Japan and random operator actions at random nodes (acknowledgements, posts, statement
// versions, approvals, rejections, escalations, a close), under network faults (drops, duplicates,
// delays), partitions and node crashes with restarts from their stores. At the end, with the network
// healed and drained, every node must hold the same events and fold the same state.
import type { ConsultationState } from '../../src/consult/index.js';
import { type CompiledRegistry, type Nation, parseRegistry, TRILATERAL } from '../../src/domain/index.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  generateSigningKeyPair,
  routeFor,
  type SigningKeyPair,
} from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { performAction } from '../../src/node/consultations.js';
import { NationNode } from '../../src/node/node.js';
import { createRng } from '../../src/sim/index.js';
import type { Store } from '../../src/store/index.js';
import { scheduleFaults } from '../../src/testing/faults.js';

const MARKING: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};

let cachedKeys: Map<Nation, SigningKeyPair> | null = null;
const keys = () => {
  cachedKeys ??= new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
  return cachedKeys;
};

export interface ConsultDstOptions {
  readonly seed: number;
  /** Opens (or reopens, after a crash) a nation's store. */
  readonly openStore: (nation: Nation) => Store;
  readonly agreementsText: string;
  readonly actions?: number;
  readonly durationMs?: number;
}

export interface ConsultDstResult {
  readonly seed: number;
  readonly policy: 'trilateral' | 'us-hub';
  readonly crashes: number;
  readonly partitions: number;
  /** Actions the desks accepted (authored and sent). */
  readonly authored: number;
  readonly refused: number;
  /** What every node agrees on at the end (JPN's view, when they agree). */
  readonly final: {
    level: string | null;
    applied: number;
    rejected: number;
    agreed: boolean;
    closed: boolean;
    escalations: number;
  };
  readonly violations: string[];
}

/** The parts of a folded state every node holding the same events must agree on. */
function essence(s: ConsultationState | null) {
  if (s === null) return null;
  const { nowMs: _now, ...rest } = s;
  return rest;
}

export function runConsultDst(o: ConsultDstOptions): ConsultDstResult {
  const rng = createRng(o.seed, 'consult-dst');
  const startMs = Date.UTC(2024, 5, 1);
  const durationMs = o.durationMs ?? 120_000;
  const sched = new Scheduler(startMs);
  const net = new SimNetwork(sched, createRng(o.seed, 'consult-net'), {
    dropRate: rng.next() * 0.2,
    duplicateRate: rng.next() * 0.2,
    delayMs: { min: 1, max: 1 + rng.next() * 300 },
  });
  const policy = rng.next() < 0.5 ? 'trilateral' : 'us-hub';
  const registry: CompiledRegistry = parseRegistry(o.agreementsText, 'agreements.yaml');
  const idRngs = new Map(TRILATERAL.map((n) => [n, createRng(o.seed, `ids-${n}`)]));
  const ids = new Map(
    TRILATERAL.map((n) => [
      n,
      createUuidV7Generator((bytes) => {
        for (let i = 0; i < bytes.length; i++) bytes[i] = idRngs.get(n)!.int(256);
      }),
    ]),
  );
  const publicKeys = new Map(TRILATERAL.map((n) => [n, keys().get(n)!.publicKey]));

  const nodes = new Map<Nation, { node: NationNode; store: Store; up: boolean }>();
  const boot = (nation: Nation) => {
    const store = o.openStore(nation);
    const node = new NationNode({
      nation,
      partners: TRILATERAL.filter((n) => n !== nation),
      clock: sched,
      timers: sched,
      transport: net,
      store,
      crypto: envelopeCrypto({
        nation,
        privateKey: keys().get(nation)!.privateKey,
        publicKeys,
        freshnessMs: 86_400_000,
      }),
      registry: () => registry,
      route: routeFor(policy, nation),
      trackMarking: MARKING[nation]!,
      concerning: 'PRK',
      newId: (nowMs) => ids.get(nation)!.next(nowMs),
    });
    node.start();
    nodes.set(nation, { node, store, up: true });
  };
  for (const n of TRILATERAL) boot(n);

  // Japan convenes; everything else names the consultation it convened.
  let consultation: string | null = null;
  let authored = 0;
  let refused = 0;
  const ackWithinMs = 10_000 + Math.floor(rng.next() * 30_000);
  sched.after(500, () => {
    const r = nodes.get('JPN')!.node.consult.convene(
      {
        subject: `simulated consultation, seed ${o.seed}`,
        trigger: { kind: 'manual' },
        coalition: 'us-jpn-kor-trilateral',
        level: 'working',
        participants: TRILATERAL,
        ackWithinMs,
      },
      'dst',
    );
    if (r.ok) {
      consultation = r.event.id;
      authored++;
    }
  });

  const count = o.actions ?? 30;
  for (let i = 0; i < count; i++) {
    const at = 1_000 + rng.next() * durationMs * 0.8;
    const nation = TRILATERAL[rng.int(3)]!;
    const pick = rng.next();
    const n = i;
    sched.after(at, () => {
      const entry = nodes.get(nation)!;
      if (!entry.up || consultation === null) return;
      const desk = entry.node.consult;
      const known = desk.get(consultation);
      if (known === null) return; // the convening has not reached this node yet
      const live = known.statements
        .find((s) => s.id === 'joint')
        ?.versions.filter((v) => v.supersededBy.length === 0)
        .at(-1)?.id;
      const c = consultation;
      const action =
        pick < 0.3
          ? ({ action: 'acknowledge', consultation: c } as const)
          : pick < 0.45
            ? ({ action: 'post', consultation: c, text: `note ${n}`, marking: MARKING[nation]! } as const)
            : pick < 0.6
              ? ({
                  action: 'propose',
                  consultation: c,
                  text: `draft ${n}`,
                  ...(live ? { replaces: live } : {}),
                } as const)
              : pick < 0.85
                ? ({ action: 'approve', consultation: c } as const)
                : pick < 0.92
                  ? ({ action: 'reject', consultation: c, reason: `not yet (${n})` } as const)
                  : pick < 0.97
                    ? ({ action: 'escalate', consultation: c, to: 'ministerial', reason: 'by hand' } as const)
                    : ({ action: 'close', consultation: c, outcome: 'done' } as const);
      const r = performAction(desk, nation, action, 'dst');
      if (r.ok) authored++;
      else refused++;
    });
  }

  // Faults: partitions and crashes at random times, all healed before the end.
  const { partitions, crashes } = scheduleFaults({
    rng,
    sched,
    net,
    durationMs,
    partitionChance: 0.7,
    partitionLength: 0.3,
    crashChance: 0.6,
    isUp: (n) => nodes.get(n)!.up,
    crash: (n) => {
      const x = nodes.get(n)!;
      x.node.stop();
      x.store.close();
      x.up = false;
    },
    boot,
    kick: () => {
      for (const x of nodes.values()) if (x.up) x.node.link.kick();
    },
  });

  sched.runUntil(startMs + durationMs);
  net.healAll();
  net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } });
  for (const n of TRILATERAL) if (!nodes.get(n)!.up) boot(n);
  // Drain: deadlines may still pass and escalate, so run past every one of them.
  for (let i = 0; i < 30; i++) {
    for (const x of nodes.values()) x.node.link.kick();
    sched.runUntil(sched.nowMs() + 5_000);
  }

  const violations: string[] = [];
  if (consultation === null) violations.push('Japan could not convene');
  const id = consultation ?? '';
  const events = TRILATERAL.map((n) =>
    nodes
      .get(n)!
      .store.consultations.list(id)
      .map((r) => r.id)
      .sort(),
  );
  for (let i = 1; i < TRILATERAL.length; i++) {
    const missing = events[0]!.filter((e) => !events[i]!.includes(e));
    const extra = events[i]!.filter((e) => !events[0]!.includes(e));
    if (missing.length + extra.length > 0)
      violations.push(
        `${TRILATERAL[i]} holds different events from ${TRILATERAL[0]}: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`,
      );
  }
  const states = TRILATERAL.map((n) => nodes.get(n)!.node.consult.get(id));
  const first = JSON.stringify(essence(states[0]!));
  states.forEach((s, i) => {
    if (JSON.stringify(essence(s)) !== first) violations.push(`${TRILATERAL[i]} folds a different state`);
  });
  const jpn = states[1];
  for (const x of nodes.values()) {
    x.node.stop();
    x.store.close();
  }
  return {
    seed: o.seed,
    policy,
    crashes,
    partitions,
    authored,
    refused,
    final: {
      level: jpn?.level ?? null,
      applied: jpn?.applied.length ?? 0,
      rejected: jpn?.rejected.length ?? 0,
      agreed: jpn?.statements.some((s) => s.agreed !== null) ?? false,
      closed: jpn?.closed !== null && jpn !== null,
      escalations: (jpn?.levelHistory.length ?? 1) - 1,
    },
    violations,
  };
}
