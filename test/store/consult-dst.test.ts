import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';
import { AGREEMENTS_FILE } from '../domain/fixtures.js';
import { runConsultDst } from '../support/consult-dst.js';
import { tempDirs } from './helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());
const agreementsText = readFileSync(AGREEMENTS_FILE, 'utf8');

describe('a consultation across three nodes on SQLite stores, under partitions, crashes and restarts', () => {
  const run = (seed: number) => {
    const dir = tmp.dir();
    return runConsultDst({ seed, openStore: (n: Nation) => openStore(join(dir, `${n}.db`)), agreementsText });
  };

  it('every node ends with the same events and folds the same state; a seed replays exactly', () => {
    const failures: string[] = [];
    const results = [];
    for (let seed = 1; seed <= 8; seed++) {
      const r = run(seed);
      results.push(r);
      if (r.violations.length > 0) failures.push(`seed ${seed}: ${r.violations.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    // The seeds exercise what they claim to: crashes, partitions, both routings, agreement and escalation.
    expect(results.some((r) => r.crashes > 0)).toBe(true);
    expect(results.some((r) => r.partitions > 0)).toBe(true);
    expect(new Set(results.map((r) => r.policy)).size).toBe(2);
    expect(results.every((r) => r.authored >= 5 && r.final.applied >= 5)).toBe(true);
    // Concurrent actions each node accepted (an approval racing a new version) resolve the same way everywhere.
    expect(results.some((r) => r.final.rejected > 0)).toBe(true);
    expect(results.some((r) => r.final.agreed)).toBe(true);
    expect(results.some((r) => r.final.escalations > 0)).toBe(true);
    expect(run(3)).toEqual(run(3));
  }, 300_000);
});
