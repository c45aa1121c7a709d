import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { createUuidV7Generator, Link, type NatsNetwork } from '../../src/link/index.js';
import { openStore } from '../../src/store/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { bundledRegistry } from '../domain/fixtures.js';

const OUTAGE_MS = 60_000;
let nats: NatsNetwork | undefined;
afterAll(async () => {
  await nats?.stop();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`the recipient's nats-server stopped for ${OUTAGE_MS / 1000} s while a partner sends 200 items/s`, () => {
  it('keeps accepting, then drains everything in order, nothing lost or duplicated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-outage-'));
    nats = await startTestNatsNetwork({ dir: join(dir, 'nats'), nations: TRILATERAL });
    const ring = testKeyring(TRILATERAL);
    const registry = bundledRegistry();
    const wall = { nowMs: () => Date.now(), after: (ms: number, fn: () => void) => void setTimeout(fn, ms) };
    mkdirSync(join(dir, 'stores'));
    const received: number[] = [];
    const make = async (nation: Nation) => {
      const transport = await connectNode(nats!, nation, TRILATERAL, { publishTimeoutMs: 1_000 });
      const store = openStore(join(dir, 'stores', `${nation}.sqlite`));
      const link = new Link({
        nation,
        clock: wall,
        timers: wall,
        transport,
        outbox: store.outbox,
        inbox: store.inbox,
        audit: store.audit,
        transaction: (fn) => store.transaction(fn),
        crypto: ring.crypto(nation),
        registry: () => registry,
        ackTimeoutMs: 1_000,
        backoff: { baseMs: 100, maxMs: 1_000 },
        onItem: (r) => received.push((r.item.payload as { seq: number }).seq),
      });
      link.start(TRILATERAL.filter((n) => n !== nation));
      return { link, transport, store };
    };
    const kor = await make('KOR');
    const jpn = await make('JPN');
    const ids = createUuidV7Generator();
    let seq = 0;
    let accepted = 0;
    const publishFor = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        for (let i = 0; i < 2; i++) {
          const now = Date.now();
          const decisions = kor.link.publish(
            {
              id: ids.next(now),
              originator: 'KOR',
              topic: 'missile-warning',
              marking: '//KOR SECRET//REL TO USA, JPN, KOR',
              createdMs: now,
              concerning: 'PRK',
              payload: { seq: seq++ },
            },
            ['JPN'],
          );
          if (decisions[0]!.decision.allow) accepted++;
        }
        await sleep(10);
      }
    };
    await publishFor(1_000);
    await nats.server('JPN').stop(); // Japan's server: Korea's, and Korea's node, stay up
    await publishFor(OUTAGE_MS); // the producer keeps being answered: the outbox takes the items
    const queuedDuringOutage = kor.store.outbox.depth('JPN');
    await nats.server('JPN').restart();
    await publishFor(1_000);
    const deadline = Date.now() + 120_000; // generous: a loaded 2-core machine drains slowly
    while ((kor.store.outbox.depth('JPN') > 0 || received.length < seq) && Date.now() < deadline) {
      kor.link.kick();
      await sleep(200);
    }
    expect(accepted).toBe(seq);
    expect(queuedDuringOutage).toBeGreaterThan(1_000);
    expect(received).toEqual(Array.from({ length: seq }, (_, i) => i));
    for (const x of [kor, jpn]) {
      x.link.stop();
      await x.transport.close();
      x.store.close();
    }
  }, 300_000);
});
