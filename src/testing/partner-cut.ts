// The simulation's long partition: Korea publishes a steady stream of items to Japan and the US
// while its link to Japan is cut for minutes of virtual time. Shared by the test (a lower rate)
// and `concord bench dst --cut` (the full 1,000 items/s for 10 minutes).
import { compileRegistry, type Nation, parseRegistry, TRILATERAL } from '../domain/index.js';
import { Link, type LinkItem } from '../link/engine.js';
import { createUuidV7Generator } from '../link/index.js';
import type { OutboxPort } from '../link/ports.js';
import type { PartnerRate, PartnerRateCounts } from '../link/rate-limit.js';
import { Scheduler } from '../link/scheduler.js';
import { SimNetwork } from '../link/sim-network.js';
import { createRng } from '../sim/index.js';
import { openStore, type Store } from '../store/index.js';
import { testKeyring } from './keyring.js';

export interface PartnerCutOptions {
  readonly seed: number;
  readonly agreementsText: string;
  /** Items Korea publishes per second of virtual time, throughout. */
  readonly itemsPerS: number;
  /** How long the KOR–JPN link stays cut. */
  readonly cutMs: number;
  /** Publishing before the cut and after it heals. */
  readonly beforeMs?: number;
  readonly afterMs?: number;
  /** Each link's limit on what a partner may make it read (the link's default when left out). */
  readonly partnerRate?: PartnerRate | null;
}

export interface PartnerCutResult {
  readonly published: number;
  /** Publications whose producer was not answered with an allow for both partners. */
  readonly refused: number;
  /** Korea's outbox to Japan when the cut heals. */
  readonly queuedAtHeal: number;
  /** Items the US (not cut) still lacked when the cut healed. */
  readonly usaBehindAtHeal: number;
  /** Virtual time from the heal until Japan had every item published before it, in ms (null: never). */
  readonly catchUpMs: number | null;
  /** Batches Korea's link gave up on and re-queued during the cut (retries into the cut). */
  readonly retriesDuringCut: number;
  /** Reads of Korea's outbox to Japan during the cut: bounded by the retries, not by the items queued. */
  readonly scansDuringCut: number;
  /** Scheduler events still pending at the heal (timers armed by the link, among others). */
  readonly pendingEventsAtHeal: number;
  readonly received: Readonly<Record<'JPN' | 'USA', number>>;
  /** What Korea's rate let into Japan's link, and held back or refused there. */
  readonly korRateAtJapan: PartnerRateCounts | null;
  /** Order, loss and duplication violations, first ones only. */
  readonly violations: string[];
  readonly wallMs: number;
}

export function runPartnerCut(o: PartnerCutOptions): PartnerCutResult {
  const started = performance.now();
  const startMs = Date.UTC(2024, 0, 1);
  const beforeMs = o.beforeMs ?? 10_000;
  const afterMs = o.afterMs ?? 10_000;
  const periodMs = 1_000 / o.itemsPerS;
  if (!(periodMs > 0) || !Number.isFinite(periodMs))
    throw new RangeError(`itemsPerS must be positive, not ${o.itemsPerS}`);
  const sched = new Scheduler(startMs);
  // Short seeded delays (so batches reorder on the wire), with a few drops and duplicates.
  const net = new SimNetwork(sched, createRng(o.seed, 'cut-net'), {
    dropRate: 0.01,
    duplicateRate: 0.01,
    delayMs: { min: 1, max: 20 },
  });
  const registry = compileRegistry(parseRegistry(o.agreementsText, 'agreements.yaml'));
  const ring = testKeyring(TRILATERAL);
  const violations: string[] = [];
  const violate = (s: string) => {
    if (violations.length < 20) violations.push(s);
  };
  const next = { JPN: 0, USA: 0 } as Record<'JPN' | 'USA', number>;
  let seqAtHeal: number | null = null;
  let caughtUpAtMs: number | null = null;
  const nodes = new Map<Nation, { link: Link; store: Store }>();
  let scansOfJapan = 0;
  for (const nation of TRILATERAL) {
    const store = openStore(':memory:');
    const outbox: OutboxPort = {
      enqueue: (e) => store.outbox.enqueue(e),
      pending: (recipient, limit, afterSeq) => store.outbox.pending(recipient, limit, afterSeq),
      // A scan of the queue starts with its stream heads.
      streamHeads: (recipient) => {
        if (recipient === 'JPN') scansOfJapan++;
        return store.outbox.streamHeads(recipient);
      },
      pendingIn: (recipient, streams, limit) => store.outbox.pendingIn(recipient, streams, limit),
      markDelivered: (r, id) => store.outbox.markDelivered(r, id),
      markHeld: (r, id, reason) => store.outbox.markHeld(r, id, reason),
      markAttempt: (r, id, atMs) => store.outbox.markAttempt(r, id, atMs),
      depth: (r) => store.outbox.depth(r),
    };
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      outbox,
      inbox: store.inbox,
      audit: store.audit,
      transaction: (fn) => store.transaction(fn),
      crypto: ring.crypto(nation),
      registry: () => registry,
      ackTimeoutMs: 500,
      backoff: { baseMs: 50, maxMs: 2_000 },
      ...(o.partnerRate !== undefined ? { partnerRate: o.partnerRate } : {}),
      onItem: (r) => {
        if (nation !== 'JPN' && nation !== 'USA') return violate(`${nation} received ${r.item.id}`);
        const seq = (r.item.payload as { seq: number }).seq;
        // Exactly the next one: a gap is a loss or a reorder, a repeat a duplicate.
        if (seq !== next[nation]) violate(`${nation} got seq ${seq}, expected ${next[nation]}`);
        next[nation] = Math.max(next[nation], seq + 1);
        if (nation === 'JPN' && caughtUpAtMs === null && seqAtHeal !== null && next.JPN >= seqAtHeal)
          caughtUpAtMs = sched.nowMs();
      },
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    nodes.set(nation, { link, store });
  }
  const kor = nodes.get('KOR')!;

  const idRng = createRng(o.seed, 'cut-ids');
  const ids = createUuidV7Generator((bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = idRng.int(256);
  });
  let seq = 0;
  let refused = 0;
  let producing = true;
  const produce = () => {
    if (!producing) return;
    const now = sched.nowMs();
    const item: LinkItem = {
      id: ids.next(Math.floor(now)),
      originator: 'KOR',
      topic: 'missile-warning',
      marking: '//KOR SECRET//REL TO USA, JPN, KOR',
      createdMs: now,
      concerning: 'PRK',
      payload: { seq: seq++ },
    };
    const decisions = kor.link.publish(item, ['JPN', 'USA']);
    if (decisions.length !== 2 || decisions.some((d) => !d.decision.allow)) refused++;
    sched.after(periodMs, produce);
  };
  sched.after(0, produce);

  const cutAt = startMs + beforeMs;
  const healAt = cutAt + o.cutMs;
  sched.runUntil(cutAt);
  net.partition('KOR', 'JPN');
  const retriesBeforeCut = kor.link.stats.retries;
  const scansBeforeCut = scansOfJapan;
  sched.runUntil(healAt);
  const retriesDuringCut = kor.link.stats.retries - retriesBeforeCut;
  const scansDuringCut = scansOfJapan - scansBeforeCut;
  seqAtHeal = seq;
  const queuedAtHeal = kor.store.outbox.depth('JPN');
  const usaBehindAtHeal = seq - next.USA;
  const pendingEventsAtHeal = sched.pending;
  net.heal('KOR', 'JPN');
  kor.link.kick();
  sched.runUntil(healAt + afterMs);
  producing = false;
  // Drain what is left: at most an hour of virtual time, a second at a time.
  for (let t = healAt + afterMs; t < healAt + 3_600_000; t += 1_000) {
    if (next.JPN >= seq && next.USA >= seq && kor.store.outbox.depth('JPN') === 0) break;
    sched.runUntil(t + 1_000);
  }
  if (next.JPN !== seq) violate(`JPN has ${next.JPN} of ${seq} items`);
  if (next.USA !== seq) violate(`USA has ${next.USA} of ${seq} items`);
  const korRateAtJapan = nodes.get('JPN')!.link.partnerRates().KOR ?? null;
  for (const { link, store } of nodes.values()) {
    link.stop();
    store.close();
  }
  return {
    published: seq,
    refused,
    queuedAtHeal,
    usaBehindAtHeal,
    catchUpMs: caughtUpAtMs === null ? null : caughtUpAtMs - healAt,
    retriesDuringCut,
    scansDuringCut,
    pendingEventsAtHeal,
    received: { ...next },
    korRateAtJapan,
    violations,
    wallMs: Math.round(performance.now() - started),
  };
}
