// A store that refuses a commit (busy past its timeout, disk full, an I/O error) must not take a
// node down from inside a transport callback or timer, and must lose nothing: the link leaves the
// batch where it was and tries again.
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { Link, type LinkItem, type ReceivedItem } from '../../src/link/engine.js';
import { createUuidV7Generator } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

const NATIONS: Nation[] = ['USA', 'KOR'];
const T0 = Date.UTC(2024, 0, 1);
const ring = testKeyring(NATIONS);
const ioError = () => Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });

/** `failHeads`: outbox scans (stream heads) of KOR's that fail, from its start. */
function pair(failHeads = 0) {
  const sched = new Scheduler(T0);
  const net = new SimNetwork(
    sched,
    { next: () => 0.5 },
    { dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } },
  );
  const registry = bundledRegistry();
  const received = new Map<Nation, ReceivedItem[]>(NATIONS.map((n) => [n, []]));
  /** Commits each nation's store will refuse next (before anything is written, as a failed BEGIN). */
  const refuse = new Map<Nation, number>(NATIONS.map((n) => [n, 0]));
  const outboxes = new Map<Nation, MemoryOutbox>();
  const links = new Map<Nation, Link>();
  for (const nation of NATIONS) {
    const outbox = new MemoryOutbox();
    outboxes.set(nation, outbox);
    if (nation === 'KOR' && failHeads > 0) {
      const heads = outbox.streamHeads.bind(outbox);
      let failures = failHeads;
      outbox.streamHeads = (recipient) => {
        if (failures-- > 0) throw ioError();
        return heads(recipient);
      };
    }
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      outbox,
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
      crypto: ring.crypto(nation),
      registry: () => registry,
      onItem: (r) => received.get(nation)!.push(r),
      ackTimeoutMs: 500,
      transaction: (fn) => {
        const n = refuse.get(nation)!;
        if (n > 0) {
          refuse.set(nation, n - 1);
          throw ioError();
        }
        return fn();
      },
    });
    link.start(NATIONS.filter((n) => n !== nation));
    links.set(nation, link);
  }
  return { sched, links, received, refuse, outboxes };
}

const ids = createUuidV7Generator();
const item = (n: number): LinkItem => ({
  id: ids.next(T0 + n),
  originator: 'KOR',
  topic: 'missile-warning',
  marking: 'SECRET//REL TO USA, KOR',
  createdMs: T0,
  concerning: 'PRK',
  payload: { n },
});

describe('link when the store refuses a commit', () => {
  it('the sender: an acknowledgement it cannot record is not a crash; the batch goes again and arrives once', () => {
    const net = pair();
    const kor = net.links.get('KOR')!;
    kor.publish(item(1), ['USA']);
    net.refuse.set('KOR', 1); // the commit that records USA's acknowledgement
    expect(() => net.sched.runUntil(T0 + 30_000)).not.toThrow();
    expect(kor.stats.storeErrors).toBe(1);
    expect(net.received.get('USA')!.map((r) => (r.item.payload as { n: number }).n)).toEqual([1]);
    // Sent again after the failure, dropped by USA as a duplicate, and now recorded as delivered.
    expect(net.links.get('USA')!.stats.duplicates).toBe(1);
    expect(net.outboxes.get('KOR')!.streamHeads('USA')).toEqual([]);
  });

  it('the receiver: a batch it cannot record is not acknowledged; the sender sends it again', () => {
    const net = pair();
    const kor = net.links.get('KOR')!;
    const usa = net.links.get('USA')!;
    net.refuse.set('USA', 1); // the commit of the batch's inbox records
    for (let n = 1; n <= 3; n++) kor.publish(item(n), ['USA']);
    expect(() => net.sched.runUntil(T0 + 30_000)).not.toThrow();
    expect(usa.stats.storeErrors).toBe(1);
    expect(kor.stats.retries).toBeGreaterThanOrEqual(1);
    expect(net.received.get('USA')!.map((r) => (r.item.payload as { n: number }).n)).toEqual([1, 2, 3]);
    expect(net.outboxes.get('KOR')!.streamHeads('USA')).toEqual([]);
  });

  it('the sender: an outbox it cannot read now is read again after a backoff', () => {
    // KOR's scan at start fails, and so does the one its publish asks for (it cannot know what is
    // queued without a scan); the publish itself is not refused: the item is queued.
    const net = pair(2);
    const kor = net.links.get('KOR')!;
    expect(kor.stats.storeErrors).toBe(1);
    expect(() => kor.publish(item(1), ['USA'])).not.toThrow();
    expect(kor.stats.storeErrors).toBe(2);
    expect(() => net.sched.runUntil(T0 + 30_000)).not.toThrow();
    expect(net.received.get('USA')!.map((r) => (r.item.payload as { n: number }).n)).toEqual([1]);
  });
});
