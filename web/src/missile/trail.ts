import type { TrackSample } from './usePicture.js';

/**
 * At most `n` samples of a trajectory for a table: the first, the last and evenly spaced ones
 * between, in time order (a flight of 1,200 positions is read at a glance in ten rows).
 */
export function thinTrail(samples: readonly TrackSample[], n: number): TrackSample[] {
  if (samples.length <= n) return [...samples];
  if (n < 2) return samples.slice(-1);
  const out: TrackSample[] = [];
  for (let i = 0; i < n; i++) out.push(samples[Math.round((i * (samples.length - 1)) / (n - 1))]!);
  return out;
}

/** The highest altitude of a trajectory, m (NaN when empty). */
export function apogeeM(samples: readonly TrackSample[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.reduce((m, s) => Math.max(m, s.altitudeM), Number.NEGATIVE_INFINITY);
}
