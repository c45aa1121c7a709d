// Deterministic simulation of three nodes' links (in the style of TigerBeetle's VOPR): from one
// seed, random faults (drops, delays, duplicates, reorders, partitions, crashes and restarts from
// the nodes' stores) and random agreement changes, with the invariants checked at every delivery
// and at the end. A failing seed replays exactly.
import {
  type CompiledRegistry,
  compileRegistry,
  decide,
  type Nation,
  parseMarking,
  parseRegistry,
  TRILATERAL,
} from '../domain/index.js';
import { Link, type LinkItem } from '../link/engine.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  generateSigningKeyPair as generateKeys,
  type SigningKeyPair as KeyPair,
  routeFor,
} from '../link/index.js';
import type { AuditPort, InboxPort, OutboxPort } from '../link/ports.js';
import { Scheduler } from '../link/scheduler.js';
import { SimNetwork } from '../link/sim-network.js';
import { createRng } from '../sim/index.js';

export interface NodeStore {
  outbox: OutboxPort;
  inbox: InboxPort;
  audit: AuditPort;
  close(): void;
}

export interface DstOptions {
  seed: number;
  /** Opens (or reopens, after a crash) a nation's store. */
  openStore: (nation: Nation) => NodeStore;
  agreementsText: string;
  itemsPerNode?: number;
  durationMs?: number;
}

export interface DstResult {
  seed: number;
  policy: 'trilateral' | 'us-hub';
  published: number;
  delivered: number;
  crashes: number;
  partitions: number;
  agreementChanges: number;
  violations: string[];
}

const BANNER: Record<Nation, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
} as Record<Nation, string>;

let cachedKeys: Map<Nation, KeyPair> | null = null;
function keys(): Map<Nation, KeyPair> {
  cachedKeys ??= new Map(TRILATERAL.map((n) => [n, generateKeys()]));
  return cachedKeys;
}

export function runDst(o: DstOptions): DstResult {
  const rng = createRng(o.seed, 'dst');
  const startMs = Date.UTC(2024, 0, 1);
  const durationMs = o.durationMs ?? 120_000;
  const sched = new Scheduler(startMs);
  const net = new SimNetwork(sched, createRng(o.seed, 'net'), {
    dropRate: rng.next() * 0.2,
    duplicateRate: rng.next() * 0.2,
    delayMs: { min: 1, max: 1 + rng.next() * 200 },
  });
  const policy = rng.next() < 0.5 ? 'trilateral' : 'us-hub';
  const base = parseRegistry(o.agreementsText, 'agreements.yaml');

  // Random agreement changes: the Japan–ROK GSOMIA and the 2023 mechanism suspended for a while.
  const events: { id: string; type: 'suspended' | 'resumed'; atMs: number }[] = [];
  for (const id of ['jpn-kor-gsomia-2016', 'trilateral-missile-warning-2023', 'us-kor-gsomia-1987']) {
    if (rng.next() < 0.4) {
      const from = startMs + rng.next() * durationMs * 0.6;
      events.push({ id, type: 'suspended', atMs: Math.floor(from) });
      events.push({ id, type: 'resumed', atMs: Math.floor(from + 1_000 + rng.next() * durationMs * 0.3) });
    }
  }
  const registryAt = (tMs: number): CompiledRegistry =>
    compileRegistry({
      ...base,
      agreements: base.agreements.map((a) => {
        const mine = events.filter((e) => e.id === a.id && e.atMs <= tMs);
        return mine.length === 0
          ? a
          : { ...a, history: [...a.history, ...mine.map(({ type, atMs }) => ({ type, atMs }))] };
      }),
    });
  let registry = registryAt(startMs);
  for (const e of events) sched.after(e.atMs - startMs, () => (registry = registryAt(e.atMs)));

  const violations: string[] = [];
  const deliveries = new Map<string, number>(); // `${nation}|${item id}` -> count
  const lastSeqSeen = new Map<string, number>(); // `${nation}|${originator}` -> seq
  const published: { item: LinkItem; seq: number; queuedFor: Nation[] }[] = [];
  const idRng = createRng(o.seed, 'ids');
  const ids = createUuidV7Generator((bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = idRng.int(256);
  });
  const crypto = (n: Nation) =>
    envelopeCrypto({
      nation: n,
      privateKey: keys().get(n)!.privateKey,
      publicKeys: new Map(TRILATERAL.map((x) => [x, keys().get(x)!.publicKey])),
      freshnessMs: 86_400_000,
    });
  const route = (self: Nation) => routeFor(policy, self);

  const nodes = new Map<Nation, { link: Link; store: NodeStore; up: boolean }>();
  const boot = (nation: Nation) => {
    const store = o.openStore(nation);
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      ...store,
      crypto: crypto(nation),
      registry: () => registry,
      route: route(nation),
      ackTimeoutMs: 500,
      backoff: { baseMs: 50, maxMs: 2_000 },
      onItem: (r) => {
        const key = `${nation}|${r.item.id}`;
        const count = (deliveries.get(key) ?? 0) + 1;
        deliveries.set(key, count);
        if (count > 1) violations.push(`${key} delivered ${count} times`);
        // Invariant: the agreements in force now allow the sender's release to this nation.
        const d = decide(
          {
            marking: parseMarking(r.item.marking, { originator: r.item.originator }),
            holder: r.sender,
            recipient: nation,
            topic: r.item.topic,
            atMs: sched.nowMs(),
            ...(r.item.concerning ? { concerning: r.item.concerning } : {}),
          },
          registry,
        );
        if (!d.allow) violations.push(`${key} delivered from ${r.sender} though ${d.rule}: ${d.reason}`);
        // Invariant: each originator's stream arrives in order.
        const seq = (r.item.payload as { seq: number }).seq;
        const orderKey = `${nation}|${r.item.originator}`;
        if ((lastSeqSeen.get(orderKey) ?? -1) > seq)
          violations.push(`${orderKey} out of order at seq ${seq}`);
        lastSeqSeen.set(orderKey, seq);
      },
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    nodes.set(nation, { link, store, up: true });
  };
  for (const n of TRILATERAL) boot(n);

  // Producers: each node publishes items at random times, in sequence.
  const perNode = o.itemsPerNode ?? 40;
  for (const originator of TRILATERAL) {
    let t = 0;
    for (let seq = 0; seq < perNode; seq++) {
      t += rng.next() * ((durationMs * 0.7) / perNode) * 2;
      sched.after(t, () => {
        const node = nodes.get(originator)!;
        if (!node.up) return; // a crashed node produces nothing
        const item: LinkItem = {
          id: ids.next(Math.floor(sched.nowMs())),
          originator,
          topic: 'missile-warning',
          marking: BANNER[originator]!,
          createdMs: sched.nowMs(),
          concerning: 'PRK',
          payload: { seq },
        };
        const decisions = node.link.publish(
          item,
          TRILATERAL.filter((n) => n !== originator),
        );
        // Items the agreements refuse at publication are not queued (and audited): only the
        // queued ones must arrive.
        published.push({
          item,
          seq,
          queuedFor: decisions.filter((d) => d.decision.allow).map((d) => d.recipient),
        });
      });
    }
  }

  // Faults: partitions and crashes at random times, all healed before the end.
  let partitions = 0;
  let crashes = 0;
  for (let i = 0; i < 3; i++) {
    const a = TRILATERAL[rng.int(3)]!;
    const b = TRILATERAL.filter((n) => n !== a)[rng.int(2)]!;
    const at = rng.next() * durationMs * 0.6;
    const len = rng.next() * durationMs * 0.2;
    if (rng.next() < 0.6) {
      partitions++;
      sched.after(at, () => net.partition(a, b));
      sched.after(at + len, () => {
        net.heal(a, b);
        for (const n of nodes.values()) if (n.up) n.link.kick();
      });
    }
    if (rng.next() < 0.5) {
      crashes++;
      sched.after(at, () => {
        const node = nodes.get(a)!;
        if (!node.up) return;
        node.link.stop();
        node.store.close();
        node.up = false;
      });
      sched.after(at + 200 + len, () => {
        if (nodes.get(a)!.up) return;
        boot(a);
      });
    }
  }

  // Run, then let everything heal and drain.
  sched.runUntil(startMs + durationMs);
  net.healAll();
  net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } });
  for (const n of TRILATERAL) if (!nodes.get(n)!.up) boot(n);
  for (let i = 0; i < 20; i++) {
    for (const n of nodes.values()) n.link.kick();
    sched.runUntil(sched.nowMs() + 5_000);
  }

  // Invariant: every queued item that the agreements allow now reached its recipient exactly once.
  for (const { item, queuedFor } of published) {
    for (const recipient of queuedFor) {
      const via = route(item.originator)(recipient);
      const d = decide(
        {
          marking: parseMarking(item.marking, { originator: item.originator }),
          recipient,
          topic: item.topic,
          atMs: sched.nowMs(),
          concerning: 'PRK',
          ...(via ? { via } : {}),
        },
        registry,
      );
      const count = deliveries.get(`${recipient}|${item.id}`) ?? 0;
      if (d.allow && count !== 1)
        violations.push(`${recipient}|${item.id} allowed but delivered ${count} times`);
    }
  }
  for (const n of nodes.values()) n.store.close();
  let delivered = 0;
  for (const c of deliveries.values()) delivered += c;
  return {
    seed: o.seed,
    policy,
    published: published.length,
    delivered,
    crashes,
    partitions,
    agreementChanges: events.length,
    violations,
  };
}
