import type { Trajectories } from '../api/types.js';

/** How many positions of each track's trajectory are kept (one a second: 20 minutes of flight). */
export const HISTORY_MAX = 1_200;

/** One position of a track's trajectory as the stream showed it. */
export interface TrackSample {
  readonly time: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altitudeM: number;
  readonly speedMps: number;
}

/** The trajectories a picture's state keeps: positions for the map, samples for the detail. */
interface Trail {
  /** Each track's past positions, [lon, lat], oldest first. */
  readonly history: ReadonlyMap<string, readonly [number, number][]>;
  /** The same positions with their time, altitude and speed. */
  readonly samples: ReadonlyMap<string, readonly TrackSample[]>;
}

/**
 * Each object's trajectory as the node held it before the stream showed it (`GET
 * /api/:nation/trajectories`), put before what the stream showed: the node's samples older than the
 * stream's first, then the stream's. What a console opened mid-flight, or back after a drop, draws.
 */
export function withTrajectories<S extends Trail>(s: S, t: Trajectories): S {
  const history = new Map(s.history);
  const samples = new Map(s.samples);
  for (const { id, samples: past } of t.trajectories) {
    const mine = samples.get(id) ?? [];
    const firstMs = mine.length > 0 ? Date.parse(mine[0]!.time) : Number.POSITIVE_INFINITY;
    const before = past.filter((p) => Date.parse(p.time) < firstMs);
    if (before.length === 0) continue;
    const merged = [...before, ...mine].slice(-HISTORY_MAX);
    samples.set(id, merged);
    history.set(
      id,
      merged.map((p) => [p.lonDeg, p.latDeg] as [number, number]),
    );
  }
  return { ...s, history, samples };
}
