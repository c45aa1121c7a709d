import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/index.js';
import { loadScenario } from '../../src/exercise/index.js';
import { entriesWithoutNode, entriesWithoutNodeAt } from '../../src/exercise/scripts.js';
import type { Scenario } from '../../src/sim/index.js';

type Entries = Pick<Scenario, 'sensors' | 'watch' | 'incidents'>;

describe('entriesWithoutNode', () => {
  const scenario = {
    sensors: [
      { id: 'tpy2-kyogamisaki', nation: 'USA' },
      { id: 'jindalrae', nation: 'AUS' },
    ],
    incidents: [
      { id: 'incursion-1', nation: 'JPN' },
      { id: 'incursion-2', nation: 'PHL' },
    ],
    watch: [
      { atS: 300, nation: 'USA', action: 'acknowledge' },
      { atS: 310, nation: 'AUS', action: 'approve' },
    ],
  } as unknown as Entries;

  it('names every sensor, incident and watch action of a nation without a node', () => {
    expect(entriesWithoutNode(scenario, ['USA', 'JPN', 'KOR'])).toEqual([
      "sensor jindalrae is AUS's",
      'incident incursion-2 is raised by PHL',
      "watch action at 310 s (approve) is AUS's",
    ]);
  });

  it('is empty when every entry has its node', () => {
    expect(entriesWithoutNode(scenario, ['USA', 'JPN', 'KOR', 'AUS', 'PHL'])).toEqual([]);
    expect(entriesWithoutNode({ sensors: [], incidents: [], watch: [] }, [])).toEqual([]);
  });
});

describe('loadScenario with the nodes of a network', () => {
  const BUNDLED = join(import.meta.dirname, '..', '..', 'scenarios', 'korea-irbm-over-japan.yaml');

  it("refuses an entry of a nation outside the network, naming the file, the entry's line and field", () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-scripts-'));
    try {
      const file = join(dir, 'watch.yaml');
      // Korea's watch officer acknowledges; a network of the USA and Japan alone has no node to play it.
      writeFileSync(file, readFileSync(BUNDLED, 'utf8'));
      const scenario = loadScenario(file);
      const korean = scenario.watch.findIndex((a) => a.nation === 'KOR');
      expect(korean).toBeGreaterThanOrEqual(0);
      const err = (() => {
        try {
          loadScenario(file, ['USA', 'JPN']);
        } catch (e) {
          return e as InputError;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(InputError);
      expect(err!.input).toBe(file);
      // The first entry without a node: a Korean sensor (sensors come first), at its line.
      expect(err!.field).toMatch(/^(sensors\[\d+\]\.ref|inlineSensors\[\d+\]\.nation)$/);
      expect(err!.line).toBeGreaterThan(0);
      expect(err!.message).toContain(`watch action at ${scenario.watch[korean]!.atS} s`);
      expect(err!.message).toContain('no node of that nation in this network (USA, JPN)');
      // Only its sensors and watch gone, Korea's entries are still named, the watch action first.
      const noSensors = { ...scenario, sensors: scenario.sensors.filter((s) => s.nation !== 'KOR') };
      expect(entriesWithoutNodeAt(noSensors, ['USA', 'JPN'])[0]).toMatchObject({
        path: ['watch', korean, 'nation'],
      });
      expect(loadScenario(file, ['USA', 'JPN', 'KOR']).name).toBe(scenario.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
