import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
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
