import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { territoryIndex } from '../../src/geo/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { EmbeddedNetwork, type SharingPolicy } from '../../src/node/embedded.js';
import { loadTerritories } from '../../src/node/territories.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../support/memory-ports.js';

const ROOT = join(import.meta.dirname, '..', '..');
const territories = territoryIndex(loadTerritories());
const NATIONS: Nation[] = ['USA', 'JPN', 'KOR'];

describe('territories', () => {
  it.each([
    [35.68, 139.69, 'JPN'], // Tokyo
    [40.82, 140.74, 'JPN'], // Aomori
    [37.57, 126.98, 'KOR'], // Seoul
    [38.9, -77.04, 'USA'], // Washington
    [39.03, 125.75, null], // Pyongyang
    [40.0, 150.0, null], // the Pacific east of Japan
    [38.5, 134.0, null], // the East Sea / Sea of Japan
  ])('(%f, %f) is land of %s', (lat, lon, nation) => {
    expect(territories.nationAt(lat, lon)).toBe(nation);
  });
});

describe('warnings on the IRBM over Japan (2022-10-04 model)', () => {
  const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
  const scenario = parseScenario(
    readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
    'irbm',
    sites,
  );
  const run = (policy: SharingPolicy) => {
    const registry = bundledRegistry();
    const net = new EmbeddedNetwork({
      scenario,
      seed: 1,
      nations: NATIONS,
      keys: new Map(NATIONS.map((n) => [n, generateSigningKeyPair()])),
      openStore: () => ({
        outbox: new MemoryOutbox(),
        inbox: new MemoryInbox(),
        audit: new MemoryAudit(),
        close() {},
      }),
      registry: () => registry,
      policy,
      trackMarking: (n) =>
        n === 'USA' ? 'SECRET//REL TO USA, JPN, KOR' : `//${n} SECRET//REL TO USA, JPN, KOR`,
      territories,
    });
    net.runUntil(scenario.startMs + 1_500_000);
    const warnings = new Map([...net.nodes].map(([n, node]) => [n, node.warnings()]));
    net.close();
    return warnings;
  };

  it('warns Japan of an overflight before it happens, and nobody of an impact', () => {
    const w = run('trilateral');
    const jpn = w.get('JPN')!;
    expect(jpn.length).toBeGreaterThan(0);
    expect(jpn.every((x) => x.reason === 'overflight')).toBe(true);
    expect(jpn[0]!.timeToEventS).toBeGreaterThan(0);
    // The ground track crosses northern Honshu (Aomori is at 40.8 N, 140.7 E).
    expect(jpn[0]!.latDeg).toBeGreaterThan(39);
    expect(jpn[0]!.latDeg).toBeLessThan(42.5);
    expect(w.get('KOR')).toEqual([]);
    expect(w.get('USA')).toEqual([]);
  });

  it('warns Japan earlier when tracks are shared than when it relies on its own radars', () => {
    const shared = run('trilateral').get('JPN')![0]!;
    const alone = run('none').get('JPN')![0]!;
    expect(shared.issuedMs).toBeLessThan(alone.issuedMs);
    expect(shared.eventMs - shared.issuedMs).toBeGreaterThan(alone.eventMs - alone.issuedMs);
  });
});
