import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haversineDistanceM } from '../../src/geo/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import { auditGhosts } from '../support/ghosts.js';

const ROOT = join(import.meta.dirname, '..', '..');
const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'sinpo-kn23-depressed.yaml');
const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), FIXTURE, sites);

// Issue 18, as a new user met it: a depressed SRBM from near Sinpo, seen by two Korean and two
// Japanese radars. Before the fix, Japan was warned of an overflight "in 0 s" 136 s after the
// missile had hit the sea (its picture flew the track on below the ground), the consultation was
// escalated to ministerial level on that warning, and the boost-phase possible overflight was
// given "in 2130 s" for a 254 s flight.
describe('no ghost after impact: a depressed KN-23-type SRBM from near Sinpo (issue 18)', () => {
  const audit = auditGhosts(scenario, 'trilateral', areas);
  const truth = audit.truthImpacts.get('kn23-1')!;
  const impactMs = truth.ms;

  it('flies the scenario the user wrote: 600 km at 95 degrees, apogee 50 km, about 254 s', () => {
    expect(impactMs / 1000 - 30).toBeGreaterThan(240);
    expect(impactMs / 1000 - 30).toBeLessThan(270);
  });

  it('issues no warning after the impact, and none about nothing', () => {
    expect(audit.lateWarnings).toEqual([]);
    for (const ws of audit.warnings.values())
      for (const w of ws) expect(w.issuedMs - scenario.startMs).toBeLessThanOrEqual(impactMs);
  });

  it('shows no object below the ground, at any second', () => {
    expect(audit.belowGround).toEqual([]);
  });

  it('convenes and escalates only on warnings about the missile in flight: no ministerial escalation', () => {
    expect(audit.lateConsultations).toEqual([]);
    expect(audit.consultations).toHaveLength(1);
    expect(audit.consultations[0]!.levelHistory.map((h) => h.level)).toEqual(['working']);
  });

  it('gives the boost-phase possible overflight a time within the flight still possible', () => {
    const possible = audit.issued.filter((w) => w.reason === 'possible-overflight');
    expect(possible.length).toBeGreaterThan(0);
    // As issued: a minimum-energy flight over the ~760 km left takes ~430 s (the missile flies
    // 254 s in all); at the missile's horizontal speed then, it would have been ~2130 s.
    for (const w of possible) expect(w.timeToEventS).toBeLessThan(450);
  });

  it('declares the impact where and when the missile came down, and holds no track after it', () => {
    for (const [nation, impacts] of audit.impacts) {
      expect(impacts.length, nation).toBeGreaterThan(0);
      for (const i of impacts) {
        expect(i.objectId).toBe('KOR:1');
        // Measured: within 0.2 s and 200 m of truth (the last radar saw it ~20 s before).
        expect(Math.abs(i.impactMs - scenario.startMs - truth.ms)).toBeLessThan(2_000);
        expect(haversineDistanceM(i.latDeg, i.lonDeg, truth.latDeg, truth.lonDeg)).toBeLessThan(5_000);
      }
      expect(audit.heldTracks.get(nation), nation).toBe(0);
    }
  });

  it('counts the warnings issued then withdrawn', () => {
    // Measured: no specific impact warning withdrawn. Under thrust Korea and Japan are warned only
    // of possible impacts (the swept region reaches their waters) and Japan of a possible
    // overflight, withdrawn once the missile is seen coasting; before the swept regions, Korea was
    // warned of an impact in its EEZ under thrust and that was withdrawn.
    expect(audit.withdrawn).toEqual({
      impact: 0,
      'possible-impact': 2,
      overflight: 0,
      'possible-overflight': 1,
    });
    // Each because the coasting prediction no longer foresaw it; none by a fall before the event.
    expect(audit.withdrawnBecause).toEqual({ 'not-predicted': 3, 'came-down': 0 });
  });
});
