import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { ATTACKS } from '../../src/testing/byzantine.js';
import { type NodeStore, runDst } from '../../src/testing/dst.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { AGREEMENTS_FILE } from '../domain/fixtures.js';

const agreementsText = readFileSync(AGREEMENTS_FILE, 'utf8');

/** Stores that survive a node's crash, as a disk would. */
function durableMemoryStores() {
  const stores = new Map<Nation, Omit<NodeStore, 'close'>>();
  return (nation: Nation): NodeStore => {
    const s = stores.get(nation) ?? {
      outbox: new MemoryOutbox(),
      inbox: new MemoryInbox(),
      audit: new MemoryAudit(),
    };
    stores.set(nation, s);
    return { ...s, close: () => {} };
  };
}

describe('deterministic simulation of the link (three nodes, faults, agreement changes)', () => {
  it('replays a seed exactly', () => {
    const a = runDst({ seed: 11, openStore: durableMemoryStores(), agreementsText });
    const b = runDst({ seed: 11, openStore: durableMemoryStores(), agreementsText });
    expect(a).toEqual(b);
    const hostileA = runDst({ seed: 11, openStore: durableMemoryStores(), agreementsText, byzantine: true });
    const hostileB = runDst({ seed: 11, openStore: durableMemoryStores(), agreementsText, byzantine: true });
    expect(hostileA).toEqual(hostileB);
    expect(Object.values(hostileA.attacksDelivered).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });

  it('holds its invariants on 200 seeds', () => {
    const failures: string[] = [];
    let delivered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = runDst({
        seed,
        openStore: durableMemoryStores(),
        agreementsText,
        itemsPerNode: 20,
        durationMs: 60_000,
      });
      delivered += r.delivered;
      if (r.violations.length > 0)
        failures.push(`seed ${seed} (${r.policy}): ${r.violations.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(delivered).toBeGreaterThan(200 * 50);
  }, 180_000);
});

describe('deterministic simulation with a Byzantine partner (one node, chosen by the seed, hostile)', () => {
  const SEEDS = 200;
  it(`holds the honest nodes' invariants on ${SEEDS} seeds, every attack kind delivered`, () => {
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    const hostile = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runDst({
        seed,
        openStore: durableMemoryStores(),
        agreementsText,
        itemsPerNode: 6,
        durationMs: 20_000,
        byzantine: true,
        attacks: 12,
      });
      hostile.add(String(r.byzantine));
      for (const [k, n] of Object.entries(r.attacksDelivered)) kinds[k] = (kinds[k] ?? 0) + n;
      if (r.violations.length > 0)
        failures.push(
          `seed ${seed} (${r.policy}, ${r.byzantine} hostile): ${r.violations.slice(0, 3).join('; ')}`,
        );
    }
    expect(failures).toEqual([]);
    expect([...hostile].sort()).toEqual(['JPN', 'KOR', 'USA']);
    expect(Object.keys(kinds).sort()).toEqual(ATTACKS.map((a) => a.kind).sort());
  }, 180_000);
});
