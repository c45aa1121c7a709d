// Five nations' nats-servers (real processes, Debian's nats-server) as `network up` plans them: every
// pair connected on every topic, since an agreement made while the network runs must need no new
// configuration (the nodes' gates decide what crosses), and each nation publishing only as itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Nation, Topic } from '../../src/domain/index.js';
import type { NatsNetwork, NatsTransport, WireMessage } from '../../src/link/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';

const QUAD_PLUS: readonly Nation[] = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];
let dir: string;
let net: NatsNetwork;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-quad-'));
  net = await startTestNatsNetwork({
    dir: join(dir, 'nats'),
    nations: QUAD_PLUS,
  });
}, 60_000);

afterAll(async () => {
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(
  t: NatsTransport,
  recipient: Nation,
  topic: Topic,
  id: string,
  sender: Nation = 'AUS',
): Promise<string> {
  const m: WireMessage = { recipient, sender, topic, id, body: new TextEncoder().encode(id) };
  return new Promise((resolve) =>
    t.send(m, { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) }),
  );
}

/** Sends until acknowledged (the leaf connections come up just after the servers), or the last refusal. */
async function sendUntilAcked(
  t: NatsTransport,
  recipient: Nation,
  topic: Topic,
  id: string,
): Promise<string> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    last = await send(t, recipient, topic, `${id}-${i}`);
    if (last === 'acked') return last;
    await sleep(100);
  }
  return last;
}

describe('five nations over nats-servers, every pair connected', () => {
  it("carries Australia's maritime picture to India and the US, and to Korea too: the servers carry every topic, only as its sender", async () => {
    const aus = await connectNode(net, 'AUS', QUAD_PLUS, { publishTimeoutMs: 1_000 });
    try {
      expect(await sendUntilAcked(aus, 'IND', 'maritime', 'aus-ind')).toBe('acked');
      expect(await sendUntilAcked(aus, 'USA', 'maritime', 'aus-usa')).toBe('acked');
      // Korea and Australia share only the Quad-Plus calls' topic today; an agreement made at run
      // time may add maritime, so the servers carry it now (Korea's node refuses it until then).
      expect(await sendUntilAcked(aus, 'KOR', 'pandemic-response', 'aus-kor-p')).toBe('acked');
      expect(await sendUntilAcked(aus, 'KOR', 'maritime', 'aus-kor-m')).toBe('acked');
      expect(await sendUntilAcked(aus, 'IND', 'missile-warning', 'aus-ind-mw')).toBe('acked');
      // Never as another nation: Australia's own server refuses a subject naming another sender.
      expect(await send(aus, 'IND', 'maritime', 'as-usa', 'USA')).toMatch(/^failed/);
      expect(await send(aus, 'KOR', 'maritime', 'as-jpn', 'JPN')).toMatch(/^failed/);
    } finally {
      await aus.close();
    }
  }, 60_000);
});
