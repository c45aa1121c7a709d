// A partner inventing track ids that each make an object worth a notice and warnings, on a node
// that assesses: everything the node keeps per picture object (notices, warnings, withdrawal
// causes, flight phases, swept regions, consultation triggers) stays bounded per nation, and the
// honest objects' are as without the flood.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { ecefFromGeodetic, ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import { createUuidV7Generator, generateSigningKeyPair } from '../../src/link/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { plans, rules } from '../consult/fixtures.js';
import { irbmScenario, MARKING, memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const scenario = irbmScenario();
const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const ids = createUuidV7Generator();

/** A track at `hM` over (latDeg, lonDeg), moving east at `eastMps` and down at `downMps`. */
function track(
  trackId: number,
  tMs: number,
  latDeg: number,
  lonDeg: number,
  hM: number,
  eastMps: number,
  downMps: number,
) {
  const [x, y, z] = ecefFromGeodetic(latDeg, lonDeg, hM);
  const v = ecefVectorFromEnu(siteFromGeodetic(latDeg, lonDeg, 0), eastMps, 0, -downMps);
  const P = new Array<number>(36).fill(0);
  for (let i = 0; i < 3; i++) P[i * 7] = 1e4;
  for (let i = 3; i < 6; i++) P[i * 7] = 1e2;
  return { kind: 'track', trackId, tMs, x: [x, y, z, ...v], P };
}

/** Small bounds, so that a flood of tens of tracks reaches them (the defaults are 4,096 and 1,024). */
const RETENTION = { objectsPerNation: 4, sweepsPerNation: 2 };

/**
 * The IRBM scenario from 180 s after launch (Korea's track of it shown from ~190 s) for `untilS` seconds, the USA (the hostile partner
 * here) sending Japan `perS` invented tracks a second, each coming down within two seconds: half
 * over Honshu (a notice, an overflight warning and its consultation trigger), half over the Sea of
 * Japan heading for it (a possible overflight withdrawn once the object has come down, a swept
 * region). Returns the network at the end.
 */
function run(perS: number, untilS: number): EmbeddedNetwork {
  const net = memoryNetwork({
    scenario,
    keys,
    areas,
    consultRules: rules,
    contingencyPlans: plans,
    retention: RETENTION,
  });
  const usa = net.nodes.get('USA')!;
  const t0 = scenario.startMs + 180_000;
  let next = 1_000_000;
  for (let s = 0; s < untilS; s++) {
    net.runUntil(t0 + s * 1_000);
    const nowMs = net.sched.nowMs();
    for (let i = 0; i < perS; i++) {
      const id = next++;
      const tMs = Math.floor(nowMs) - 100;
      const payload =
        i % 2 === 0
          ? track(id, tMs, 36.2, 139.5, 3_000, 0, 1_500)
          : track(id, tMs, 35.6, 131.5, 3_000, 1_000, 1_500);
      usa.link.publish(
        {
          id: ids.next(Math.floor(nowMs)),
          originator: 'USA',
          topic: 'missile-warning',
          marking: MARKING.USA!,
          createdMs: nowMs,
          concerning: scenario.launchState,
          payload: { ...payload, seq: id },
        },
        ['JPN'],
      );
    }
  }
  return net;
}

type Kept = 'notices' | 'warnings' | 'withdrawals' | 'phases' | 'sweeps' | 'triggers';
/** Each map's bound per nation under RETENTION (four reasons per object for warnings and what follows them). */
const CAP: Record<Kept, number> = {
  notices: RETENTION.objectsPerNation,
  warnings: 4 * RETENTION.objectsPerNation,
  withdrawals: 4 * RETENTION.objectsPerNation,
  phases: RETENTION.objectsPerNation,
  sweeps: RETENTION.sweepsPerNation,
  triggers: 4 * RETENTION.objectsPerNation,
};

describe('a partner inventing objects on a node that assesses', () => {
  let quiet: EmbeddedNetwork;
  let flood: EmbeddedNetwork;
  beforeAll(() => {
    quiet = run(0, 30);
    flood = run(6, 30);
  });
  afterAll(() => {
    quiet.close();
    flood.close();
  });

  /** What Japan holds of the objects not named after the hostile partner's tracks. */
  const honest = (net: EmbeddedNetwork) => {
    const jpn = net.nodes.get('JPN')!;
    const mine = (id: string) => !id.startsWith('USA:');
    const { USA: _, ...retained } = jpn.retained().objects;
    return {
      notices: jpn.notices().filter((n) => mine(n.trackId)),
      warnings: jpn.warnings().filter((w) => mine(w.trackId)),
      retained,
    };
  };

  it('keeps the honest objects’ notices, warnings and state as without the flood', () => {
    const expected = honest(quiet);
    expect(expected.notices.length).toBeGreaterThan(0);
    expect(expected.warnings.length).toBeGreaterThan(0);
    expect(honest(flood)).toEqual(expected);
    const jpn = flood.nodes.get('JPN')!;
    expect(jpn.status().refused.USA).toBeUndefined();
    expect(jpn.status().faults.total).toBe(0);
  });

  it('holds the notices of the partner’s objects to their bound', () => {
    const jpn = flood.nodes.get('JPN')!;
    // 180 invented objects were noticed as they came; only the bound is remembered.
    expect(jpn.notices().filter((n) => n.trackId.startsWith('USA:'))).toHaveLength(CAP.notices);
    expect(jpn.retained().objects.USA!.notices).toBe(CAP.notices);
  });

  it('holds the warnings of the partner’s objects to their bound', () => {
    const jpn = flood.nodes.get('JPN')!;
    expect(jpn.warnings().filter((w) => w.trackId.startsWith('USA:'))).toHaveLength(CAP.warnings);
    expect(jpn.retained().objects.USA!.warnings).toBe(CAP.warnings);
  });

  for (const kept of ['withdrawals', 'phases', 'sweeps', 'triggers'] as const) {
    it(`holds the ${kept} of the partner’s objects to their bound`, () => {
      expect(flood.nodes.get('JPN')!.retained().objects.USA![kept]).toBe(CAP[kept]);
    });
  }
});
