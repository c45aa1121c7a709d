// Deterministic simulation of a Byzantine partner at the node level: the three nations' nodes on
// the embedded network, fed the scenario's measurements, run an honest consultation (convene,
// acknowledge — one of them perhaps late, which escalates —, post, propose, approve, post again)
// while one node (the seed's choice) also sends, to the two honest nodes, every attack of
// PAYLOAD_ATTACKS at seeded times, under duplicated and delayed delivery and partitions of the
// hostile node. The same seed runs twice, with and without the hostile traffic: on the honest nodes
// the consultation must fold the same state in both runs, the warnings must be the same, nothing
// may fault, and every hostile item must be refused and audited exactly once.
import type { ConsultationState } from '../consult/index.js';
import { type CompiledRegistry, decide, type Nation, parseMarking, TRILATERAL } from '../domain/index.js';
import { EmbeddedNetwork, type EmbeddedOptions } from '../exercise/index.js';
import {
  createUuidV7Generator,
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeEnvelope,
  type SigningKeyPair,
  signEnvelope,
} from '../link/index.js';
import { type NationNode, type OperatorAction, type ProtectedAreas, performAction } from '../node/index.js';
import { createRng, type Scenario, type SimulationResult } from '../sim/index.js';
import { multiTargetTracker, standardComponents } from '../track/index.js';
import { PAYLOAD_ATTACKS, type PayloadAttackItem } from './byzantine-payloads.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from './memory-ports.js';
import type { TrackerRecording } from './tracker-replay.js';

const MARKING: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};

export interface PayloadDstOptions {
  readonly seed: number;
  readonly scenario: Scenario;
  /** The scenario's simulation, run once for all seeds. */
  readonly simulation: SimulationResult;
  readonly areas: ProtectedAreas;
  readonly registry: CompiledRegistry;
  readonly keys: ReadonlyMap<Nation, SigningKeyPair>;
  /** False: the hostile node behaves (the reference run the honest outcome is compared with). */
  readonly hostileTraffic: boolean;
  /** The honest workload (default `full`). */
  readonly load?: HonestLoad;
  /**
   * The nodes' trackers, recorded by the first run given it and replayed by every later one (the
   * scans are the seed's no more than the scenario's); each node runs its own tracker without it.
   */
  readonly trackers?: TrackerRecording;
}

/**
 * The honest workload around the attacks. `full`: the nodes as deployed — each track shared every
 * second, each picture assessed every second, a boosting object's swept impact region tested on a
 * 20 km grid. `light` (the test suite's): the same scenario, radars, trackers, link, fusion,
 * warnings and checks at a fifth of the rate — tracks shared and pictures assessed every 5 s, swept
 * regions tested on a 60 km grid. The assessment is most of a run's cost.
 */
export type HonestLoad = 'full' | 'light';

const LOADS: Record<HonestLoad, Pick<EmbeddedOptions, 'assessEveryMs' | 'sharePeriodMs' | 'assess'>> = {
  full: {},
  light: { assessEveryMs: 5_000, sharePeriodMs: 5_000, assess: { sweptGridM: 60_000 } },
};

/** What a run leaves on the honest nodes, for the invariants and the comparison between runs. */
export interface PayloadDstRun {
  readonly hostile: Nation;
  readonly honest: readonly Nation[];
  /** Attacks sent, by kind (an attack on a consultation not yet held is not mounted). */
  readonly sent: Record<string, number>;
  /** The consultation each honest node folds (JSON, without `nowMs`). */
  readonly consultation: Record<string, string>;
  /** Each honest node's warnings, as `reason area` sorted. */
  readonly warnings: Record<string, string[]>;
  /** Honest actions the desks refused, with their reasons (none expected). */
  readonly refusedActions: string[];
  readonly escalations: number;
  readonly agreed: boolean;
  /** The most picture objects fused from two nations or more each honest node held at a sample. */
  readonly fused: Record<string, number>;
  readonly violations: string[];
}

const essence = (s: ConsultationState | null) => {
  if (s === null) return 'null';
  const { nowMs: _now, ...rest } = s;
  return JSON.stringify(rest);
};

/** One run of the seed (with or without the hostile traffic). */
export function runPayloadDstOnce(o: PayloadDstOptions): PayloadDstRun {
  // Every draw below is made in both runs, so the honest schedule is the same in both.
  const rng = createRng(o.seed, 'payload-dst');
  const hostile = TRILATERAL[rng.int(3)]!;
  const honest = TRILATERAL.filter((n) => n !== hostile);
  const convener = honest[rng.int(2)]!;
  const others = TRILATERAL.filter((n) => n !== convener);
  const late = rng.next() < 0.5 ? others[rng.int(2)]! : null;
  const audits = new Map<Nation, MemoryAudit>();
  const trackers = o.trackers;
  const recording = trackers !== undefined && !trackers.recorded;
  const env = new EmbeddedNetwork({
    scenario: o.scenario,
    simulation: o.simulation,
    seed: o.seed,
    nations: TRILATERAL,
    keys: o.keys,
    openStore: (nation) => {
      const audit = new MemoryAudit();
      audits.set(nation, audit);
      return { outbox: new MemoryOutbox(), inbox: new MemoryInbox(), audit, close() {} };
    },
    registry: () => o.registry,
    trackMarking: (n) => MARKING[n]!,
    areas: o.areas,
    // Only the honest nodes' warnings are checked: the hostile one does not assess its picture.
    assessing: honest,
    ...LOADS[o.load ?? 'full'],
    ...(trackers
      ? {
          tracker: (n: Nation) =>
            recording ? trackers.record(n, multiTargetTracker(standardComponents({}))) : trackers.replay(n),
        }
      : {}),
  });
  env.net.setFaults({
    dropRate: 0,
    duplicateRate: rng.next() * 0.2,
    delayMs: { min: 1, max: 1 + rng.next() * 300 },
  });
  const { sched } = env;
  const node = (n: Nation): NationNode => env.nodes.get(n)!;
  // The consultation opens before the launch (at 120 s) and ends after the warnings (180 to 250 s).
  const t0 = o.scenario.startMs + 40_000;
  const at = (ms: number, fn: () => void) => sched.after(ms - sched.nowMs(), fn);

  // The hostile node is cut off from an honest one twice, for up to 15 s, while the attacks go on:
  // after the approvals, so that each honest step finds what it answers (the convening, the draft)
  // at the same instant in both runs — a partition before would shift delivery by a few ms of
  // network delay drawn differently in the two runs, and with it what the desks accept.
  for (let i = 0; i < 2; i++) {
    const other = honest[rng.int(2)]!;
    const from = t0 + 70_000 + rng.next() * 95_000;
    const lenMs = rng.next() * 15_000;
    at(from, () => env.net.partition(hostile, other));
    at(from + lenMs, () => {
      env.net.heal(hostile, other);
      for (const n of env.nodes.values()) n.link.kick();
    });
  }

  // The honest consultation, at fixed instants, far enough apart for each step to have arrived.
  let consultation: string | null = null;
  const refusedActions: string[] = [];
  const act = (n: Nation, a: (c: string) => OperatorAction) => {
    if (consultation === null) {
      refusedActions.push(`${n}: no consultation`);
      return;
    }
    const r = performAction(node(n).consult, n, a(consultation), 'payload-dst');
    if (!r.ok) refusedActions.push(`${n} ${a(consultation).action}: ${r.reason}`);
  };
  at(t0, () => {
    const r = node(convener).consult.convene(
      {
        subject: `payload simulation, seed ${o.seed}`,
        trigger: { kind: 'manual' },
        coalition: 'us-jpn-kor-trilateral',
        level: 'working',
        participants: TRILATERAL,
        ackWithinMs: 20_000,
      },
      'payload-dst',
    );
    if (r.ok) consultation = r.event.id;
    else refusedActions.push(`${convener} convene: ${r.reason}`);
  });
  for (const n of others) {
    at(t0 + (n === late ? 45_000 : 8_000), () => act(n, (c) => ({ action: 'acknowledge', consultation: c })));
  }
  for (const n of TRILATERAL) {
    at(t0 + 15_000, () =>
      act(n, (c) => ({
        action: 'post',
        consultation: c,
        text: `${n} reads the launch`,
        marking: MARKING[n]!,
      })),
    );
  }
  at(t0 + 50_000, () =>
    act(convener, (c) => ({
      action: 'propose',
      consultation: c,
      text: 'The three nations condemn the launch.',
    })),
  );
  for (const n of TRILATERAL) at(t0 + 65_000, () => act(n, (c) => ({ action: 'approve', consultation: c })));
  // After every attack: the consultation still takes events from everyone.
  for (const n of TRILATERAL) {
    at(t0 + 190_000, () =>
      act(n, (c) => ({ action: 'post', consultation: c, text: `${n}: still here`, marking: MARKING[n]! })),
    );
  }

  // Fused objects, sampled.
  const fused: Record<string, number> = Object.fromEntries(honest.map((n) => [n, 0]));
  for (let ms = o.scenario.startMs + 130_000; ms < t0 + 220_000; ms += 10_000) {
    at(ms, () => {
      for (const n of honest) {
        const k = node(n)
          .picture()
          .filter((p) => new Set(p.sources.map((s) => s.nation)).size > 1).length;
        fused[n] = Math.max(fused[n]!, k);
      }
    });
  }

  // The attacks: each kind once, to a seeded honest node at a seeded instant.
  const idRng = createRng(o.seed, 'payload-dst-ids');
  const ids = createUuidV7Generator((bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = idRng.int(256);
  });
  const sent: Record<string, number> = {};
  const expected: { recipient: Nation; itemId: string; kind: string; audit: string; code: string }[] = [];
  const rawSent: { recipient: Nation; kind: string }[] = [];
  const banner = MARKING[hostile]!;
  const marking = parseMarking(banner, { originator: hostile });
  PAYLOAD_ATTACKS.forEach((attack, i) => {
    const recipient = honest[rng.int(2)]!;
    const when = t0 - 10_000 + rng.next() * 180_000;
    if (!o.hostileTraffic) return;
    at(when, () => {
      const nowMs = sched.nowMs();
      const createdMs = Math.floor(nowMs);
      const item: PayloadAttackItem | null = attack.make({
        self: hostile,
        recipient,
        createdMs,
        consultation: node(hostile).consult.get(consultation ?? '') ? consultation : null,
        newId: () => ids.next(createdMs),
        trackId: 900_000 + i,
        maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      });
      if (item === null) return;
      const allowed = decide(
        {
          marking,
          holder: hostile,
          recipient,
          topic: item.topic,
          atMs: nowMs,
          concerning: o.scenario.launchState,
        },
        o.registry,
      ).allow;
      if (!allowed) return; // the agreements do not let the hostile node send this at all
      const linkItem = {
        id: ids.next(createdMs),
        originator: hostile,
        topic: item.topic,
        marking: banner,
        createdMs: item.createdMs ?? createdMs,
        concerning: o.scenario.launchState,
        payload: item.payload,
      };
      sent[attack.kind] = (sent[attack.kind] ?? 0) + 1;
      if (item.raw) {
        const env2 = signEnvelope({ ...linkItem, recipient }, o.keys.get(hostile)!.privateKey);
        const part = Buffer.from(encodeEnvelope(env2)).toString('utf8');
        const body = Buffer.from(`[${part}]`, 'utf8');
        rawSent.push({ recipient, kind: attack.kind });
        // A cut link loses the message without a word: sent again until the recipient has read it.
        let acked = false;
        const send = () => {
          if (acked) return;
          env.net.send(
            { sender: hostile, recipient, topic: item.topic, id: `attack/${attack.kind}`, body },
            { acked: () => (acked = true), failed: () => {} },
          );
          sched.after(2_000, send);
        };
        send();
        return;
      }
      node(hostile).link.publish(linkItem, [recipient]);
      expected.push({ recipient, itemId: linkItem.id, kind: attack.kind, ...attack.expect });
    });
  });

  env.runUntil(t0 + 220_000);
  env.net.healAll();
  for (let i = 0; i < 5; i++) {
    for (const n of env.nodes.values()) n.link.kick();
    env.runUntil(sched.nowMs() + 5_000);
  }
  if (recording) trackers.done();

  const violations: string[] = [];
  for (const a of refusedActions) violations.push(`honest action refused: ${a}`);
  const id = consultation ?? '';
  const states = new Map(honest.map((n) => [n, node(n).consult.get(id)]));
  const folded = Object.fromEntries(honest.map((n) => [n, essence(states.get(n)!)]));
  if (folded[honest[0]!] !== folded[honest[1]!]) violations.push('the honest nodes fold different states');
  for (const n of honest) {
    const s = node(n).status();
    if (s.faults.total !== 0)
      violations.push(`${n} recorded ${s.faults.total} faults: ${s.faults.last?.error}`);
    const records = audits.get(n)!.records;
    // Every hostile item refused, audited once, for the reason its attack calls for.
    for (const x of expected.filter((e) => e.recipient === n)) {
      const found = records.filter((r) => r.subject === x.itemId && r.actor === hostile);
      const code = (r: (typeof found)[number]) => {
        const d = r.detail as { code?: string; rule?: string } | undefined;
        return d?.code ?? d?.rule;
      };
      if (found.length !== 1 || found[0]!.kind !== x.audit || code(found[0]!) !== x.code)
        violations.push(
          `${x.kind} to ${n}: expected one ${x.audit} (${x.code}), audited ${found.map((r) => `${r.kind} (${code(r)})`).join(', ') || 'nothing'}`,
        );
    }
    for (const x of rawSent.filter((e) => e.recipient === n)) {
      const found = records.filter(
        (r) =>
          r.kind === 'ingress-reject' &&
          r.actor === hostile &&
          (r.detail as { rule?: string }).rule === 'oversized',
      );
      if (found.length === 0) violations.push(`${x.kind} to ${n}: no ingress-reject (oversized) audited`);
    }
    // Nothing hostile stands: no attack's track in the picture, no attack's event in the log.
    const bad = node(n)
      .partnerTracks()
      .filter((t) => t.nation === hostile && t.trackId >= 900_000);
    if (bad.length > 0)
      violations.push(`${n} holds hostile track(s) ${bad.map((t) => t.trackId).join(', ')}`);
    const s2 = states.get(n);
    if (s2 && s2.rejected.length > 0)
      violations.push(
        `${n} folds rejected events: ${s2.rejected.map((r) => `${r.id} ${r.code}`).join(', ')}`,
      );
  }
  const warnings = Object.fromEntries(
    honest.map((n) => [
      n,
      [
        ...new Set(
          node(n)
            .warnings()
            .map((w) => `${w.reason} ${w.area}`),
        ),
      ].sort(),
    ]),
  );
  const s = states.get(honest[0]!) ?? null;
  env.close();
  return {
    hostile,
    honest,
    sent,
    consultation: folded,
    warnings,
    refusedActions,
    escalations: (s?.levelHistory.length ?? 1) - 1,
    agreed: s?.statements.some((x) => x.agreed !== null) ?? false,
    fused,
    violations,
  };
}

export interface PayloadDstResult extends PayloadDstRun {
  readonly seed: number;
  readonly late: boolean;
}

/**
 * Runs the seed with and without the hostile traffic; violations of the hostile run, plus every
 * difference between the runs on the honest nodes (consultation state, warnings).
 */
export function runPayloadDst(o: Omit<PayloadDstOptions, 'hostileTraffic'>): PayloadDstResult {
  const reference = runPayloadDstOnce({ ...o, hostileTraffic: false });
  const run = runPayloadDstOnce({ ...o, hostileTraffic: true });
  const violations = [...run.violations, ...reference.violations.map((v) => `without the attacks: ${v}`)];
  for (const n of run.honest) {
    if (run.consultation[n] !== reference.consultation[n])
      violations.push(`${n} folds another consultation state than without the attacks`);
    if (JSON.stringify(run.warnings[n]) !== JSON.stringify(reference.warnings[n]))
      violations.push(
        `${n} warnings ${run.warnings[n]!.join('; ')} differ from ${reference.warnings[n]!.join('; ')} without the attacks`,
      );
    if (run.fused[n] === 0) violations.push(`${n} never fused a partner's track`);
  }
  if (!run.agreed) violations.push('the honest consultation reached no agreement');
  return { ...run, seed: o.seed, late: run.escalations > 0, violations };
}
