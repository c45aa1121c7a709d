// Deterministic simulation of governance at run time: three nodes (USA, JPN, KOR) on SQLite stores
// over a faulty network (drops, duplicates, delays that reorder, partitions) whose nodes crash and
// restart (the store survives, as on a disk; what a node held in memory is lost). From one seed,
// random acts by random nations among probe items; once every node is up and the network heals:
//   - every party of an agreement folds it the same (standing, scope, acts applied and refused);
//   - every act one node took is held by every party among its partners;
//   - no probe landed that the folded registry forbade when it was sent (nor at its landing);
//   - no probe is lost that its sender queued and the folded registry allowed from its sending to
//     the end;
//   - nothing throws out of a node.
// The test suite runs a few seeds (test/node/governance-dst.test.ts); `concord bench dst
// --governance` runs many. A failing seed replays exactly.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CompiledRegistry,
  compileRegistry,
  decide,
  type Nation,
  parseMarking,
  TRILATERAL,
} from '../domain/index.js';
import { EmbeddedNetwork } from '../exercise/embedded.js';
import { foldGovernance, type GovernanceAct } from '../governance/index.js';
import type { SigningKeyPair } from '../link/index.js';
import { createRng, type Scenario } from '../sim/index.js';
import { openStore } from '../store/index.js';

export const GOVERNANCE_DST_TARGETS = [
  'jpn-kor-gsomia-2016',
  'us-kor-gsomia-1987',
  'us-jpn-gsomia-2007',
  'tisa-2014',
] as const;
const KINDS = ['suspend', 'resume', 'notice', 'suspend-notice', 'withdraw-notice', 'narrow'] as const;
/** The network's longest delay while faulty, ms: what may be on the wire when an act is made. */
export const GOVERNANCE_DST_MAX_DELAY_MS = 800;
const BANNER: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};

export interface GovernanceDstOptions {
  readonly seed: number;
  /** The scenario whose date and nodes the run takes (its missiles, sensors and scripts are dropped). */
  readonly scenario: Scenario;
  readonly registry: CompiledRegistry;
  readonly keys: ReadonlyMap<Nation, SigningKeyPair>;
  /** Steps, each a few virtual seconds with one act and one probe (default 40). */
  readonly steps?: number;
  /** Whether nodes crash and restart (default true). */
  readonly crashes?: boolean;
  /** Told each step's faults, acts and probes, to read a failing seed by. */
  readonly trace?: (line: string) => void;
}

export interface GovernanceDstResult {
  readonly seed: number;
  readonly taken: number;
  readonly refusedAtOnce: number;
  readonly crashes: number;
  readonly partitions: number;
  readonly probes: number;
  readonly crossings: number;
  /** Probes the final registry allowed from their sending to the end: each must have landed. */
  readonly owed: number;
  readonly violations: readonly string[];
}

interface AuditRow {
  readonly tMs: number;
  readonly kind: string;
  readonly actor: string;
  readonly subject: string;
  readonly detail: { code?: string; sender?: string; kept?: boolean };
}

interface Probe {
  readonly id: string;
  readonly from: Nation;
  readonly createdMs: number;
  readonly queuedFor: readonly Nation[];
  /** The relay a copy went through, if one did. */
  readonly via: Nation | null;
}

/** One seed of the governance simulation; its SQLite files live in a temporary folder, removed after. */
export function runGovernanceDst(o: GovernanceDstOptions): GovernanceDstResult {
  const dir = mkdtempSync(join(tmpdir(), 'concord-gov-dst-'));
  try {
    return run(o, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(o: GovernanceDstOptions, dir: string): GovernanceDstResult {
  const rng = createRng(o.seed, 'governance-dst');
  const violations: string[] = [];
  const scenario = { ...o.scenario, watch: [], incidents: [], missiles: [], sensors: [], governance: [] };
  const net = new EmbeddedNetwork({
    scenario,
    seed: o.seed,
    nations: TRILATERAL,
    keys: o.keys,
    // A file per nation: a crash closes it, a restart opens it again.
    openStore: (nation) => openStore(join(dir, `${nation}.sqlite`)),
    registry: () => o.registry,
    trackMarking: (n) => BANNER[n]!,
  });
  const crashing = o.crashes ?? true;
  net.net.setFaults({
    dropRate: 0.25,
    duplicateRate: 0.1,
    delayMs: { min: 1, max: GOVERNANCE_DST_MAX_DELAY_MS },
  });
  let t = scenario.startMs;
  const taken: { id: string; author: Nation; target: string }[] = [];
  /** Every act taken, by id, as its author's node made it. */
  const acts = new Map<string, GovernanceAct>();
  const probes: Probe[] = [];
  let refusedAtOnce = 0;
  let crashes = 0;
  let partitions = 0;
  const guarded = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      violations.push(`${what} threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  };
  const say = (line: string) => o.trace?.(`${new Date(net.sched.nowMs()).toISOString()} ${line}`);
  const steps = o.steps ?? 40;
  for (let step = 0; step < steps; step++) {
    t += 200 + rng.int(2_000);
    guarded(`running to step ${step}`, () => net.runUntil(t));
    const r = rng.int(10);
    if (r === 0) {
      const [a, b] = [TRILATERAL[rng.int(3)]!, TRILATERAL[rng.int(3)]!];
      if (a !== b) {
        net.net.partition(a, b);
        say(`partition ${a}-${b}`);
        partitions++;
      }
    } else if (r === 1) {
      net.net.healAll();
      say('heal');
    }
    // Crashes and restarts: a node down for a few steps loses what it held in memory.
    const c = rng.int(8);
    const who = TRILATERAL[rng.int(3)]!;
    if (crashing && c === 0 && !net.isDown(who)) {
      guarded(`crashing ${who}`, () => net.crash(who));
      say(`crash ${who}`);
      crashes++;
    } else if (crashing && c <= 2 && net.isDown(who)) {
      guarded(`restarting ${who}`, () => net.restart(who));
      say(`restart ${who}`);
    }
    const nation = TRILATERAL[rng.int(3)]!;
    const kind = KINDS[rng.int(KINDS.length)]!;
    const target = GOVERNANCE_DST_TARGETS[rng.int(GOVERNANCE_DST_TARGETS.length)]!;
    const body =
      kind === 'narrow'
        ? { maxLevel: ['CONFIDENTIAL', 'SECRET', 'TOP SECRET'][rng.int(3)] }
        : kind === 'notice'
          ? // A notice that takes effect within the run, or long after it.
            rng.int(2) === 0
            ? { effective: new Date(t + 2_000 + rng.int(20_000)).toISOString() }
            : { effective: '2030-01-01' }
          : {};
    // A probe item among the acts: the receiver's node refuses its payload kind once the link has
    // let it in, and audits when: that record is the item's crossing.
    const from = TRILATERAL[rng.int(3)]!;
    const to = TRILATERAL.filter((n) => n !== from)[rng.int(2)]!;
    if (!net.isDown(from)) {
      const id = `0190f5e0-0000-7000-8000-${String(step).padStart(12, '0')}`;
      guarded(`${from} publishing a probe`, () => {
        const decisions = net.nodes.get(from)!.link.publish(
          {
            id,
            originator: from,
            topic: 'missile-warning',
            marking: BANNER[from]!,
            concerning: 'PRK',
            createdMs: t,
            payload: { kind: 'probe' },
          },
          // One recipient a probe (the relay, when there is one, is the link's to choose).
          [to],
        );
        say(
          `probe ${id} from ${from} queued for ${decisions
            .filter((d) => d.decision.allow)
            .map((d) => d.recipient)
            .join(',')}`,
        );
        probes.push({
          id,
          from,
          createdMs: t,
          queuedFor: decisions.filter((d) => d.decision.allow).map((d) => d.recipient),
          via:
            decisions.find((d) => d.decision.allow && d.decision.route.length > 2)?.decision.route[1] ?? null,
        });
      });
    }
    if (!net.isDown(nation))
      guarded(`${nation} acting`, () => {
        const res = net.nodes.get(nation)!.governance.act(kind, target, body, 'dst');
        if (res.ok) {
          taken.push({ id: res.act.id, author: nation, target });
          acts.set(res.act.id, res.act);
        } else refusedAtOnce++;
        say(
          `${nation} ${kind} ${target} ${JSON.stringify(body)}: ${res.ok ? `taken ${res.act.id} to ${res.to.join(',')}` : res.code}`,
        );
      });
  }
  // Every node comes back, the network heals and is quiet long enough for every retry to land.
  for (const n of TRILATERAL) if (net.isDown(n)) guarded(`restarting ${n}`, () => net.restart(n));
  net.net.healAll();
  net.net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 5 } });
  for (const n of net.nodes.values()) n.link.kick();
  const endMs = t + 300_000;
  guarded('draining', () => net.runUntil(endMs));

  const check = (ok: boolean, what: string) => {
    if (!ok) violations.push(what);
  };
  const fold = (n: Nation) => net.nodes.get(n)!.governance.state();
  // Every party folds each agreement the same.
  for (const id of GOVERNANCE_DST_TARGETS) {
    const parties = o.registry.agreement(id)!.parties.filter((p) => net.nodes.has(p));
    const folded = parties.map((p) =>
      JSON.stringify({
        agreement: net.nodes.get(p)!.registry().agreement(id),
        acts: fold(p).applied.filter((a) => a.target === id),
        refused: fold(p)
          .rejected.filter((r) => taken.some((x) => x.id === r.id && x.target === id))
          .map((r) => [r.id, r.code]),
      }),
    );
    for (let i = 1; i < folded.length; i++)
      check(folded[i] === folded[0], `${id} folds differently on ${parties[0]} and ${parties[i]}`);
  }
  // Every act taken is held by every party: applied, or refused by the fold alike on every party (a
  // concurrent act dated earlier may have made it invalid after it was taken: the fold is the judge).
  for (const act of taken) {
    for (const p of o.registry.agreement(act.target)!.parties) {
      if (!net.nodes.has(p)) continue;
      const s = fold(p);
      check(
        s.applied.some((a) => a.id === act.id) || s.rejected.some((r) => r.id === act.id),
        `${act.id} (${act.target}) is not held at ${p}`,
      );
    }
  }
  // Probe crossings, from each receiver's audit log (in its store: across its restarts). Each is
  // checked against what the two nodes knew: the acts the receiver held when it landed (its audit
  // says when it stored each), and the acts its sender had made on their agreements before it could
  // have released it. A node cannot obey an act it has not heard, but it hears its partner's acts
  // before that partner's later items (acts go first on the link), and its own at once.
  const records = new Map<Nation, AuditRow[]>();
  for (const n of TRILATERAL) records.set(n, net.audits.get(n)!.read(0, 1_000_000) as AuditRow[]);
  const heldSince = new Map<Nation, Map<string, number>>();
  for (const [n, rows] of records) {
    const held = new Map<string, number>();
    for (const r of rows) {
      const stored =
        r.kind === 'governance-act' ||
        r.kind === 'governance-act-received' ||
        (r.kind === 'governance-act-refused' && r.detail.kept === true);
      if (stored && acts.has(r.subject) && !held.has(r.subject)) held.set(r.subject, r.tMs);
    }
    heldSince.set(n, held);
  }
  const known = new Map<string, CompiledRegistry>();
  const knownRegistry = (receiver: Nation, sender: Nation, tMs: number): CompiledRegistry => {
    const ids = [...acts.values()]
      .filter(
        (a) =>
          (heldSince.get(receiver)!.get(a.id) ?? Number.POSITIVE_INFINITY) <= tMs ||
          (a.author === sender &&
            a.atMs < tMs - GOVERNANCE_DST_MAX_DELAY_MS &&
            (o.registry.agreement(a.target)?.parties.includes(receiver) ?? false)),
      )
      .map((a) => a.id)
      .sort();
    const key = ids.join(',');
    let reg = known.get(key);
    if (reg === undefined) {
      reg = compileRegistry(
        foldGovernance(
          o.registry,
          ids.map((id) => acts.get(id)!),
        ).registry,
      );
      known.set(key, reg);
    }
    return reg;
  };
  const landed = new Map<string, { receiver: Nation; sender: Nation; tMs: number }[]>();
  let crossings = 0;
  for (const receiver of TRILATERAL) {
    for (const r of records.get(receiver)!) {
      if (r.kind !== 'partner-payload-refused' || r.detail.code !== 'unknown-kind') continue;
      crossings++;
      const originator = r.actor as Nation;
      const sender = r.detail.sender as Nation;
      const list = landed.get(`${originator}|${r.subject}|${receiver}`) ?? [];
      list.push({ receiver, sender, tMs: r.tMs });
      landed.set(`${originator}|${r.subject}|${receiver}`, list);
      const req = {
        marking: parseMarking(BANNER[originator]!, { input: 'probe' }),
        recipient: receiver,
        topic: 'missile-warning' as const,
        concerning: 'PRK' as const,
        atMs: r.tMs,
        ...(sender !== originator ? { via: sender } : {}),
      };
      // Released at most the network's delay before it landed: an act cannot recall what is already
      // on the wire, so the flow must have been allowed then or at the landing.
      const reg = knownRegistry(receiver, sender, r.tMs);
      const allowed =
        decide(req, reg).allow ||
        decide({ ...req, atMs: r.tMs - GOVERNANCE_DST_MAX_DELAY_MS - 1 }, reg).allow;
      check(
        allowed,
        `probe ${r.subject} from ${originator} via ${sender} landed at ${receiver} at ${new Date(r.tMs).toISOString()} when the acts its sender made and those it held forbade it (${decide(req, reg).reason})`,
      );
    }
  }
  // Nothing allowed is lost: a probe its sender queued, which the folded registry allowed directly
  // at every instant from its sending to the end, landed (once: the inbox takes an item once).
  let owed = 0;
  // Not checked: a probe queued behind a relayed copy of an earlier item of its originator to the
  // same hop. The link's outbox streams are (originator, topic) per hop, relayed copies included, so
  // a relayed copy the agreements hold at delivery holds its originator's direct items to the relay
  // too, until they let it go (docs/governance.md, Limits).
  const relayedAt = new Map<string, number>();
  for (const p of probes)
    if (p.via !== null && !relayedAt.has(`${p.from}>${p.via}`))
      relayedAt.set(`${p.from}>${p.via}`, p.createdMs);
  for (const p of probes) {
    for (const to of p.queuedFor) {
      if ((relayedAt.get(`${p.from}>${to}`) ?? Number.POSITIVE_INFINITY) <= p.createdMs) continue;
      const reg = net.nodes.get(to)!.registry();
      const instants = [p.createdMs, endMs, ...changeInstantsOf(reg, p.createdMs, endMs)];
      const req = {
        marking: parseMarking(BANNER[p.from]!, { input: 'probe' }),
        recipient: to,
        topic: 'missile-warning' as const,
        concerning: 'PRK' as const,
      };
      if (!instants.every((atMs) => decide({ ...req, atMs }, reg).allow)) continue;
      owed++;
      const got = landed.get(`${p.from}|${p.id}|${to}`) ?? [];
      check(got.length === 1, `probe ${p.id} from ${p.from} to ${to} landed ${got.length} times, not once`);
    }
  }
  net.close();
  return {
    seed: o.seed,
    taken: taken.length,
    refusedAtOnce,
    crashes,
    partitions,
    probes: probes.length,
    crossings,
    owed,
    violations,
  };
}

/** The instants in (fromMs, toMs] at which an agreement's standing or scope may change. */
function changeInstantsOf(reg: CompiledRegistry, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (const a of reg.agreements) {
    for (const e of a.history) {
      if (e.atMs > fromMs && e.atMs <= toMs) out.push(e.atMs);
      if (e.effectiveMs !== undefined && e.effectiveMs > fromMs && e.effectiveMs <= toMs)
        out.push(e.effectiveMs);
    }
    for (const m of a.amendments ?? []) if (m.fromMs > fromMs && m.fromMs <= toMs) out.push(m.fromMs);
  }
  return out;
}
