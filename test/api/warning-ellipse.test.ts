import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { NationNode, Warning } from '../../src/node/index.js';
import { bundledRegistry } from '../domain/fixtures.js';

// The impact ellipse on the warnings route (the console draws it): served as the node holds it,
// rounded; absent where the node computed none (a warning issued under thrust has its swept region).

const T0 = Date.parse('2022-08-04T05:00:00Z');
const warning = (over: Partial<Warning>): Warning => ({
  trackId: 'JPN:1',
  nation: 'JPN',
  reason: 'impact',
  zone: 'eez',
  area: 'JPN EEZ',
  phase: 'ballistic',
  issuedMs: T0,
  eventMs: T0 + 300_000,
  timeToEventS: 300,
  latDeg: 23.9,
  lonDeg: 123.5,
  ...over,
});

describe('the warnings route', () => {
  it("serves an impact's 95 % ellipse, and none for a warning without one", async () => {
    const warnings = [
      warning({ ellipse: { semiMajorM: 4321.6, semiMinorM: 987.2, orientationDeg: 63.27 } }),
      warning({ trackId: 'JPN:2', reason: 'possible-overflight', zone: 'land', area: 'JPN land' }),
    ];
    // Only what the route reads of a node.
    const node = { warnings: () => warnings, notices: () => [] } as unknown as NationNode;
    const app = await buildApi({
      nodes: new Map<Nation, NationNode>([['JPN', node]]),
      clock: { nowMs: () => T0 },
      registry: () => bundledRegistry(),
      tokens: new Map([['jpn-token', 'JPN']]),
    });
    const r = await app.inject({
      method: 'GET',
      url: '/api/JPN/warnings',
      headers: { authorization: 'Bearer jpn-token' },
    });
    await app.close();
    expect(r.statusCode).toBe(200);
    const body = r.json() as { warnings: { trackId: string; ellipse?: unknown }[] };
    expect(body.warnings[0]!.ellipse).toEqual({ semiMajorM: 4322, semiMinorM: 987, orientationDeg: 63.3 });
    expect(body.warnings[1]!.trackId).toBe('JPN:2');
    expect(body.warnings[1]).not.toHaveProperty('ellipse');
  });
});
