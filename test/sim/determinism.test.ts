import { describe, expect, it } from 'vitest';
import { measurementsCsv, reportsCsv, type Scenario, simulate, truthCsv } from '../../src/sim/index.js';
import { loadScenario, loadSites } from './fixtures.js';

function csvs(sc: Scenario, seed: number) {
  const r = simulate(sc, seed);
  return {
    reports: reportsCsv(r.reports, sc.startMs),
    measurements: measurementsCsv(r.measurements, sc.startMs),
    truth: truthCsv(r.truth),
    count: r.reports.length,
    clutter: r.reports.filter((x) => x.truthId === null).length,
  };
}

describe('simulate is deterministic', () => {
  const sc = loadScenario('korea-srbm-salvo', loadSites());
  const a = csvs(sc, 1234);
  const b = csvs(sc, 1234);
  const c = csvs(sc, 1235);

  it('gives identical CSV bytes for the same seed', () => {
    expect(b.reports).toBe(a.reports);
    expect(b.measurements).toBe(a.measurements);
    expect(b.truth).toBe(a.truth);
  });

  it('gives different reports for a different seed, but the same truth (the flights do not depend on it)', () => {
    expect(c.reports).not.toBe(a.reports);
    expect(c.measurements).not.toBe(a.measurements);
    expect(c.truth).toBe(a.truth);
  });

  it('writes the documented headers, one row per report, rows in time order, clutter included', () => {
    const lines = a.reports.trimEnd().split('\n');
    expect(lines[0]).toBe('t,sensor,nation,range,az,el,sigma_range,sigma_az,sigma_el');
    expect(lines).toHaveLength(a.count + 1);
    expect(a.measurements.split('\n')[0]).toBe('t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz');
    expect(a.truth.split('\n')[0]).toBe('t,target,x,y,z,vx,vy,vz');
    const times = lines.slice(1).map((l) => Number(l.split(',')[0]));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(a.clutter).toBeGreaterThan(100);
    expect(a.count - a.clutter).toBeGreaterThan(100);
    // Fixed decimals: t with 3, range with 2.
    expect(lines[1]).toMatch(/^\d+\.\d{3},[a-z0-9-]+,(USA|JPN|KOR),\d+\.\d{2},\d+\.\d{6},-?\d+\.\d{6},/);
    const truthTimes = a.truth
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    for (let i = 1; i < truthTimes.length; i++)
      expect(truthTimes[i]!).toBeGreaterThanOrEqual(truthTimes[i - 1]!);
  });
});
