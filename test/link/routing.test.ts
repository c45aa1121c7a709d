import { describe, expect, it } from 'vitest';
import { NATION_CODES, TRILATERAL } from '../../src/domain/index.js';
import { routeFor, SHARING_POLICIES } from '../../src/link/index.js';

describe('routeFor', () => {
  it('sends Japan-Korea items through the United States under us-hub, and nothing else through anyone', () => {
    for (const from of NATION_CODES)
      for (const to of NATION_CODES) {
        const hubbed = from !== 'USA' && to !== 'USA';
        expect(routeFor('us-hub', from)(to)).toBe(hubbed ? 'USA' : null);
      }
    expect(routeFor('us-hub', 'JPN')('KOR')).toBe('USA');
    expect(routeFor('us-hub', 'KOR')('JPN')).toBe('USA');
  });

  it('routes every item directly under trilateral and none', () => {
    for (const policy of SHARING_POLICIES.filter((p) => p !== 'us-hub'))
      for (const from of TRILATERAL)
        for (const to of TRILATERAL) expect(routeFor(policy, from)(to)).toBeNull();
  });
});
