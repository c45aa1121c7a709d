import type { Nation } from '../domain/index.js';
import {
  destinationPoint,
  enuVectorFromEcef,
  GM_M3PS2,
  geodeticFromEcef,
  OMEGA_EARTH_RADPS,
  siteFromGeodetic,
} from '../geo/index.js';
import {
  arrivalWindowS,
  ballistic,
  canManoeuvre,
  corridorBand,
  corridorCoordinates,
  corridorPoint,
  DEFAULT_SWEEP,
  type ImpactRegionOptions,
  impactRegion,
  minimumEnergyFlightTimeS,
  type SweptImpactRegion,
  sampleAlong,
  sweptImpactRegion,
  sweptRegionContains,
  sweptRegionOutline,
} from '../track/index.js';
import type { AreaZone, LatLon, ProtectedAreas } from './areas.js';
import { PerNationMap } from './per-nation-map.js';
import type { PictureTrack } from './picture.js';

/**
 * Why a nation is warned:
 * - `impact`: the object is seen coasting, its ballistic prediction lands in one of the nation's
 *   areas (land, territorial sea, EEZ, a base), and the 95 % ellipse is tight enough to mean it
 *   (semi-major at most `impactMaxSemiMajorM`); for an object whose flight stays in the air
 *   (`canManoeuvre`: it may pull up or glide on lift), also every landing its lift still allows
 *   (the manoeuvre corridor) is in the nation's areas. A node withdraws it only when its impact
 *   region no longer reaches the nation's areas;
 * - `possible-impact`: the impact region reaches one of its areas but does not pin it down: while the
 *   object may still be under thrust, the corridor swept by every burnout still possible
 *   (`sweptImpactRegion`; the warning carries its outline) reaches the area; once coasting, the
 *   ballistic prediction lands there with an ellipse wider than `impactMaxSemiMajorM`, or the
 *   manoeuvre corridor of an object that may manoeuvre reaches there (the point named is its
 *   ballistic landing if in the nation's areas, else the first of them along the corridor). Low
 *   confidence by construction: withdrawn when the coasting prediction does not confirm it;
 * - `overflight`: the predicted ground track crosses its land or one of its bases (the 2022-10-04
 *   J-Alert was for overflight of Aomori, not impact);
 * - `possible-overflight`: the object may still be under thrust, so its range is unknown; its
 *   heading, continued along the great circle up to the assumed maximum range, crosses the nation's
 *   land or a base. Low confidence by construction: withdrawn if the ballistic prediction, once the
 *   object is seen coasting, does not confirm it.
 */
export type WarningReason = 'impact' | 'possible-impact' | 'overflight' | 'possible-overflight';

/** Whether the object was still possibly under thrust when assessed, or seen coasting. */
export type FlightPhase = 'boost' | 'ballistic';

/** What a node tells its own nation about one object in its picture. */
export interface Warning {
  /** The picture object the warning is about. */
  readonly trackId: string;
  readonly nation: Nation;
  readonly reason: WarningReason;
  /** Where the impact or overflight falls: the nation's land, territorial sea, EEZ, or a base. */
  readonly zone: AreaZone;
  /** The area by name, e.g. `JPN land`, `JPN EEZ`, `Misawa Air Base`. */
  readonly area: string;
  readonly phase: FlightPhase;
  readonly issuedMs: number;
  /**
   * When the impact, or the first overflight, is predicted. For a possible impact whose time
   * depends on the flight still possible (a burnout not yet seen, a manoeuvre on lift), the
   * earliest a flight still possible comes down there (never the present unless it is there now).
   */
  readonly eventMs: number;
  readonly timeToEventS: number;
  /**
   * For such a possible impact, the latest a sampled flight still possible comes down there: the
   * event is in [eventMs, eventLatestMs]. Absent when the time is one prediction's.
   */
  readonly eventLatestMs?: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** The impact's 95% ellipse (semi-axes, m; orientation, degrees from north), for impacts. */
  readonly ellipse?: { semiMajorM: number; semiMinorM: number; orientationDeg: number };
  /** A boost-phase possible impact: the outline of the swept impact region (closed polygon). */
  readonly swept?: readonly LatLon[];
  /** Set when a later assessment no longer predicts it (a possible overflight not confirmed). */
  readonly withdrawnMs?: number;
}

export interface AssessOptions {
  /** Tracks less certain than this (1-sigma position, m) are not assessed. */
  readonly maxPositionSigmaM?: number;
  /** Tracks slower than this are not ballistic missiles in free flight (m/s). */
  readonly minSpeedMps?: number;
  /** Ground-track step, s. */
  readonly stepS?: number;
  /** `boost`: the object may still be under thrust, so the heading corridor is assessed too. */
  readonly phase?: FlightPhase;
  /** How far a possibly boosting object's heading is followed, m. Assumed: 5,500 km (the IRBM/ICBM boundary). */
  readonly corridorRangeM?: number;
  /** Step along the corridor, m. */
  readonly corridorStepM?: number;
  /** Slowest object whose heading is followed while boosting (m/s, horizontal). */
  readonly corridorMinSpeedMps?: number;
  /** Widest 95 % ellipse (semi-major, m) of a specific `impact` warning; wider is a `possible-impact`. */
  readonly impactMaxSemiMajorM?: number;
  /** How the impact region is judged (swept corridor in boost, ellipse coasting). */
  readonly region?: ImpactRegionOptions;
  /** Spacing of the points at which a swept region is tested against the areas, m. */
  readonly sweptGridM?: number;
  /** Where a node keeps each boosting object's swept region between assessments (see `SweepCache`). */
  readonly sweepCache?: SweepCache;
}

type AreaInRegion = { zone: AreaZone; area: string; at: LatLon; alongM: number };

/** An area a swept region reaches, with when a flight still possible comes down there (ms, absolute). */
type SweptHit = AreaInRegion & { eventMs: number; eventLatestMs: number };

/**
 * Along-track window (m) either side of an area whose sampled landings give its arrival times in a
 * boost-phase sweep: the spacing of the stations that give the sweep's band (`sweptImpactRegion`).
 */
const SWEEP_ARRIVAL_WINDOW_M = 100_000;

/**
 * What a node keeps per picture object between assessments (flight phases, swept regions) is
 * bounded per nation (the nation in the object's id, `<nation>:<trackId>`: a partner invents the
 * ids of its tracks): the least recently assessed go first, and none is kept two hours (the longest
 * flight) after its object was last assessed.
 */
export const PICTURE_STATE_MAX_AGE_MS = 7_200_000;
/** Flight phases remembered per nation: four times the tracks a partner may have standing at once. */
export const PHASES_PER_NATION = 4_096;
/** Swept regions cached per nation: as many as a partner may have tracks standing (a miss costs a remake). */
export const SWEEPS_PER_NATION = 1_024;

/**
 * A node's swept regions, by picture object, each with the nearest of its nation's areas in it:
 * the sweep flies ~50 trajectories, so a boosting object's region is remade only when its state is
 * `everyMs` newer than the one it was made from (the region's far end is an assumed range and its
 * near end only moves out as the object gains speed: a region a few seconds old still covers the
 * burnouts possible now). The time to the event is the arrival found when the region was made
 * (absolute: a region a few seconds old gives the same instant). Bounded per nation (`perNation`,
 * `maxAgeMs`: see PICTURE_STATE_MAX_AGE_MS).
 */
export class SweepCache {
  readonly #entries: PerNationMap<{
    tMs: number;
    region: SweptImpactRegion | null;
    hit: SweptHit | null;
  }>;
  constructor(
    readonly everyMs = 5_000,
    perNation = SWEEPS_PER_NATION,
    maxAgeMs = PICTURE_STATE_MAX_AGE_MS,
  ) {
    this.#entries = new PerNationMap(perNation, maxAgeMs);
  }

  get(id: string, tMs: number, make: () => { region: SweptImpactRegion | null; hit: SweptHit | null }) {
    const e = this.#entries.get(id);
    if (e && tMs >= e.tMs && tMs - e.tMs < this.everyMs) {
      this.#entries.touch(id, tMs);
      return e;
    }
    const made = { tMs, ...make() };
    // No region yet (the heading not known) is cheap to find out again, and may change any second.
    if (made.region) this.#entries.set(id, made, tMs);
    else this.#entries.delete(id);
    return made;
  }

  forget(id: string): void {
    this.#entries.delete(id);
  }

  /** Forgets the regions of objects not assessed since before `nowMs - maxAgeMs`. */
  prune(nowMs: number): void {
    this.#entries.prune(nowMs);
  }

  /** Regions cached for objects named after `nation`. */
  sizeOf(nation: string): number {
    return this.#entries.sizeOf(nation);
  }
}

/**
 * Widest 95 % ellipse of a specific impact warning, m. 50 km: the width of a territorial sea and
 * EEZ boundary's uncertainty at the scale of a prefecture; measured on the bundled scenarios, a
 * coasting object's ellipse is a few km once its track has settled (`concord bench warnings`).
 */
export const IMPACT_MAX_SEMI_MAJOR_M = 50_000;

export const DEFAULT_CORRIDOR_RANGE_M = 5_500_000;

const coast = ballistic({ accelerationNoiseM2pS3: 0 });

/**
 * Assesses one picture object for `nation`: propagates its state ballistically (gravity with J2,
 * rotating Earth, no thrust) to the ellipsoid and warns if the ground track crosses the nation's
 * land or one of its bases (overflight), or the predicted impact point lies in its land,
 * territorial sea, EEZ or a base (impact). While the object may still be boosting (`phase:
 * 'boost'`), that prediction falls short of where it will go, so its heading is also followed
 * along the great circle up to `corridorRangeM` (possible overflight). Pure.
 * @example assessTrack(track, 'JPN', areas, nowMs) // [{ reason: 'overflight', zone: 'land', timeToEventS: 312, ... }]
 */
export function assessTrack(
  track: PictureTrack,
  nation: Nation,
  areas: ProtectedAreas,
  nowMs: number,
  options: AssessOptions = {},
): Warning[] {
  if (!positionKnown(track, options)) return [];
  const phase = options.phase ?? 'ballistic';
  const out: Warning[] = [];
  if (fastEnough(track, options)) out.push(...ballisticWarnings(track, nation, areas, nowMs, phase, options));
  if (phase !== 'boost') options.sweepCache?.forget(track.id);
  if (phase === 'boost') {
    if (!out.some((w) => w.reason === 'overflight')) {
      const possible = corridorWarning(track, nation, areas, nowMs, options);
      if (possible) out.push(possible);
    }
    const swept = sweptImpactWarning(track, nation, areas, nowMs, options);
    if (swept) out.push(swept);
  }
  return out;
}

function positionKnown(track: PictureTrack, options: Pick<AssessOptions, 'maxPositionSigmaM'>): boolean {
  const sigma = Math.sqrt(track.P[0]! + track.P[7]! + track.P[14]!);
  return sigma <= (options.maxPositionSigmaM ?? 5_000);
}

function fastEnough(track: PictureTrack, options: Pick<AssessOptions, 'minSpeedMps'>): boolean {
  return Math.hypot(track.x[3]!, track.x[4]!, track.x[5]!) >= (options.minSpeedMps ?? 1_000);
}

/**
 * Whether `assessTrack` judges the object's ballistic flight at all: its position known to
 * `maxPositionSigmaM` and its speed at least `minSpeedMps`. A re-entering body slowed by the air
 * below that speed (a glide vehicle's dive, a KN-23's last seconds) is not judged: its silence is
 * no evidence against a warning already issued.
 */
export function assessable(track: PictureTrack, options: AssessOptions = {}): boolean {
  return positionKnown(track, options) && fastEnough(track, options);
}

function ballisticWarnings(
  track: PictureTrack,
  nation: Nation,
  areas: ProtectedAreas,
  nowMs: number,
  phase: FlightPhase,
  options: AssessOptions,
): Warning[] {
  const out: Warning[] = [];
  const stepS = options.stepS ?? 10;
  const x = Float64Array.from(track.x);
  const next = new Float64Array(6);
  let landed: LatLon | null = null;
  let overflown = false;
  let prev: LatLon = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
  // Already over the nation's land: the overflight is now.
  if (areas.territories.isIn(nation, prev.latDeg, prev.lonDeg)) {
    overflown = true;
    out.push(warning(track, nation, 'overflight', 'land', `${nation} land`, phase, nowMs, track.tMs, prev));
  }
  // Two hours covers the longest flights (a lofted ICBM falls ~70 minutes after launch).
  for (let tS = 0; tS < 7_200; tS += stepS) {
    coast.propagate(x, stepS, next);
    x.set(next);
    const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
    if (g.hM <= 0) {
      landed = g;
      break;
    }
    if (!overflown) {
      const eventMs = track.tMs + (tS + stepS) * 1000;
      const base = areas.baseAlong(prev, g, nation);
      if (base) {
        overflown = true;
        out.push(warning(track, nation, 'overflight', 'base', base.name, phase, nowMs, eventMs, base));
      } else if (areas.territories.isIn(nation, g.latDeg, g.lonDeg)) {
        overflown = true;
        out.push(warning(track, nation, 'overflight', 'land', `${nation} land`, phase, nowMs, eventMs, g));
      }
    }
    prev = g;
  }
  // The precise impact and its ellipse (sigma points: costly) only when the coarse landing point
  // is in one of the nation's areas, or the object may manoeuvre on lift and land elsewhere. Under
  // thrust the no-thrust landing point is only the near end of where the object may come down: the
  // swept region speaks for the boost phase instead.
  const mayManoeuvre =
    options.region?.manoeuvre !== false && canManoeuvre(track.x, options.region?.manoeuvre);
  if (
    phase === 'ballistic' &&
    landed &&
    (mayManoeuvre || areas.areaOf(landed.latDeg, landed.lonDeg, nation))
  ) {
    const r = impactRegion(track.tMs / 1000, track.x, track.P, 'ballistic', options.region);
    const impact = r?.kind === 'ellipse' ? r.prediction : null;
    const corridor = r?.kind === 'ellipse' ? r.manoeuvre : undefined;
    const hit = impact && areas.areaOf(impact.latDeg, impact.lonDeg, nation);
    const gridM = options.sweptGridM ?? 20_000;
    const reach = impact && !hit && corridor ? firstAreaIn(corridor, nation, areas, gridM) : null;
    if (impact && (hit || reach)) {
      const { semiMajorM, semiMinorM, orientationDeg } = impact.ellipse;
      // Specific only when the ellipse is tight and, for an object that may manoeuvre, every
      // landing its lift still allows is in the nation's areas: a pull-up or a glide then moves the
      // point, not the nation warned.
      const tight =
        hit !== null &&
        semiMajorM <= (options.impactMaxSemiMajorM ?? IMPACT_MAX_SEMI_MAJOR_M) &&
        (corridor === undefined || regionWithin(corridor, nation, areas, gridM));
      const reason = tight ? 'impact' : 'possible-impact';
      const where = hit ?? reach!;
      const at = hit ? impact : reach!.at;
      // Reached by the manoeuvre corridor only: not the ballistic landing's time but that of the
      // flights still possible that come down there (a glide takes longer than the arc).
      const arrival = hit ? null : arrivalWindowS(corridor!, reach!.alongM, 0);
      const eventMs = arrival ? track.tMs + arrival.earliestS * 1000 : impact.impactTS * 1000;
      out.push({
        ...warning(track, nation, reason, where.zone, where.area, phase, nowMs, eventMs, at),
        ...(arrival ? { eventLatestMs: track.tMs + arrival.latestS * 1000 } : {}),
        ellipse: { semiMajorM, semiMinorM, orientationDeg },
        ...(corridor ? { swept: outline(corridor) } : {}),
      });
    }
  }
  return out;
}

/**
 * A possibly boosting object's swept impact region (every burnout still possible, up to
 * `corridorRangeM`) tested against the nation's areas: its bases (inside the region or within
 * their radius of its centre line's band) and a grid of points at most `sweptGridM` apart over the
 * region, nearest first. The first area found is the possible impact, between the least and the
 * greatest time of flight of the sampled burnouts that come down near it (`arrivalWindowS`): the
 * earliest the object could come down there, not the time to fly over it, and not 0 when the
 * region's near end (pulled back by the track's uncertainty) starts under the object.
 */
function sweptImpactWarning(
  track: PictureTrack,
  nation: Nation,
  areas: ProtectedAreas,
  nowMs: number,
  options: AssessOptions,
): Warning | null {
  const make = () => {
    const region = sweptImpactRegion(track.x, track.P, {
      ...options.region?.sweep,
      maxRangeM: options.corridorRangeM ?? options.region?.sweep?.maxRangeM ?? DEFAULT_CORRIDOR_RANGE_M,
      minHorizontalSpeedMps:
        options.corridorMinSpeedMps ??
        options.region?.sweep?.minHorizontalSpeedMps ??
        DEFAULT_SWEEP.minHorizontalSpeedMps,
    });
    const area = region ? firstAreaIn(region, nation, areas, options.sweptGridM ?? 20_000) : null;
    const arrival = area ? arrivalWindowS(region!, area.alongM, SWEEP_ARRIVAL_WINDOW_M) : null;
    const hit: SweptHit | null =
      area && arrival
        ? {
            ...area,
            eventMs: track.tMs + arrival.earliestS * 1000,
            eventLatestMs: track.tMs + arrival.latestS * 1000,
          }
        : null;
    return { region, hit };
  };
  const { region, hit } = options.sweepCache ? options.sweepCache.get(track.id, track.tMs, make) : make();
  if (!region || !hit) return null;
  return {
    ...warning(track, nation, 'possible-impact', hit.zone, hit.area, 'boost', nowMs, hit.eventMs, hit.at),
    eventLatestMs: hit.eventLatestMs,
    swept: outline(region),
  };
}

/** A region's outline for a warning: points 100 km apart along it, to a metre-ish 1e-3 degree. */
function outline(region: SweptImpactRegion): LatLon[] {
  return sweptRegionOutline(region, 100_000).map((p) => ({
    latDeg: Math.round(p.latDeg * 1e3) / 1e3,
    lonDeg: Math.round(p.lonDeg * 1e3) / 1e3,
  }));
}

/**
 * Whether every point of a region, on a grid at most `gridM` apart (its edges and centre line),
 * lies in one of the nation's areas (land, territorial sea, EEZ or a base).
 */
function regionWithin(
  region: SweptImpactRegion,
  nation: Nation,
  areas: ProtectedAreas,
  gridM: number,
): boolean {
  for (const s of sampleAlong(region, gridM)) {
    const band = corridorBand(region, s)!;
    const n = Math.max(2, Math.ceil((band.crossMaxM - band.crossMinM) / gridM));
    for (let k = 0; k <= n; k++) {
      const p = corridorPoint(region, s, band.crossMinM + ((band.crossMaxM - band.crossMinM) * k) / n);
      if (!areas.areaOf(p.latDeg, p.lonDeg, nation)) return false;
    }
  }
  return true;
}

/** The nearest (along the corridor) of the nation's areas inside a swept region. */
function firstAreaIn(
  region: SweptImpactRegion,
  nation: Nation,
  areas: ProtectedAreas,
  gridM: number,
): AreaInRegion | null {
  let best: AreaInRegion | null = null;
  // Bases are small (a radius of a few km): tested directly rather than by the grid.
  for (const b of areas.bases) {
    if (b.nation !== nation || !sweptRegionContains(region, b.latDeg, b.lonDeg)) continue;
    const alongM = corridorCoordinatesOf(region, b);
    if (!best || alongM < best.alongM) best = { zone: 'base', area: b.name, at: b, alongM };
  }
  for (const s of sampleAlong(region, gridM)) {
    if (best && s >= best.alongM) break;
    const band = corridorBand(region, s)!;
    const n = Math.max(1, Math.ceil((band.crossMaxM - band.crossMinM) / gridM));
    for (let k = 0; k <= n; k++) {
      const p = corridorPoint(region, s, band.crossMinM + ((band.crossMaxM - band.crossMinM) * k) / n);
      const hit = areas.landOrSeaOf(p.latDeg, p.lonDeg, nation);
      if (hit) return { zone: hit.zone, area: hit.area, at: p, alongM: s };
    }
  }
  return best;
}

function corridorCoordinatesOf(region: SweptImpactRegion, p: LatLon): number {
  return corridorCoordinates(region, p.latDeg, p.lonDeg).alongM;
}

/** The first of the nation's land or bases on the object's heading, followed along the great circle. */
function corridorWarning(
  track: PictureTrack,
  nation: Nation,
  areas: ProtectedAreas,
  nowMs: number,
  options: AssessOptions,
): Warning | null {
  const g = geodeticFromEcef(track.x[0]!, track.x[1]!, track.x[2]!);
  const [east, north] = enuVectorFromEcef(
    siteFromGeodetic(g.latDeg, g.lonDeg, 0),
    track.x[3]!,
    track.x[4]!,
    track.x[5]!,
  );
  const horizontal = Math.hypot(east, north);
  if (horizontal < (options.corridorMinSpeedMps ?? 300)) return null;
  const bearing = (Math.atan2(east, north) * 180) / Math.PI;
  const range = options.corridorRangeM ?? DEFAULT_CORRIDOR_RANGE_M;
  const step = options.corridorStepM ?? 20_000;
  let prev: LatLon = g;
  for (let d = step; d <= range; d += step) {
    const p = destinationPoint(g.latDeg, g.lonDeg, bearing, d);
    const eventMs = track.tMs + possibleArrivalS(d, horizontal) * 1000;
    const base = areas.baseAlong(prev, p, nation);
    if (base)
      return warning(track, nation, 'possible-overflight', 'base', base.name, 'boost', nowMs, eventMs, base);
    if (areas.territories.isIn(nation, p.latDeg, p.lonDeg))
      return warning(
        track,
        nation,
        'possible-overflight',
        'land',
        `${nation} land`,
        'boost',
        nowMs,
        eventMs,
        p,
      );
    prev = p;
  }
  return null;
}

/**
 * When a possibly boosting object, moving at `horizontalMps` over the ground now, may reach a point
 * `groundRangeM` ahead along its heading (s from now): the sooner of two times. (1) At its present
 * horizontal speed: a boosting object only speeds up, but early in boost, climbing nearly
 * vertically, it moves slowly over the ground, and this alone said "in 2128 s" of an SRBM whose
 * whole flight lasted 254 s. (2) The flight still possible: the minimum-energy ballistic flight
 * over that range from the ground (`minimumEnergyFlightTimeS`), the nominal trajectory of a
 * missile whose range reaches the point. The object already has height and speed, so on such a
 * trajectory it arrives no later; a depressed trajectory arrives sooner, a lofted one later (which
 * a profile-aware bound, with the missile class, is to judge: issue 18's next slice). Never larger
 * than (2): a warning's lead time does not outlast the flight that could bring the event about.
 * @example possibleArrivalS(650_000, 300) // 376 (not 2167)
 */
export function possibleArrivalS(groundRangeM: number, horizontalMps: number): number {
  return Math.min(groundRangeM / horizontalMps, minimumEnergyFlightTimeS(groundRangeM));
}

function warning(
  track: PictureTrack,
  nation: Nation,
  reason: WarningReason,
  zone: AreaZone,
  area: string,
  phase: FlightPhase,
  nowMs: number,
  eventMs: number,
  at: LatLon,
): Warning {
  return {
    trackId: track.id,
    nation,
    reason,
    zone,
    area,
    phase,
    issuedMs: nowMs,
    eventMs,
    timeToEventS: Math.round((eventMs - nowMs) / 100) / 10,
    latDeg: Math.round(at.latDeg * 1e4) / 1e4,
    lonDeg: Math.round(at.lonDeg * 1e4) / 1e4,
  };
}

/**
 * Specific mechanical energy in the Earth-fixed frame (the Jacobi integral, J/kg): constant in
 * free flight under central gravity, rising while a motor burns. J2 and drag change it slowly.
 */
export function jacobiEnergy(x: ArrayLike<number>): number {
  const r = Math.hypot(x[0]!, x[1]!, x[2]!);
  const v2 = x[3]! ** 2 + x[4]! ** 2 + x[5]! ** 2;
  return v2 / 2 - GM_M3PS2 / r - (OMEGA_EARTH_RADPS ** 2 * (x[0]! ** 2 + x[1]! ** 2)) / 2;
}

/** Energy gain (J/kg/s) above which an object is taken to be under thrust. */
export const BOOST_POWER_W_PER_KG = 5_000;

/** How long an object is watched before it may be judged coasting, ms. */
export const PHASE_WINDOW_MS = 30_000;

/**
 * Tells boosting from coasting objects by their energy over a window: an object is `boost` until
 * it has been watched for `windowMs` and its energy gain over the last window, the least-squares
 * slope of every sample in it, is below `BOOST_POWER_W_PER_KG`; once coasting it stays so (no
 * re-ignition is modelled). A young track's velocity lags the truth under thrust, so the window is
 * long and the slope fitted rather than taken between its two ends: on the lofted ICBM scenario a
 * track first seen 55 s after launch gained ~6 kW/kg between the ends of its first 20 s (the truth
 * 14) and was judged coasting 180 s before burn-out; with 30 s and a fitted slope no track of the
 * bundled scenarios (seeds 1-3) is judged coasting before burn-out, and each is ~30 s after it.
 */
export class PhaseTracker {
  readonly #samples: PerNationMap<{ tMs: number; e: number }[]>;
  readonly #coasting: PerNationMap<true>;
  /** Objects are remembered per nation of their id (`perNation`, `maxAgeMs`: see PICTURE_STATE_MAX_AGE_MS). */
  constructor(
    private readonly windowMs = PHASE_WINDOW_MS,
    perNation = PHASES_PER_NATION,
    maxAgeMs = PICTURE_STATE_MAX_AGE_MS,
  ) {
    this.#samples = new PerNationMap(perNation, maxAgeMs);
    this.#coasting = new PerNationMap(perNation, maxAgeMs);
  }

  phase(id: string, tMs: number, x: ArrayLike<number>): FlightPhase {
    if (this.#coasting.touch(id, tMs)) return 'ballistic';
    const list = this.#samples.get(id) ?? [];
    const last = list.at(-1);
    if (!last || tMs > last.tMs) list.push({ tMs, e: jacobiEnergy(x) });
    // Kept: the window, and the sample just before it (so that a full window can be told).
    while (list.length > 3 && tMs - list[1]!.tMs >= this.windowMs) list.shift();
    this.#samples.set(id, list, tMs);
    const spanMs = tMs - list[0]!.tMs;
    if (spanMs >= this.windowMs && list.length >= 3 && energySlope(list) < BOOST_POWER_W_PER_KG) {
      this.#coasting.set(id, true, tMs);
      this.#samples.delete(id);
      return 'ballistic';
    }
    return 'boost';
  }

  forget(id: string): void {
    this.#samples.delete(id);
    this.#coasting.delete(id);
  }

  /** Forgets the objects not assessed since before `nowMs - maxAgeMs`. */
  prune(nowMs: number): void {
    this.#samples.prune(nowMs);
    this.#coasting.prune(nowMs);
  }

  /** Objects whose phase is remembered (watched or judged coasting), named after `nation`. */
  sizeOf(nation: string): number {
    return this.#samples.sizeOf(nation) + this.#coasting.sizeOf(nation);
  }
}

/** Least-squares slope of energy against time, J/kg/s. */
function energySlope(list: readonly { tMs: number; e: number }[]): number {
  let mt = 0;
  let me = 0;
  for (const s of list) {
    mt += s.tMs / 1000;
    me += s.e;
  }
  mt /= list.length;
  me /= list.length;
  let num = 0;
  let den = 0;
  for (const s of list) {
    const dt = s.tMs / 1000 - mt;
    num += dt * (s.e - me);
    den += dt * dt;
  }
  return den > 0 ? num / den : Number.POSITIVE_INFINITY;
}
