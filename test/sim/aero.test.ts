import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/errors.js';
import { GM_M3PS2, geodeticFromEcef, J2, OMEGA_EARTH_RADPS, WGS84_A_M } from '../../src/geo/index.js';
import { airDensityKgPerM3 } from '../../src/sim/atmosphere.js';
import {
  flyMissile,
  type MissileClass,
  parseScenario,
  stateAt,
  type Trajectory,
} from '../../src/sim/index.js';
import { loadSites } from './fixtures.js';

// A KN-23-sized single stage (assumed, as the bundled classes) and one fixed steering, so these
// tests exercise the equations of motion, not the aim solver.
const SRBM: MissileClass = {
  stages: [{ burnTimeS: 60, accelStartMps2: 40, accelEndMps2: 180 }],
  verticalRiseS: 3,
  pitchOverS: 15,
};
const SINPO = { latDeg: 40.03, lonDeg: 128.18, hM: 10 };
const STEER = { headingDeg: 94.3, finalPitchDeg: 17, cutoffS: 57.7 };
const BETA = 10_000;

/** The Jacobi integral (J2 potential, rotating frame): constant in vacuum free flight. */
function jacobi(s: Float64Array): number {
  const [x, y, z, vx, vy, vz] = s as unknown as number[];
  const r = Math.hypot(x!, y!, z!);
  const sinPhi = z! / r;
  const u = -(GM_M3PS2 / r) * (1 - J2 * (WGS84_A_M / r) ** 2 * 0.5 * (3 * sinPhi * sinPhi - 1));
  const w = OMEGA_EARTH_RADPS;
  return 0.5 * (vx! ** 2 + vy! ** 2 + vz! ** 2) + u - 0.5 * w * w * (x! ** 2 + y! ** 2);
}

function heightsAfterBurnout(t: Trajectory): { tS: number; hM: number; speedMps: number }[] {
  const out = [];
  for (let k = 0; k < t.tS.length; k++) {
    if (t.tS[k]! <= t.burnoutS) continue;
    const hM = geodeticFromEcef(t.x[k]!, t.y[k]!, t.z[k]!).hM;
    out.push({ tS: t.tS[k]!, hM, speedMps: Math.hypot(t.vx[k]!, t.vy[k]!, t.vz[k]!) });
  }
  return out;
}

describe('U.S. Standard Atmosphere 1976 density', () => {
  it('matches the standard’s table (kg/m^3) to 0.5 %', () => {
    // Geometric heights and densities from the 1976 standard's tables.
    const table: [number, number][] = [
      [0, 1.225],
      [5_000, 0.73643],
      [20_000, 0.08891],
      [50_000, 1.0269e-3],
      [86_000, 6.958e-6],
      [100_000, 5.604e-7],
    ];
    for (const [hM, rho] of table)
      expect(Math.abs(airDensityKgPerM3(hM) / rho - 1), `${hM} m`).toBeLessThan(5e-3);
    // Monotonic: the air only thins with height.
    let prev = Number.POSITIVE_INFINITY;
    for (let h = 0; h <= 300_000; h += 500) {
      const rho = airDensityKgPerM3(h);
      expect(rho).toBeLessThan(prev);
      prev = rho;
    }
  });
});

describe('drag and lift in free flight', () => {
  it('drag removes exactly the energy rho |v|^3 / (2 beta) integrated over the flight', () => {
    const vacuum = flyMissile(SINPO, SRBM, STEER);
    const t = flyMissile(
      SINPO,
      { ...SRBM, aero: { ballisticCoefficientKgPerM2: BETA, liftToDrag: 0 } },
      STEER,
    );
    expect(t.impact).not.toBeNull();
    // The same steering falls short and lower in air.
    expect(t.impact!.tS).toBeLessThan(vacuum.impact!.tS);
    expect(t.apogeeM).toBeLessThan(vacuum.apogeeM);
    const s = new Float64Array(6);
    let prevC = Number.NaN;
    let prevP = Number.NaN;
    let prevT = Number.NaN;
    let lostByDrag = 0;
    let c0 = Number.NaN;
    let cEnd = Number.NaN;
    for (let k = 0; k < t.tS.length; k++) {
      if (t.tS[k]! < t.burnoutS) continue;
      stateAt(t, t.tS[k]!, s);
      const c = jacobi(s);
      const v = Math.hypot(s[3]!, s[4]!, s[5]!);
      const power = (airDensityKgPerM3(geodeticFromEcef(s[0]!, s[1]!, s[2]!).hM) * v ** 3) / (2 * BETA);
      if (Number.isNaN(c0)) c0 = c;
      else {
        expect(c).toBeLessThan(prevC);
        lostByDrag += 0.5 * (power + prevP) * (t.tS[k]! - prevT);
      }
      prevC = c;
      prevP = power;
      prevT = t.tS[k]!;
      cEnd = c;
    }
    expect(lostByDrag).toBeGreaterThan(1e5);
    expect(Math.abs((c0 - cEnd) / lostByDrag - 1)).toBeLessThan(0.01);
  });

  it('a pull-up falls, climbs again, then falls to the ground; its lift does no work', () => {
    const cls: MissileClass = {
      ...SRBM,
      aero: {
        ballisticCoefficientKgPerM2: BETA,
        liftToDrag: 2,
        manoeuvre: { kind: 'pull-up', belowAltitudeM: 25_000, durationS: 30 },
      },
    };
    const t = flyMissile(SINPO, cls, STEER);
    const ballistic = flyMissile(SINPO, { ...cls, aero: { ...cls.aero!, liftToDrag: 0 } }, STEER);
    expect(t.impact).not.toBeNull();
    const hs = heightsAfterBurnout(t).filter((h) => h.tS > t.apogeeS);
    // A local minimum below the pull-up height, then a climb of more than a kilometre.
    let low = 0;
    while (low + 1 < hs.length && hs[low + 1]!.hM < hs[low]!.hM) low++;
    const high = hs.slice(low).reduce((m, h) => Math.max(m, h.hM), 0);
    expect(hs[low]!.hM).toBeLessThan(25_000);
    expect(high - hs[low]!.hM).toBeGreaterThan(1_000);
    // Lift extends the flight well beyond the same body's ballistic fall.
    expect(t.impact!.tS - ballistic.impact!.tS).toBeGreaterThan(30);
    // The Jacobi integral still only falls: lift is across the velocity, drag against it.
    const s = new Float64Array(6);
    let prev = Number.POSITIVE_INFINITY;
    for (const h of heightsAfterBurnout(t)) {
      stateAt(t, h.tS, s);
      const c = jacobi(s);
      expect(c).toBeLessThan(prev);
      prev = c;
    }
  });

  it('a glide holds the vehicle at 25-45 km at hypersonic speed, where a ballistic body falls through', () => {
    const booster: MissileClass = {
      stages: [{ burnTimeS: 80, accelStartMps2: 30, accelEndMps2: 200 }],
      verticalRiseS: 3,
      pitchOverS: 15,
    };
    const steer = { headingDeg: 88.9, finalPitchDeg: 20.7, cutoffS: 77.1 };
    const launch = { latDeg: 40.9, lonDeg: 126.6, hM: 300 };
    const glide = flyMissile(
      launch,
      {
        ...booster,
        aero: {
          ballisticCoefficientKgPerM2: 8_000,
          liftToDrag: 2.5,
          manoeuvre: { kind: 'glide', altitudeM: 40_000, diveBelowSpeedMps: 1_500 },
        },
      },
      steer,
    );
    const ballistic = flyMissile(
      launch,
      { ...booster, aero: { ballisticCoefficientKgPerM2: 8_000, liftToDrag: 0 } },
      steer,
    );
    const gliding = (t: Trajectory) =>
      heightsAfterBurnout(t).filter(
        (h) => h.tS > t.apogeeS && h.hM > 25_000 && h.hM < 45_000 && h.speedMps > 1_500,
      ).length;
    // Measured: 201 s for the glide, 33 s for the ballistic body falling through the band.
    expect(gliding(glide)).toBeGreaterThan(150);
    expect(gliding(ballistic)).toBeLessThan(40);
    expect(glide.impact).not.toBeNull();
  });
});

describe('scenario options for drag and manoeuvres', () => {
  const scenario = (cls: string, manoeuvre: string) => `
name: t
description: t
start: "2024-01-01T00:00:00Z"
durationS: 600
missileClasses:
  srbm:
    description: t
    stages: [{ burnTimeS: 60, accelStartMps2: 40, accelEndMps2: 180 }]
    verticalRiseS: 3
    pitchOverS: 15
${cls}
    assumed: true
    rationale: t
missiles:
  - id: m
    class: srbm
    launch: { latDeg: 40.03, lonDeg: 128.18, afterS: 0 }
    aim: { kind: bearing, azimuthDeg: 95, rangeM: 600000 }
    profile: { kind: depressed, apogeeM: 50000 }
${manoeuvre}
`;
  const reject = (text: string): DataFileError => {
    try {
      parseScenario(text, 'x.yaml', loadSites());
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      return e as DataFileError;
    }
    throw new Error('expected a rejection');
  };

  it('carries the class’s aero and the missile’s manoeuvre into the flight', () => {
    const sc = parseScenario(
      scenario(
        '    aero: { ballisticCoefficientKgPerM2: 10000, liftToDrag: 2 }',
        '    manoeuvre: { kind: pull-up, belowAltitudeM: 25000, durationS: 30 }',
      ),
      'x.yaml',
      loadSites(),
    );
    expect(sc.missiles[0]!.cls.aero).toEqual({
      ballisticCoefficientKgPerM2: 10_000,
      liftToDrag: 2,
      manoeuvre: { kind: 'pull-up', belowAltitudeM: 25_000, durationS: 30 },
    });
    const plain = parseScenario(scenario('', ''), 'x.yaml', loadSites());
    expect('aero' in plain.missiles[0]!.cls).toBe(false);
  });

  it('a manoeuvre without lift, and a misspelt aero field, are rejected at their place', () => {
    const noLift = reject(
      scenario(
        '    aero: { ballisticCoefficientKgPerM2: 10000 }',
        '    manoeuvre: { kind: glide, altitudeM: 40000 }',
      ),
    );
    expect(noLift.field).toBe('missiles[0].manoeuvre');
    expect(noLift.problem).toContain('needs aero with liftToDrag above 0');
    const typo = reject(scenario('    aero: { ballisticCoeficientKgPerM2: 10000 }', ''));
    expect(typo.field).toBe('missileClasses.srbm.aero.ballisticCoeficientKgPerM2');
    expect(typo.problem).toContain("did you mean 'ballisticCoefficientKgPerM2'?");
  });
});
