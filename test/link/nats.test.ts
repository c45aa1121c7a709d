import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscardPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPrefix } from '../../src/link/nats/config.js';
import { JetStreamPublisher } from '../../src/link/nats/publisher.js';
import { type RunningNats, startNatsServer } from '../../src/link/nats/server.js';
import { NatsTransport, setupNetwork } from '../../src/link/nats/transport.js';
import type { WireMessage } from '../../src/link/wire.js';

// A real nats-server (Debian package), started on a loopback port with JetStream in a temp dir.
let dir: string;
let server: RunningNats;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-'));
  server = await startNatsServer({ dir, nations: ['USA', 'JPN', 'KOR'] });
  await setupNetwork(server.url, server.admin, ['USA', 'JPN', 'KOR']);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const transport = (nation: 'USA' | 'JPN' | 'KOR') =>
  NatsTransport.connect({
    url: server.url,
    nation,
    password: server.passwords.get(nation)!,
    publishTimeoutMs: 2_000,
  });

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
    const jpn = await transport('JPN');
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      jpn.listen('JPN', (m, ack) => {
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
    const usa = await transport('USA');
    const got: string[] = [];
    usa.listen('USA', (m, ack) => {
      got.push(m.id);
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

  it('refuses a node that publishes as another sender', async () => {
    const kor = await transport('KOR');
    const [result] = await sendAll(kor, [msg(1, { sender: 'USA', id: 'forged-1' })]);
    expect(result).toMatch(/^failed: .*(Permissions Violation|timeout|no responders)/i);
    await kor.close();
  });

  it("refuses a node that reads another nation's inbox", async () => {
    const nc = await connect({
      servers: server.url,
      user: 'KOR',
      pass: server.passwords.get('KOR')!,
      inboxPrefix: inboxPrefix('KOR'),
    });
    const js = jetstream(nc, { timeout: 2_000 });
    await expect(js.consumers.get('CONCORD', 'JPN')).rejects.toThrow();
    await nc.close();
  });

  it('fails a publish that JetStream does not answer in time, and one on a closed connection', async () => {
    const own = await startNatsServer({ dir: join(dir, 'silent'), nations: ['USA', 'JPN', 'KOR'] });
    try {
      await setupNetwork(own.url, own.admin, ['USA', 'JPN', 'KOR']);
      const kor = await NatsTransport.connect({
        url: own.url,
        nation: 'KOR',
        password: own.passwords.get('KOR')!,
        publishTimeoutMs: 400,
      });
      expect(await sendAll(kor, [msg(1, { id: 'answered-1' })])).toEqual(['acked']);
      await own.stop(); // the client keeps the publish for its reconnect; nobody answers it
      const started = Date.now();
      expect(await sendAll(kor, [msg(2, { id: 'unanswered-1' })])).toEqual([
        'failed: timeout: no answer from JetStream within 400 ms',
      ]);
      expect(Date.now() - started).toBeLessThan(5_000);
      await kor.close();
      expect(await sendAll(kor, [msg(3, { id: 'after-close-1' })])).toEqual([
        expect.stringMatching(/^failed: .*closed/i),
      ]);
    } finally {
      await own.stop();
    }
  });

  it('refuses a wrong password', async () => {
    await expect(
      NatsTransport.connect({ url: server.url, nation: 'JPN', password: 'wrong' }),
    ).rejects.toThrow();
  });
});

describe('JetStreamPublisher (real nats-server)', () => {
  it("reports the stream's refusal and the server's 'no responders' as failures naming the cause", async () => {
    const nc = await connect({ servers: server.url, user: server.admin.user, pass: server.admin.password });
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
