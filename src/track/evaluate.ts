import type { MeasurementRow, TrackRow, TruthRow } from './csv.js';
import { type AssignmentFrame, assignTracksToTruth, ospa, trackContinuity } from './metrics.js';

/** Parameters of the black-box evaluation of a tracker's output against truth. */
export interface EvaluationOptions {
  /** OSPA cut-off, metres (default 10 km). */
  ospaCM?: number;
  /** OSPA order (default 2). */
  ospaP?: number;
  /** A track farther than this from a truth is not assigned to it, metres (default: the OSPA cut-off). */
  assignGateM?: number;
  /** A track's last row older than this at a truth time is not in the picture then, seconds (default 5). */
  maxTrackAgeS?: number;
  /** A measurement within this distance of a target's truth makes the target detectable from then on, metres (default 5 km). */
  detectionGateM?: number;
  /** Samples after this many seconds of assignment count as converged (default 20). */
  convergedAfterS?: number;
}

export interface Evaluation {
  /** Position RMSE over every (truth, assigned track) sample at truth times, metres. */
  rmseM: number;
  /** The same over converged samples only. */
  rmseConvergedM: number;
  velocityRmseMps: number;
  /** Mean OSPA over truth times. */
  ospaM: number;
  /**
   * Mean OSPA of a perfect tracker that holds each target from its first measurement to its last
   * (plus `maxTrackAgeS`): the part of ospaM no scan-driven tracker can remove (targets not yet, or
   * no longer, in any radar's view). Null without measurements.
   */
  ospaFloorM: number | null;
  truthTimes: number;
  samples: number;
  fragmentations: number;
  swaps: number;
  /** Assigned samples, for further figures (e.g. a ratio to a bound at the same times). */
  pairs: { tS: number; target: string; track: number; errorM: number; converged: boolean }[];
}

type Vec = [number, number, number, number, number, number];

/**
 * Compares a tracker's output with truth at the truth times: each track's latest row no older
 * than `maxTrackAgeS`, extrapolated at constant velocity to the truth time, is assigned to truth
 * by optimal assignment within `assignGateM`; RMSE over assigned pairs, OSPA over all.
 * @example evaluateTracks(parseTracksCsv(t, 'tracks.csv'), parseTruthCsv(u, 'truth.csv')).ospaM
 */
export function evaluateTracks(
  tracks: readonly TrackRow[],
  truth: readonly TruthRow[],
  measurements: readonly MeasurementRow[] | null = null,
  options: EvaluationOptions = {},
): Evaluation {
  const cM = options.ospaCM ?? 10_000;
  const p = options.ospaP ?? 2;
  const gateM = options.assignGateM ?? cM;
  const maxAgeS = options.maxTrackAgeS ?? 5;
  const convergedAfterS = options.convergedAfterS ?? 20;

  const truthTimes = [...new Set(truth.map((r) => r.tS))].sort((a, b) => a - b);
  const truthAt = groupByTime(truth);
  const byTrack = new Map<number, TrackRow[]>();
  for (const r of tracks) {
    const list = byTrack.get(r.track);
    if (list) list.push(r);
    else byTrack.set(r.track, [r]);
  }
  for (const list of byTrack.values()) list.sort((a, b) => a.tS - b.tS);
  const detectableFrom = measurements
    ? firstDetections(truth, measurements, options.detectionGateM ?? 5_000)
    : null;

  const frames: AssignmentFrame[] = [];
  const pairs: Evaluation['pairs'] = [];
  const firstAssigned = new Map<string, number>();
  let ospaSum = 0;
  let floorSum = 0;
  let se = 0;
  let seConverged = 0;
  let nConverged = 0;
  let sev = 0;
  for (const t of truthTimes) {
    const here = truthAt.get(t)!;
    const truths = here.map((r) => ({ id: r.target, position: [r.x, r.y, r.z], v: [r.vx, r.vy, r.vz] }));
    const live: { id: number; position: number[]; state: Vec }[] = [];
    for (const [id, rows] of byTrack) {
      const row = latestAtOrBefore(rows, t);
      if (row === null || t - row.tS > maxAgeS) continue;
      const dt = t - row.tS;
      const state: Vec = [
        row.x + row.vx * dt,
        row.y + row.vy * dt,
        row.z + row.vz * dt,
        row.vx,
        row.vy,
        row.vz,
      ];
      live.push({ id, position: state.slice(0, 3), state });
    }
    ospaSum += ospa(
      truths.map((x) => x.position),
      live.map((y) => y.position),
      { cM, p },
    );
    if (detectableFrom) {
      const seen = truths.filter((x) => {
        const span = detectableFrom.get(String(x.id));
        return span !== undefined && span.first <= t && t <= span.last + maxAgeS;
      });
      floorSum += ospa(
        truths.map((x) => x.position),
        seen.map((x) => x.position),
        { cM, p },
      );
    }
    const frame = assignTracksToTruth(t, truths, live, gateM);
    frames.push(frame);
    for (const pair of frame.pairs) {
      const x = truths.find((q) => q.id === pair.truth)!;
      const y = live.find((q) => q.id === pair.track)!;
      const e2 = dist2(x.position, y.state, 0);
      const ev2 = dist2(x.v, y.state, 3);
      const target = String(pair.truth);
      if (!firstAssigned.has(target)) firstAssigned.set(target, t);
      const converged = t - firstAssigned.get(target)! >= convergedAfterS;
      se += e2;
      sev += ev2;
      if (converged) {
        seConverged += e2;
        nConverged++;
      }
      pairs.push({ tS: t, target, track: Number(pair.track), errorM: Math.sqrt(e2), converged });
    }
  }
  const continuity = trackContinuity(frames);
  const n = pairs.length;
  return {
    rmseM: n ? Math.sqrt(se / n) : Number.NaN,
    rmseConvergedM: nConverged ? Math.sqrt(seConverged / nConverged) : Number.NaN,
    velocityRmseMps: n ? Math.sqrt(sev / n) : Number.NaN,
    ospaM: truthTimes.length ? ospaSum / truthTimes.length : Number.NaN,
    ospaFloorM: detectableFrom ? (truthTimes.length ? floorSum / truthTimes.length : Number.NaN) : null,
    truthTimes: truthTimes.length,
    samples: n,
    fragmentations: continuity.fragmentations,
    swaps: continuity.swaps,
    pairs,
  };
}

function groupByTime<T extends { tS: number }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.tS);
    if (list) list.push(r);
    else m.set(r.tS, [r]);
  }
  return m;
}

function latestAtOrBefore(rows: readonly TrackRow[], t: number): TrackRow | null {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.tS <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : rows[lo - 1]!;
}

function dist2(a: ArrayLike<number>, b: ArrayLike<number>, offset: number): number {
  const dx = a[0]! - b[offset]!;
  const dy = a[1]! - b[offset + 1]!;
  const dz = a[2]! - b[offset + 2]!;
  return dx * dx + dy * dy + dz * dz;
}

/**
 * For each target, the times of the first and last measurements within `gateM` of its truth
 * position at that time (truth interpolated linearly between rows of the same target).
 */
function firstDetections(
  truth: readonly TruthRow[],
  measurements: readonly MeasurementRow[],
  gateM: number,
): Map<string, { first: number; last: number }> {
  const byTarget = new Map<string, TruthRow[]>();
  for (const r of truth) {
    const list = byTarget.get(r.target);
    if (list) list.push(r);
    else byTarget.set(r.target, [r]);
  }
  const out = new Map<string, { first: number; last: number }>();
  for (const [target, rows] of byTarget) {
    rows.sort((a, b) => a.tS - b.tS);
    const first = rows[0]!.tS;
    const last = rows[rows.length - 1]!.tS;
    for (const m of measurements) {
      if (m.tS < first || m.tS > last) continue;
      const at = interpolate(rows, m.tS);
      const d2 = (m.x - at[0]) ** 2 + (m.y - at[1]) ** 2 + (m.z - at[2]) ** 2;
      if (d2 <= gateM * gateM) {
        const span = out.get(target);
        if (!span) out.set(target, { first: m.tS, last: m.tS });
        else {
          span.first = Math.min(span.first, m.tS);
          span.last = Math.max(span.last, m.tS);
        }
      }
    }
  }
  return out;
}

function interpolate(rows: readonly TruthRow[], t: number): [number, number, number] {
  let lo = 0;
  let hi = rows.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.tS <= t) lo = mid;
    else hi = mid;
  }
  const a = rows[lo]!;
  const b = rows[hi]!;
  const f = b.tS === a.tS ? 0 : (t - a.tS) / (b.tS - a.tS);
  return [a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f];
}
