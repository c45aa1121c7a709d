// The Byzantine partner at the node level (src/testing/payload-dst.ts): a few seeds here, a
// thousand in `concord bench dst --payloads`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { parseScenario, parseSensorSites, simulate } from '../../src/sim/index.js';
import { PAYLOAD_ATTACKS } from '../../src/testing/byzantine-payloads.js';
import { runPayloadDst } from '../../src/testing/payload-dst.js';
import { bundledRegistry } from '../domain/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const setup = {
  scenario,
  simulation: simulate(scenario, 1),
  areas: loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml')),
  registry: bundledRegistry(),
  keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
};

describe('a Byzantine partner node sends well-signed hostile payloads among honest traffic', () => {
  it('every attack is refused and audited once; nothing faults; the consultation, tracks and warnings are as without it', () => {
    // Seeds 1 to 3: each nation is the hostile one once; a late acknowledgement escalates in two.
    const results = [1, 2, 3].map((seed) => runPayloadDst({ ...setup, seed }));
    for (const r of results)
      expect({ seed: r.seed, violations: r.violations }).toEqual({ seed: r.seed, violations: [] });
    expect(new Set(results.map((r) => r.hostile))).toEqual(new Set(TRILATERAL));
    expect(results.some((r) => r.escalations > 0)).toBe(true);
    // Every attack was mounted (none skipped for want of a consultation or an agreement).
    for (const r of results)
      expect(Object.keys(r.sent).sort()).toEqual(PAYLOAD_ATTACKS.map((a) => a.kind).sort());
    // Honest warnings were issued in the runs (Japan's overflight where Japan is honest).
    expect(
      results.some((r) => Object.values(r.warnings).some((w) => w.includes('overflight JPN land'))),
    ).toBe(true);
  });
});
