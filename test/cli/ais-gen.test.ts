import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAisGen } from '../../src/cli/commands/ais-gen.js';
import { InputError } from '../../src/domain/errors.js';
import { loadScenario } from '../../src/exercise/index.js';
import { aisGen } from '../../src/sim/traffic/index.js';

describe('ais gen (without the encoder)', () => {
  it('writes the records, the truth JSON and the contacts CSV; the same seed gives the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-aisgen-'));
    const sc = loadScenario('senkaku-incursion-drill');
    const write = (tag: string, seed: number) => {
      const g = aisGen(sc, { seed, backgroundShips: 10 });
      const n = writeAisGen(g, {
        out: join(dir, `${tag}.ndjson`),
        truth: join(dir, `${tag}.json`),
        contacts: join(dir, `${tag}.csv`),
      });
      return { g, n };
    };
    const a = write('a', 5);
    const b = write('b', 5);
    const c = write('c', 6);
    for (const ext of ['ndjson', 'json', 'csv'])
      expect(readFileSync(join(dir, `a.${ext}`), 'utf8')).toBe(readFileSync(join(dir, `b.${ext}`), 'utf8'));
    expect(readFileSync(join(dir, 'a.ndjson'), 'utf8')).not.toBe(readFileSync(join(dir, 'c.ndjson'), 'utf8'));
    const lines = readFileSync(join(dir, 'a.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(a.n);
    expect(a.n).toBe(b.n);
    expect(c.n).toBeGreaterThan(1000);
    expect(JSON.parse(lines[0]!)).toHaveProperty('mmsi');
    const truth = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(truth).toEqual(a.g.truth);
    expect(
      truth.events.filter(
        (e: { zone?: string; type: string }) =>
          e.type === 'zone-entry' && e.zone === 'senkaku-territorial-sea',
      ).length,
    ).toBe(4);
    const csv = readFileSync(join(dir, 'a.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m');
    expect(csv.length).toBeGreaterThan(1);
    expect(csv[1]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,jcg-patrol-aircraft,aircraft,-?\d+\.\d{6},-?\d+\.\d{6},300,[\d.]+,[\d.]+,\d+$/,
    );
  });

  it('a scenario without a maritime block is refused, naming it', () => {
    expect(() => aisGen(loadScenario('korea-srbm-salvo'), { source: 'korea-srbm-salvo.yaml' })).toThrow(
      InputError,
    );
    expect(() => aisGen(loadScenario('korea-srbm-salvo'), { source: 'korea-srbm-salvo.yaml' })).toThrow(
      /korea-srbm-salvo\.yaml \(maritime\): the scenario has no maritime block/,
    );
  });
});
