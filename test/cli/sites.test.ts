import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseSensorSites, simulate } from '../../src/sim/index.js';
import { concord } from './run.js';

describe('concord sites', () => {
  it('lists every bundled sensor site a scenario may name, with its nation and type', () => {
    const sites = parseSensorSites(readFileSync('data/sensor-sites.yaml', 'utf8'), 'data/sensor-sites.yaml');
    const r = concord('sites');
    expect(r.code).toBe(0);
    for (const s of sites.values())
      expect(r.stdout).toMatch(
        new RegExp(`^${s.id} +${s.nation} +${s.type.replace(/[()/]/g, '\\$&')} `, 'm'),
      );
    const jpn = JSON.parse(concord('sites', '--nation', 'JPN', '--format', 'json').stdout) as {
      nation: string;
    }[];
    expect(jpn.length).toBeGreaterThan(0);
    expect(jpn.every((s) => s.nation === 'JPN')).toBe(true);
    expect(concord('sites', '--nation', 'XYZ').code).toBe(2);
  });

  it("the scenario docs' worked example is a valid scenario whose sensors see its missile", () => {
    const sites = parseSensorSites(readFileSync('data/sensor-sites.yaml', 'utf8'), 'data/sensor-sites.yaml');
    const file = 'test/fixtures/scenario-worked-example.yaml';
    const scenario = parseScenario(readFileSync(file, 'utf8'), file, sites);
    expect(scenario.missiles.map((m) => m.id)).toEqual(['mrbm-1']);
    expect(scenario.sensors.map((s) => s.nation).sort()).toEqual(['JPN', 'KOR', 'USA']);
    const result = simulate(scenario, 1);
    expect(result.reports.some((x) => x.truthId !== null)).toBe(true);
  });
});
