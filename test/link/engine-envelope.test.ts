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
import { bundledRegistry } from '../domain/fixtures.js';
import { tempDirs } from '../store/helpers.js';
import { seededFill } from './seeded.js';

// The link engine with these envelopes and the SQLite store, end to end over a lossy network.
const BANNER: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};
const ring = testKeyring(TRILATERAL, 3_600_000);
const tmp = tempDirs();
afterAll(() => tmp.cleanup());

function network(seed: number, route: 'us-hub' | 'direct') {
  const sched = new Scheduler(Date.UTC(2024, 0, 1));
  const net = new SimNetwork(sched, createRng(seed, 'net'), {
    dropRate: 0.1,
    duplicateRate: 0.1,
    delayMs: { min: 1, max: 80 },
  });
  const registry = bundledRegistry();
  const dir = tmp.dir();
  const received = new Map<Nation, ReceivedItem[]>(TRILATERAL.map((n) => [n, []]));
  const stores = new Map<Nation, Store>();
  const links = new Map<Nation, Link>();
  for (const nation of TRILATERAL) {
    const store = openStore(`${dir}/${nation}.db`);
    stores.set(nation, store);
    const link = new Link({
      nation,
      clock: sched,
      timers: sched,
      transport: net,
      ...store,
      crypto: ring.crypto(nation),
      registry: () => registry,
      route: routeFor(route === 'us-hub' ? 'us-hub' : 'trilateral', nation),
      onItem: (r) => received.get(nation)!.push(r),
      ackTimeoutMs: 500,
    });
    link.start(TRILATERAL.filter((n) => n !== nation));
    links.set(nation, link);
  }
  return { sched, net, links, stores, received };
}

describe('Link engine with signed envelopes and SQLite stores', () => {
  for (const route of ['direct', 'us-hub'] as const) {
    it(`delivers every item once, in order, with the originator's signature (${route})`, () => {
      const { sched, net, links, stores, received } = network(7, route);
      const ids = createUuidV7Generator(seededFill(7));
      const published: LinkItem[] = [];
      for (let seq = 0; seq < 15; seq++) {
        for (const originator of TRILATERAL) {
          sched.after(seq * 37, () => {
            const item: LinkItem = {
              id: ids.next(Math.floor(sched.nowMs())),
              originator,
              topic: 'missile-warning',
              marking: BANNER[originator]!,
              createdMs: sched.nowMs(),
              concerning: 'PRK',
              payload: { seq },
            };
            published.push(item);
            const decisions = links.get(originator)!.publish(
              item,
              TRILATERAL.filter((n) => n !== originator),
            );
            expect(decisions.every((d) => d.decision.allow)).toBe(true);
          });
        }
      }
      sched.runUntil(sched.nowMs() + 5_000);
      net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } });
      for (let i = 0; i < 5; i++) {
        for (const l of links.values()) l.kick();
        sched.runUntil(sched.nowMs() + 5_000);
      }
      for (const nation of TRILATERAL) {
        const got = received.get(nation)!;
        const want = published.filter((p) => p.originator !== nation);
        expect(got.map((r) => r.item.id).sort()).toEqual(want.map((p) => p.id).sort());
        for (const originator of TRILATERAL.filter((n) => n !== nation)) {
          const seqs = got
            .filter((r) => r.item.originator === originator)
            .map((r) => (r.item.payload as { seq: number }).seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }
        const relayed = got.filter((r) => r.sender !== r.item.originator);
        if (route === 'direct' || nation === 'USA') expect(relayed).toEqual([]);
        else expect(relayed.length).toBe(15); // everything from the other ally came through the US
        expect(stores.get(nation)!.audit.verify().ok).toBe(true);
      }
      for (const s of stores.values()) s.close();
    });
  }

  it('rejects a tampered envelope and audits why', () => {
    const { sched, net, links, stores, received } = network(3, 'direct');
    let captured = '';
    const stop = net.listen('JPN', (m, ack) => {
      captured = new TextDecoder().decode(m.body);
      ack();
    });
    const id = createUuidV7Generator(seededFill(3)).next(Math.floor(sched.nowMs()));
    links.get('KOR')!.publish(
      {
        id,
        originator: 'KOR',
        topic: 'missile-warning',
        marking: BANNER.KOR!,
        createdMs: sched.nowMs(),
        payload: { n: 1 },
      },
      ['JPN'],
    );
    sched.runUntil(sched.nowMs() + 1_000);
    stop();
    links.get('JPN')!.start();
    const [env] = JSON.parse(captured);
    net.setFaults({ dropRate: 0, duplicateRate: 0, delayMs: { min: 1, max: 1 } });
    const body = new TextEncoder().encode(JSON.stringify([{ ...env, payload: { n: 666 } }]));
    net.send(
      { recipient: 'JPN', sender: 'KOR', topic: 'missile-warning', id: 'x', body },
      { acked: () => {}, failed: () => {} },
    );
    sched.runUntil(sched.nowMs() + 1_000);
    expect(received.get('JPN')).toEqual([]);
    const rejects = stores
      .get('JPN')!
      .audit.read(1, 100)
      .filter((r) => r.kind === 'ingress-reject');
    expect(rejects.map((r) => (r.detail as { reason: string }).reason)).toEqual([
      expect.stringMatching(/^bad-signature: /),
    ]);
    for (const s of stores.values()) s.close();
  });
});
