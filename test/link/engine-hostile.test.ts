import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { Link, type LinkItem, type ReceivedItem } from '../../src/link/engine.js';
import { createUuidV7Generator, type Transport, type WireMessage } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { createRng } from '../../src/sim/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { seededFill } from './seeded.js';

// What a partner's well-signed traffic cannot make a link do: take another nation's item from a
// nation the originator did not route it through, or read a message beyond the bound.
const ring = testKeyring(TRILATERAL, 3_600_000);
const BANNER: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};

function network(maxMessageBytes?: number) {
  const sched = new Scheduler(Date.UTC(2024, 0, 1));
  const net = new SimNetwork(sched, createRng(1, 'net'));
  const sent: WireMessage[] = [];
  const transport: Transport = {
    send: (msg, cb) => {
      sent.push(msg);
      net.send(msg, cb);
    },
    listen: (n, deliver) => net.listen(n, deliver),
  };
  const registry = bundledRegistry();
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
      transport,
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit,
      crypto: ring.crypto(nation),
      registry: () => registry,
      onItem: (r) => received.get(nation)!.push(r),
      ...(maxMessageBytes ? { maxMessageBytes } : {}),
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    links.set(nation, link);
  }
  const ids = createUuidV7Generator(seededFill(5));
  const item = (originator: Nation, payload: unknown): LinkItem => ({
    id: ids.next(Math.floor(sched.nowMs())),
    originator,
    topic: 'missile-warning',
    marking: BANNER[originator]!,
    createdMs: sched.nowMs(),
    concerning: 'PRK',
    payload,
  });
  const rejects = (n: Nation) =>
    audits
      .get(n)!
      .records.filter((r) => r.kind === 'ingress-reject')
      .map((r) => [r.actor, (r.detail as { rule: string }).rule]);
  return { sched, net, sent, links, received, item, rejects };
}

describe('a link and a hostile partner', () => {
  it("refuses another nation's item passed on by a partner its originator did not route it through", () => {
    const { sched, net, received, item, rejects } = network();
    const usItem = item('USA', { n: 1 });
    // Korea holds a US envelope addressed to it, and hands it on to Japan with its own hop signature.
    const toKorea = ring.crypto('USA').seal(usItem, 'USA', 'KOR');
    const onward = ring.crypto('KOR').relay(toKorea, 'KOR', 'JPN');
    const body = Buffer.from(`[${ring.crypto('KOR').encode!(onward)}]`, 'utf8');
    net.send(
      { recipient: 'JPN', sender: 'KOR', topic: 'missile-warning', id: 'x', body },
      { acked: () => {}, failed: () => {} },
    );
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('JPN')).toEqual([]);
    expect(rejects('JPN')).toEqual([['KOR', 'unrouted']]);
  });

  it('refuses unread, and audits, a wire message larger than its bound; honest traffic goes on', () => {
    const { sched, net, links, received, item, rejects } = network(4_096);
    net.send(
      {
        recipient: 'JPN',
        sender: 'KOR',
        topic: 'missile-warning',
        id: 'big',
        body: Buffer.from(`[${' '.repeat(5_000)}]`),
      },
      { acked: () => {}, failed: () => {} },
    );
    links.get('USA')!.publish(item('USA', { n: 1 }), ['JPN']);
    sched.runUntil(sched.nowMs() + 1_000);
    expect(rejects('JPN')).toEqual([['KOR', 'oversized']]);
    expect(received.get('JPN')!.map((r) => r.item.payload)).toEqual([{ n: 1 }]);
  });

  it('cuts its batches to the bound, and refuses at publish an item no message could carry', () => {
    const { sched, sent, links, received, item, rejects } = network(4_096);
    const usa = links.get('USA')!;
    for (let n = 0; n < 20; n++) usa.publish(item('USA', { n, pad: 'x'.repeat(600) }), ['JPN']);
    sched.runUntil(sched.nowMs() + 5_000);
    expect(received.get('JPN')!.map((r) => (r.item.payload as { n: number }).n)).toEqual(
      Array.from({ length: 20 }, (_, n) => n),
    );
    expect(sent.length).toBeGreaterThan(1);
    expect(Math.max(...sent.map((m) => m.body.byteLength))).toBeLessThanOrEqual(4_096);
    expect(rejects('JPN')).toEqual([]);
    expect(() => usa.publish(item('USA', { pad: 'x'.repeat(5_000) }), ['JPN'])).toThrow(/message bound/);
    sched.runUntil(sched.nowMs() + 5_000);
    expect(received.get('JPN')).toHaveLength(20);
  });
});
