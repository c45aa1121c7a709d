import { beforeAll, describe, expect, it } from 'vitest';
import {
  apparentElevationDeg,
  ecefFromGeodetic,
  isAboveRadioHorizon,
  raeFromEcef,
  siteFromGeodetic,
} from '../../src/geo/index.js';
import {
  coverage,
  inSector,
  parseScenario,
  platformSiteAt,
  type Scenario,
  type SimulationResult,
  simulate,
  stateAt,
} from '../../src/sim/index.js';
import { loadScenario, loadSites } from './fixtures.js';

describe('reports only inside coverage', () => {
  let sc: Scenario;
  let r: SimulationResult;
  beforeAll(() => {
    sc = loadScenario('korea-irbm-over-japan', loadSites());
    r = simulate(sc, 3);
  });

  it('every true detection was in range, in sector, above the minimum elevation and the radio horizon', () => {
    const s = new Float64Array(6);
    let checked = 0;
    for (const rep of r.reports) {
      if (rep.truthId === null) continue;
      const spec = sc.sensors.find((x) => x.id === rep.sensor)!;
      const flight = r.flights.find((f) => f.id === rep.truthId)!;
      const tS = (rep.tMs - sc.startMs) / 1000;
      expect(stateAt(flight.solution.trajectory, tS - flight.launchAfterS, s)).toBe(true);
      const site = platformSiteAt(spec.platform, tS);
      const p = spec.performance;
      const rae = raeFromEcef(site, s[0]!, s[1]!, s[2]!);
      expect(rae.rangeM).toBeLessThanOrEqual(p.maxRangeM);
      if (p.azimuthSector)
        expect(inSector(rae.azDeg, p.azimuthSector.centreDeg, p.azimuthSector.widthDeg)).toBe(true);
      expect(apparentElevationDeg(site, s[0]!, s[1]!, s[2]!)).toBeGreaterThanOrEqual(p.minElevationDeg);
      expect(isAboveRadioHorizon(site, s[0]!, s[1]!, s[2]!)).toBe(true);
      // The reported range is the truth plus noise of the stated sigma (6 sigma is never reached in practice).
      expect(Math.abs(rep.rangeM - rae.rangeM)).toBeLessThan(6 * p.sigmaRangeM + 1e-6);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('no sensor reports the missile before it rises above its horizon: the first report comes after launch', () => {
    const launchMs = sc.startMs + sc.missiles[0]!.launchAfterS * 1000;
    const first = new Map<string, number>();
    for (const rep of r.reports) if (!first.has(rep.sensor)) first.set(rep.sensor, rep.tMs);
    for (const t of first.values()) expect(t).toBeGreaterThan(launchMs + 10_000);
    // The far radar on Shimokoshiki (~1,000 km away) sees it later than the near Korean one.
    expect(first.get('jp-fps5-shimokoshiki')!).toBeGreaterThan(first.get('kor-green-pine-chungcheong')!);
  });

  it('each measurement row is its report in ECEF, with a symmetric positive covariance', () => {
    expect(r.measurements).toHaveLength(r.reports.length);
    for (let i = 0; i < r.reports.length; i += 97) {
      const m = r.measurements[i]!;
      const rep = r.reports[i]!;
      expect(m.tMs).toBe(rep.tMs);
      expect(m.sensor).toBe(rep.sensor);
      const spec = sc.sensors.find((x) => x.id === rep.sensor)!;
      const site = platformSiteAt(spec.platform, (rep.tMs - sc.startMs) / 1000);
      const back = raeFromEcef(site, m.x, m.y, m.z);
      // Along the measured line of sight, pulled in by about r E[gamma^2] / 2 (convertedEcefFromRae).
      expect(back.azDeg).toBeCloseTo(rep.azDeg, 8);
      expect(back.elDeg).toBeCloseTo(rep.elDeg, 8);
      const angleVar = ((rep.sigmaAzDeg * Math.PI) / 180) ** 2 + ((rep.sigmaElDeg * Math.PI) / 180) ** 2;
      expect(back.rangeM).toBeLessThan(rep.rangeM);
      expect(back.rangeM).toBeGreaterThan(rep.rangeM * (1 - angleVar));
      const c = m.covariance;
      expect(c[1]).toBe(c[3]);
      expect(c[0]! > 0 && c[4]! > 0 && c[8]! > 0).toBe(true);
      const det =
        c[0]! * (c[4]! * c[8]! - c[5]! * c[7]!) -
        c[1]! * (c[3]! * c[8]! - c[5]! * c[6]!) +
        c[2]! * (c[3]! * c[7]! - c[4]! * c[6]!);
      expect(det).toBeGreaterThan(0);
    }
  });
});

describe('coverage', () => {
  const perf = {
    maxRangeM: 1_000_000,
    minRangeM: 0,
    minElevationDeg: 0,
    maxElevationDeg: 90,
    azimuthSector: { centreDeg: 270, widthDeg: 90 },
    scanPeriodS: 1,
    sigmaRangeM: 10,
    sigmaAzDeg: 0.1,
    sigmaElDeg: 0.1,
    pd: 1,
    falseAlarmsPerScan: 0,
    assumed: true,
    rationale: 'test',
  };
  const site = siteFromGeodetic(40, 140, 20);

  it('sees a high target to the west, not one to the east, not one beyond range, not a low one past the horizon', () => {
    expect(coverage(site, perf, ...ecefFromGeodetic(40, 135, 300_000))).not.toBeNull();
    expect(coverage(site, perf, ...ecefFromGeodetic(40, 145, 300_000))).toBeNull();
    expect(coverage(site, perf, ...ecefFromGeodetic(40, 127, 300_000))).toBeNull();
    // 300 km west at 1 km altitude: the 4/3-Earth horizons add to ~18 + 130 km, far short of 300 km.
    expect(coverage(site, perf, ...ecefFromGeodetic(40, 136.5, 1_000))).toBeNull();
  });

  it('a sensor that cannot see the flight reports nothing but its false alarms, all inside coverage', () => {
    const text = `
name: blind
description: a radar facing away, with clutter
start: "2024-01-01T00:00:00Z"
durationS: 300
missileClasses:
  srbm:
    description: test
    stages: [{ burnTimeS: 60, accelStartMps2: 30, accelEndMps2: 150 }]
    verticalRiseS: 3
    pitchOverS: 15
    assumed: true
    rationale: test
missiles:
  - id: m1
    class: srbm
    launch: { latDeg: 39.0, lonDeg: 126.0, afterS: 10 }
    aim: { kind: bearing, azimuthDeg: 85, rangeM: 600000 }
    profile: { kind: depressed, apogeeM: 50000 }
inlineSensors:
  - id: facing-south
    name: test radar
    nation: KOR
    type: test
    platform: { kind: fixed, latDeg: 37.5, lonDeg: 127.0, hM: 100 }
    performance:
      maxRangeM: 400000
      azimuthSector: { centreDeg: 180, widthDeg: 60 }
      scanPeriodS: 2
      sigmaRangeM: 30
      sigmaAzDeg: 0.1
      sigmaElDeg: 0.1
      pd: 1
      falseAlarmsPerScan: 3
      assumed: true
      rationale: test
`;
    const sc = parseScenario(text, 'blind.yaml', loadSites());
    const r = simulate(sc, 5);
    expect(r.reports.length).toBeGreaterThan(100);
    expect(r.reports.every((x) => x.truthId === null)).toBe(true);
    for (const x of r.reports) {
      expect(x.rangeM).toBeLessThanOrEqual(400_000);
      expect(inSector(x.azDeg, 180, 60)).toBe(true);
      expect(x.elDeg).toBeGreaterThanOrEqual(-1);
    }
    expect(r.truth.length).toBeGreaterThan(200);
  });
});
