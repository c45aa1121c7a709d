import { describe, expect, it } from 'vitest';
import { compileRegistry, type Nation, TRILATERAL } from '../../src/domain/index.js';
import { Link, type LinkItem, type ReceivedItem } from '../../src/link/engine.js';
import { createUuidV7Generator, routeFor } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

const ring = testKeyring(TRILATERAL);

function network(
  opts: {
    startMs?: number;
    route?: 'us-hub' | 'direct';
    registry?: ReturnType<typeof bundledRegistry>;
    batchSize?: number;
  } = {},
) {
  const sched = new Scheduler(opts.startMs ?? Date.UTC(2024, 0, 1));
  let registry = opts.registry ?? bundledRegistry();
  const net = new SimNetwork(sched, { next: Math.random });
  const received = new Map<Nation, ReceivedItem[]>(TRILATERAL.map((n) => [n, []]));
  const audits = new Map<Nation, MemoryAudit>();
  const links = new Map<Nation, Link>();
  for (const nation of TRILATERAL) {
    const audit = new MemoryAudit();
    audits.set(nation, audit);
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit,
      crypto: ring.crypto(nation),
      registry: () => registry,
      route: routeFor(opts.route === 'us-hub' ? 'us-hub' : 'trilateral', nation),
      onItem: (r) => received.get(nation)!.push(r),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    links.set(nation, link);
  }
  return {
    sched,
    net,
    links,
    received,
    audits,
    setRegistry: (r: ReturnType<typeof bundledRegistry>) => {
      registry = r;
    },
  };
}

let counter = 0;
const ids = createUuidV7Generator();
const item = (originator: Nation, marking: string, over: Partial<LinkItem> = {}): LinkItem => ({
  id: ids.next(Date.UTC(2024, 0, 1) + ++counter),
  originator,
  topic: 'missile-warning',
  marking,
  createdMs: Date.UTC(2024, 0, 1),
  concerning: 'PRK',
  payload: { n: counter },
  ...over,
});

describe('Link over the simulated network', () => {
  it('delivers an allowed item to each recipient once, at its own level', () => {
    const { sched, links, received, audits } = network();
    const it1 = item('KOR', 'GRADE II//REL TO USA, JPN, KOR');
    const decisions = links.get('KOR')!.publish(it1, ['USA', 'JPN']);
    expect(decisions.every((d) => d.decision.allow)).toBe(true);
    // Every releasability decision is audited, allows included.
    expect(
      audits.get('KOR')!.records.map((r) => [r.kind, (r.detail as { recipient: string }).recipient]),
    ).toEqual([
      ['egress-allow', 'USA'],
      ['egress-allow', 'JPN'],
    ]);
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('JPN')!.map((r) => [r.item.id, r.levelHere, r.sender])).toEqual([
      [it1.id, 'GOKUHI', 'KOR'],
    ]);
    expect(received.get('USA')!.map((r) => [r.item.id, r.levelHere])).toEqual([[it1.id, 'SECRET']]);
  });

  it('does not queue what the agreements refuse, and audits why', () => {
    const { sched, links, received, audits } = network();
    links.get('KOR')!.publish(item('KOR', 'GRADE II//REL TO USA, KOR'), ['JPN']);
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('JPN')).toEqual([]);
    expect(audits.get('KOR')!.records.map((r) => r.kind)).toEqual(['egress-deny']);
    expect((audits.get('KOR')!.records[0]!.detail as { rule: string }).rule).toBe('rel-to');
  });

  it('relays Japan-Korea items through the US under a us-hub policy, keeping the originator', () => {
    const { sched, links, received } = network({ route: 'us-hub' });
    const it1 = item('JPN', 'SECRET//REL TO USA, JPN, KOR');
    links.get('JPN')!.publish(it1, ['USA', 'KOR']);
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('KOR')!.map((r) => [r.item.id, r.sender, r.item.originator, r.levelHere])).toEqual([
      [it1.id, 'USA', 'JPN', 'GRADE II'],
    ]);
    expect(received.get('USA')!.map((r) => r.item.id)).toEqual([it1.id]);
    expect(links.get('USA')!.stats.relayed).toBe(1);
  });

  it('holds an item whose agreement is suspended after queueing, and sends it once resumed', () => {
    const base = bundledRegistry();
    const suspend = (atMs: number, resumeMs?: number) =>
      compileRegistry({
        ...base,
        agreements: base.agreements.map((a) =>
          a.id === 'jpn-kor-gsomia-2016'
            ? {
                ...a,
                history: [
                  ...a.history,
                  { type: 'suspended' as const, atMs },
                  ...(resumeMs ? [{ type: 'resumed' as const, atMs: resumeMs }] : []),
                ],
              }
            : a,
        ),
      });
    const { sched, links, received, audits, net, setRegistry } = network({ registry: base });
    const t0 = sched.nowMs();
    // Partition first so the item is queued but not yet delivered when the suspension comes.
    net.partition('KOR', 'JPN');
    const it1 = item('KOR', 'GRADE II//REL TO USA, JPN, KOR', { topic: 'maritime', concerning: undefined });
    links.get('KOR')!.publish(it1, ['JPN']);
    setRegistry(suspend(t0 + 100));
    sched.runUntil(t0 + 200);
    net.heal('KOR', 'JPN');
    links.get('KOR')!.kick();
    sched.runUntil(t0 + 60_000);
    expect(received.get('JPN')).toEqual([]);
    expect(audits.get('KOR')!.records.some((r) => r.kind === 'egress-held')).toBe(true);
    expect(audits.get('KOR')!.records[0]!.kind).toBe('egress-allow');
    setRegistry(suspend(t0 + 100, t0 + 70_000));
    sched.runUntil(t0 + 70_000);
    links.get('KOR')!.kick();
    sched.runUntil(t0 + 80_000);
    expect(received.get('JPN')!.map((r) => r.item.id)).toEqual([it1.id]);
  });

  it('sends a stream queued behind more held entries than any scan of the queue in order would read', () => {
    const base = bundledRegistry();
    const suspended = (atMs: number) =>
      compileRegistry({
        ...base,
        agreements: base.agreements.map((a) =>
          a.id === 'us-kor-gsomia-1987'
            ? { ...a, history: [...a.history, { type: 'suspended' as const, atMs }] }
            : a,
        ),
      });
    // Batches of 2, and 200 held maritime items queued first: a scan reading the queue in order,
    // page by page (8 entries, at most 16 pages, as before the stream heads), never reached the warning.
    const { sched, links, received, net, setRegistry } = network({ registry: base, batchSize: 2 });
    const t0 = sched.nowMs();
    net.partition('KOR', 'USA');
    const held = Array.from({ length: 200 }, () =>
      item('KOR', 'GRADE II//REL TO USA, JPN, KOR', { topic: 'maritime', concerning: undefined }),
    );
    for (const h of held) links.get('KOR')!.publish(h, ['USA']);
    setRegistry(suspended(t0 + 100));
    sched.runUntil(t0 + 200);
    net.heal('KOR', 'USA');
    const warning = item('KOR', 'GRADE II//REL TO USA, JPN, KOR');
    expect(links.get('KOR')!.publish(warning, ['USA'])[0]!.decision.allow).toBe(true);
    links.get('KOR')!.kick();
    sched.runUntil(t0 + 60_000);
    // The missile warning (under the trilateral mechanism) gets through; the maritime stream, which
    // only the suspended GSOMIA covered, stays held behind its head.
    expect(received.get('USA')!.map((r) => r.item.id)).toEqual([warning.id]);
  });

  it('rejects forged, tampered and replayed envelopes without stopping', () => {
    const { sched, net, links, received, audits } = network();
    const send = (body: string, sender: Nation = 'KOR') =>
      net.send(
        { recipient: 'JPN', sender, topic: 'missile-warning', id: 'x', body: new TextEncoder().encode(body) },
        { acked: () => {}, failed: () => {} },
      );
    // A genuine envelope, captured from the wire.
    let captured = '';
    const stop = net.listen('JPN', (m, ack) => {
      captured = new TextDecoder().decode(m.body);
      ack();
    });
    links.get('KOR')!.publish(item('KOR', 'GRADE II//REL TO USA, JPN, KOR'), ['JPN']);
    sched.runUntil(sched.nowMs() + 1_000);
    stop();
    links.get('JPN')!.start();
    const [env] = JSON.parse(captured);
    send(JSON.stringify([env]));
    send(JSON.stringify([env])); // replay
    send(JSON.stringify([{ ...env, payload: { n: 666 } }])); // tampered
    send(JSON.stringify([{ ...env, sender: 'USA' }]), 'USA'); // re-signed by nobody
    send('not json');
    send(JSON.stringify({ not: 'a batch' }));
    send(JSON.stringify([null, 42, 'x', { v: 1 }]));
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('JPN')!.map((r) => r.item.id)).toEqual([env.id]);
    const reasons = audits.get('JPN')!.records.map((r) => (r.detail as { rule: string }).rule);
    expect(reasons.filter((r) => r === 'verify').length).toBeGreaterThanOrEqual(6);
    expect(reasons).toContain('malformed');
    expect(links.get('JPN')!.stats.duplicates).toBe(1);
  });
});
