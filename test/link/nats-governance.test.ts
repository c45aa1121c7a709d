// Governance at run time over real nats-servers (one per nation, Debian's nats-server), planned as
// `concord network up` plans them (planNatsNetwork: every pair of the network, every topic). Japan
// and Korea share no agreement when the servers start, only the trilateral coalition (which carries
// governance acts between its members). An agreement between the two made while the network runs —
// proposed by Japan, signed by Korea, over the servers — makes Japan's track flow to Korea's node
// with no new server configuration; before it, nothing Japan sends reaches Korea. Neither node can
// publish as another nation on its server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Nation, parseRegistry, statusAt, TRILATERAL } from '../../src/domain/index.js';
import { nodeTrackMarking } from '../../src/exercise/index.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  generateSigningKeyPair,
  type InboxPort,
  type LinkItem,
  type NatsNetwork,
  type NatsTransport,
  networkPartners,
} from '../../src/link/index.js';
import { NationNode, NODE_FRESHNESS_MS } from '../../src/node/index.js';
import { openStore } from '../../src/store/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { AGREEMENTS_FILE } from '../domain/fixtures.js';

/** The bundled file cut down to the two US GSOMIAs and the trilateral coalition: no Japan–Korea agreement. */
function registryWithoutJapanKorea() {
  const file = parse(readFileSync(AGREEMENTS_FILE, 'utf8')) as {
    agreements: { id: string }[];
    coalitions: { id: string; agreements: string[] }[];
  };
  const kept = ['us-kor-gsomia-1987', 'us-jpn-gsomia-2007'];
  const trilateral = file.coalitions.find((c) => c.id === 'us-jpn-kor-trilateral')!;
  return parseRegistry(
    stringify({
      agreements: file.agreements.filter((a) => kept.includes(a.id)),
      coalitions: [{ ...trilateral, agreements: kept }],
    }),
    'no-jpn-kor.yaml',
  );
}

/** The agreement Japan proposes at run time: the shape of the 2016 GSOMIA, missile warning only. */
const NEW_AGREEMENT = {
  id: 'jpn-kor-missile-warning-test',
  title: 'Japan–ROK missile warning arrangement (made at run time in a test)',
  kind: 'gsomia',
  parties: ['JPN', 'KOR'],
  binding: true,
  thirdParty: 'originator-consent',
  scope: { topics: ['missile-warning'], maxLevel: 'SECRET' },
  equivalence: [
    { label: 'CONFIDENTIAL', levels: { JPN: 'HI', KOR: 'GRADE III' } },
    { label: 'SECRET', levels: { JPN: 'GOKUHI', KOR: 'GRADE II' } },
  ],
};

interface Arrival {
  receiver: Nation;
  sender: Nation;
  originator: Nation;
  topic: string;
}

const registry = registryWithoutJapanKorea();
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const publicKeys = new Map([...keys].map(([n, k]) => [n, k.publicKey]));
const arrivals: Arrival[] = [];
let dir: string;
let net: NatsNetwork;
const transports = new Map<Nation, NatsTransport>();
const nodes = new Map<Nation, NationNode>();
const closers: (() => void)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concord-nats-governance-'));
  net = await startTestNatsNetwork({ dir: join(dir, 'nats'), nations: TRILATERAL });
  const ids = createUuidV7Generator();
  for (const nation of TRILATERAL) {
    const transport = await connectNode(net, nation, TRILATERAL, { publishTimeoutMs: 2_000 });
    transports.set(nation, transport);
    const store = openStore(':memory:');
    // Records each item the node's link accepted (its hop and originator), then stores it as usual.
    const inbox: InboxPort = {
      accept(id, e) {
        const r = store.inbox.accept(id, e);
        if (r === 'new')
          arrivals.push({ receiver: nation, sender: e.sender, originator: e.originator, topic: e.topic });
        return r;
      },
    };
    const timers = new Set<NodeJS.Timeout>();
    const node = new NationNode({
      nation,
      partners: networkPartners(TRILATERAL, nation),
      clock: { nowMs: () => Date.now() },
      timers: {
        after: (ms, fn) => {
          const t = setTimeout(() => {
            timers.delete(t);
            fn();
          }, ms);
          timers.add(t);
        },
      },
      transport,
      store: { ...store, inbox },
      crypto: envelopeCrypto({
        nation,
        privateKey: keys.get(nation)!.privateKey,
        publicKeys,
        freshnessMs: NODE_FRESHNESS_MS,
      }),
      registry: () => registry,
      trackMarking: nodeTrackMarking(nation, TRILATERAL),
      concerning: 'PRK',
      newId: (nowMs) => ids.next(nowMs),
    });
    node.start();
    // As `concord node` does: a periodic kick retries what went out before the leaf connections were up.
    const kick = setInterval(() => node.guard('link:kick', () => node.link.kick()), 250);
    nodes.set(nation, node);
    closers.push(() => {
      clearInterval(kick);
      node.stop();
      for (const t of timers) clearTimeout(t);
      store.close();
    });
  }
}, 60_000);

afterAll(async () => {
  for (const close of closers) close();
  for (const t of transports.values()) await t.close();
  await net?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A track item of `from`'s (a plausible state: the link's and the node's checks accept it). */
function track(from: Nation, trackId: number): LinkItem {
  const nowMs = Date.now();
  const P = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? (i < 18 ? 1e4 : 100) : 0));
  return {
    id: createUuidV7Generator().next(nowMs),
    originator: from,
    topic: 'missile-warning',
    marking: nodeTrackMarking(from, TRILATERAL),
    concerning: 'PRK',
    createdMs: nowMs,
    payload: { kind: 'track', trackId, tMs: Math.floor(nowMs), x: [-3.2e6, 3.5e6, 4.3e6, 1000, 500, 200], P },
  };
}

const from = (receiver: Nation, originator: Nation) =>
  arrivals.filter(
    (a) => a.receiver === receiver && a.originator === originator && a.topic === 'missile-warning',
  );

describe('an agreement made while the network runs, over nats-servers planned at its start', () => {
  it("makes Japan's track flow to Korea's node; before it nothing flows; no node publishes as another", async () => {
    const jpn = nodes.get('JPN')!;
    const kor = nodes.get('KOR')!;
    // Before: Japan's gate refuses Korea (no agreement, no relay), while the US's track reaches Korea.
    const before = jpn.link.publish(track('JPN', 1), ['KOR']);
    expect(before[0]!.decision).toMatchObject({ allow: false });
    nodes.get('USA')!.link.publish(track('USA', 1), ['KOR', 'JPN']);
    await until(
      'the US track at Korea and Japan',
      () => from('KOR', 'USA').length + from('JPN', 'USA').length === 2,
    );
    expect(from('KOR', 'JPN')).toEqual([]);

    // Japan proposes, Korea signs: each act crosses the servers on the diplomatic channel.
    const proposal = jpn.governance.act(
      'propose',
      NEW_AGREEMENT.id,
      { change: { kind: 'new-agreement', agreement: NEW_AGREEMENT } },
      'test',
    );
    expect(proposal.ok && proposal.to).toEqual(['KOR']);
    if (!proposal.ok) return;
    await until('the proposal at Korea', () => kor.governance.state().proposals.length === 1);
    const signed = kor.governance.act('sign', proposal.act.id, {}, 'test');
    expect(signed.ok && signed.to).toEqual(['JPN']);
    await until('the signature at Japan', () =>
      jpn.registry().agreements.some((a) => a.id === NEW_AGREEMENT.id),
    );
    for (const node of [jpn, kor])
      expect(statusAt(node.registry().agreement(NEW_AGREEMENT.id)!, Date.now()).inForce).toBe(true);

    // After: the same servers, the same configuration, and Japan's track reaches Korea directly.
    const after = jpn.link.publish(track('JPN', 2), ['KOR']);
    expect(after[0]!.decision).toMatchObject({ allow: true, agreement: NEW_AGREEMENT.id });
    await until("Japan's track at Korea", () => from('KOR', 'JPN').length === 1);
    expect(from('KOR', 'JPN')).toEqual([
      { receiver: 'KOR', sender: 'JPN', originator: 'JPN', topic: 'missile-warning' },
    ]);
    // The US, not a party, was sent neither act.
    expect(nodes.get('USA')!.governance.state().applied).toEqual([]);

    // Japan's server lets its node publish only as Japan, whatever the agreements.
    const impersonate = (sender: Nation, recipient: Nation) =>
      new Promise<string>((resolve) =>
        transports.get('JPN')!.send(
          {
            recipient,
            sender,
            topic: 'missile-warning',
            id: `as-${sender}`,
            body: new TextEncoder().encode('x'),
          },
          { acked: () => resolve('acked'), failed: (r) => resolve(`failed: ${r}`) },
        ),
      );
    expect(await impersonate('USA', 'KOR')).toMatch(/^failed/);
    expect(await impersonate('KOR', 'USA')).toMatch(/^failed/);
  }, 60_000);
});
