import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork, SharingPolicy } from '../../src/exercise/index.js';
import { generateSigningKeyPair as generateKeys } from '../../src/link/index.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(
  readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'),
  'sensor-sites.yaml',
);
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const keys = new Map(TRILATERAL.map((n) => [n, generateKeys()]));

const run = (policy: SharingPolicy) => memoryNetwork({ scenario, policy, keys });

/** The first time (ms after start) each nation's picture holds a track, sampled every 500 ms, and the nations it fused. */
function firstAwareness(net: EmbeddedNetwork): Map<Nation, number> & { fusedFrom: Set<Nation> } {
  const first = Object.assign(new Map<Nation, number>(), { fusedFrom: new Set<Nation>() });
  for (let t = scenario.startMs; t < scenario.startMs + 700_000; t += 500) {
    net.runUntil(t);
    for (const [nation, node] of net.nodes) {
      const picture = node.picture();
      if (!first.has(nation) && picture.length > 0) first.set(nation, t - scenario.startMs);
      if (nation === 'JPN') for (const p of picture) for (const s of p.sources) first.fusedFrom.add(s.nation);
    }
  }
  return first;
}

describe('the embedded three-nation network on the IRBM-over-Japan scenario', () => {
  it("gives Japan the Korean track before Japan's own radars confirm one, only when tracks are shared", () => {
    const shared = run('trilateral');
    const none = run('none');
    const withSharing = firstAwareness(shared);
    const alone = firstAwareness(none);
    expect(withSharing.get('JPN')).toBeDefined();
    expect(alone.get('JPN')).toBeDefined();
    expect(withSharing.get('JPN')!).toBeLessThan(alone.get('JPN')!);
    // Korea's own radars see the launch first; with sharing Japan learns of it within a few seconds.
    expect(withSharing.get('JPN')! - withSharing.get('KOR')!).toBeLessThan(5_000);
    // Japan's picture fused its own tracks with its partners'; alone, only its own.
    expect([...withSharing.fusedFrom].sort()).toEqual(['JPN', 'KOR', 'USA']);
    expect([...alone.fusedFrom]).toEqual(['JPN']);
    shared.close();
    none.close();
  });
});
