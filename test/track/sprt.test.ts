import { describe, expect, it } from 'vitest';
import {
  cartesianPosition,
  type Detection,
  multiTargetTracker,
  SPRT_FALSE_ALARM_DENSITY_PER_M3,
  sprtConfirmer,
  standardComponents,
} from '../../src/track/index.js';
import { newTrack } from '../../src/track/initiator.js';
import { ballisticTruth, cartesianDetection, gaussian, rng, stateFromLaunch } from './helpers.js';

const model = cartesianPosition();
const tentative = () => newTrack(1, 0, new Float64Array(6), new Float64Array(36));
const ln2Pi = Math.log(2 * Math.PI);

describe('SPRT confirmation', () => {
  it("sets Wald's thresholds from alpha and beta", () => {
    const c = sprtConfirmer({ falseConfirmProbability: 0.01, falseDropProbability: 0.05 });
    expect(c.confirmAt).toBeCloseTo(Math.log(0.95 / 0.01), 12);
    expect(c.rejectAt).toBeCloseTo(Math.log(0.05 / 0.99), 12);
  });

  it('adds ln(pd N(y; 0, S) / density) per hit and ln(1 - pd) per miss', () => {
    const c = sprtConfirmer({ pd: 0.8, falseAlarmDensityPerM3: 1e-12 });
    const t = tentative();
    c.start!(t);
    expect(t.score).toBe(0);
    c.hit!(t, 2, 3, 30);
    const hit = Math.log(0.8 / 1e-12) - 0.5 * (3 * ln2Pi + 30 + 2);
    expect(t.score).toBeCloseTo(hit, 12);
    c.miss!(t);
    expect(t.score).toBeCloseTo(hit + Math.log(0.2), 12);
  });

  it('confirms on one hit close to a sharp prediction, not on one at the edge of a wide gate', () => {
    const c = sprtConfirmer();
    const sharp = tentative();
    c.start!(sharp);
    c.hit!(sharp, 1, 3, 3 * Math.log(200 ** 2));
    expect(c.shouldConfirm(sharp)).toBe(true);
    const wide = tentative();
    c.start!(wide);
    c.hit!(wide, 15, 3, 3 * Math.log(3000 ** 2));
    expect(c.shouldConfirm(wide)).toBe(false);
    expect(wide.score!).toBeLessThan(0);
  });

  it('rejects a track whose sensors keep reporting without it', () => {
    const c = sprtConfirmer();
    const t = tentative();
    c.start!(t);
    let misses = 0;
    while (!c.shouldReject!(t)) {
      c.miss!(t);
      misses++;
    }
    // ln(1e-3 / (1 - 1e-4)) / ln(0.1): three misses at pd 0.9.
    expect(misses).toBe(3);
    expect(c.shouldConfirm(t)).toBe(false);
  });

  it('refuses parameters that make no test', () => {
    expect(() => sprtConfirmer({ pd: 1 })).toThrow(/pd/);
    expect(() => sprtConfirmer({ falseAlarmDensityPerM3: 0 })).toThrow(/falseAlarmDensity/);
    expect(() => sprtConfirmer({ falseConfirmProbability: 0.6, falseDropProbability: 0.5 })).toThrow(/alpha/);
    expect(SPRT_FALSE_ALARM_DENSITY_PER_M3).toBeGreaterThan(0);
  });

  it('in the tracker: confirms a missile sooner than 4-of-5 and never confirms scattered clutter', () => {
    const x0 = stateFromLaunch({
      latDeg: 39,
      lonDeg: 128,
      hM: 150_000,
      eastMps: 2500,
      northMps: 0,
      upMps: 300,
    });
    const truth = ballisticTruth(x0, 0, 1, 60);
    const firstConfirmed = (confirmation: 'm-of-n' | 'sprt') => {
      const tracker = multiTargetTracker(standardComponents({ confirmation }));
      const normal = gaussian(rng(5));
      const u = rng(6);
      let firstS = Number.NaN;
      for (const tp of truth) {
        const dets: Detection[] = [cartesianDetection(tp.tS, 0, tp.x, 150, normal)];
        // Five false alarms a scan, uniform over 400 km x 400 km x 150 km around the missile.
        for (let k = 0; k < 5; k++) {
          const p = Float64Array.from(x0);
          p[0] = p[0]! + (u() - 0.5) * 400_000;
          p[1] = p[1]! + (u() - 0.5) * 400_000;
          p[2] = p[2]! + (u() - 0.5) * 150_000;
          dets.push(cartesianDetection(tp.tS, 0, p, 150, normal));
        }
        const live = tracker.step(dets, tp.tS);
        if (Number.isNaN(firstS) && live.some((t) => t.status === 'confirmed')) firstS = tp.tS;
      }
      return { tS: firstS, confirmed: tracker.stats.confirmedTracks };
    };
    const mOfN = firstConfirmed('m-of-n');
    const sprt = firstConfirmed('sprt');
    expect(mOfN.tS).toBe(3); // born at 1 s from the pair, hits at 2 and 3 s: 4 of 5
    expect(sprt.tS).toBeLessThan(mOfN.tS);
    expect(mOfN.confirmed).toBe(1);
    expect(sprt.confirmed).toBe(1); // 300 false alarms over the minute: none confirmed
  });
});

describe('a tentative track started beside a confirmed one', () => {
  /**
   * The raid's extra track under the score test (seed 2, docs/figures.md "Confirmation"): two of
   * a tracked missile's detections from one radar fall outside its confirmed track's gate and
   * start a tentative track beside it; the next detection of the missile fits that track's
   * prediction better than the confirmed one's. Assigned in one optimal assignment it goes to
   * the tentative track, and the score test confirms it on that single sharp hit: two tracks on
   * one missile. Confirmed tracks choose first (the default), so the tentative track misses.
   */
  function run(confirmedFirst: boolean) {
    const x0 = stateFromLaunch({
      latDeg: 39,
      lonDeg: 128,
      hM: 150_000,
      eastMps: 2500,
      northMps: 0,
      upMps: 300,
    });
    const truth = ballisticTruth(x0, 0, 0.1, 3);
    const tracker = multiTargetTracker({ ...standardComponents({ confirmation: 'sprt' }), confirmedFirst });
    const det = (tS: number, sensor: number, x: Float64Array, offsetM: number, sigmaM: number): Detection => {
      const R = new Float64Array(9);
      R[0] = R[4] = R[8] = sigmaM * sigmaM;
      // Offset along the local north-ish ECEF z axis: away from the track, the same for both radars.
      return { tS, sensor, z: Float64Array.of(x[0]!, x[1]!, x[2]! + offsetM), R, model };
    };
    const statuses: string[] = [];
    for (const [k, tp] of truth.entries()) {
      tracker.step([det(tp.tS, 0, tp.x, 0, 30)], tp.tS);
      // Radar 1, 50 ms after radar 0 on scans 20 and 21: two detections 1.5 km off (5 sigma of
      // its 300 m noise, outside the confirmed track's gate), then one 1 km off (inside it).
      const offset = k === 20 || k === 21 ? 1500 : k === 22 ? 1000 : undefined;
      if (offset === undefined) continue;
      const tS = tp.tS + 0.05;
      const x = Float64Array.from(tp.x);
      for (let i = 0; i < 3; i++) x[i] = x[i]! + 0.05 * x[i + 3]!;
      const live = tracker.step([det(tS, 1, x, offset, 300)], tS);
      statuses.push(live.map((t) => `${t.id}:${t.status}`).join(','));
    }
    return { statuses, confirmed: tracker.stats.confirmedTracks };
  }

  it('is not confirmed on a detection the confirmed track also gates: one track per missile', () => {
    const first = run(true);
    expect(first.statuses[1]).toMatch(/^1:confirmed,\d+:tentative$/); // started beside it
    expect(first.confirmed).toBe(1);
    // The same scene assigned in one optimal assignment: the tentative track takes the detection
    // and is confirmed on it.
    const joint = run(false);
    expect(joint.statuses[1]).toMatch(/^1:confirmed,\d+:tentative$/);
    expect(joint.confirmed).toBe(2);
  });
});
