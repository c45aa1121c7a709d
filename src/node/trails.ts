import { geodeticFromEcef } from '../geo/index.js';
import { PerNationMap } from './per-nation-map.js';
import type { PictureTrack } from './picture.js';

/** One position of a picture object's trajectory, as the node's picture held it. */
export interface TrailSample {
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altitudeM: number;
  readonly speedMps: number;
}

/** Positions kept per object: one a second, twenty minutes of flight (a lofted ICBM's is ~70). */
export const TRAIL_SAMPLES = 1_200;
/** Objects per nation whose trails are kept: five times the 50-missile raid. */
export const TRAILS_PER_NATION = 256;

const FIELDS = 5;

/** A trajectory's samples packed five numbers each, oldest first, grown by doubling up to its cap. */
interface Trail {
  data: Float64Array;
  /** Index of the oldest sample, and how many are held. */
  start: number;
  count: number;
  lastTMs: number;
}

/**
 * Each picture object's trajectory as the node's picture held it, so that a console opened mid-flight
 * draws where a missile has been, not only where it went after. One sample per object per
 * `everyMs` of its estimate's time, at most `maxSamples` (the oldest go first); bounded per
 * originating nation like the rest of what a node keeps by track id (`PerNationMap`: a partner
 * inventing ids evicts only its own trails). 40 bytes a sample: 256 objects per nation at 1,200
 * samples each is 12 MB per nation at the worst.
 */
export class Trails {
  readonly #trails: PerNationMap<Trail>;

  constructor(
    perNation = TRAILS_PER_NATION,
    maxAgeMs = 7_200_000,
    readonly everyMs = 1_000,
    readonly maxSamples = TRAIL_SAMPLES,
  ) {
    this.#trails = new PerNationMap(perNation, maxAgeMs);
  }

  /** Adds the picture's objects at `nowMs` (each only if its estimate is `everyMs` newer than its last sample). */
  record(picture: readonly PictureTrack[], nowMs: number): void {
    for (const t of picture) {
      let trail = this.#trails.get(t.id);
      if (trail && t.tMs < trail.lastTMs + this.everyMs) {
        this.#trails.touch(t.id, nowMs);
        continue;
      }
      if (!trail)
        trail = {
          data: new Float64Array(FIELDS * Math.min(64, this.maxSamples)),
          start: 0,
          count: 0,
          lastTMs: 0,
        };
      const capacity = trail.data.length / FIELDS;
      if (trail.count === capacity && capacity < this.maxSamples) {
        // Grown: the samples unrolled oldest first into a buffer twice as long.
        const grown = new Float64Array(FIELDS * Math.min(2 * capacity, this.maxSamples));
        for (let k = 0; k < trail.count; k++) {
          const from = ((trail.start + k) % capacity) * FIELDS;
          grown.set(trail.data.subarray(from, from + FIELDS), k * FIELDS);
        }
        trail.data = grown;
        trail.start = 0;
      }
      const cap = trail.data.length / FIELDS;
      const at = ((trail.start + trail.count) % cap) * FIELDS;
      if (trail.count === cap) trail.start = (trail.start + 1) % cap;
      else trail.count++;
      const g = geodeticFromEcef(t.x[0]!, t.x[1]!, t.x[2]!);
      trail.data[at] = t.tMs;
      trail.data[at + 1] = g.latDeg;
      trail.data[at + 2] = g.lonDeg;
      trail.data[at + 3] = g.hM;
      trail.data[at + 4] = Math.hypot(t.x[3]!, t.x[4]!, t.x[5]!);
      trail.lastTMs = t.tMs;
      this.#trails.set(t.id, trail, nowMs);
    }
    this.#trails.prune(nowMs);
  }

  /** The object's trajectory, oldest first (empty when the node holds none). */
  of(id: string): TrailSample[] {
    const trail = this.#trails.get(id);
    if (!trail) return [];
    const cap = trail.data.length / FIELDS;
    const out: TrailSample[] = [];
    for (let k = 0; k < trail.count; k++) {
      const i = ((trail.start + k) % cap) * FIELDS;
      const d = trail.data;
      out.push({
        tMs: d[i]!,
        latDeg: Math.round(d[i + 1]! * 1e4) / 1e4,
        lonDeg: Math.round(d[i + 2]! * 1e4) / 1e4,
        altitudeM: Math.round(d[i + 3]!),
        speedMps: Math.round(d[i + 4]!),
      });
    }
    return out;
  }

  /** Trails held for objects named after `nation`. */
  sizeOf(nation: string): number {
    return this.#trails.sizeOf(nation);
  }
}
