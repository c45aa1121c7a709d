import { geodeticFromEcef, WGS84_A_M } from '../geo/index.js';
import { popcount } from './initiator.js';
import type { Deleter, Track } from './types.js';

/** Parameters of the deleter. */
export interface MissesDeleterOptions {
  /** Misses in a row after which a confirmed track is deleted. */
  confirmedMaxMissesInRow?: number;
  /** M and N of the confirmation rule: a tentative track that can no longer reach M hits in its last N scans goes. */
  m?: number;
  n?: number;
  /** A track whose 1-sigma position uncertainty sqrt(trace Ppos) exceeds this, metres, is deleted. */
  maxPositionSigmaM?: number;
  /** Whether tentative tracks go by the M-of-N rule (default true; false when a score test rejects them). */
  tentativeMOfN?: boolean;
}

/**
 * Deletes confirmed tracks after K misses in a row or when their position uncertainty has
 * grown past use (Stone Soup: UpdateTimeStepsDeleter + CovarianceBasedDeleter), and tentative
 * tracks as soon as M-of-N confirmation has become impossible (more than N - M misses among
 * their last N scans).
 *
 * @example
 * const del = missesDeleter({ confirmedMaxMissesInRow: 5, m: 4, n: 5, maxPositionSigmaM: 10_000 });
 * del.shouldDelete({ ...track, status: 'tentative', historyBits: 0b100, historyLength: 3 }); // true
 */
export function missesDeleter(options: MissesDeleterOptions = {}): Deleter {
  const kMax = options.confirmedMaxMissesInRow ?? 10;
  const m = options.m ?? 4;
  const n = options.n ?? 5;
  const maxVar = (options.maxPositionSigmaM ?? 10_000) ** 2;
  const tentativeMOfN = options.tentativeMOfN ?? true;
  return {
    shouldDelete(track: Track): boolean {
      const P = track.P;
      if (!(P[0]! + P[7]! + P[14]! <= maxVar)) return true;
      if (track.status === 'confirmed') return track.missesInRow >= kMax;
      if (!tentativeMOfN) return false;
      const window = Math.min(n, track.historyLength);
      const hits = popcount(track.historyBits & ((1 << window) - 1));
      return window - hits > n - m;
    },
  };
}

/** Parameters of the ground deleter. */
export interface GroundDeleterOptions {
  /** How far below the WGS84 ellipsoid (m) a track's position estimate may lie before it has ended (default 0). */
  belowGroundM?: number;
}

/**
 * Deletes a track whose position estimate lies below the ground: the object it follows has hit it
 * (a missile's flight ends at impact), and a prediction carried on below the surface is a ghost,
 * not an object. The tracker predicts every track to each scan, so a track that nothing measures
 * any more ends at the first scan after its predicted impact.
 *
 * @example
 * groundDeleter().shouldDelete({ ...track, x: Float64Array.of(6_370_000, 0, 0, 0, 0, -3000) }); // true: 8 km under the equator
 */
export function groundDeleter(options: GroundDeleterOptions = {}): Deleter {
  const belowM = options.belowGroundM ?? 0;
  // Outside the sphere that holds the ellipsoid (with a metre to spare for rounding) a point is
  // above the ground: most scans decide it without the geodetic conversion.
  const clearR2 = (WGS84_A_M + 1) ** 2;
  return {
    shouldDelete(track: Track): boolean {
      const x = track.x[0]!;
      const y = track.x[1]!;
      const z = track.x[2]!;
      if (belowM >= 0 && x * x + y * y + z * z > clearR2) return false;
      return geodeticFromEcef(x, y, z).hM < -belowM;
    },
  };
}

/**
 * A deleter that deletes a track when any of `deleters` does (Stone Soup: CompositeDeleter with
 * `intersect=False`).
 * @example anyDeleter(missesDeleter(), groundDeleter())
 */
export function anyDeleter(...deleters: readonly Deleter[]): Deleter {
  return {
    shouldDelete: (track) => deleters.some((d) => d.shouldDelete(track)),
  };
}
