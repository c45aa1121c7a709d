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
  return {
    shouldDelete(track: Track): boolean {
      const P = track.P;
      if (!(P[0]! + P[7]! + P[14]! <= maxVar)) return true;
      if (track.status === 'confirmed') return track.missesInRow >= kMax;
      const window = Math.min(n, track.historyLength);
      const hits = popcount(track.historyBits & ((1 << window) - 1));
      return window - hits > n - m;
    },
  };
}
