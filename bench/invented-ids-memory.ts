// Child process of `concord bench invented-ids`: the three-nation embedded network on the IRBM
// scenario, the USA sending Japan N invented tracks (250 a scenario second, each over Honshu and
// coming down within two seconds: a notice, an overflight and a possible impact apiece); Japan
// assesses its picture every second, or (`quiet`) takes no areas and assesses nothing. Prints, as
// JSON, the heap Japan's network grew by over the flood (after a full GC) and what Japan keeps. A
// process of its own, so that nothing else is counted; uses only what the node exported before
// the picture's per-object state was bounded, so that the same file measures both.
import { readFileSync } from 'node:fs';
import { BUNDLED_AGREEMENTS, BUNDLED_US_BASES, SENSOR_SITES, scenarioPath } from '../src/bundled/index.js';
import { parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { EmbeddedNetwork } from '../src/exercise/index.js';
import { ecefFromGeodetic } from '../src/geo/index.js';
import { createUuidV7Generator, generateSigningKeyPair } from '../src/link/index.js';
import { loadProtectedAreas } from '../src/node/index.js';
import { parseScenario, parseSensorSites } from '../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../src/testing/memory-ports.js';

const MARKING = 'SECRET//REL TO USA, JPN, KOR';
/** Invented tracks a scenario second: each stands ~2 s, so ~500 stand at once (MAX_PARTNER_TRACKS 1,024). */
const PER_S = 250;

export function flood(ids: number, assessing: boolean): Record<string, unknown> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const agreements = readFileSync(BUNDLED_AGREEMENTS, 'utf8');
  const registry = parseRegistry(agreements, BUNDLED_AGREEMENTS);
  const sites = parseSensorSites(readFileSync(SENSOR_SITES, 'utf8'), SENSOR_SITES);
  const file = scenarioPath('korea-irbm-over-japan');
  const scenario = parseScenario(readFileSync(file, 'utf8'), file, sites);
  const net = new EmbeddedNetwork({
    scenario,
    seed: 1,
    nations: TRILATERAL,
    keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
    openStore: () => ({
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
      close() {},
    }),
    registry: () => registry,
    trackMarking: () => MARKING,
    ...(assessing ? { areas: loadProtectedAreas(BUNDLED_US_BASES), assessing: ['JPN'] } : {}),
  });
  const jpn = net.nodes.get('JPN')!;
  const usa = net.nodes.get('USA')!;
  const uuid = createUuidV7Generator();
  const [x, y, z] = ecefFromGeodetic(36.2, 139.5, 3_000);
  const r = Math.hypot(x, y, z);
  const P = new Array<number>(36).fill(0);
  for (let i = 0; i < 3; i++) P[i * 7] = 1e4;
  for (let i = 3; i < 6; i++) P[i * 7] = 1e2;
  const v = -1_500 / r;
  // From the scenario's start (the link up): the honest objects are a few beside the flood's.
  const t0 = scenario.startMs;
  net.runUntil(t0);
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  let sent = 0;
  for (let s = 1; sent < ids; s++) {
    net.runUntil(t0 + s * 1_000);
    const nowMs = net.sched.nowMs();
    for (let i = 0; i < PER_S && sent < ids; i++, sent++) {
      usa.link.publish(
        {
          id: uuid.next(nowMs),
          originator: 'USA',
          topic: 'missile-warning',
          marking: MARKING,
          createdMs: nowMs,
          concerning: scenario.launchState,
          payload: {
            kind: 'track',
            trackId: 1_000_000 + sent,
            tMs: nowMs - 100,
            x: [x, y, z, x * v, y * v, z * v],
            P,
            seq: sent,
          },
        },
        ['JPN'],
      );
    }
  }
  net.runUntil(net.sched.nowMs() + 10_000);
  const wallS = (performance.now() - started) / 1000;
  gc();
  const after = process.memoryUsage();
  const retained = jpn.retained() as unknown as Record<string, unknown>;
  const out = {
    ids,
    assessing,
    heapGrowthBytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
    notices: jpn.notices().length,
    warnings: jpn.warnings().length,
    received: jpn.status().rates.USA?.admittedItems ?? null,
    refused: jpn.status().refused.USA ?? null,
    retained,
    wallS: Math.round(wallS * 10) / 10,
  };
  net.close();
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').slice(-2).join('/'))) {
  const ids = Number(process.argv[2] ?? 100_000);
  process.stdout.write(`${JSON.stringify(flood(ids, process.argv[3] !== 'quiet'))}\n`);
}
