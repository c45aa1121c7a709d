import type { Nation } from '../domain/index.js';
import { groundCrossing } from '../track/index.js';
import type { NationTrack } from './picture.js';

/**
 * How long a track stands without news, by source, before it leaves the picture (ms). Within it a
 * track is predicted to "now" (ballistically); past it, it is dropped: no fusion, no warning, no
 * consultation from it.
 */
export interface Staleness {
  /**
   * An own track whose last measurement is older than this. Default 20 s: ten scans of the
   * slowest bundled radar (2 s), the misses after which the tracker deletes a track that a
   * reporting radar no longer sees; this covers a track none of the nation's radars reports on.
   */
  readonly ownMs: number;
  /**
   * A partner's track whose estimate is older than this. Default 30 s: a partner shares each track
   * at least every second; the slowest path a bundled policy adds is the US hub's 20 s release
   * review (us-hub), and link latency is a fraction of a second.
   */
  readonly partnerMs: number;
}

export const DEFAULT_STALENESS: Staleness = { ownMs: 20_000, partnerMs: 30_000 };

/** A track's end at the ground: the predicted point and time of its impact. */
export interface TrackImpact {
  readonly nation: Nation;
  readonly trackId: number;
  /** When its prediction meets the ground. */
  readonly impactMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
}

/** What a held track is at a time: flying (at its last estimate), ended at the ground, or stale. */
export type TrackFate =
  | { readonly kind: 'live' }
  | { readonly kind: 'impacted'; readonly impact: TrackImpact }
  | { readonly kind: 'stale' };

/**
 * What track `t` is at `nowMs`, given when it was last measured (`measuredMs`: for an own track its
 * last detection, for a partner's its estimate's time) and how long it may stand without one:
 * impacted if its ballistic prediction from its estimate meets the ground before now (and within
 * the staleness window: nothing is predicted beyond it), else stale if it is older than
 * `staleAfterMs`, else live. Pure.
 * @example trackFate(t, t.tMs, nowMs, 30_000) // { kind: 'impacted', impact: { impactMs, latDeg, lonDeg, ... } }
 */
export function trackFate(
  t: NationTrack,
  measuredMs: number,
  nowMs: number,
  staleAfterMs: number,
): TrackFate {
  const untilMs = Math.min(nowMs, measuredMs + staleAfterMs);
  const crossing = groundCrossing(t.tMs / 1000, t.x, Math.max(t.tMs, untilMs) / 1000);
  if (crossing) {
    return {
      kind: 'impacted',
      impact: {
        nation: t.nation,
        trackId: t.trackId,
        impactMs: Math.round(crossing.tS * 1000),
        latDeg: Math.round(crossing.latDeg * 1e4) / 1e4,
        lonDeg: Math.round(crossing.lonDeg * 1e4) / 1e4,
      },
    };
  }
  return nowMs - measuredMs > staleAfterMs ? { kind: 'stale' } : { kind: 'live' };
}
