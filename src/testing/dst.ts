// Deterministic simulation of three nodes' links (in the style of TigerBeetle's VOPR): from one
// seed, random faults (drops, delays, duplicates, reorders, partitions, crashes and restarts from
// the nodes' stores) and random agreement changes, with the invariants checked at every delivery
// and at the end. A failing seed replays exactly. With `byzantine`, one node (chosen by the seed)
// also sends well-signed hostile traffic (byzantine.ts); the invariants then hold for the honest
// two: what they send each other arrives exactly once, attributed to its originator, neither
// crashes or stalls, and every hostile message they refuse is audited.
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
  type Deliver,
  type Envelope,
  envelopeCrypto,
  generateSigningKeyPair as generateKeys,
  type SigningKeyPair as KeyPair,
  routeFor,
  type Transport,
} from '../link/index.js';
import type { AuditPort, InboxPort, OutboxPort } from '../link/ports.js';
import { Scheduler } from '../link/scheduler.js';
import { SimNetwork } from '../link/sim-network.js';
import { createRng } from '../sim/index.js';
import { ATTACKS, type AttackExpectation } from './byzantine.js';
import { scheduleFaults } from './faults.js';

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
  /** One node, chosen by the seed, also sends hostile traffic (default false). */
  byzantine?: boolean;
  /** Hostile messages it sends over the run (default 16). */
  attacks?: number;
}

export interface DstResult {
  seed: number;
  policy: 'trilateral' | 'us-hub';
  published: number;
  delivered: number;
  crashes: number;
  partitions: number;
  agreementChanges: number;
  /** The hostile node, or null. */
  byzantine: Nation | null;
  /** Hostile messages that reached an honest node, by attack kind. */
  attacksDelivered: Record<string, number>;
  violations: string[];
}

/** Wire messages larger than this are refused by every node in the simulation (kept small: cheap to exceed). */
const MAX_MESSAGE_BYTES = 64 * 1024;

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

/**
 * The agreements file parsed once for all seeds: parsing (YAML and its schema) cost more than the
 * rest of a seed's run. Runs derive changed copies from it and never mutate it.
 */
let cachedAgreements: { text: string; registry: ReturnType<typeof parseRegistry> } | null = null;
function parsedAgreements(text: string): ReturnType<typeof parseRegistry> {
  if (cachedAgreements?.text !== text)
    cachedAgreements = { text, registry: parseRegistry(text, 'agreements.yaml') };
  return cachedAgreements.registry;
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
  const base = parsedAgreements(o.agreementsText);

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

  const byzRng = createRng(o.seed, 'byzantine');
  const hostile: Nation | null = o.byzantine ? TRILATERAL[byzRng.int(3)]! : null;
  const honest = TRILATERAL.filter((n) => n !== hostile);
  const isHonest = (n: Nation) => n !== hostile;

  const violations: string[] = [];
  const deliveries = new Map<string, number>(); // `${nation}|${originator}|${item id}` -> count
  const lastSeqSeen = new Map<string, number>(); // `${nation}|${originator}` -> seq
  const published: { item: LinkItem; seq: number; queuedFor: Nation[] }[] = [];
  const publishedSeq = new Map<string, number>(); // `${originator}|${item id}` -> seq
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

  // What the honest nodes do while one hostile message is handed to them (see #observe below).
  let during: { rejectsByHostile: number; items: LinkItem[] } | null = null;
  const attacksDelivered: Record<string, number> = {};
  const attackSent = new Map<string, { kind: string; expect: AttackExpectation; itemIds: string[] }>();
  const attackSeen = new Set<string>();
  // Envelopes of the honest nations' items that reached the hostile node: what it can replay.
  const captured: Envelope[] = [];

  /**
   * The network as one node sees it. At an honest node, each hostile message is checked as it is
   * handed over: every refusal audited, nothing taken as another nation's. At the hostile node, what
   * arrives is captured.
   */
  const tap = (nation: Nation): Transport => ({
    send: (msg, callbacks) => net.send(msg, callbacks),
    listen: (n, deliver) => net.listen(n, observe(nation, deliver)),
  });
  const observe =
    (nation: Nation, deliver: Deliver): Deliver =>
    (msg, ack) => {
      if (nation === hostile) {
        try {
          for (const e of JSON.parse(Buffer.from(msg.body).toString('utf8')) as Envelope[])
            if (e.originator !== hostile && captured.length < 64) captured.push(e);
        } catch {
          // not ours to judge: the hostile node's own link audits what it cannot read
        }
        deliver(msg, ack);
        return;
      }
      const attack = msg.sender === hostile ? attackSent.get(msg.id) : undefined;
      if (attack === undefined) {
        deliver(msg, ack);
        return;
      }
      // An `own` item the attacker sent before (in another message, or this one duplicated by the
      // network) is rightly a silent duplicate.
      const first = attack.itemIds.some((id) => !attackSeen.has(`${nation}|${id}`));
      for (const id of attack.itemIds) attackSeen.add(`${nation}|${id}`);
      attacksDelivered[attack.kind] = (attacksDelivered[attack.kind] ?? 0) + 1;
      during = { rejectsByHostile: 0, items: [] };
      try {
        deliver(msg, ack);
      } finally {
        const seen = during;
        during = null;
        const what = `${attack.kind} ${msg.id} to ${nation}`;
        for (const item of seen.items)
          if (item.originator !== hostile)
            violations.push(`${what}: taken as ${item.originator}'s item ${item.id}`);
        if (attack.expect === 'refused' && (seen.items.length > 0 || seen.rejectsByHostile === 0))
          violations.push(`${what}: not refused with an audit record`);
        // The first arrival of an `own` message is taken or refused (audited), never silently lost;
        // a later one (the network duplicated it) may be a duplicate.
        if (attack.expect === 'own' && first && seen.items.length === 0 && seen.rejectsByHostile === 0)
          violations.push(`${what}: dropped without an audit record`);
      }
    };

  const nodes = new Map<Nation, { link: Link; store: NodeStore; up: boolean }>();
  const boot = (nation: Nation) => {
    const store = o.openStore(nation);
    const audit: AuditPort = {
      append: (r) => {
        if (during && r.kind === 'ingress-reject' && r.actor === hostile) during.rejectsByHostile++;
        store.audit.append(r);
      },
    };
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: tap(nation),
      outbox: store.outbox,
      inbox: store.inbox,
      audit,
      crypto: crypto(nation),
      registry: () => registry,
      route: route(nation),
      ackTimeoutMs: 500,
      backoff: { baseMs: 50, maxMs: 2_000 },
      maxMessageBytes: MAX_MESSAGE_BYTES,
      onItem: (r) => {
        if (!isHonest(nation)) return; // the hostile node's own view is not checked
        during?.items.push(r.item);
        const key = `${nation}|${r.item.originator}|${r.item.id}`;
        const count = (deliveries.get(key) ?? 0) + 1;
        deliveries.set(key, count);
        if (count > 1) violations.push(`${key} delivered ${count} times`);
        // Invariant: an item attributed to an honest nation is one that nation published, as published.
        if (isHonest(r.item.originator)) {
          const seq = publishedSeq.get(`${r.item.originator}|${r.item.id}`);
          if (seq === undefined || (r.item.payload as { seq?: unknown } | null)?.seq !== seq)
            violations.push(`${key} is not an item ${r.item.originator} published`);
        }
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
        // Invariant: each honest originator's stream arrives in order.
        if (!isHonest(r.item.originator)) return;
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
        publishedSeq.set(`${originator}|${item.id}`, seq);
      });
    }
  }

  // Faults: partitions and crashes at random times, all healed before the end.
  const { partitions, crashes } = scheduleFaults({
    rng,
    sched,
    net,
    durationMs,
    partitionChance: 0.6,
    partitionLength: 0.2,
    crashChance: 0.5,
    isUp: (n) => nodes.get(n)!.up,
    crash: (n) => {
      const node = nodes.get(n)!;
      node.link.stop();
      node.store.close();
      node.up = false;
    },
    boot,
    kick: () => {
      for (const n of nodes.values()) if (n.up) n.link.kick();
    },
  });

  // The hostile node's attacks, at random times while the faults go on (sent only while it is up).
  if (hostile !== null) {
    const hostileIds = createUuidV7Generator((bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = byzRng.int(256);
    });
    const attacks = o.attacks ?? 16;
    for (let i = 0; i < attacks; i++) {
      const attack = ATTACKS[byzRng.int(ATTACKS.length)]!;
      sched.after(byzRng.next() * durationMs * 0.8, () => {
        if (!nodes.get(hostile)!.up) return;
        const m = attack.make({
          self: hostile,
          honest,
          nowMs: sched.nowMs(),
          rng: byzRng,
          captured,
          privateKey: keys().get(hostile)!.privateKey,
          banner: BANNER[hostile]!,
          newId: () => hostileIds.next(Math.floor(sched.nowMs())),
          registry,
          maxMessageBytes: MAX_MESSAGE_BYTES,
        });
        if (m === null) return;
        const id = `attack/${i}`;
        const itemIds =
          m.expect === 'own'
            ? (JSON.parse(Buffer.from(m.body).toString('utf8')) as { id: string }[]).map((e) => e.id)
            : [];
        attackSent.set(id, { kind: attack.kind, expect: m.expect, itemIds });
        net.send(
          { recipient: m.recipient, sender: hostile, topic: m.topic, id, body: m.body },
          { acked: () => {}, failed: () => {} },
        );
      });
    }
  }

  // Run, then let everything heal and drain. Invariant: no node crashes (nothing throws out of a
  // link's callbacks, which the scheduler runs).
  try {
    sched.runUntil(startMs + durationMs);
    net.healAll();
    net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } });
    for (const n of TRILATERAL) if (!nodes.get(n)!.up) boot(n);
    for (let i = 0; i < 20; i++) {
      for (const n of nodes.values()) n.link.kick();
      sched.runUntil(sched.nowMs() + 5_000);
    }
  } catch (e) {
    violations.push(`a node crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  // Invariant (no stall): every queued item of an honest originator that the agreements allow now
  // reached each honest recipient exactly once.
  for (const { item, queuedFor } of published) {
    if (!isHonest(item.originator)) continue;
    for (const recipient of queuedFor) {
      if (!isHonest(recipient)) continue;
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
      const count = deliveries.get(`${recipient}|${item.originator}|${item.id}`) ?? 0;
      if (d.allow && count !== 1)
        violations.push(`${recipient}|${item.originator}|${item.id} allowed but delivered ${count} times`);
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
    byzantine: hostile,
    attacksDelivered,
    violations,
  };
}
