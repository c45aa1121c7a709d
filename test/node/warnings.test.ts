import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import type { SharingPolicy } from '../../src/exercise/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import type { Warning, WarningReason } from '../../src/node/warnings.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import { auditGhosts } from '../support/ghosts.js';

const ROOT = join(import.meta.dirname, '..', '..');
const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));
const territories = areas.territories;

describe('territories', () => {
  it.each([
    [35.68, 139.69, 'JPN'], // Tokyo
    [40.82, 140.74, 'JPN'], // Aomori
    [37.57, 126.98, 'KOR'], // Seoul
    [38.9, -77.04, 'USA'], // Washington
    [39.03, 125.75, 'PRK'], // Pyongyang
    [40.0, 150.0, null], // the Pacific east of Japan
    [38.5, 134.0, null], // the East Sea / Sea of Japan
  ])('(%f, %f) is land of %s', (lat, lon, nation) => {
    expect(territories.nationAt(lat, lon)).toBe(nation);
    // isIn agrees with nationAt for the nation itself and for the other two.
    for (const n of ['JPN', 'KOR', 'PRK']) expect(territories.isIn(n, lat, lon)).toBe(nation === n);
  });
});

const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const load = (name: string) =>
  parseScenario(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8'), name, sites);

/**
 * The scenario through the embedded network; each nation's warnings at the end. Every run is also
 * held to what truth says must never be shown (test/support/ghosts.ts): no warning about a missile
 * after its impact, no object below the ground, no consultation convened or escalated on such a
 * warning; and the warnings issued then withdrawn are counted.
 */
function runScenario(
  scenario: Scenario,
  policy: SharingPolicy,
  withdrawn: Record<WarningReason, number>,
): Map<Nation, Warning[]> {
  const audit = auditGhosts(scenario, policy, areas);
  expect(audit.lateWarnings).toEqual([]);
  expect(audit.belowGround).toEqual([]);
  expect(audit.lateConsultations).toEqual([]);
  expect(audit.withdrawn).toEqual(withdrawn);
  return audit.warnings;
}

describe('warnings on Chinese SRBMs into the waters around Taiwan (2022-08-04 model)', () => {
  it('warns Japan of five impacts in its EEZ, minutes ahead, from its own radars', () => {
    // Measured: eight possible overflights and eight possible impacts (issued while boosting)
    // withdrawn once the missiles are seen coasting; no impact warning withdrawn.
    const withdrawn = { impact: 0, 'possible-impact': 8, overflight: 0, 'possible-overflight': 8 };
    const jpn = runScenario(load('taiwan-strait-2022-08'), 'none', withdrawn).get('JPN')!;
    const impacts = jpn.filter((w) => w.reason === 'impact' && w.withdrawnMs === undefined);
    expect(impacts).toHaveLength(5);
    for (const w of impacts) {
      expect(w).toMatchObject({ zone: 'eez', area: 'JPN EEZ' });
      // South-west of Hateruma (24.05 N, 123.78 E).
      expect(w.latDeg).toBeLessThan(24.05);
      expect(w.lonDeg).toBeLessThan(123.78);
      expect(w.eventMs - w.issuedMs).toBeGreaterThan(240_000);
      expect(w.ellipse!.semiMajorM).toBeGreaterThan(0);
    }
    // Nothing lands on Japan's land: any possible overflight was withdrawn.
    expect(jpn.filter((w) => w.reason.endsWith('overflight') && w.withdrawnMs === undefined)).toEqual([]);
    // Each possible impact still standing was confirmed by a specific impact warning.
    for (const w of jpn.filter((x) => x.reason === 'possible-impact' && x.withdrawnMs === undefined))
      expect(impacts.some((i) => i.trackId === w.trackId)).toBe(true);
  }, 60_000);
});

describe('warnings on the IRBM over Japan (2022-10-04 model)', () => {
  const scenario = load('korea-irbm-over-japan');
  // Measured: no impact warning at all (the missile comes down far out in the Pacific), so none
  // withdrawn; three possible impacts issued under thrust (the swept region reaching a US base,
  // Korea's and Japan's waters), none withdrawn for an overflight since the tracker's drag-aware
  // coasting mode (before it, one possible overflight the coasting prediction did not confirm).
  // Before the swept regions, Japan was warned of an impact in its EEZ predicted under thrust, and
  // that was withdrawn.
  const trilateral = runScenario(scenario, 'trilateral', {
    impact: 0,
    'possible-impact': 3,
    overflight: 0,
    'possible-overflight': 0,
  });
  const live = (ws: readonly Warning[]) => ws.filter((x) => x.withdrawnMs === undefined);

  it('warns Japan of a possible overflight while the missile boosts, then confirms it; nothing else stands', () => {
    const jpn = trilateral.get('JPN')!;
    expect(jpn[0]).toMatchObject({
      reason: 'possible-overflight',
      phase: 'boost',
      zone: 'land',
      area: 'JPN land',
    });
    const overflight = jpn.find((x) => x.reason === 'overflight')!;
    expect(overflight).toMatchObject({ phase: 'ballistic', zone: 'land' });
    expect(overflight.eventMs).toBeGreaterThan(overflight.issuedMs + 60_000);
    // The ground track crosses northern Honshu (Aomori is at 40.8 N, 140.7 E).
    expect(overflight.latDeg).toBeGreaterThan(39);
    expect(overflight.latDeg).toBeLessThan(42.5);
    // The confirmed overflight stands with the possible one it confirmed; no impact is predicted.
    expect(
      live(jpn)
        .map((x) => x.reason)
        .sort(),
    ).toEqual(['overflight', 'possible-overflight']);
    expect(live(trilateral.get('KOR')!)).toEqual([]);
    expect(live(trilateral.get('USA')!)).toEqual([]);
  });

  it('warns Japan earlier when tracks are shared than when it relies on its own radars', () => {
    const shared = trilateral.get('JPN')![0]!;
    const alone = runScenario(scenario, 'none', {
      impact: 0,
      'possible-impact': 3,
      overflight: 0,
      'possible-overflight': 0,
    }).get('JPN')![0]!;
    expect(shared.issuedMs).toBeLessThan(alone.issuedMs);
    // Launched at +120 s, seen by Korean radar ~57 s later: warned within seconds of that.
    expect(shared.issuedMs - scenario.startMs).toBeLessThan(120_000 + 65_000);
  });
});

describe('protected areas: land, maritime zones by equidistance, US bases', () => {
  it.each([
    [35.68, 139.69, 'JPN', 'land'], // Tokyo
    [41.4, 140.0, 'JPN', 'territorial-sea'], // the western mouth of the Tsugaru Strait
    [23.6, 123.2, 'JPN', 'eez'], // where five Chinese missiles fell on 2022-08-04, SW of Hateruma
    [41.5, 136.8, 'JPN', 'eez'], // the 2022-11-18 Hwasong-17 area, ~200 km west of Oshima-Oshima
    [37.0, 131.0, 'KOR', 'eez'], // the East Sea off Uljin
    [40.0, 129.5, 'PRK', 'eez'], // off the North Korean coast
    [24.0, 121.75, 'TWN', 'territorial-sea'], // off Hualien
  ])('(%f, %f) lies in %s %s', (lat, lon, nation, zone) => {
    expect(areas.zones.zoneAt(lat, lon)).toMatchObject({ nation, zone });
  });

  it('leaves the high seas to nobody', () => {
    expect(areas.zones.zoneAt(35.0, 165.0)).toBeNull();
  });

  it('finds a US base by its radius, for the United States only', () => {
    expect(areas.areaOf(26.356, 127.768, 'USA')).toMatchObject({ zone: 'base', area: 'Kadena Air Base' });
    expect(areas.areaOf(26.356, 127.768, 'JPN')).toMatchObject({ zone: 'land', area: 'JPN land' });
    expect(areas.baseAlong({ latDeg: 40.7, lonDeg: 140.0 }, { latDeg: 40.7, lonDeg: 142.0 }, 'USA')?.id).toBe(
      'misawa-ab',
    );
    expect(
      areas.baseAlong({ latDeg: 41.5, lonDeg: 140.0 }, { latDeg: 41.5, lonDeg: 142.0 }, 'USA'),
    ).toBeNull();
  });
});
