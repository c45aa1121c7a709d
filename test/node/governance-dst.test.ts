import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import { runGovernanceDst } from '../../src/testing/governance-dst.js';
import { bundledRegistry } from '../domain/fixtures.js';

// Governance across three nodes on SQLite stores over a faulty network (drops, duplicates, delays
// that reorder, partitions that heal) whose nodes crash and restart (the store survives, what a node
// held in memory is lost): from one seed, random acts by random nations among probe items. Once
// every node is back and the network heals, every party of an agreement folds it the same, every
// act one node took is held by every party, no probe landed that the acts its sender had made and
// those its receiver held forbade, and none is lost that the folded registry allowed throughout
// (src/testing/governance-dst.ts). `concord bench dst --governance` runs many more seeds.

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const registry = bundledRegistry();

describe('governance under faults and crashes (deterministic simulation)', () => {
  // Seeds whose runs crash nodes, land probes and owe some: each property has something to hold on.
  // Seed 36 failed before a node's governance acts went ahead of its items on the link.
  for (const seed of [4, 12, 36]) {
    it(`seed ${seed}: the same fold on every party, every act held, no probe across a forbidding act, none lost`, () => {
      const r = runGovernanceDst({ seed, scenario, registry, keys });
      expect(r.violations).toEqual([]);
      expect(r.crashes).toBeGreaterThanOrEqual(2);
      expect(r.taken).toBeGreaterThan(3);
      expect(r.crossings).toBeGreaterThan(10);
      expect(r.owed).toBeGreaterThan(10);
    });
  }
});
