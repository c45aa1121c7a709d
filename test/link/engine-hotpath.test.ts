import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { Link, type LinkItem, type ReceivedItem } from '../../src/link/engine.js';
import { createUuidV7Generator, type Envelope } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import type { WireMessage } from '../../src/link/wire.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

// The per-item work on the link's hot path: what it may leave out without weakening delivery.

const ring = testKeyring(TRILATERAL);
const T0 = Date.UTC(2024, 0, 1);
const ids = createUuidV7Generator();
let n = 0;
const item = (): LinkItem => ({
  id: ids.next(T0 + ++n),
  originator: 'KOR',
  topic: 'missile-warning',
  marking: '//KOR SECRET//REL TO USA, JPN, KOR',
  createdMs: T0,
  concerning: 'PRK',
  payload: { n },
});

function network() {
  const sched = new Scheduler(T0);
  const net = new SimNetwork(sched, { next: () => 0.5 });
  const registry = bundledRegistry();
  const received = new Map<Nation, ReceivedItem[]>(TRILATERAL.map((x) => [x, []]));
  const sent: WireMessage[] = [];
  /** When each of KOR's messages was sent (virtual ms), in order. */
  const sentAt: number[] = [];
  /** KOR's next message to USA loses its ack (delivered, but KOR never hears of it). */
  const loseAck = { next: false };
  const scans = { count: 0 };
  const links = new Map<Nation, Link>();
  for (const nation of TRILATERAL) {
    // A read of the outbox: the link scans it by its stream heads, then the open streams' entries.
    const counted = new (class extends MemoryOutbox {
      override pending(...a: Parameters<MemoryOutbox['pending']>) {
        if (nation === 'KOR' && !this.inScan) scans.count++;
        return super.pending(...a);
      }
      inScan = false;
      override streamHeads(...a: Parameters<MemoryOutbox['streamHeads']>) {
        if (nation === 'KOR') scans.count++;
        this.inScan = true;
        try {
          return super.streamHeads(...a);
        } finally {
          this.inScan = false;
        }
      }
      override pendingIn(...a: Parameters<MemoryOutbox['pendingIn']>) {
        this.inScan = true;
        try {
          return super.pendingIn(...a);
        } finally {
          this.inScan = false;
        }
      }
    })();
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: {
        send: (msg, cb) => {
          if (nation === 'KOR') {
            sent.push(msg);
            sentAt.push(sched.nowMs());
          }
          if (nation === 'KOR' && msg.recipient === 'USA' && loseAck.next) {
            loseAck.next = false;
            net.send(msg, { acked: () => {}, failed: cb.failed });
          } else net.send(msg, cb);
        },
        listen: (x, deliver) => net.listen(x, deliver),
      },
      outbox: counted,
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
      crypto: ring.crypto(nation),
      registry: () => registry,
      onItem: (r) => received.get(nation)!.push(r),
    });
    link.start(TRILATERAL.filter((x) => x !== nation));
    links.set(nation, link);
  }
  scans.count = 0;
  return { sched, net, links, received, sent, sentAt, loseAck, scans };
}

const envelopesIn = (msg: WireMessage) => JSON.parse(new TextDecoder().decode(msg.body)) as Envelope[];

describe('the link hot path', () => {
  it('signs an item sent to two partners once; each copy has its own hop signature, and both verify', () => {
    const { sched, links, received, sent } = network();
    const it1 = item();
    links.get('KOR')!.publish(it1, ['USA', 'JPN']);
    sched.runUntil(T0 + 1_000);
    expect(received.get('USA')!.map((r) => r.item.id)).toEqual([it1.id]);
    expect(received.get('JPN')!.map((r) => r.item.id)).toEqual([it1.id]);
    const [a, b] = sent.map((m) => envelopesIn(m)[0]!);
    expect(new Set([a!.recipient, b!.recipient])).toEqual(new Set(['USA', 'JPN']));
    expect(a!.sigs[0]).toEqual(b!.sigs[0]);
    expect(a!.sigs[1].sig).not.toBe(b!.sigs[1].sig);
  });

  it('reads the outbox only when what is queued is not known: after start, nothing to read per item', () => {
    const { sched, links, received, scans } = network();
    // start() scanned each partner's outbox and found nothing left behind; since then everything
    // queued is known to the link, and every batch settled, so no item needs a scan.
    for (let i = 0; i < 3; i++) links.get('KOR')!.publish(item(), ['USA', 'JPN']);
    sched.runUntil(T0 + 1_000);
    expect(received.get('USA')!.length + received.get('JPN')!.length).toBe(6);
    expect(scans.count).toBe(0);
  });

  it('reads the outbox again after a batch fails, and loses nothing', () => {
    const { sched, links, received, scans, net } = network();
    net.partition('KOR', 'USA');
    const queued = Array.from({ length: 3 }, item);
    for (const x of queued) links.get('KOR')!.publish(x, ['USA', 'JPN']);
    sched.runUntil(T0 + 5_000);
    expect(received.get('USA')!.length).toBe(0);
    net.heal('KOR', 'USA');
    sched.runUntil(T0 + 60_000);
    for (const p of ['USA', 'JPN'] as const)
      expect(received.get(p)!.map((r) => r.item.id)).toEqual(queued.map((x) => x.id));
    expect(scans.count).toBeGreaterThan(0);
  });

  it('sends what was queued while a batch was in flight once that batch settles, in order', () => {
    const { sched, links, received } = network();
    const kor = links.get('KOR')!;
    const queued = Array.from({ length: 5 }, item);
    kor.publish(queued[0]!, ['USA', 'JPN']); // in flight to both now
    for (const x of queued.slice(1)) kor.publish(x, ['USA', 'JPN']);
    kor.kick(); // asked for while in flight: not lost either
    sched.runUntil(T0 + 1_000);
    for (const p of ['USA', 'JPN'] as const)
      expect(received.get(p)!.map((r) => r.item.id)).toEqual(queued.map((x) => x.id));
  });

  it('keeps one ack timer per partner, however many batches it has sent', () => {
    const { sched, links, received } = network();
    for (let i = 0; i < 50; i++) {
      links.get('KOR')!.publish(item(), ['USA', 'JPN']);
      sched.runUntil(sched.nowMs() + 10);
    }
    expect(received.get('USA')!.length + received.get('JPN')!.length).toBe(100);
    // 100 batches acked within the last 2 s (the ack timeout): one watcher per partner is left.
    expect(sched.pending).toBeLessThanOrEqual(2);
  });

  it('re-sends a batch whose ack never came, an ack timeout after it was sent, after acked ones', () => {
    const { sched, links, received, sent, sentAt, loseAck } = network();
    const kor = links.get('KOR')!;
    const toUsa = () => sent.flatMap((m, i) => (m.recipient === 'USA' ? [sentAt[i]!] : []));
    kor.publish(item(), ['USA']);
    sched.runUntil(T0 + 700); // acked; the watcher stays armed for this batch's deadline, T0 + 2 s
    loseAck.next = true;
    const lost = item();
    kor.publish(lost, ['USA']);
    const lostAt = sched.nowMs();
    sched.runUntil(T0 + 10_000);
    expect(toUsa()).toHaveLength(3);
    // The retry waits the full ack timeout (2 s) from the lost batch's send, then the backoff (0.1 s).
    expect(toUsa()[2]).toBe(lostAt + 2_000 + 100);
    expect(kor.stats.retries).toBe(1);
    // Delivered the first time; the copy is dropped as a duplicate.
    expect(received.get('USA')!.filter((r) => r.item.id === lost.id)).toHaveLength(1);
  });
});
