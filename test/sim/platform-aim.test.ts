import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { haversineDistanceM } from '../../src/geo/index.js';
import { parseScenario, platformSiteAt, simulate } from '../../src/sim/index.js';
import { loadSites } from './fixtures.js';

describe('ship platforms', () => {
  const ship = {
    kind: 'ship' as const,
    antennaHeightM: 25,
    speedMps: 10,
    loop: false,
    waypoints: [
      { latDeg: 38, lonDeg: 130 },
      { latDeg: 38, lonDeg: 131 },
    ],
  };

  it('sail their route at their speed and stop at the last waypoint', () => {
    const at = platformSiteAt(ship, 3600);
    expect(haversineDistanceM(38, 130, at.latDeg, at.lonDeg)).toBeCloseTo(36_000, 3);
    expect(at.hM).toBe(25);
    const end = platformSiteAt(ship, 1e6);
    expect(end.latDeg).toBe(38);
    expect(end.lonDeg).toBe(131);
  });

  it('on a loop, come back to the start after one circuit', () => {
    const looped = { ...ship, loop: true };
    const circuitS = (2 * haversineDistanceM(38, 130, 38, 131)) / 10;
    const back = platformSiteAt(looped, circuitS + 1);
    expect(haversineDistanceM(38, 130, back.latDeg, back.lonDeg)).toBeCloseTo(10, 3);
  });
});

describe('aims a class cannot meet', () => {
  it('are reported as an InputError naming the missile', () => {
    const text = `
name: too-far
description: an SRBM asked to fly 3,000 km
start: "2024-01-01T00:00:00Z"
durationS: 100
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
    aim: { kind: bearing, azimuthDeg: 85, rangeM: 3000000 }
    profile: { kind: minimum-energy }
`;
    const sc = parseScenario(text, 'too-far.yaml', loadSites());
    try {
      simulate(sc, 1);
      expect.unreachable('expected an InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('missiles[0]');
      expect((e as InputError).message).toContain('out of reach');
    }
  });
});
