import type { Nation } from '../domain/index.js';
import { geodeticFromEcef, type TerritoryIndex } from '../geo/index.js';
import { ballistic, predictImpact } from '../track/index.js';
import type { PictureTrack } from './picture.js';

/** What a node tells its own nation about one object in its picture. */
export interface Warning {
  /** The picture object the warning is about. */
  readonly trackId: string;
  readonly nation: Nation;
  /** `impact`: predicted to land on the nation's territory; `overflight`: predicted to pass over it. */
  readonly reason: 'impact' | 'overflight';
  readonly issuedMs: number;
  /** When the impact, or the first overflight, is predicted. */
  readonly eventMs: number;
  readonly timeToEventS: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** The impact's 95% ellipse (semi-axes, m; orientation, degrees from north), for impacts. */
  readonly ellipse?: { semiMajorM: number; semiMinorM: number; orientationDeg: number };
}

export interface AssessOptions {
  /** Tracks less certain than this (1-sigma position, m) are not assessed: a boosting missile's prediction is meaningless. */
  readonly maxPositionSigmaM?: number;
  /** Tracks slower than this are not ballistic missiles in free flight (m/s). */
  readonly minSpeedMps?: number;
  /** Ground-track step, s. */
  readonly stepS?: number;
}

const coast = ballistic({ accelerationNoiseM2pS3: 0 });

/**
 * Assesses one picture object for `nation`: propagates its state ballistically (gravity with J2,
 * rotating Earth, no thrust) to the ellipsoid, and warns if the ground track passes over the
 * nation's territory (overflight — the 2022-10-04 J-Alert was for overflight of Aomori) or the
 * predicted impact point lies in it. Pure.
 * @example assessTrack(track, 'JPN', territories, nowMs) // [{ reason: 'overflight', timeToEventS: 312, ... }]
 */
export function assessTrack(
  track: PictureTrack,
  nation: Nation,
  territories: TerritoryIndex,
  nowMs: number,
  options: AssessOptions = {},
): Warning[] {
  const sigma = Math.sqrt(track.P[0]! + track.P[7]! + track.P[14]!);
  const speed = Math.hypot(track.x[3]!, track.x[4]!, track.x[5]!);
  if (sigma > (options.maxPositionSigmaM ?? 5_000) || speed < (options.minSpeedMps ?? 1_000)) return [];
  const out: Warning[] = [];
  const stepS = options.stepS ?? 10;
  const x = Float64Array.from(track.x);
  const next = new Float64Array(6);
  let landed: { latDeg: number; lonDeg: number } | null = null;
  let overflown = false;
  for (let tS = 0; tS < 3_600; tS += stepS) {
    coast.propagate(x, stepS, next);
    x.set(next);
    const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
    if (g.hM <= 0) {
      landed = { latDeg: g.latDeg, lonDeg: g.lonDeg };
      break;
    }
    if (!overflown && territories.nationAt(g.latDeg, g.lonDeg) === nation) {
      overflown = true;
      out.push(base(track, nation, 'overflight', nowMs, track.tMs + (tS + stepS) * 1000, g.latDeg, g.lonDeg));
    }
  }
  // The precise impact and its ellipse (sigma points: costly) only when the coarse landing point
  // is on the nation's land.
  if (landed && territories.nationAt(landed.latDeg, landed.lonDeg) === nation) {
    const impact = predictImpact(track.tMs / 1000, track.x, track.P);
    if (impact && territories.nationAt(impact.latDeg, impact.lonDeg) === nation) {
      const { semiMajorM, semiMinorM, orientationDeg } = impact.ellipse;
      out.push({
        ...base(track, nation, 'impact', nowMs, impact.impactTS * 1000, impact.latDeg, impact.lonDeg),
        ellipse: { semiMajorM, semiMinorM, orientationDeg },
      });
    }
  }
  return out;
}

function base(
  track: PictureTrack,
  nation: Nation,
  reason: Warning['reason'],
  nowMs: number,
  eventMs: number,
  latDeg: number,
  lonDeg: number,
): Warning {
  return {
    trackId: track.id,
    nation,
    reason,
    issuedMs: nowMs,
    eventMs,
    timeToEventS: Math.round((eventMs - nowMs) / 100) / 10,
    latDeg: Math.round(latDeg * 1e4) / 1e4,
    lonDeg: Math.round(lonDeg * 1e4) / 1e4,
  };
}
