import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComputedZones } from '../../src/node/index.js';
import { concord } from './run.js';

// `concord zones`: the computed territorial seas and EEZs as GeoJSON, on a small box (the Korea
// Strait) so that it runs in a second or two; bad options exit 2 naming them.

describe('concord zones', () => {
  it('writes the zones of a box as the GeoJSON the nodes serve, and says what it made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-zones-'));
    try {
      const out = join(dir, 'zones.geojson');
      const r = concord('zones', '--bbox', '128,33.5,131,35.5', '--step', '0.1', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^zones: 4 zones of 2 nations, \d+ vertices, \d+ KiB; 600 points sampled in [\d.]+ s\n$/,
      );
      const zones = parseComputedZones(readFileSync(out, 'utf8'), out);
      expect(zones.grid).toEqual({ west: 128, south: 33.5, east: 131, north: 35.5, stepDeg: 0.1 });
      expect(zones.note).toMatch(/not claimed or agreed boundaries/);
      expect(zones.features.map((f) => f.id)).toEqual([
        'JPN/eez',
        'JPN/territorial-sea',
        'KOR/eez',
        'KOR/territorial-sea',
      ]);
      expect(zones.features[2]!.properties).toMatchObject({
        nation: 'KOR',
        zone: 'eez',
        name: 'Republic of Korea',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad step or box, naming the option', () => {
    for (const [args, option] of [
      [['--step', '0'], '--step'],
      [['--bbox', '131,33,128,35'], '--bbox'],
    ] as const) {
      const r = concord('zones', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(option);
    }
  });
});
