// One nats-server per nation (real processes, Debian's nats-server): what a nation's own server
// administrator and a hostile partner can and cannot do to another nation's traffic, and the
// inbound streams' limits as the link's back-pressure.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Nation, TRILATERAL } from '../../src/domain/index.js';
import {
  createUuidV7Generator,
  Link,
  type NatsNetwork,
  type NatsTransport,
  type WireMessage,
} from '../../src/link/index.js';
import { openStore } from '../../src/store/index.js';
import { testKeyring } from '../../src/testing/keyring.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { bundledRegistry } from '../domain/fixtures.js';

const PER_SUBJECT = 20;
const registry = bundledRegistry();
let dir: string;
let net: NatsNetwork;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-sovereign-'));
  net = await startTestNatsNetwork({
    dir: join(dir, 'nats'),
    nations: TRILATERAL,
    inbox: { maxMsgsPerSubject: PER_SUBJECT, maxBytes: 1024 * 1024 },
  });
});

afterAll(async () => {
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const wire = (recipient: Nation, sender: Nation, id: string): WireMessage => ({
  recipient,
  sender,
  topic: 'missile-warning',
  id,
  body: new TextEncoder().encode(id),
});

function send(t: NatsTransport, m: WireMessage): Promise<string> {
  return new Promise((resolve) =>
    t.send(m, { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) }),
  );
}

/** Sends `m` until it is acknowledged (the leaf connections come up just after the servers). */
async function sendWhenUp(t: NatsTransport, m: WireMessage): Promise<void> {
  for (let i = 0; ; i++) {
    const r = await send(t, m);
    if (r === 'acked') return;
    if (i > 50) throw new Error(`${m.sender} -> ${m.recipient}: ${r}`);
    await sleep(100);
  }
}

async function adminOf(nation: Nation): Promise<NatsConnection> {
  const s = net.server(nation);
  return connect({ servers: s.url, user: s.admin.user, pass: s.admin.password });
}

describe('one nats-server per nation', () => {
  it("Japan's own administrator, on Japan's server, sees none of what the US sends Korea and cannot reach Korea's streams", async () => {
    const usa = await connectNode(net, 'USA', TRILATERAL);
    const kor = await connectNode(net, 'KOR', TRILATERAL);
    const admin = await adminOf('JPN');
    const seenByJapan: string[] = [];
    const everything = admin.subscribe('>', { callback: (_e, m) => void seenByJapan.push(m.subject) });
    const gotByKorea: string[] = [];
    kor.listen('KOR', (m, ack) => {
      if (m.sender === 'USA') gotByKorea.push(m.id);
      ack();
    });
    await sendWhenUp(usa, wire('KOR', 'USA', 'usa-to-kor-0'));
    for (let i = 1; i < 10; i++) expect(await send(usa, wire('KOR', 'USA', `usa-to-kor-${i}`))).toBe('acked');
    while (gotByKorea.length < 10) await sleep(50);
    await admin.flush();
    expect(seenByJapan.filter((s) => s.startsWith('concord.v1.KOR.'))).toEqual([]);
    // Korea's JetStream API is not reachable from Japan's server, by domain or by subject.
    await expect(jetstreamManager(admin, { domain: 'KOR', timeout: 1_000 })).rejects.toThrow();
    await expect(
      jetstream(admin, { domain: 'KOR', timeout: 1_000 }).consumers.get('IN_USA', 'node'),
    ).rejects.toThrow();
    await expect(
      admin.request('$JS.KOR.API.STREAM.MSG.GET.IN_USA', JSON.stringify({ seq: 1 }), { timeout: 1_000 }),
    ).rejects.toThrow();
    everything.unsubscribe();
    await admin.close();
    await usa.close();
    await kor.close();
  });

  it("a full inbound stream refuses the partner's publish; the link keeps the items and delivers every one, in order, once there is room", async () => {
    const ring = testKeyring(TRILATERAL);
    const wall = { nowMs: () => Date.now(), after: (ms: number, fn: () => void) => void setTimeout(fn, ms) };
    mkdirSync(join(dir, 'stores'), { recursive: true });
    const received: number[] = [];
    const make = async (nation: Nation) => {
      const transport = await connectNode(net, nation, TRILATERAL, { publishTimeoutMs: 1_000 });
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
        backoff: { baseMs: 100, maxMs: 500 },
        batchSize: 1, // one item per NATS message: the stream's message limit counts items
        onItem: (r) => received.push((r.item.payload as { seq: number }).seq),
      });
      return { link, transport, store };
    };
    const kor = await make('KOR');
    kor.link.start(['USA', 'JPN']);
    const ids = createUuidV7Generator();
    const total = 3 * PER_SUBJECT;
    for (let seq = 0; seq < total; seq++) {
      const now = Date.now();
      const [d] = kor.link.publish(
        {
          id: ids.next(now),
          originator: 'KOR',
          topic: 'missile-warning',
          marking: '//KOR SECRET//REL TO USA, JPN, KOR',
          createdMs: now,
          concerning: 'PRK',
          payload: { seq },
        },
        ['JPN'],
      );
      expect(d!.decision.allow).toBe(true);
    }
    // Japan's node is not reading yet: Korea's stream there fills to its limit and refuses the rest.
    const admin = await adminOf('JPN');
    const jsm = await jetstreamManager(admin);
    const deadline = Date.now() + 30_000;
    while ((await jsm.streams.info('IN_KOR')).state.messages < PER_SUBJECT && Date.now() < deadline)
      await sleep(100);
    await sleep(1_500); // retries come and are refused
    expect((await jsm.streams.info('IN_KOR')).state.messages).toBe(PER_SUBJECT);
    expect(kor.store.outbox.depth('JPN')).toBe(total - PER_SUBJECT);
    // Japan starts reading: the stream drains, Korea's retries land, nothing lost or repeated.
    const jpn = await make('JPN');
    jpn.link.start(['USA', 'KOR']);
    const end = Date.now() + 60_000;
    while ((received.length < total || kor.store.outbox.depth('JPN') > 0) && Date.now() < end) {
      kor.link.kick();
      await sleep(100);
    }
    expect(received).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(kor.store.outbox.depth('JPN')).toBe(0);
    await admin.close();
    for (const x of [kor, jpn]) {
      x.link.stop();
      await x.transport.close();
      x.store.close();
    }
  }, 120_000);

  it("a hostile Korean server can neither collide with the US's message ids at Japan, nor flood Japan's server beyond its own quota", async () => {
    // Korea's server replaced by one its operator configured at will: no permissions, its leaf
    // connections (with the passwords Japan and the US issued to Korea) bound to one open account.
    const honest = net.server('KOR');
    const remotes = [...readFileSync(honest.configFile, 'utf8').matchAll(/"(nats-leaf:\/\/KOR:[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(remotes).toHaveLength(2);
    await honest.stop();
    const hostileDir = join(dir, 'hostile');
    mkdirSync(hostileDir);
    const conf = join(hostileDir, 'nats-server.conf');
    writeFileSync(
      conf,
      `listen: "127.0.0.1:${honest.port}"\nleafnodes { remotes: [${remotes.map((u) => `{ url: ${JSON.stringify(u)} }`).join(', ')}] }\n`,
    );
    const { child: hostile, log: hostileLog } = await launch(conf);
    const usa = await connectNode(net, 'USA', TRILATERAL);
    const jpn = await connectNode(net, 'JPN', TRILATERAL);
    const evil = await connect({ servers: `nats://127.0.0.1:${honest.port}` });
    try {
      const publish = (subject: string, msgId: string) => {
        const h = headers();
        h.set('Nats-Msg-Id', msgId);
        evil.publish(subject, 'forged', { headers: h });
      };
      // Korea's own subjects reach Japan (it is Korea's quota): wait for the leaf connection.
      const admin = await adminOf('JPN');
      const jsm = await jetstreamManager(admin);
      const before = (await jsm.streams.info('IN_KOR')).state.messages;
      for (let i = 0; (await jsm.streams.info('IN_KOR')).state.messages === before; i++) {
        if (i > 100) throw new Error(`the hostile server never reached Japan:\n${hostileLog()}`);
        publish('concord.v1.JPN.KOR.maritime', `evil-probe-${i}`);
        await sleep(100);
      }
      // The US's next message ids, sent first by Korea: as Korea's (its own stream) and as the US's.
      for (let i = 0; i < 5; i++) {
        publish('concord.v1.JPN.KOR.missile-warning', `usa-${i}`);
        publish('concord.v1.JPN.USA.missile-warning', `usa-${i}`);
      }
      // The flood: unknown recipients, unknown topics, other senders, and its own subjects on a
      // topic no agreement covers (the servers carry every topic; Japan's gates refuse it).
      for (let i = 0; i < 2_000; i++) {
        publish(`concord.v1.AUS.KOR.maritime`, `f-${i}`);
        publish(`concord.v1.JPN.KOR.no-such-topic`, `f-${i}`);
        publish(`concord.v1.JPN.KOR.commitment`, `f-${i}`);
        publish(`concord.v1.JPN.USA.maritime`, `f-${i}`);
        publish(`concord.v1.KOR.JPN.maritime`, `f-${i}`);
        publish(`concord.v1.JPN.KOR.maritime`, `f-${i}`);
      }
      await evil.flush();
      await sleep(1_000);
      // Korea filled no more than its own quota; nothing it sent reached the US's stream at Japan.
      const kor = await jsm.streams.info('IN_KOR', { subjects_filter: '>' });
      expect(Object.keys(kor.state.subjects ?? {}).sort()).toEqual([
        'concord.v1.JPN.KOR.commitment',
        'concord.v1.JPN.KOR.maritime',
        'concord.v1.JPN.KOR.missile-warning',
      ]);
      for (const n of Object.values(kor.state.subjects ?? {})) expect(n).toBeLessThanOrEqual(PER_SUBJECT);
      expect((await jsm.streams.info('IN_USA')).state.messages).toBe(0);
      // The honest flow: every US message, under the ids Korea tried first, stored and delivered.
      const got: string[] = [];
      const fromKorea = new Set<string>();
      jpn.listen('JPN', (m, ack) => {
        if (m.sender === 'USA') got.push(`${m.id}:${new TextDecoder().decode(m.body)}`);
        else fromKorea.add(m.topic);
        ack();
      });
      for (let i = 0; i < 5; i++) expect(await send(usa, wire('JPN', 'USA', `usa-${i}`))).toBe('acked');
      const deadline = Date.now() + 20_000;
      // Korea's stream is read by its own consumer, which may come after the US's: wait for both.
      while ((got.length < 5 || fromKorea.size < 3) && Date.now() < deadline) await sleep(50);
      expect(got.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `usa-${i}:usa-${i}`));
      expect([...fromKorea].sort()).toEqual(['commitment', 'maritime', 'missile-warning']);
      await admin.close();
    } finally {
      await evil.close();
      await usa.close();
      await jpn.close();
      await stop(hostile);
      await honest.restart();
    }
  }, 60_000);
});

function launch(config: string): Promise<{ child: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    const c = spawn('nats-server', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    c.once('error', reject);
    c.once('exit', (code) => reject(new Error(`nats-server exited with ${code}:\n${log}`)));
    c.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('Server is ready')) resolve({ child: c, log: () => log });
    });
  });
}

function stop(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });
}
