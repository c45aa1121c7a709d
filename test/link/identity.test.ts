import { afterAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { Link, type LinkItem, type ReceivedItem } from '../../src/link/engine.js';
import { createUuidV7Generator, routeFor } from '../../src/link/index.js';
import { Scheduler } from '../../src/link/scheduler.js';
import { SimNetwork } from '../../src/link/sim-network.js';
import { createRng } from '../../src/sim/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { tempDirs } from '../store/helpers.js';
import { seededFill } from './seeded.js';

// Attack 1 of issue 19: a partner that has received the US's item sends Japan an item of its own
// under the same id, while the US cannot reach Japan. An id names an item only within its
// originator, so when the US item arrives it is a new item, not a duplicate of the partner's; and
// a relay holding both for one recipient queues both.
const BANNER: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};
const ring = testKeyring(TRILATERAL, 3_600_000);
const tmp = tempDirs();
afterAll(() => tmp.cleanup());

type Stores = 'sqlite' | 'memory';

function network(route: 'trilateral' | 'us-hub', stores: Stores) {
  const sched = new Scheduler(Date.UTC(2024, 0, 1));
  const net = new SimNetwork(sched, createRng(1, 'net'));
  const registry = bundledRegistry();
  const dir = tmp.dir();
  const received = new Map<Nation, ReceivedItem[]>(TRILATERAL.map((n) => [n, []]));
  const audits = new Map<Nation, MemoryAudit>();
  const open: Store[] = [];
  const links = new Map<Nation, Link>();
  for (const nation of TRILATERAL) {
    const audit = new MemoryAudit();
    audits.set(nation, audit);
    let ports: { outbox: Store['outbox'] | MemoryOutbox; inbox: Store['inbox'] | MemoryInbox };
    if (stores === 'sqlite') {
      const store = openStore(`${dir}/${nation}.db`);
      open.push(store);
      ports = store;
    } else ports = { outbox: new MemoryOutbox(), inbox: new MemoryInbox() };
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      outbox: ports.outbox,
      inbox: ports.inbox,
      audit,
      crypto: ring.crypto(nation),
      registry: () => registry,
      route: routeFor(route, nation),
      onItem: (r) => received.get(nation)!.push(r),
      ackTimeoutMs: 500,
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    links.set(nation, link);
  }
  const close = () => {
    for (const s of open) s.close();
  };
  return { sched, net, links, received, audits, close };
}

describe('identity of an item is (originator, id)', () => {
  for (const stores of ['sqlite', 'memory'] as const)
    for (const route of ['trilateral', 'us-hub'] as const) {
      it(`a partner reusing the US's id cannot silence the US item at Japan (${route}, ${stores} stores)`, () => {
        const { sched, net, links, received, audits, close } = network(route, stores);
        const ids = createUuidV7Generator(seededFill(3));
        net.partition('USA', 'JPN'); // an outage: the US item reaches Korea first
        const usItem: LinkItem = {
          id: ids.next(Math.floor(sched.nowMs())),
          originator: 'USA',
          topic: 'missile-warning',
          marking: BANNER.USA!,
          createdMs: sched.nowMs(),
          concerning: 'PRK',
          payload: { from: 'USA' },
        };
        links.get('USA')!.publish(usItem, ['JPN', 'KOR']);
        sched.runUntil(sched.nowMs() + 1_000);
        expect(received.get('KOR')!.map((r) => r.item.id)).toEqual([usItem.id]);
        expect(received.get('JPN')).toEqual([]);

        // Korea, having seen the id, sends Japan its own (well-signed) item under it: directly, or
        // (us-hub) through the US, whose outbox then holds two items under one id for Japan.
        const forged: LinkItem = {
          ...usItem,
          originator: 'KOR',
          marking: BANNER.KOR!,
          createdMs: sched.nowMs(),
          payload: { from: 'KOR' },
        };
        links.get('KOR')!.publish(forged, ['JPN']);
        sched.runUntil(sched.nowMs() + 1_000);
        expect(received.get('JPN')!.map((r) => [r.item.originator, r.item.id])).toEqual(
          route === 'trilateral' ? [['KOR', usItem.id]] : [],
        );

        net.heal('USA', 'JPN');
        links.get('USA')!.kick();
        sched.runUntil(sched.nowMs() + 5_000);
        // Each item once, each under its own originator and with its own payload.
        const atJapan = received.get('JPN')!.map((r) => [r.item.originator, r.item.id, r.item.payload]);
        expect(atJapan.sort()).toEqual([
          ['KOR', usItem.id, { from: 'KOR' }],
          ['USA', usItem.id, { from: 'USA' }],
        ]);
        expect(audits.get('JPN')!.records.filter((r) => r.kind === 'ingress-reject')).toEqual([]);
        close();
      });
    }
});
