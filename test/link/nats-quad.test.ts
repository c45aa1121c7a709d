// Five nations' nats-servers (real processes, Debian's nats-server) configured from the bundled
// agreements: the Quad partners' maritime picture travels under ipmda-2022 between them, and Korea,
// not a party, is reachable from Australia only on what an agreement between the two covers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Nation, Topic } from '../../src/domain/index.js';
import {
  agreedTopics,
  type NatsNetwork,
  type NatsTransport,
  type WireMessage,
} from '../../src/link/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { bundledRegistry } from '../domain/fixtures.js';

const QUAD_PLUS: readonly Nation[] = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];
const registry = bundledRegistry();
let dir: string;
let net: NatsNetwork;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-quad-'));
  net = await startTestNatsNetwork({
    dir: join(dir, 'nats'),
    nations: QUAD_PLUS,
    topics: (a, b) => agreedTopics(registry, a, b),
  });
}, 60_000);

afterAll(async () => {
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(t: NatsTransport, recipient: Nation, topic: Topic, id: string): Promise<string> {
  const m: WireMessage = { recipient, sender: 'AUS', topic, id, body: new TextEncoder().encode(id) };
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

describe('five nations over nats-servers configured from the agreements', () => {
  it("carries Australia's maritime picture to India and the US under ipmda-2022, and none of it to Korea", async () => {
    const aus = await connectNode(net, 'AUS', QUAD_PLUS, { publishTimeoutMs: 1_000 });
    try {
      expect(await sendUntilAcked(aus, 'IND', 'maritime', 'aus-ind')).toBe('acked');
      expect(await sendUntilAcked(aus, 'USA', 'maritime', 'aus-usa')).toBe('acked');
      // Korea's and Australia's only agreement is the Quad-Plus pandemic calls: that subject
      // crosses, maritime does not (Australia's own server refuses it, as Korea's would).
      expect(await sendUntilAcked(aus, 'KOR', 'pandemic-response', 'aus-kor-p')).toBe('acked');
      expect(await send(aus, 'KOR', 'maritime', 'aus-kor-m')).toMatch(/^failed/);
      // Nor anything the IPMDA does not cover, between its own parties.
      expect(await send(aus, 'IND', 'missile-warning', 'aus-ind-mw')).toMatch(/^failed/);
    } finally {
      await aus.close();
    }
  }, 60_000);
});
