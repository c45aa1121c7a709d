import { describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS, loadBundledScenario, measurementRows } from '../../bench/tracker-scenarios.js';
import { simulate } from '../../src/sim/index.js';
import {
  assignTracksToTruth,
  type Detection,
  evaluateTracks,
  multiTargetTracker,
  runTracker,
  standardComponents,
  type TrackerConfig,
  trackContinuity,
} from '../../src/track/index.js';
import {
  cartesianDetection,
  gaussian,
  poweredTruth,
  rng,
  stateFromLaunch,
  type TruthPoint,
} from './helpers.js';

/** Burn-out at 90 s: thrust along the velocity rising from 20 to 100 m/s^2 (propellant burning off), then coast. */
const BURNOUT_S = 90;
const thrust = (tS: number): number => (tS < BURNOUT_S ? 20 + (80 * tS) / BURNOUT_S : 0);

function boostingTruth(): TruthPoint[] {
  // Seen from 20 km up, climbing at 600 m/s and heading east at 300 m/s.
  const x0 = stateFromLaunch({
    latDeg: 39,
    lonDeg: 125.8,
    hM: 20_000,
    eastMps: 300,
    northMps: 50,
    upMps: 600,
  });
  return poweredTruth(x0, 0, 0.5, 150, thrust);
}

/** Two radars (Cartesian, sigma 150 m per axis), each scanning once a second, half a second apart. */
function track(truth: TruthPoint[], config: TrackerConfig) {
  const tracker = multiTargetTracker(standardComponents(config));
  const normal = gaussian(rng(3));
  const frames = [];
  let lastErrorM = Number.NaN;
  let lastBoostProbability = Number.NaN;
  for (const [k, tp] of truth.entries()) {
    const dets: Detection[] = [cartesianDetection(tp.tS, k % 2, tp.x, 150, normal)];
    const confirmed = tracker.step(dets, tp.tS).filter((t) => t.status === 'confirmed');
    frames.push(
      assignTracksToTruth(
        tp.tS,
        [{ id: 'm', position: tp.x }],
        confirmed.map((t) => ({ id: t.id, position: t.x })),
        5000,
      ),
    );
    const t = confirmed[0];
    if (t) lastErrorM = Math.hypot(t.x[0]! - tp.x[0]!, t.x[1]! - tp.x[1]!, t.x[2]! - tp.x[2]!);
    if (t?.modes) lastBoostProbability = t.modes.probabilities[1]!;
  }
  return { stats: tracker.stats, frames, lastErrorM, lastBoostProbability };
}

describe('a boosting target (thrust 20 to 100 m/s^2, then burn-out and coast)', () => {
  const truth = boostingTruth();

  it('really is a hard boost: the thrust moves it kilometres off a ballistic prediction within 20 s', () => {
    const a = truth[2 * 40]!;
    const b = truth[2 * 60]!;
    const speedGain = Math.hypot(b.x[3]!, b.x[4]!, b.x[5]!) - Math.hypot(a.x[3]!, a.x[4]!, a.x[5]!);
    expect(speedGain).toBeGreaterThan(1000); // > 50 m/s^2 net along track
  });

  it('gives exactly one confirmed track from boost through burn-out to the end', () => {
    const { stats, frames, lastErrorM } = track(truth, {});
    expect(stats.confirmedTracks).toBe(1);
    const cont = trackContinuity(frames);
    expect(cont.fragmentations).toBe(0);
    expect(frames.at(-1)!.pairs.length).toBe(1);
    // 60 s after burn-out the ballistic model has taken over: well inside the 150 m measurement noise.
    expect(lastErrorM).toBeLessThan(60);
  });

  it('lets the boost model fade out after burn-out instead of idling at a floor', () => {
    // Thrust does not restart, so nothing holds the boost model up: were re-ignition allowed at
    // any rate, its probability would settle at a floor of about that rate times its mean
    // sojourn, and its covariance (100 m/s of velocity and more) would leak into the estimate.
    const { lastBoostProbability } = track(truth, {});
    expect(lastBoostProbability).toBeLessThan(1e-9);
  });

  it('fragments with the ballistic model alone (the fault the boost model fixes)', () => {
    const { stats } = track(truth, { boost: false });
    expect(stats.confirmedTracks).toBeGreaterThan(1);
  });
});

describe('bundled scenarios (seed 1): one confirmed track per missile, boost to impact', () => {
  for (const name of BUNDLED_SCENARIOS) {
    it(name, () => {
      const sc = loadBundledScenario(name);
      const sim = simulate(sc, 1);
      const rows = measurementRows(sim, sc);
      const res = runTracker(rows);
      const e = evaluateTracks(res.rows, sim.truth, rows);
      expect(res.stats.confirmedTracks).toBe(sim.flights.length);
      expect(e.fragmentations).toBe(0);
      expect(e.swaps).toBe(0);
      // Every missile is followed: a sample within the assignment gate for each.
      expect(new Set(e.pairs.map((p) => p.target)).size).toBe(sim.flights.length);
    });
  }
});
