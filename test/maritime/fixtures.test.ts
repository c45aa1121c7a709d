import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMaritimeInputs } from '../../src/bundled/index.js';
import { type MaritimeInputs, runDetect } from '../../src/maritime/index.js';

/**
 * Turf-style fixtures: `NAME.in.ndjson` holds `{ time, record }` lines (gpsd-style AIS records with
 * their tag-block time); `NAME.out.ndjson` the events `concord ais detect` writes for them with the
 * bundled data. Regenerate an expected file after a deliberate change with
 * `UPDATE_FIXTURES=1 npx vitest run test/maritime/fixtures.test.ts`, and read the diff.
 */
const dir = new URL('../fixtures/maritime/detect/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.in.ndjson'))
  .map((f) => f.slice(0, -'.in.ndjson'.length));

let inputs: MaritimeInputs | undefined;

describe('detect fixtures', () => {
  it.each(names)('%s', async (name) => {
    inputs ??= loadMaritimeInputs({});
    const records = readFileSync(new URL(`${name}.in.ndjson`, dir), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const { time, record } = JSON.parse(l);
        return { tMs: Date.parse(time), record };
      });
    let got = '';
    await runDetect(records, inputs, { write: (l: string) => (got += l) });
    const outUrl = new URL(`${name}.out.ndjson`, dir);
    if (process.env.UPDATE_FIXTURES) writeFileSync(outUrl, got);
    expect(got).toBe(readFileSync(outUrl, 'utf8'));
  });
});
