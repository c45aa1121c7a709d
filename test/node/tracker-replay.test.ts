// The test suite's tracker replay (src/testing/tracker-replay.ts): what a recorded tracker returned,
// scan by scan, and a loud failure when a replayed scan is not the one recorded.
import { describe, expect, it } from 'vitest';
import { TrackerRecording } from '../../src/testing/tracker-replay.js';
import {
  cartesianPosition,
  type Detection,
  multiTargetTracker,
  standardComponents,
} from '../../src/track/index.js';

const model = cartesianPosition();
/** One detection of an object 100 km up off the equator, moving 1 km/s along x. */
const scan = (tS: number): Detection[] => [
  {
    tS,
    sensor: 0,
    z: Float64Array.of(6_400_000 + tS * 1_000, 0, 100_000),
    R: Float64Array.of(100, 0, 0, 0, 100, 0, 0, 0, 100),
    model,
  },
];

describe('TrackerRecording', () => {
  it('replays, scan by scan, what the recorded tracker returned', () => {
    const recording = new TrackerRecording();
    const live = recording.record('JPN', multiTargetTracker(standardComponents({})));
    const seen = [0, 2, 4, 6, 8].map((t) => live.step(scan(t), t).map((x) => structuredClone(x)));
    expect(seen.at(-1)!.some((t) => t.status === 'confirmed')).toBe(true);
    recording.done();
    const replay = recording.replay('JPN');
    expect([0, 2, 4, 6, 8].map((t) => replay.step(scan(t), t))).toEqual(seen);
  });

  it('throws when a scan differs from the recording, or nothing was recorded', () => {
    const recording = new TrackerRecording();
    const live = recording.record('JPN', multiTargetTracker(standardComponents({})));
    live.step(scan(0), 0);
    expect(() => recording.replay('JPN')).toThrow(/nothing recorded for JPN/);
    recording.done();
    expect(() => recording.record('KOR', multiTargetTracker(standardComponents({})))).toThrow(/already/);
    expect(() => recording.replay('KOR')).toThrow(/nothing recorded for KOR/);
    expect(() => recording.replay('JPN').step(scan(2), 2)).toThrow(
      /scan 1 at 2 s with 1 detections was recorded as 0 s with 1/,
    );
    expect(() => recording.replay('JPN').step([], 0)).toThrow(/with 0 detections was recorded as 0 s with 1/);
    const replay = recording.replay('JPN');
    replay.step(scan(0), 0);
    expect(() => replay.step(scan(2), 2)).toThrow(/recorded as absent/);
  });
});
