import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscardPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import { inboxPrefix } from '../../src/link/nats/config.js';
import { JetStreamPublisher } from '../../src/link/nats/publisher.js';
import type { NatsNetwork } from '../../src/link/nats/server.js';
import { NatsTransport } from '../../src/link/nats/transport.js';
import type { WireMessage } from '../../src/link/wire.js';
import { connectNode, setupServerInbox, startTestNatsNetwork } from '../../src/testing/nats.js';

// Real nats-servers (Debian package), one per nation on loopback ports, JetStream in a temp dir.
let dir: string;
let net: NatsNetwork;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-'));
  net = await startTestNatsNetwork({ dir, nations: TRILATERAL });
});

afterAll(async () => {
  await net?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const transport = (nation: 'USA' | 'JPN' | 'KOR', publishTimeoutMs = 2_000) =>
  connectNode(net, nation, TRILATERAL, { publishTimeoutMs });

/** Until a partner's server has connected to `nation`'s (leaf nodes come up just after the servers). */
async function leafReady(from: NatsTransport, nation: 'USA' | 'JPN' | 'KOR'): Promise<void> {
  for (let i = 0; ; i++) {
    const [r] = await sendAll(from, [msg(0, { recipient: nation, sender: from.nation, id: `probe-${i}` })]);
    if (r === 'acked') return;
    if (i > 50) throw new Error(`no leaf connection from ${from.nation} to ${nation}: ${r}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const msg = (i: number, over: Partial<WireMessage> = {}): WireMessage => ({
  recipient: 'JPN',
  sender: 'KOR',
  topic: 'missile-warning',
  id: `kor-${i}`,
  body: new TextEncoder().encode(`item ${i}`),
  ...over,
});

function sendAll(t: NatsTransport, msgs: WireMessage[]): Promise<string[]> {
  return Promise.all(
    msgs.map(
      (m) =>
        new Promise<string>((resolve) =>
          t.send(m, { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) }),
        ),
    ),
  );
}

describe('NATS JetStream transport (real nats-server)', () => {
  it('delivers every message to its recipient in order, once, and acknowledged messages leave the stream', async () => {
    const kor = await transport('KOR');
    await leafReady(kor, 'JPN');
    const jpn = await transport('JPN');
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      jpn.listen('JPN', (m, ack) => {
        if (m.id.startsWith('probe-')) return ack();
        expect(m).toMatchObject({ recipient: 'JPN', sender: 'KOR', topic: 'missile-warning' });
        got.push(`${m.id}:${new TextDecoder().decode(m.body)}`);
        ack();
        if (got.length === 200) resolve();
      });
    });
    const results = await sendAll(
      kor,
      Array.from({ length: 200 }, (_, i) => msg(i)),
    );
    expect(results.every((r) => r === 'acked')).toBe(true);
    await done;
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => `kor-${i}:item ${i}`));
    await kor.close();
    await jpn.close();
  });

  it('drops a re-published envelope id within the duplicate window', async () => {
    const kor = await transport('KOR');
    await leafReady(kor, 'USA');
    const usa = await transport('USA');
    const got: string[] = [];
    usa.listen('USA', (m, ack) => {
      if (!m.id.startsWith('probe-')) got.push(m.id);
      ack();
    });
    await sendAll(kor, [
      msg(1, { recipient: 'USA', id: 'dup-1' }),
      msg(2, { recipient: 'USA', id: 'dup-1' }),
      msg(3, { recipient: 'USA', id: 'dup-2' }),
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(got).toEqual(['dup-1', 'dup-2']);
    await kor.close();
    await usa.close();
  });

  it('refuses a node that publishes as another sender, or to a nation that is not its partner', async () => {
    const kor = await transport('KOR');
    const results = await sendAll(kor, [
      msg(1, { sender: 'USA', id: 'forged-1' }),
      msg(2, { recipient: 'AUS', id: 'unknown-1' }),
    ]);
    for (const r of results) expect(r).toMatch(/^failed: .*Permissions Violation/i);
    await kor.close();
  });

  it("refuses a node that reads another nation's inbox, on its own server or a partner's", async () => {
    const kor = net.server('KOR');
    const nc = await connect({
      servers: kor.url,
      user: 'KOR',
      pass: kor.nodePassword,
      inboxPrefix: inboxPrefix('KOR'),
    });
    // Japan's inbox is not on Korea's server at all; Japan's server's API is not reachable from it.
    const js = jetstream(nc, { timeout: 2_000 });
    await expect(js.consumers.get('IN_USA', 'JPN')).rejects.toThrow();
    const jpnDomain = jetstream(nc, { domain: 'JPN', timeout: 2_000 });
    await expect(jpnDomain.consumers.get('IN_KOR', 'node')).rejects.toThrow();
    await nc.close();
  });

  it("fails a publish that the recipient's server does not answer in time, and one on a closed connection", async () => {
    const kor = await transport('KOR', 400);
    await leafReady(kor, 'USA');
    expect(await sendAll(kor, [msg(1, { recipient: 'USA', id: 'answered-1' })])).toEqual(['acked']);
    await net.server('USA').stop(); // Korea's server is up, the recipient's is not: nobody answers
    try {
      const started = Date.now();
      expect(await sendAll(kor, [msg(2, { recipient: 'USA', id: 'unanswered-1' })])).toEqual([
        'failed: timeout: no answer from JetStream within 400 ms',
      ]);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Korea still reaches Japan: one nation's server down stops only that nation.
      expect(await sendAll(kor, [msg(3, { recipient: 'JPN', id: 'while-usa-down-1' })])).toEqual(['acked']);
      await kor.close();
      expect(await sendAll(kor, [msg(4, { id: 'after-close-1' })])).toEqual([
        expect.stringMatching(/^failed: .*closed/i),
      ]);
    } finally {
      await net.server('USA').restart();
    }
  });

  it('refuses a wrong password', async () => {
    await expect(
      NatsTransport.connect({ url: net.server('JPN').url, nation: 'JPN', password: 'wrong', partners: [] }),
    ).rejects.toThrow();
  });

  it("keeps trying to read a partner's stream it could not read, and reads it once it is there", async () => {
    // Japan's inbound stream from Korea is missing when Japan's node starts to listen (as when its
    // server answered too slowly): the node says so, tries again, and reads what Korea sends later.
    const server = net.server('JPN');
    const admin = await connect({
      servers: server.url,
      user: server.admin.user,
      pass: server.admin.password,
    });
    await (await jetstreamManager(admin)).streams.delete('IN_KOR');
    await admin.close();
    const errors: string[] = [];
    const jpn = await connectNode(net, 'JPN', TRILATERAL, { onError: (e) => errors.push(String(e)) });
    const kor = await transport('KOR');
    const got: string[] = [];
    jpn.listen('JPN', (m, ack) => {
      got.push(m.id);
      ack();
    });
    const until = async (ok: () => boolean) => {
      for (let i = 0; !ok(); i++) {
        if (i > 200) throw new Error(`timed out; errors: ${errors.join('; ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() =>
        errors.some((e) => /reading KOR's stream IN_KOR: .+; trying again every 1 s/.test(e)),
      );
      await setupServerInbox(server, 'JPN', TRILATERAL);
      await leafReady(kor, 'JPN');
      expect(await sendAll(kor, [msg(0, { id: 'after-restart' })])).toEqual(['acked']);
      await until(() => got.includes('after-restart'));
    } finally {
      await jpn.close();
      await kor.close();
    }
  });
});

describe('JetStreamPublisher (real nats-server)', () => {
  it("reports the stream's refusal and the server's 'no responders' as failures naming the cause", async () => {
    const jpn = net.server('JPN');
    const nc = await connect({ servers: jpn.url, user: jpn.admin.user, pass: jpn.admin.password });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'TINY', subjects: ['tiny.>'], max_msgs: 1, discard: DiscardPolicy.New });
    const publisher = new JetStreamPublisher(nc, { inbox: '_INBOX', timeoutMs: 2_000 });
    const publish = (subject: string, id: string) =>
      new Promise<string>((resolve) =>
        publisher.publish(subject, 'x', id, {
          acked: () => resolve('acked'),
          failed: (why) => resolve(`failed: ${why}`),
        }),
      );
    expect(await publish('tiny.a', 't-1')).toBe('acked');
    expect(await publish('tiny.a', 't-1')).toBe('acked'); // a duplicate within the window is no refusal
    expect(await publish('tiny.a', 't-2')).toMatch(/^failed: maximum messages exceeded/);
    expect(await publish('nowhere.a', 'n-1')).toBe('failed: no responders: no stream takes nowhere.a');
    await nc.close();
    publisher.close();
  });
});
