// Glue between the simulator and the tracker for the tracker bench and its tests: bundled
// scenarios, measurement rows, exact truth at any time, and a tracker pass that pairs each
// confirmed track with the target it follows (for NEES and impact-prediction figures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS_DIR, SENSOR_SITES } from '../src/bundled/index.js';
import {
  type FlightSummary,
  parseScenario,
  parseSensorSites,
  type Scenario,
  type SimulationResult,
  stateAt,
} from '../src/sim/index.js';
import {
  assignTracksToTruth,
  BALLISTIC_COAST_Q_M2PS3,
  BOOST_Q_M2PS3,
  ballistic,
  cartesianPosition,
  type Detection,
  type MeasurementRow,
  multiTargetTracker,
  type PcrlbBound,
  type PcrlbStep,
  pcrlb,
  standardComponents,
  type Track,
  type TrackerConfig,
} from '../src/track/index.js';

export const BUNDLED_SCENARIOS = ['korea-irbm-over-japan', 'korea-lofted-icbm', 'korea-srbm-salvo'] as const;

/** A bundled scenario, read as the CLI reads it (bundled sensor sites, scenarios/NAME.yaml). */
export function loadBundledScenario(name: string): Scenario {
  const sites = parseSensorSites(readFileSync(SENSOR_SITES, 'utf8'), SENSOR_SITES);
  const file = join(SCENARIOS_DIR, `${name}.yaml`);
  return parseScenario(readFileSync(file, 'utf8'), file, sites);
}

/** A measurement row (seconds since the scenario start, as in measurements.csv) with the target that caused it. */
export interface LabelledRow extends MeasurementRow {
  truthId: string | null;
}

/** The simulator's measurements as the tracker's input rows, in time order. */
export function measurementRows(sim: SimulationResult, scenario: Scenario): LabelledRow[] {
  return sim.measurements.map((m, k) => {
    const c = m.covariance;
    return {
      tS: (m.tMs - scenario.startMs) / 1000,
      sensor: m.sensor,
      x: m.x,
      y: m.y,
      z: m.z,
      cxx: c[0]!,
      cxy: c[1]!,
      cxz: c[2]!,
      cyy: c[4]!,
      cyz: c[5]!,
      czz: c[8]!,
      line: k + 2,
      truthId: m.truthId,
    };
  });
}

/** The true state of a flight at tS (seconds since the scenario start) into `out`; false before launch or after impact. */
export function truthAt(flight: FlightSummary, tS: number, out: Float64Array): boolean {
  return stateAt(flight.solution.trajectory, tS - flight.launchAfterS, out);
}

/** Burn-out time of a flight, seconds since the scenario start. */
export function burnoutTS(flight: FlightSummary): number {
  return flight.launchAfterS + flight.solution.trajectory.burnoutS;
}

/** Truth rows at the given times (seconds since start), exact from the flown trajectories. */
export function truthRowsAt(sim: SimulationResult, times: readonly number[]) {
  const s = new Float64Array(6);
  const rows: {
    tS: number;
    target: string;
    x: number;
    y: number;
    z: number;
    vx: number;
    vy: number;
    vz: number;
  }[] = [];
  for (const tS of times) {
    for (const f of sim.flights) {
      if (!truthAt(f, tS, s)) continue;
      rows.push({ tS, target: f.id, x: s[0]!, y: s[1]!, z: s[2]!, vx: s[3]!, vy: s[4]!, vz: s[5]! });
    }
  }
  return rows;
}

/** One confirmed track following one target at one scan (the posterior after that scan). */
export interface PairedState {
  tS: number;
  target: string;
  track: Track;
  truth: Float64Array;
}

/**
 * Runs the standard tracker over the rows scan by scan (as `runTracker` does) and, after each scan,
 * assigns the confirmed tracks to the targets in flight (optimal assignment within `gateM`) and
 * calls `onPair` for each pair. The track object is live: copy what must outlive the call.
 */
export function trackWithTruth(
  sim: SimulationResult,
  rows: readonly MeasurementRow[],
  onPair: (p: PairedState) => void,
  config: TrackerConfig = {},
  gateM = 10_000,
): { confirmedTracks: number } {
  const tracker = multiTargetTracker(standardComponents(config));
  const model = cartesianPosition();
  const sensors = new Map<string, number>();
  const truth = sim.flights.map(() => new Float64Array(6));
  let scan: Detection[] = [];
  let scanTS = Number.NaN;
  const flush = (): void => {
    if (scan.length === 0) return;
    const live = tracker.step(scan, scanTS).filter((t) => t.status === 'confirmed');
    scan = [];
    const truths: { id: number; position: Float64Array }[] = [];
    sim.flights.forEach((f, i) => {
      if (truthAt(f, scanTS, truth[i]!)) truths.push({ id: i, position: truth[i]! });
    });
    const frame = assignTracksToTruth(
      scanTS,
      truths,
      live.map((t, k) => ({ id: k, position: t.x })),
      gateM,
    );
    for (const p of frame.pairs) {
      const i = p.truth as number;
      onPair({ tS: scanTS, target: sim.flights[i]!.id, track: live[p.track as number]!, truth: truth[i]! });
    }
  };
  for (const r of rows) {
    if (r.tS !== scanTS) {
      flush();
      scanTS = r.tS;
    }
    let sensor = sensors.get(r.sensor);
    if (sensor === undefined) {
      sensor = sensors.size;
      sensors.set(r.sensor, sensor);
    }
    scan.push({
      tS: r.tS,
      sensor,
      z: Float64Array.of(r.x, r.y, r.z),
      R: Float64Array.of(r.cxx, r.cxy, r.cxz, r.cxy, r.cyy, r.cyz, r.cxz, r.cyz, r.czz),
      model,
    });
  }
  flush();
  return { confirmedTracks: tracker.stats.confirmedTracks };
}

/**
 * Posterior Cramer-Rao bound for one target at every scan time from its first measurement to its
 * last truth, from its own measurements (Cartesian, each with its covariance), conditioned on the
 * known model sequence: the filter's boost model up to burn-out, its post-boost (ballistic) model
 * after, with the filter's process noises. Prior: 10 km and 1 km/s per axis (immaterial after
 * convergence).
 */
export function targetBound(
  sim: SimulationResult,
  rows: readonly LabelledRow[],
  target: string,
  config: { coastQ?: number; boostQ?: number } = {},
): Map<number, PcrlbBound> {
  const flight = sim.flights.find((f) => f.id === target)!;
  const coast = ballistic({ accelerationNoiseM2pS3: config.coastQ ?? BALLISTIC_COAST_Q_M2PS3 });
  const boost = ballistic({ accelerationNoiseM2pS3: config.boostQ ?? BOOST_Q_M2PS3 });
  const burnout = burnoutTS(flight);
  const model = cartesianPosition();
  const first = rows.find((r) => r.truthId === target);
  const out = new Map<number, PcrlbBound>();
  if (!first) return out;
  const steps: PcrlbStep[] = [];
  let current: PcrlbStep | undefined;
  for (const r of rows) {
    if (r.tS < first.tS) continue;
    if (!current || current.tS !== r.tS) {
      const x = new Float64Array(6);
      if (!truthAt(flight, r.tS, x)) {
        if (r.tS > burnout) break;
        continue;
      }
      current = { tS: r.tS, x, measurements: [], transition: r.tS <= burnout ? boost : coast };
      steps.push(current);
    }
    if (r.truthId === target) {
      (current.measurements as { model: typeof model; R: Float64Array }[]).push({
        model,
        R: Float64Array.of(r.cxx, r.cxy, r.cxz, r.cxy, r.cyy, r.cyz, r.cxz, r.cyz, r.czz),
      });
    }
  }
  const P0 = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    P0[i * 7] = 1e8;
    P0[(i + 3) * 7] = 1e6;
  }
  const bounds = pcrlb(steps, { transition: coast, P0 });
  for (const b of bounds) out.set(b.tS, b);
  return out;
}

/** Lower and upper 2.5 % points of chi-square with k degrees of freedom (Wilson-Hilferty; < 1 % off for k >= 3). */
export function chi2Interval95(k: number): [number, number] {
  const q = (z: number): number => {
    const a = 2 / (9 * k);
    return k * (1 - a + z * Math.sqrt(a)) ** 3;
  };
  return [q(-1.959964), q(1.959964)];
}
