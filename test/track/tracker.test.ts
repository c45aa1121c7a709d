import { describe, expect, it } from 'vitest';
import { ecefVectorFromEnu, siteFromGeodetic } from '../../src/geo/index.js';
import {
  assignTracksToTruth,
  cartesianPosition,
  type Detection,
  type MeasurementRow,
  missesDeleter,
  mOfNConfirmer,
  multiTargetTracker,
  runTracker,
  standardComponents,
  type Track,
  trackContinuity,
} from '../../src/track/index.js';
import {
  ballisticTruth,
  cartesianDetection,
  gaussian,
  LAUNCH,
  rng,
  stateFromLaunch,
  type TruthPoint,
} from './helpers.js';

const model = cartesianPosition();

describe('M-of-N confirmation and deletion (4 of 5)', () => {
  const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 0.1, 3);

  /** Feeds one target's detections, skipping the scans in `gaps`; returns the statuses after each scan. */
  function statuses(gaps: number[]): string[] {
    const tracker = multiTargetTracker(standardComponents());
    const normal = gaussian(rng(5));
    const out: string[] = [];
    for (let k = 0; k < 12; k++) {
      const tp = truth[k]!;
      const dets = gaps.includes(k) ? [] : [cartesianDetection(tp.tS, 0, tp.x, 30, normal)];
      // An empty scan still comes from sensor 0, which is what makes it a miss: a clutter detection far away.
      if (dets.length === 0) {
        const far = Float64Array.from(tp.x);
        far[0] = far[0]! + 5e5;
        dets.push(cartesianDetection(tp.tS, 0, far, 30, normal));
      }
      const live = tracker.step(dets, tp.tS);
      const near = live.filter((t) => Math.abs(t.x[0]! - tp.x[0]!) < 1e4);
      out.push(near.map((t) => `${t.id}:${t.status}`).join(',') || '-');
    }
    return out;
  }

  it('confirms on the 4th consecutive detection (the two-point start counts two)', () => {
    const s = statuses([]);
    expect(s.slice(0, 4)).toEqual(['-', '1:tentative', '1:tentative', '1:confirmed']);
  });

  it('confirms 4 of 5 with one gap, a scan later', () => {
    const s = statuses([2]);
    expect(s.slice(0, 5)).toEqual(['-', '1:tentative', '1:tentative', '1:tentative', '1:confirmed']);
  });

  it('drops a tentative track that can no longer reach 4 of 5', () => {
    const s = statuses([2, 3]);
    expect(s[3]).toBe('-');
  });

  it('deletes a confirmed track after 10 misses in a row, not 9', () => {
    const del = missesDeleter({ confirmedMaxMissesInRow: 10 });
    const track = {
      status: 'confirmed',
      missesInRow: 9,
      P: new Float64Array(36).fill(1),
    } as unknown as Track;
    expect(del.shouldDelete(track)).toBe(false);
    track.missesInRow = 10;
    expect(del.shouldDelete(track)).toBe(true);
  });

  it('reads the window bits: 3 hits in the last 4 scans confirms 3-of-4, 2 does not', () => {
    const c = mOfNConfirmer({ m: 3, n: 4 });
    expect(c.shouldConfirm({ historyBits: 0b1011 } as Track)).toBe(true);
    expect(c.shouldConfirm({ historyBits: 0b10010011 } as Track)).toBe(false);
  });
});

interface Scenario {
  truths: TruthPoint[][];
  scans: { tS: number; dets: Detection[] }[];
}

/** Two sensors (Cartesian, sigma 40 m), detection probability pD, uniform clutter in a box around the targets. */
function scenario(
  truths: TruthPoint[][],
  pD: number,
  clutterPerSensor: number,
  boxM: number,
  seed: number,
): Scenario {
  const u = rng(seed);
  const normal = gaussian(u);
  const scans: { tS: number; dets: Detection[] }[] = [];
  const n = truths[0]!.length;
  for (let k = 0; k < n; k++) {
    const tS = truths[0]![k]!.tS;
    const dets: Detection[] = [];
    const centre = [0, 0, 0];
    for (const tr of truths)
      for (let i = 0; i < 3; i++) centre[i] = centre[i]! + tr[k]!.x[i]! / truths.length;
    for (let sensor = 0; sensor < 2; sensor++) {
      for (const tr of truths) if (u() < pD) dets.push(cartesianDetection(tS, sensor, tr[k]!.x, 40, normal));
      for (let c = 0; c < clutterPerSensor; c++) {
        const p = Float64Array.of(...centre.map((v) => v + (u() - 0.5) * boxM), 0, 0, 0);
        dets.push(cartesianDetection(tS, sensor, p, 40, normal));
      }
    }
    scans.push({ tS, dets });
  }
  return { truths, scans };
}

function run(sc: Scenario) {
  const tracker = multiTargetTracker(standardComponents());
  const frames = [];
  let confirmedAtEnd: Track[] = [];
  for (const { tS, dets } of sc.scans) {
    const live = tracker.step(dets, tS);
    const confirmed = live.filter((t) => t.status === 'confirmed');
    frames.push(
      assignTracksToTruth(
        tS,
        sc.truths.map((tr, i) => ({ id: i, position: tr.find((p) => p.tS === tS)!.x })),
        confirmed.map((t) => ({ id: t.id, position: t.x })),
        1000,
      ),
    );
    confirmedAtEnd = confirmed;
  }
  return { tracker, frames, confirmedAtEnd };
}

describe('multi-target tracking', () => {
  it('follows two crossing missiles without swapping them', () => {
    // Two launches 20 km apart whose ground tracks cross at about t = 40 s, 100 m apart in height there.
    const a = stateFromLaunch(LAUNCH);
    const site = siteFromGeodetic(LAUNCH.latDeg, LAUNCH.lonDeg, LAUNCH.hM);
    const b = Float64Array.from(a);
    const offset = ecefVectorFromEnu(site, 0, 20_000, 100);
    const dv = ecefVectorFromEnu(site, 0, -500, 0);
    for (let i = 0; i < 3; i++) {
      b[i] = b[i]! + offset[i]!;
      b[i + 3] = b[i + 3]! + dv[i]!;
    }
    const truths = [ballisticTruth(a, 0, 0.1, 80), ballisticTruth(b, 0, 0.1, 80)];
    const k40 = 400;
    const sep = Math.hypot(...[0, 1, 2].map((i) => truths[0]![k40]!.x[i]! - truths[1]![k40]!.x[i]!));
    expect(sep).toBeLessThan(300); // the targets really do pass close to each other
    const { tracker, frames } = run(scenario(truths, 1, 0, 0, 11));
    const cont = trackContinuity(frames);
    expect(cont.swaps).toBe(0);
    expect(cont.fragmentations).toBe(0);
    expect(tracker.stats.confirmedTracks).toBe(2);
    expect(frames.at(-1)!.pairs.length).toBe(2);
  });

  it('a salvo of 4 in clutter gives exactly 4 confirmed tracks, one per missile', () => {
    const truths: TruthPoint[][] = [];
    for (let i = 0; i < 4; i++) {
      const x0 = stateFromLaunch({
        ...LAUNCH,
        lonDeg: LAUNCH.lonDeg + 0.03 * i,
        eastMps: LAUNCH.eastMps + 30 * i,
      });
      truths.push(ballisticTruth(x0, 0, 0.1, 60));
    }
    // 20 false alarms per sensor per scan within 20 km of the salvo, detection probability 0.9.
    const { tracker, frames, confirmedAtEnd } = run(scenario(truths, 0.9, 20, 20_000, 21));
    expect(tracker.stats.confirmedTracks).toBe(4);
    expect(confirmedAtEnd.length).toBe(4);
    const last = frames.at(-1)!;
    expect(new Set(last.pairs.map((p) => p.truth)).size).toBe(4);
    const cont = trackContinuity(frames);
    expect(cont.fragmentations).toBe(0);
  });
});

describe('rejected measurements', () => {
  function rows(): MeasurementRow[] {
    const truth = ballisticTruth(stateFromLaunch(LAUNCH), 0, 0.1, 5);
    const normal = gaussian(rng(9));
    return truth.map((tp, k) => {
      const d = cartesianDetection(tp.tS, 0, tp.x, 30, normal);
      return {
        tS: tp.tS,
        sensor: 'R1',
        x: d.z[0]!,
        y: d.z[1]!,
        z: d.z[2]!,
        cxx: 900,
        cxy: 0,
        cxz: 0,
        cyy: 900,
        cyz: 0,
        czz: 900,
        line: k + 2,
      };
    });
  }

  it('never touch a track and are counted by reason', () => {
    const clean = rows();
    const dirty: MeasurementRow[] = [];
    for (const [k, r] of clean.entries()) {
      dirty.push(r);
      if (k === 10) dirty.push({ ...r, x: Number.NaN }); // NaN position, same scan
      if (k === 20) dirty.push({ ...r, cxx: -5 }); // not positive definite
      if (k === 25) dirty.push({ ...r, cxy: 5000 }); // |cxy| > sqrt(cxx cyy): not positive definite
      if (k === 30) dirty.push({ ...r, tS: 1.0, x: r.x + 1e4 }); // goes back in time
      if (k === 31) dirty.push({ ...r, tS: Number.NaN }); // no time at all
    }
    const a = runTracker(clean);
    const b = runTracker(dirty);
    expect(b.rows).toEqual(a.rows);
    expect(a.rows.length).toBeGreaterThan(0);
    expect(b.stats.rejected).toEqual({ notFinite: 2, notPositiveDefinite: 2, timeBackwards: 1 });
    expect(a.stats.rejected).toEqual({ notFinite: 0, notPositiveDefinite: 0, timeBackwards: 0 });
    expect(b.stats.scans).toBe(a.stats.scans);
  });

  it('a scan older than the last is refused whole by the tracker', () => {
    const tracker = multiTargetTracker(standardComponents());
    const z = Float64Array.of(1, 2, 3);
    const R = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    tracker.step([{ tS: 5, sensor: 0, z, R, model }], 5);
    tracker.step(
      [
        { tS: 4, sensor: 0, z, R, model },
        { tS: 4, sensor: 1, z, R, model },
      ],
      4,
    );
    expect(tracker.stats.rejected.timeBackwards).toBe(2);
    expect(tracker.stats.scans).toBe(1);
  });

  it('reports the mean scan time only when given a clock', () => {
    let t = 0;
    const r = runTracker(rows(), { now: () => (t += 0.5) });
    expect(r.stats.scanMsMean).toBe(0.5);
    expect(runTracker(rows()).stats.scanMsMean).toBeUndefined();
  });
});
