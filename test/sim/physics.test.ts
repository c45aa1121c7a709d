import { beforeAll, describe, expect, it } from 'vitest';
import { GM_M3PS2, geodeticFromEcef, J2, OMEGA_EARTH_RADPS, WGS84_A_M } from '../../src/geo/index.js';
import {
  type FlightSummary,
  flyMissile,
  type SimulationResult,
  simulate,
  stateAt,
} from '../../src/sim/index.js';
import { loadScenario, loadSites } from './fixtures.js';

function flightsOf(name: string): FlightSummary[] {
  // No sensors: the physics alone.
  const sc = { ...loadScenario(name, loadSites()), sensors: [] };
  return simulate(sc, 1).flights;
}

describe('missile flights against public figures', () => {
  let irbm: FlightSummary;
  let icbm: FlightSummary;
  let salvo: FlightSummary[];
  beforeAll(() => {
    irbm = flightsOf('korea-irbm-over-japan')[0]!;
    icbm = flightsOf('korea-lofted-icbm')[0]!;
    salvo = flightsOf('korea-srbm-salvo');
  });

  it('2022-10-04 Hwasong-12 over Japan: ~4,600 km, ~970-1,000 km apogee, ~22 min', () => {
    expect(irbm.rangeM / 1000).toBeGreaterThan(4500);
    expect(irbm.rangeM / 1000).toBeLessThan(4650);
    expect(irbm.apogeeM / 1000).toBeGreaterThanOrEqual(965);
    expect(irbm.apogeeM / 1000).toBeLessThanOrEqual(1000);
    // Reported launch 07:22, fall ~07:44 KST: 22 min, +-1.5 min for the reporting's rounding.
    expect(irbm.flightTimeS / 60).toBeGreaterThan(20.5);
    expect(irbm.flightTimeS / 60).toBeLessThan(23.5);
  });

  it('2022-11-18 lofted Hwasong-17: ~6,000 km apogee, ~1,000 km range, ~69 min', () => {
    expect(icbm.apogeeM / 1000).toBeGreaterThan(5900);
    expect(icbm.apogeeM / 1000).toBeLessThan(6200);
    expect(icbm.rangeM / 1000).toBeGreaterThan(900);
    expect(icbm.rangeM / 1000).toBeLessThan(1100);
    expect(icbm.flightTimeS / 60).toBeGreaterThan(66);
    expect(icbm.flightTimeS / 60).toBeLessThan(72);
  });

  it('SRBM salvo: ~600 km, the depressed ones stay below 60 km', () => {
    expect(salvo).toHaveLength(4);
    for (const f of salvo) {
      expect(f.rangeM / 1000).toBeGreaterThan(580);
      expect(f.rangeM / 1000).toBeLessThan(620);
    }
    expect(salvo[0]!.apogeeM).toBeLessThan(60_000);
    expect(salvo[1]!.apogeeM).toBeLessThan(60_000);
    // Minimum energy flies far higher than depressed at the same range.
    expect(salvo[2]!.apogeeM).toBeGreaterThan(2 * salvo[0]!.apogeeM);
  });

  it('every flight lands on its aim point and ends on the ellipsoid', () => {
    for (const f of [irbm, icbm, ...salvo]) {
      expect(f.solution.missM).toBeLessThan(10);
      const t = f.solution.trajectory;
      const n = t.tS.length - 1;
      expect(Math.abs(geodeticFromEcef(t.x[n]!, t.y[n]!, t.z[n]!).hM)).toBeLessThan(0.01);
    }
  });
});

describe('free flight conserves what it must', () => {
  it('keeps the Jacobi integral (J2 potential, rotating frame) and the inertial z angular momentum', () => {
    const cls = {
      stages: [{ burnTimeS: 130, accelStartMps2: 15, accelEndMps2: 90 }],
      verticalRiseS: 8,
      pitchOverS: 60,
    };
    const t = flyMissile({ latDeg: 40, lonDeg: 127, hM: 0 }, cls, {
      headingDeg: 70,
      finalPitchDeg: 40,
      cutoffS: 130,
    });
    const w = OMEGA_EARTH_RADPS;
    const jacobi = (s: Float64Array) => {
      const [x, y, z, vx, vy, vz] = s as unknown as number[];
      const r = Math.hypot(x!, y!, z!);
      const sinPhi = z! / r;
      // Gravity potential energy including J2 (the negative of the geopotential).
      const u = -(GM_M3PS2 / r) * (1 - J2 * (WGS84_A_M / r) ** 2 * 0.5 * (3 * sinPhi * sinPhi - 1));
      return 0.5 * (vx! ** 2 + vy! ** 2 + vz! ** 2) + u - 0.5 * w * w * (x! ** 2 + y! ** 2);
    };
    const hz = (s: Float64Array) => {
      const [x, y, , vx, vy] = s as unknown as number[];
      return x! * vy! - y! * vx! + w * (x! ** 2 + y! ** 2);
    };
    const s = new Float64Array(6);
    stateAt(t, t.burnoutS, s);
    const c0 = jacobi(s);
    const h0 = hz(s);
    let worstC = 0;
    let worstH = 0;
    for (let k = 0; k < t.tS.length; k++) {
      if (t.tS[k]! <= t.burnoutS) continue;
      stateAt(t, t.tS[k]!, s);
      worstC = Math.max(worstC, Math.abs((jacobi(s) - c0) / c0));
      worstH = Math.max(worstH, Math.abs((hz(s) - h0) / h0));
    }
    expect(t.impact).not.toBeNull();
    expect(worstC).toBeLessThan(1e-9);
    expect(worstH).toBeLessThan(1e-9);
  });

  it('interpolates between nodes consistently with the nodes', () => {
    const sc = { ...loadScenario('korea-srbm-salvo', loadSites()), sensors: [] };
    const r: SimulationResult = simulate(sc, 1);
    const t = r.flights[0]!.solution.trajectory;
    const s = new Float64Array(6);
    const k = Math.floor(t.tS.length / 2);
    expect(stateAt(t, t.tS[k]!, s)).toBe(true);
    expect(s[0]).toBe(t.x[k]);
    expect(stateAt(t, -1, s)).toBe(false);
    expect(stateAt(t, t.tS[t.tS.length - 1]! + 1, s)).toBe(false);
    // Midway between two coast nodes, the interpolated speed lies between theirs (smooth descent).
    const mid = 0.5 * (t.tS[k]! + t.tS[k + 1]!);
    stateAt(t, mid, s);
    const v = Math.hypot(s[3]!, s[4]!, s[5]!);
    const v0 = Math.hypot(t.vx[k]!, t.vy[k]!, t.vz[k]!);
    const v1 = Math.hypot(t.vx[k + 1]!, t.vy[k + 1]!, t.vz[k + 1]!);
    expect(v).toBeGreaterThanOrEqual(Math.min(v0, v1) - 1e-6);
    expect(v).toBeLessThanOrEqual(Math.max(v0, v1) + 1e-6);
  });
});
