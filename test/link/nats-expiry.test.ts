// A partner's messages that expire unread in a nation's queue (its node down longer than the
// stream's maximum age, here 1 s instead of 7 days), over real nats-servers: JetStream had
// acknowledged them to their sender, so without the check nobody would know. The recipient's node
// finds the gap when it reads its queue again, audits it and counts it; the flow then goes on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { createUuidV7Generator, inboundStream, Link, type NatsNetwork } from '../../src/link/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { bundledRegistry } from '../domain/fixtures.js';

const NATIONS: readonly Nation[] = ['JPN', 'KOR'];
let nats: NatsNetwork | undefined;
afterAll(async () => {
  await nats?.stop();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `done` every 100 ms for up to `ms` (a loaded machine is slow; nothing is timed). */
async function until(done: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) await sleep(100);
}

describe("a partner's messages expiring unread in a nation's queue", () => {
  it('are audited and counted by the recipient when it reads its queue again; later ones arrive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-expiry-'));
    nats = await startTestNatsNetwork({
      dir: join(dir, 'nats'),
      nations: NATIONS,
      inbox: { maxAgeMs: 1_000, duplicateWindowMs: 1_000 },
    });
    const ring = testKeyring(NATIONS);
    const registry = bundledRegistry();
    const wall = { nowMs: () => Date.now(), after: (ms: number, fn: () => void) => void setTimeout(fn, ms) };
    const received: number[] = [];
    const make = async (nation: Nation) => {
      const transport = await connectNode(nats!, nation, NATIONS, { publishTimeoutMs: 2_000 });
      const outbox = new MemoryOutbox();
      const audit = new MemoryAudit();
      const link = new Link({
        nation,
        clock: wall,
        timers: wall,
        transport,
        outbox,
        inbox: new MemoryInbox(),
        audit,
        crypto: ring.crypto(nation),
        registry: () => registry,
        ackTimeoutMs: 2_000,
        backoff: { baseMs: 100, maxMs: 1_000 },
        onItem: (r) => received.push((r.item.payload as { seq: number }).seq),
      });
      return { link, transport, outbox, audit };
    };
    const kor = await make('KOR');
    const jpn = await make('JPN');
    kor.link.start(['JPN']); // Japan's node is down: its link does not read its queue
    const ids = createUuidV7Generator();
    let seq = 0;
    const publish = () => {
      const now = Date.now();
      kor.link.publish(
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
    };
    for (let i = 0; i < 5; i++) {
      publish();
      await sleep(50);
    }
    // JetStream acknowledged every one to Korea: its outbox holds nothing for Japan.
    await until(() => kor.outbox.depth('JPN') === 0);
    expect(kor.outbox.depth('JPN')).toBe(0);

    // Japan's queue of Korea's messages, as its server's administrator sees it, until they expire.
    const server = nats.server('JPN');
    const nc = await connect({ servers: server.url, user: server.admin.user, pass: server.admin.password });
    const jsm = await jetstreamManager(nc);
    const state = async () => (await jsm.streams.info(inboundStream('KOR'))).state;
    const stored = (await state()).last_seq;
    expect(stored).toBeGreaterThan(0);
    await until(async () => (await state()).messages === 0);
    expect((await state()).messages).toBe(0);
    await nc.close();

    jpn.link.start(['KOR']); // Japan's node comes back
    const expired = () => jpn.audit.records.filter((r) => r.kind === 'ingress-expired-unread');
    await until(() => expired().length > 0);
    expect(expired()).toHaveLength(1);
    expect(expired()[0]).toMatchObject({
      actor: 'KOR',
      subject: `KOR/1-${stored}`,
      detail: { messages: stored, firstSeq: 1, lastSeq: stored },
    });
    expect(jpn.link.lostUnread()).toEqual({ KOR: stored });
    expect(received).toEqual([]);

    // What Korea sends next arrives, and nothing more is reported lost.
    publish();
    await until(() => received.length > 0);
    expect(received).toEqual([5]);
    expect(jpn.link.lostUnread()).toEqual({ KOR: stored });
    for (const x of [kor, jpn]) {
      x.link.stop();
      await x.transport.close();
    }
  }, 90_000);
});
