import { describe, expect, it } from 'vitest';
import { entriesWithoutNode } from '../../src/exercise/scripts.js';
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
