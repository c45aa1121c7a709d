import { describe, expect, it } from 'vitest';
import { withTrajectories } from '../../web/src/missile/trajectories.js';

const sample = (s: number, latDeg: number) => ({
  time: new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString(),
  latDeg,
  lonDeg: 130,
  altitudeM: 1_000 * s,
  speedMps: 2_000,
});

const state = (samples: ReturnType<typeof sample>[]) => ({
  history: new Map([['KOR:1', samples.map((x) => [x.lonDeg, x.latDeg] as [number, number])]]),
  samples: new Map([['KOR:1', samples]]),
});

describe("the console's trajectories: the node's before the stream's", () => {
  it('puts what the node held before the stream’s first position in front of it, once', () => {
    const shown = state([sample(30, 39), sample(31, 39.1)]);
    const node = {
      nation: 'JPN' as const,
      time: sample(31, 0).time,
      trajectories: [
        { id: 'KOR:1', samples: [sample(10, 37), sample(20, 38), sample(30, 39), sample(31, 39.1)] },
        { id: 'USA:4', samples: [sample(25, 35)] },
      ],
    };
    const s = withTrajectories(shown, node);
    expect(s.samples.get('KOR:1')!.map((x) => x.latDeg)).toEqual([37, 38, 39, 39.1]);
    expect(s.history.get('KOR:1')).toEqual([
      [130, 37],
      [130, 38],
      [130, 39],
      [130, 39.1],
    ]);
    // An object the stream has not shown yet gets the node's whole trajectory.
    expect(s.samples.get('USA:4')).toHaveLength(1);
    // Read again (after a reconnection): nothing doubled.
    expect(withTrajectories(s, node).samples.get('KOR:1')).toHaveLength(4);
  });
});
