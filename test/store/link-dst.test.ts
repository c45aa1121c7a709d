import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';
import { runDst } from '../../src/testing/dst.js';
import { AGREEMENTS_FILE } from '../domain/fixtures.js';
import { tempDirs } from './helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());
const agreementsText = readFileSync(AGREEMENTS_FILE, 'utf8');

describe('the link engine on SQLite stores (crashes close the store; restarts reopen the file)', () => {
  it('holds the simulation invariants, and replays a seed exactly', () => {
    const run = (seed: number, byzantine = false) => {
      const dir = tmp.dir();
      const results = runDst({
        seed,
        openStore: (n: Nation) => openStore(join(dir, `${n}.db`)),
        agreementsText,
        itemsPerNode: 20,
        durationMs: 60_000,
        byzantine,
      });
      for (const n of ['USA', 'JPN', 'KOR']) {
        const store = openStore(join(dir, `${n}.db`));
        const audit = store.audit.verify();
        store.close();
        expect(audit.ok).toBe(true);
      }
      return results;
    };
    const failures: string[] = [];
    let crashes = 0;
    for (let seed = 1; seed <= 6; seed++) {
      // Even seeds with one Byzantine node: the SQLite inbox, keyed by (originator, id), under attack.
      const r = run(seed, seed % 2 === 0);
      crashes += r.crashes;
      if (r.violations.length > 0) failures.push(`seed ${seed}: ${r.violations.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(crashes).toBeGreaterThan(0);
    expect(run(5)).toEqual(run(5));
  }, 120_000);
});
