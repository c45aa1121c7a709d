import { describe, expect, it } from 'vitest';
import { loadBundledScenario, measurementRows } from '../../bench/tracker-scenarios.js';
import { simulate } from '../../src/sim/index.js';
import { ballistic } from '../../src/track/ballistic.js';
import {
  cartesianPosition,
  type Detection,
  extendedKalmanUpdater,
  type GaussianState,
  groundDeleter,
  immPredictor,
  immUpdater,
  markovModeTransition,
  multiTargetTracker,
  standardComponents,
} from '../../src/track/index.js';
import { newTrack } from '../../src/track/initiator.js';
import { extendedKalmanPredictor, JosephUpdate } from '../../src/track/kalman.js';
import { fpftPlusQ6 } from '../../src/track/linalg.js';
import { ballisticTruth, cartesianDetection, gaussian, rng, stateFromLaunch } from './helpers.js';

/** A random symmetric positive definite 6x6 at ECEF-like scales (100 m, 10 m/s). */
function randomCovariance(u: () => number): Float64Array {
  const A = new Float64Array(36);
  for (let i = 0; i < 36; i++) A[i] = (u() - 0.5) * (i % 6 < 3 ? 100 : 10);
  const P = new Float64Array(36);
  for (let i = 0; i < 6; i++)
    for (let j = 0; j < 6; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < 6; k++) s += A[i * 6 + k]! * A[j * 6 + k]!;
      P[i * 6 + j] = s;
    }
  return P;
}

describe('the unrolled F P F^T + Q of the prediction', () => {
  it('gives the same bits as the plain triple loop', () => {
    const u = rng(11);
    const tmp = new Float64Array(36);
    const out = new Float64Array(36);
    for (let trial = 0; trial < 50; trial++) {
      const P = randomCovariance(u);
      const Q = randomCovariance(u);
      const F = Float64Array.from({ length: 36 }, (_, k) => (k % 7 === 0 ? 1 : 0) + (u() - 0.5) * 0.2);
      const t = new Float64Array(36);
      const want = new Float64Array(36);
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++) {
          let s = 0;
          for (let k = 0; k < 6; k++) s += F[i * 6 + k]! * P[k * 6 + j]!;
          t[i * 6 + j] = s;
        }
      for (let i = 0; i < 6; i++)
        for (let j = i; j < 6; j++) {
          let s = Q[i * 6 + j]!;
          for (let k = 0; k < 6; k++) s += t[i * 6 + k]! * F[j * 6 + k]!;
          want[i * 6 + j] = s;
          want[j * 6 + i] = s;
        }
      fpftPlusQ6(F, P, Q, tmp, out);
      expect(Array.from(out)).toEqual(Array.from(want));
    }
  });
});

describe('the position-measurement fast path of the Kalman update', () => {
  it('gives the same bits as the general Joseph form with H = [I 0]', () => {
    const u = rng(7);
    const H = new Float64Array(18);
    H[0] = 1;
    H[7] = 1;
    H[14] = 1;
    for (let trial = 0; trial < 50; trial++) {
      const P = randomCovariance(u);
      const x = Float64Array.from({ length: 6 }, () => 6e6 * u());
      const K = Float64Array.from({ length: 18 }, () => u() - 0.5);
      const y = Float64Array.from({ length: 3 }, () => 100 * (u() - 0.5));
      const R = Float64Array.of(900, 10, 5, 10, 400, 3, 5, 3, 2500);
      const j = new JosephUpdate();
      const [xa, Pa, xb, Pb] = [
        new Float64Array(6),
        new Float64Array(36),
        new Float64Array(6),
        new Float64Array(36),
      ];
      j.apply(x, P, K, y, H, R, 3, xa, Pa);
      j.applyPosition(x, P, K, y, R, xb, Pb);
      expect(Array.from(xb)).toEqual(Array.from(xa));
      expect(Array.from(Pb)).toEqual(Array.from(Pa));
    }
  });

  it('an EKF update scores the innovation it used: NIS and ln det S of the same S and y', () => {
    const u = gaussian(rng(3));
    const ekf = extendedKalmanUpdater();
    const x0 = stateFromLaunch({
      latDeg: 39,
      lonDeg: 127,
      hM: 100_000,
      eastMps: 2000,
      northMps: 0,
      upMps: 0,
    });
    const P = randomCovariance(rng(5));
    const det = cartesianDetection(0, 0, x0, 200, u);
    const a: GaussianState = { tS: 0, x: Float64Array.from(x0), P: Float64Array.from(P) };
    const b: GaussianState = { tS: 0, x: Float64Array.from(x0), P: Float64Array.from(P) };
    const score = { nis: 0, logDetS: 0, y: new Float64Array(6), S: new Float64Array(36) };
    ekf.update(a, det, a);
    ekf.updateScored!(b, det, b, score);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(b.P)).toEqual(Array.from(a.P));
    // S = P_pos + R; NIS = y^T S^-1 y by hand.
    const S = [0, 1, 2].flatMap((i) => [0, 1, 2].map((k) => P[i * 6 + k]! + det.R[i * 3 + k]!));
    expect(score.S[0]).toBe(S[0]);
    const yv = [0, 1, 2].map((i) => det.z[i]! - x0[i]!);
    expect(Array.from(score.y.subarray(0, 3))).toEqual(yv);
    const det3 =
      S[0]! * (S[4]! * S[8]! - S[5]! * S[7]!) -
      S[1]! * (S[3]! * S[8]! - S[5]! * S[6]!) +
      S[2]! * (S[3]! * S[7]! - S[4]! * S[6]!);
    expect(score.logDetS).toBeCloseTo(Math.log(det3), 9);
    expect(score.nis).toBeGreaterThan(0);
  });
});

describe('IMM mode pruning', () => {
  const coast = ballistic({ accelerationNoiseM2pS3: 1e-8 });
  const boost = ballistic({ accelerationNoiseM2pS3: 1e4 });

  function run(pruneBelow: number, sojourns: number[]) {
    const predictor = immPredictor({
      predictors: [
        extendedKalmanPredictor({ transition: coast }),
        extendedKalmanPredictor({ transition: boost }),
      ],
      transition: markovModeTransition({ meanSojournS: sojourns }),
      initialProbabilities: [0.5, 0.5],
      pruneBelow,
    });
    const updater = immUpdater({ updater: extendedKalmanUpdater() });
    const x0 = stateFromLaunch({
      latDeg: 39,
      lonDeg: 127,
      hM: 200_000,
      eastMps: 3000,
      northMps: 0,
      upMps: 500,
    });
    const truth = ballisticTruth(x0, 0, 1, 120);
    const normal = gaussian(rng(11));
    const track = newTrack(1, 0, Float64Array.from(x0), randomCovariance(rng(2)));
    const history: number[] = [];
    for (const tp of truth.slice(1)) {
      predictor.predict(track, tp.tS, track);
      updater.update(track, cartesianDetection(tp.tS, 0, tp.x, 100, normal), track);
      history.push(track.modes!.probabilities[1]!);
    }
    return { track, history };
  }

  it('drops a mode once it is negligible, for good if nothing feeds it, and keeps the estimate', () => {
    const kept = run(0, [Number.POSITIVE_INFINITY, 100]);
    const pruned = run(1e-12, [Number.POSITIVE_INFINITY, 100]);
    const k = pruned.history.indexOf(0);
    expect(k).toBeGreaterThan(0);
    expect(pruned.history.slice(k).every((p) => p === 0)).toBe(true);
    expect(kept.history[k - 1]!).toBeLessThan(1e-12);
    // A mode below 1e-12 weighs nothing in the estimate: the two agree to far below the noise.
    for (let i = 0; i < 3; i++) expect(Math.abs(pruned.track.x[i]! - kept.track.x[i]!)).toBeLessThan(1e-3);
  });

  it('keeps a mode that others feed above the threshold', () => {
    // Coasting is left for boost every 1,000 s: boost's share never falls below ~1e-4.
    const r = run(1e-12, [1000, 100]);
    expect(r.history.every((p) => p > 0)).toBe(true);
  });

  it('the standard tracker drops the coasting mode the air rules out, and keeps the boost mode', () => {
    // The bundled depressed KN-23 flies in the air throughout: the drag-aware mode wins.
    const sc = loadBundledScenario('korea-kn23-depressed');
    const sim = simulate(sc, 1);
    const tracker = multiTargetTracker(standardComponents({}));
    const byTime = new Map<number, Detection[]>();
    const model = cartesianPosition();
    const sensors = new Map<string, number>();
    for (const r of measurementRows(sim, sc)) {
      if (!sensors.has(r.sensor)) sensors.set(r.sensor, sensors.size);
      const list = byTime.get(r.tS) ?? [];
      list.push({
        tS: r.tS,
        sensor: sensors.get(r.sensor)!,
        z: Float64Array.of(r.x, r.y, r.z),
        R: Float64Array.of(r.cxx, r.cxy, r.cxz, r.cxy, r.cyy, r.cyz, r.cxz, r.cyz, r.czz),
        model,
      });
      byTime.set(r.tS, list);
    }
    let probabilities: number[] = [];
    for (const [tS, dets] of byTime) {
      const live = tracker.step(dets, tS);
      if (live[0]?.modes) probabilities = Array.from(live[0].modes.probabilities);
    }
    expect(tracker.stats.confirmedTracks).toBe(1);
    expect(probabilities[0]).toBe(0); // drag-free coasting: dropped
    expect(probabilities[1]).toBeGreaterThan(0); // boost: never dropped (it gates widely after a gap)
    expect(probabilities[2]).toBeCloseTo(1, 12);
  });
});

describe('the ground deleter fast path', () => {
  it('decides as the geodetic conversion does, above and below the ellipsoid', () => {
    const del = groundDeleter();
    const u = rng(9);
    for (let k = 0; k < 200; k++) {
      const lat = 180 * u() - 90;
      const h = 20_000 * u() - 10_000;
      const s = stateFromLaunch({
        latDeg: lat,
        lonDeg: 360 * u() - 180,
        hM: h,
        eastMps: 0,
        northMps: 0,
        upMps: 0,
      });
      const t = newTrack(1, 0, s, new Float64Array(36));
      expect(del.shouldDelete(t)).toBe(h < -1e-6 ? true : h > 1e-6 ? false : del.shouldDelete(t));
    }
  });
});
