import { InputError } from '../domain/errors.js';
import { convertedEcefFromRae, haversineDistanceM } from '../geo/index.js';
import { AimError, type AimSolution, solveAim } from './aim.js';
import { platformSiteAt } from './platform.js';
import { coverage, drawFalseAlarm, measure } from './radar.js';
import { createRng } from './rng.js';
import type { Scenario } from './scenario.js';
import { stateAt } from './trajectory.js';

/** One polar detection as a radar reports it. Angles are geometric (refraction bias not modelled). */
export interface SensorReport {
  /** Epoch milliseconds of the scan. */
  readonly tMs: number;
  readonly sensor: string;
  readonly nation: string;
  readonly rangeM: number;
  readonly azDeg: number;
  readonly elDeg: number;
  readonly sigmaRangeM: number;
  readonly sigmaAzDeg: number;
  readonly sigmaElDeg: number;
  /** The missile detected, or null for a false alarm. */
  readonly truthId: string | null;
}

/**
 * The same detection converted to ECEF (`convertedEcefFromRae`: no line-of-sight bias in a filter
 * that fuses many), with the covariance of its conversion error (m^2, row-major 3x3).
 */
export interface Measurement {
  readonly tMs: number;
  readonly sensor: string;
  readonly nation: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly covariance: Float64Array;
  readonly truthId: string | null;
}

/** Ground truth of one missile at one instant (ECEF, m and m/s). */
export interface TruthRow {
  /** Seconds since the scenario start. */
  readonly tS: number;
  readonly target: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly vx: number;
  readonly vy: number;
  readonly vz: number;
}

/** The flown trajectory of each missile and its headline figures. */
export interface FlightSummary {
  readonly id: string;
  readonly launchAfterS: number;
  readonly solution: AimSolution;
  /** Seconds from launch to impact. */
  readonly flightTimeS: number;
  readonly apogeeM: number;
  /** Great-circle distance from launch to impact on the mean sphere, m. */
  readonly rangeM: number;
}

export interface SimulationResult {
  readonly reports: SensorReport[];
  readonly measurements: Measurement[];
  readonly truth: TruthRow[];
  readonly flights: FlightSummary[];
}

/**
 * Runs a scenario: flies every missile (aim solved per its profile), then scans every sensor at its
 * period and reports what it covers (each target detected with probability pd, polar noise added)
 * plus Poisson false alarms. Pure and deterministic: the same scenario and seed give the same
 * output, byte for byte. Each sensor draws from its own random stream (seed + sensor id), so adding
 * a sensor leaves the others' noise unchanged.
 *
 * @example
 * const r = simulate(parseScenario(text, 'korea-srbm-salvo.yaml', sites), 1);
 * r.reports[0] // { tMs, sensor: 'kor-green-pine-chungcheong', rangeM, azDeg, ... }
 */
export function simulate(scenario: Scenario, seed: number): SimulationResult {
  const flights = scenario.missiles.map((m, i): FlightSummary => {
    let solution: AimSolution;
    try {
      solution = solveAim(m.launch, m.cls, m.target, m.profile);
    } catch (e) {
      // An aim the class cannot meet is the scenario author's to fix: name the missile.
      if (e instanceof AimError)
        throw new InputError({ input: scenario.name, field: `missiles[${i}]` }, e.message);
      throw e;
    }
    const t = solution.trajectory;
    const impact = t.impact;
    return {
      id: m.id,
      launchAfterS: m.launchAfterS,
      solution,
      flightTimeS: impact ? impact.tS : Number.NaN,
      apogeeM: t.apogeeM,
      rangeM: impact
        ? haversineDistanceM(m.launch.latDeg, m.launch.lonDeg, impact.latDeg, impact.lonDeg)
        : Number.NaN,
    };
  });
  const durationMs = Math.round(scenario.durationS * 1000);

  // Scans: every sensor at its period from a phase drawn from its own stream, merged in time order
  // (ties broken by the sensor's order in the scenario).
  const scans: { tMs: number; sensor: number }[] = [];
  scenario.sensors.forEach((s, i) => {
    const periodMs = Math.round(s.performance.scanPeriodS * 1000);
    const phaseMs = Math.floor(createRng(seed, `phase:${s.id}`).next() * periodMs);
    for (let t = phaseMs; t <= durationMs; t += periodMs) scans.push({ tMs: t, sensor: i });
  });
  scans.sort((a, b) => a.tMs - b.tMs || a.sensor - b.sensor);

  const detectRng = scenario.sensors.map((s) => createRng(seed, `detect:${s.id}`));
  const clutterRng = scenario.sensors.map((s) => createRng(seed, `clutter:${s.id}`));
  const reports: SensorReport[] = [];
  const measurements: Measurement[] = [];
  const state = new Float64Array(6);
  for (const scan of scans) {
    const spec = scenario.sensors[scan.sensor]!;
    const perf = spec.performance;
    const tS = scan.tMs / 1000;
    const site = platformSiteAt(spec.platform, tS);
    const rng = detectRng[scan.sensor]!;
    const emit = (truthRae: { rangeM: number; azDeg: number; elDeg: number }, truthId: string | null) => {
      const m = truthId === null ? truthRae : measure(rng, perf, truthRae);
      const tMs = scenario.startMs + scan.tMs;
      reports.push({
        tMs,
        sensor: spec.id,
        nation: spec.nation,
        rangeM: m.rangeM,
        azDeg: m.azDeg,
        elDeg: m.elDeg,
        sigmaRangeM: perf.sigmaRangeM,
        sigmaAzDeg: perf.sigmaAzDeg,
        sigmaElDeg: perf.sigmaElDeg,
        truthId,
      });
      // The radar processor's Cartesian output, placed so that a filter trusting a drag-free motion
      // model does not average a line-of-sight bias into its estimate (see convertedEcefFromRae).
      const c = convertedEcefFromRae(
        site,
        m.rangeM,
        m.azDeg,
        m.elDeg,
        perf.sigmaRangeM,
        perf.sigmaAzDeg,
        perf.sigmaElDeg,
      );
      measurements.push({
        tMs,
        sensor: spec.id,
        nation: spec.nation,
        x: c.ecef[0],
        y: c.ecef[1],
        z: c.ecef[2],
        covariance: c.covariance,
        truthId,
      });
    };
    for (const f of flights) {
      if (!stateAt(f.solution.trajectory, tS - f.launchAfterS, state)) continue;
      const rae = coverage(site, perf, state[0]!, state[1]!, state[2]!);
      // Draw for detection whether or not it succeeds, so the stream's use does not depend on pd.
      const u = rng.next();
      if (rae && u < perf.pd) emit(rae, f.id);
    }
    const clutter = clutterRng[scan.sensor]!;
    const n = clutter.poisson(perf.falseAlarmsPerScan);
    for (let k = 0; k < n; k++) {
      const fa = drawFalseAlarm(clutter, site, perf, spec.falseAlarmRegion);
      if (fa) emit(fa, null);
    }
  }

  const truth: TruthRow[] = [];
  const periodMs = Math.round(scenario.truthPeriodS * 1000);
  for (let t = 0; t <= durationMs; t += periodMs) {
    const tS = t / 1000;
    for (const f of flights) {
      if (!stateAt(f.solution.trajectory, tS - f.launchAfterS, state)) continue;
      truth.push({
        tS,
        target: f.id,
        x: state[0]!,
        y: state[1]!,
        z: state[2]!,
        vx: state[3]!,
        vy: state[4]!,
        vz: state[5]!,
      });
    }
  }
  return { reports, measurements, truth, flights };
}
