import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TRILATERAL } from '../../src/domain/index.js';
import { loadScenario } from '../../src/exercise/index.js';
import {
  createUuidV7Generator,
  envelopeCrypto,
  generateSigningKeyPair,
  Link,
  type NatsNetwork,
  readPinnedKeys,
  writeKeyPairFiles,
} from '../../src/link/index.js';
import { ScenarioClock } from '../../src/node/realtime.js';
import { openStore } from '../../src/store/index.js';
import { connectNode, startTestNatsNetwork } from '../../src/testing/nats.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { BIN } from './run.js';

let nats: NatsNetwork | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await nats?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a node process killed with SIGKILL while it receives 1,000 items/s (real nats-server)', () => {
  it('loses no acknowledged item and applies none twice once restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-crash-'));
    const keysDir = join(dir, 'keys');
    const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
    mkdirSync(keysDir);
    for (const [n, k] of keys) writeKeyPairFiles(keysDir, n, k);
    nats = await startTestNatsNetwork({
      dir: join(dir, 'nats'),
      nations: TRILATERAL,
    });

    // Japan's node runs as its own process; both nations share one scenario clock.
    const epochMs = Date.now();
    const scenario = loadScenario('korea-srbm-salvo');
    const clock = new ScenarioClock({ startMs: scenario.startMs, epochMs, speed: 1 });
    const config = join(dir, 'JPN.yaml');
    writeFileSync(
      config,
      stringify({
        nation: 'JPN',
        partners: ['USA', 'KOR'],
        nats: { url: nats.server('JPN').url, password: nats.server('JPN').nodePassword },
        keysDir,
        dataDir: dir,
        api: { port: 0, tokens: {} },
        scenario: { name: 'korea-srbm-salvo', seed: 1, speed: 1, epochMs },
        policy: 'trilateral',
        trackMarking: '//JPN SECRET//REL TO USA, JPN, KOR',
      }),
    );
    const startJapan = () => {
      const c = spawn(process.execPath, [BIN, 'node', '--config', config], { stdio: 'ignore' });
      children.push(c);
      return c;
    };
    let japan = startJapan();

    // Korea's link runs here and sends 1,000 items/s for about 3 s.
    const transport = await connectNode(nats, 'KOR', TRILATERAL);
    const store = openStore(join(dir, 'KOR.sqlite'));
    const registry = bundledRegistry();
    const link = new Link({
      nation: 'KOR',
      clock,
      timers: clock,
      transport,
      outbox: store.outbox,
      inbox: store.inbox,
      audit: store.audit,
      transaction: (fn) => store.transaction(fn),
      crypto: envelopeCrypto({
        nation: 'KOR',
        privateKey: keys.get('KOR')!.privateKey,
        publicKeys: readPinnedKeys(keysDir, TRILATERAL),
        freshnessMs: 86_400_000,
      }),
      registry: () => registry,
      ackTimeoutMs: 2_000,
      onItem: () => {},
    });
    link.start(['JPN']);
    const ids = createUuidV7Generator();
    const published: string[] = [];
    await sleep(1_000);
    for (let tick = 0; tick < 300; tick++) {
      for (let i = 0; i < 10; i++) {
        const now = clock.nowMs();
        const id = ids.next(Math.floor(now));
        published.push(id);
        link.publish(
          {
            id,
            originator: 'KOR',
            topic: 'missile-warning',
            marking: '//KOR SECRET//REL TO USA, JPN, KOR',
            createdMs: now,
            concerning: 'PRK',
            payload: { kind: 'track', trackId: 1, tMs: now, x: [1, 2, 3, 4, 5, 6], P: Array(36).fill(0) },
          },
          ['JPN'],
        );
      }
      if (tick === 120) {
        japan.kill('SIGKILL');
        await new Promise((r) => japan.once('exit', r));
      }
      if (tick === 200) japan = startJapan();
      await sleep(10);
    }
    // Drain: every item acknowledged by JetStream, then Japan's inbox holds it exactly once.
    const deadline = Date.now() + 60_000;
    while (store.outbox.depth('JPN') > 0 && Date.now() < deadline) {
      link.kick();
      await sleep(200);
    }
    expect(store.outbox.depth('JPN')).toBe(0);
    const inboxIds = async () => {
      const db = new Database(join(dir, 'JPN.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT id FROM inbox').all() as { id: string }[]).map((r) => r.id);
      } finally {
        db.close();
      }
    };
    let got: string[] = [];
    while (Date.now() < deadline) {
      got = await inboxIds();
      if (got.length >= published.length) break;
      await sleep(250);
    }
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBe(published.length);
    expect(new Set(got)).toEqual(new Set(published));
    link.stop();
    await transport.close();
    store.close();
    japan.kill('SIGTERM');
  }, 120_000);
});
