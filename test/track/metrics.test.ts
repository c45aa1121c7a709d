import { describe, expect, it } from 'vitest';
import {
  cartesianPosition,
  constantVelocity,
  extendedKalmanPredictor,
  extendedKalmanUpdater,
  gospa,
  nees,
  ospa,
  pcrlb,
  rmse,
  trackContinuity,
} from '../../src/track/index.js';

describe('OSPA and GOSPA on hand-computed cases', () => {
  const opt = { cM: 10, p: 1 };

  it('are zero for equal sets and for two empty sets', () => {
    expect(ospa([], [], opt)).toBe(0);
    expect(gospa([], [], opt).distance).toBe(0);
    expect(ospa([[1, 2, 3]], [[1, 2, 3]], opt)).toBe(0);
  });

  it('one truth, one estimate 5 m away and one false estimate far away', () => {
    // OSPA: (5 + c) / 2 = 7.5; GOSPA(alpha 2): 5 + c/2 = 10, one false track.
    expect(
      ospa(
        [[0, 0, 0]],
        [
          [3, 4, 0],
          [100, 0, 0],
        ],
        opt,
      ),
    ).toBeCloseTo(7.5, 12);
    const g = gospa(
      [[0, 0, 0]],
      [
        [3, 4, 0],
        [100, 0, 0],
      ],
      opt,
    );
    expect(g.distance).toBeCloseTo(10, 12);
    expect(g).toMatchObject({ localisation: 5, missed: 0, falseTracks: 1 });
  });

  it('with p = 2 and a pair beyond the cut-off', () => {
    // Truths (0,0) and (20,0); one estimate at (0,3) and one at (50,0), c = 10.
    // OSPA: ((3^2 + 10^2) / 2)^(1/2) = sqrt(54.5); GOSPA: the far pair counts as a miss and a false track:
    // (3^2 + 10^2/2 * 2)^(1/2) = sqrt(109).
    const x = [
      [0, 0],
      [20, 0],
    ];
    const y = [
      [0, 3],
      [50, 0],
    ];
    expect(ospa(x, y, { cM: 10, p: 2 })).toBeCloseTo(Math.sqrt(54.5), 12);
    const g = gospa(x, y, { cM: 10, p: 2 });
    expect(g.distance).toBeCloseTo(Math.sqrt(109), 12);
    expect(g).toMatchObject({ missed: 1, falseTracks: 1 });
  });

  it('no estimates at all: OSPA is c, GOSPA is (n c^p / 2)^(1/p)', () => {
    expect(ospa([[0], [5]], [], opt)).toBe(10);
    expect(gospa([[0], [5]], [], { cM: 10, p: 2 }).distance).toBeCloseTo(10, 12);
  });
});

describe('error statistics', () => {
  it('rmse and nees of a known error', () => {
    expect(rmse([{ truth: [0, 0, 0, 0, 0, 0], estimate: [3, 4, 0, 0, 0, 1] }])).toEqual({
      positionM: 5,
      velocityMps: 1,
      count: 1,
    });
    expect(nees([1, 0], [0, 0], Float64Array.of(4, 0, 0, 1))).toBeCloseTo(0.25, 15);
  });

  it('continuity counts a fragmentation and a swap', () => {
    const c = trackContinuity([
      {
        tS: 0,
        pairs: [
          { truth: 'A', track: 1 },
          { truth: 'B', track: 2 },
        ],
      },
      { tS: 1, pairs: [{ truth: 'A', track: 1 }] },
      {
        tS: 2,
        pairs: [
          { truth: 'A', track: 1 },
          { truth: 'B', track: 3 },
        ],
      },
      {
        tS: 3,
        pairs: [
          { truth: 'A', track: 3 },
          { truth: 'B', track: 1 },
        ],
      },
    ]);
    // B: 2 -> 3 is a fragmentation (3 is new); at t=3 both change to a track the other had: two swaps.
    expect(c.fragmentations).toBe(3);
    expect(c.swaps).toBe(2);
    expect(c.perTruth.get('B')).toEqual({ tracks: 3, idChanges: 2 });
  });
});

describe('posterior Cramer-Rao lower bound', () => {
  it('equals the Kalman filter covariance for a linear Gaussian model (constant velocity, Cartesian)', () => {
    const transition = constantVelocity({ accelerationNoiseM2pS3: 2 });
    const model = cartesianPosition();
    const R = Float64Array.of(400, 100, 0, 100, 900, 0, 0, 0, 2500);
    const P0 = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      P0[i * 6 + i] = 1e4;
      P0[(i + 3) * 6 + i + 3] = 1e6;
    }
    const x0 = Float64Array.of(-3.1e6, 4.0e6, 3.9e6, 1500, -800, 2000);
    const steps = [];
    const x = Float64Array.from(x0);
    for (let k = 0; k < 50; k++) {
      const tS = k * 0.5;
      if (k > 0) transition.propagate(x, 0.5, x);
      // Two sensors at some times: information adds at equal times.
      const measurements =
        k % 5 === 0
          ? [
              { model, R },
              { model, R },
            ]
          : [{ model, R }];
      steps.push({ tS, x: Float64Array.from(x), measurements });
    }
    const bounds = pcrlb(steps, { transition, P0 });
    const pred = extendedKalmanPredictor({ transition });
    const upd = extendedKalmanUpdater();
    const state = { tS: 0, x: Float64Array.from(x0), P: Float64Array.from(P0) };
    for (const [k, s] of steps.entries()) {
      pred.predict(state, s.tS, state);
      for (const _ of s.measurements)
        upd.update(state, { tS: s.tS, sensor: 0, z: s.x.slice(0, 3), R, model }, state);
      const pos = Math.sqrt(state.P[0]! + state.P[7]! + state.P[14]!);
      const vel = Math.sqrt(state.P[21]! + state.P[28]! + state.P[35]!);
      expect(bounds[k]!.positionM).toBeCloseTo(pos, 6);
      expect(bounds[k]!.velocityMps).toBeCloseTo(vel, 6);
    }
    expect(bounds.at(-1)!.positionM).toBeLessThan(bounds[1]!.positionM);
  });
});
