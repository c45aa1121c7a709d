import { ecefVectorFromEnu, enuVectorFromEcef, geodeticFromEcef, siteFromGeodetic } from '../geo/index.js';
import { ballistic } from './ballistic.js';
import { ellipseContains, type ImpactPrediction, predictImpact } from './impact.js';
import {
  canManoeuvre,
  DEFAULT_MANOEUVRE,
  type ManoeuvreOptions,
  manoeuvreLandings,
} from './manoeuvre-reach.js';
import type { TransitionModel } from './types.js';

/**
 * Where an object that may still be under thrust can come down: the impact points of every burnout
 * still possible, swept into a corridor along its heading. The corridor is described on the sphere
 * (geodetic latitude and longitude taken as spherical coordinates; the region is built and tested
 * in the same coordinates) from an origin (the object's sub-point) and a bearing: each station
 * gives, at a distance along that great circle, the band of cross-track offsets (left negative,
 * right positive) inside the region. Between stations the band is interpolated linearly.
 */
export interface SweptImpactRegion {
  readonly originLatDeg: number;
  readonly originLonDeg: number;
  /** Bearing of the corridor's great circle at the origin, degrees clockwise from north. */
  readonly bearingDeg: number;
  /** Ordered by `alongM`, at least two. */
  readonly stations: readonly { alongM: number; crossMinM: number; crossMaxM: number }[];
  /** Half-angle of the heading fan (the track's heading uncertainty, at least the floor), degrees. */
  readonly headingSpreadDeg: number;
  /** The burnout sweep reached `maxRangeM` before running out of samples (the far end is the assumed range). */
  readonly cappedAtMaxRange: boolean;
  /**
   * The sampled flights' landings, ordered by `alongM`: where each comes down and how long after the
   * state the region was made from (s). What `arrivalWindowS` reads the time of an event from.
   */
  readonly landings: readonly CorridorLanding[];
  /** The integration step of those flights, s: their times are known to about a step. */
  readonly flightStepS: number;
}

/**
 * One sampled flight of a corridor: its landing's along-track distance (m) and its time of flight
 * (s); for a manoeuvring flight, also its along-track distance on the way (`path`, increasing times).
 */
export interface CorridorLanding {
  readonly alongM: number;
  readonly flightS: number;
  readonly path?: readonly { alongM: number; tS: number }[];
}

/**
 * When the object could come down at `alongM` along a region's corridor, s after the state the
 * region was made from: the least and the greatest time of flight of the sampled landings within
 * `windowM` of that distance, with the nearest landing either side of it (a flight that lands
 * there lies between its neighbours). Before the nearest landing (the corridor's near end is
 * pulled back by the track's uncertainty) the nearest landings give it; past the farthest, the
 * farthest. A point under the object is not reached in 0 s: the object must still fall to it.
 * Where a flight with a path (a manoeuvre) flies on past the point, the earliest is the first time
 * such a flight is over it (a flight that comes down there flew no faster than the one that flew
 * on, and a landing short of it says nothing of when it is reached); landings short of the point
 * then count only for the latest. The window is widened by the flights' integration step either
 * way (`flightStepS`; never before 0). Null when the region has no landings.
 * @example arrivalWindowS(region, 650_000, 100_000) // { earliestS: 301, latestS: 362 }
 */
export function arrivalWindowS(
  region: Pick<SweptImpactRegion, 'landings' | 'flightStepS'>,
  alongM: number,
  windowM: number,
): { earliestS: number; latestS: number } | null {
  const ls = region.landings;
  if (ls.length === 0) return null;
  let earliestS = Number.POSITIVE_INFINITY;
  let latestS = Number.NEGATIVE_INFINITY;
  const take = (l: CorridorLanding): void => {
    earliestS = Math.min(earliestS, l.flightS);
    latestS = Math.max(latestS, l.flightS);
  };
  let below: CorridorLanding | undefined;
  let above: CorridorLanding | undefined;
  for (const l of ls) {
    if (l.alongM <= alongM) below = l;
    else if (!above) above = l;
    if (Math.abs(l.alongM - alongM) <= windowM) take(l);
  }
  // The neighbours either side; at an end, the landings at that end (within the window of it).
  const ends = (edge: CorridorLanding) => {
    for (const l of ls) if (Math.abs(l.alongM - edge.alongM) <= windowM) take(l);
  };
  if (below) take(below);
  else ends(ls[0]!);
  if (above) take(above);
  else ends(ls[ls.length - 1]!);
  let overS = Number.POSITIVE_INFINITY;
  for (const l of ls) if (l.path && l.alongM >= alongM) overS = Math.min(overS, timeOverS(l.path, alongM));
  if (overS < Number.POSITIVE_INFINITY) earliestS = overS;
  return {
    earliestS: Math.max(0, earliestS - region.flightStepS),
    latestS: Math.max(latestS, earliestS) + region.flightStepS,
  };
}

/** The first time a path is at `alongM` along the corridor (linear between its points), s. */
function timeOverS(path: readonly { alongM: number; tS: number }[], alongM: number): number {
  if (path[0]!.alongM >= alongM) return path[0]!.tS;
  for (let i = 1; i < path.length; i++) {
    const p = path[i - 1]!;
    const q = path[i]!;
    if (q.alongM >= alongM) return p.tS + ((q.tS - p.tS) * (alongM - p.alongM)) / (q.alongM - p.alongM);
  }
  return path[path.length - 1]!.tS;
}

/** Parameters of the burnout sweep. */
export interface SweepOptions {
  /**
   * How far the object may still fly, m (from its sub-point now). The class of a missile seen in
   * boost is not known to a node: assumed 5,500 km, the IRBM/ICBM boundary, as the heading corridor.
   */
  readonly maxRangeM?: number;
  /** Slower than this over the ground (m/s), the heading is not known well enough for a corridor. */
  readonly minHorizontalSpeedMps?: number;
  /** Least half-angle of the heading fan, degrees (the thrust's heading is not the velocity's). */
  readonly headingFloorDeg?: number;
  /** Least half-width of the corridor, m, added to the sweep's own spread. */
  readonly widthFloorM?: number;
  /** Elevations of the remaining thrust above the local horizontal, degrees (depressed to lofted). */
  readonly thrustElevationsDeg?: readonly number[];
  /** Velocity still to be gained, m/s, sampled in increasing order from 0. */
  readonly deltaVsMps?: readonly number[];
  /** Integration step of the swept flights, s (RK4; coarse on purpose: a corridor is tens of km wide). */
  readonly stepS?: number;
  /** Give up on a swept flight (orbit or escape) after this long, s. */
  readonly maxFlightS?: number;
  /** Multiplier on 1-sigma heading and position uncertainty (2.45: the 95 % radius in 2-D). */
  readonly sigmaK?: number;
}

export const DEFAULT_SWEEP = {
  maxRangeM: 5_500_000,
  minHorizontalSpeedMps: 300,
  headingFloorDeg: 1,
  widthFloorM: 15_000,
  thrustElevationsDeg: [5, 25, 45, 65],
  deltaVsMps: [0, 150, 300, 500, 750, 1000, 1400, 1800, 2300, 2800, 3400, 4000, 4800, 5600],
  stepS: 20,
  maxFlightS: 4_000,
  sigmaK: 2.45,
} as const;

const DEG = Math.PI / 180;
const R_M = 6_371_008.8;

type V3 = [number, number, number];

function unitFromLatLon(latDeg: number, lonDeg: number): V3 {
  const la = latDeg * DEG;
  const lo = lonDeg * DEG;
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

function dot(a: V3, b: V3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function cross(a: V3, b: V3): V3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

interface CorridorFrame {
  readonly a: V3;
  readonly t: V3;
  readonly n: V3;
  /** What the frame was made from (a caller's object may be changed in place). */
  readonly of: readonly [number, number, number];
}
type CorridorOrigin = Pick<SweptImpactRegion, 'originLatDeg' | 'originLonDeg' | 'bearingDeg'>;

/**
 * Each region's frame, made once: a warning walks thousands of points of one region, and the frame
 * costs six trigonometric calls. Keyed by the region object, so the entries go with the regions.
 */
const frames = new WeakMap<CorridorOrigin, CorridorFrame>();

function frame(region: CorridorOrigin): CorridorFrame {
  let f = frames.get(region);
  if (
    f === undefined ||
    f.of[0] !== region.originLatDeg ||
    f.of[1] !== region.originLonDeg ||
    f.of[2] !== region.bearingDeg
  ) {
    f = makeFrame(region);
    frames.set(region, f);
  }
  return f;
}

/** The corridor's frame: origin A, tangent t along the bearing, pole n = A x t (to the left). */
function makeFrame(region: CorridorOrigin): CorridorFrame {
  const a = unitFromLatLon(region.originLatDeg, region.originLonDeg);
  const la = region.originLatDeg * DEG;
  const lo = region.originLonDeg * DEG;
  const east: V3 = [-Math.sin(lo), Math.cos(lo), 0];
  const north: V3 = [-Math.sin(la) * Math.cos(lo), -Math.sin(la) * Math.sin(lo), Math.cos(la)];
  const b = region.bearingDeg * DEG;
  const t: V3 = [
    Math.sin(b) * east[0] + Math.cos(b) * north[0],
    Math.sin(b) * east[1] + Math.cos(b) * north[1],
    Math.sin(b) * east[2] + Math.cos(b) * north[2],
  ];
  return { a, t, n: cross(a, t), of: [region.originLatDeg, region.originLonDeg, region.bearingDeg] };
}

/** Along-track and cross-track (right of the bearing positive) distances of a point, m. */
export function corridorCoordinates(
  region: Pick<SweptImpactRegion, 'originLatDeg' | 'originLonDeg' | 'bearingDeg'>,
  latDeg: number,
  lonDeg: number,
): { alongM: number; crossM: number } {
  const { a, t, n } = frame(region);
  const p = unitFromLatLon(latDeg, lonDeg);
  const c = Math.asin(Math.max(-1, Math.min(1, dot(p, n))));
  return { alongM: Math.atan2(dot(p, t), dot(p, a)) * R_M, crossM: -c * R_M };
}

/** The point at along-track and cross-track distances (m) in the corridor's frame. */
export function corridorPoint(
  region: Pick<SweptImpactRegion, 'originLatDeg' | 'originLonDeg' | 'bearingDeg'>,
  alongM: number,
  crossM: number,
): { latDeg: number; lonDeg: number } {
  const { a, t, n } = frame(region);
  const s = alongM / R_M;
  const c = -crossM / R_M;
  const cc = Math.cos(c);
  const sc = Math.sin(c);
  const cs = Math.cos(s);
  const ss = Math.sin(s);
  const px = cc * (cs * a[0] + ss * t[0]) + sc * n[0];
  const py = cc * (cs * a[1] + ss * t[1]) + sc * n[1];
  const pz = cc * (cs * a[2] + ss * t[2]) + sc * n[2];
  return { latDeg: Math.asin(pz) / DEG, lonDeg: Math.atan2(py, px) / DEG };
}

/** The band [crossMinM, crossMaxM] of the corridor at `alongM`, or null outside its length. */
export function corridorBand(
  region: SweptImpactRegion,
  alongM: number,
): { crossMinM: number; crossMaxM: number } | null {
  const st = region.stations;
  if (alongM < st[0]!.alongM || alongM > st[st.length - 1]!.alongM) return null;
  let i = 0;
  while (i < st.length - 2 && st[i + 1]!.alongM < alongM) i++;
  const p = st[i]!;
  const q = st[i + 1]!;
  const f = q.alongM > p.alongM ? (alongM - p.alongM) / (q.alongM - p.alongM) : 0;
  return {
    crossMinM: p.crossMinM + f * (q.crossMinM - p.crossMinM),
    crossMaxM: p.crossMaxM + f * (q.crossMaxM - p.crossMaxM),
  };
}

/** Whether a point on the ground lies in the swept region. */
export function sweptRegionContains(region: SweptImpactRegion, latDeg: number, lonDeg: number): boolean {
  const { alongM, crossM } = corridorCoordinates(region, latDeg, lonDeg);
  const band = corridorBand(region, alongM);
  return band !== null && crossM >= band.crossMinM && crossM <= band.crossMaxM;
}

/**
 * The outline of the region as a closed polygon (left edge out, right edge back), at most `stepM`
 * between points along the corridor: for display, and to say in a warning what area is swept.
 */
export function sweptRegionOutline(
  region: SweptImpactRegion,
  stepM = 50_000,
): { latDeg: number; lonDeg: number }[] {
  const left: { latDeg: number; lonDeg: number }[] = [];
  const right: { latDeg: number; lonDeg: number }[] = [];
  for (const s of sampleAlong(region, stepM)) {
    const band = corridorBand(region, s)!;
    left.push(corridorPoint(region, s, band.crossMinM));
    right.push(corridorPoint(region, s, band.crossMaxM));
  }
  return [...left, ...right.reverse()];
}

/**
 * The area of a region on the ground, m^2: its band integrated along the corridor (trapezoids
 * between stations; the shrinking of along-track lengths away from the centre line, under 2 % at
 * 1,000 km off it, neglected). What `concord bench warnings` reports as the area swept.
 * @example sweptRegionAreaM2({ ...frame, stations: [{ alongM: 0, crossMinM: -1e3, crossMaxM: 1e3 }, { alongM: 1e4, crossMinM: -1e3, crossMaxM: 1e3 }], ... }) // 2e7
 */
export function sweptRegionAreaM2(region: Pick<SweptImpactRegion, 'stations'>): number {
  let area = 0;
  const st = region.stations;
  for (let i = 1; i < st.length; i++) {
    const p = st[i - 1]!;
    const q = st[i]!;
    area += ((q.alongM - p.alongM) * (p.crossMaxM - p.crossMinM + q.crossMaxM - q.crossMinM)) / 2;
  }
  return area;
}

/** Distances along the corridor from its start to its end, at most `stepM` apart, ends and stations included. */
export function sampleAlong(region: SweptImpactRegion, stepM: number): number[] {
  const out: number[] = [];
  const st = region.stations;
  for (let i = 0; i < st.length - 1; i++) {
    const a = st[i]!.alongM;
    const b = st[i + 1]!.alongM;
    const n = Math.max(1, Math.ceil((b - a) / stepM));
    for (let k = 0; k < n; k++) out.push(a + ((b - a) * k) / n);
  }
  out.push(st[st.length - 1]!.alongM);
  return out;
}

/**
 * Half-width (m) the heading fan adds to the band at the station `alongM` along the corridor. A
 * landing `r` along the sampled heading, turned by up to `spreadRad` either way, lies at
 * (r cos φ, r sin φ): at `s` along, `s tan φ` across, and `r = s / cos φ` is at most the farthest
 * landing `farM`. The fan is that sector, min(s tan(spread), sqrt(far² − s²)): finite when the
 * heading is barely known (a spread of 90° is a half disc, not an endless band). The band is linear
 * between stations at most `stepM` apart, which is exact for `s tan(spread)` but not where the arc
 * binds: within a step of the arc, a station takes the sector's widest over the stations either side
 * (`tan(spread)` a step on, the arc a step back), so that the band between them covers the sector.
 * @example fanHalfWidthM(Math.PI / 180, 1_000_000, 5_500_000, 100_000) // 17_455 (1,000 km at 1°)
 * @example fanHalfWidthM(Math.PI / 2, 0, 5_500_000, 100_000) // 5_500_000 (the half disc's radius)
 */
export function fanHalfWidthM(spreadRad: number, alongM: number, farM: number, stepM: number): number {
  const tan = Math.tan(spreadRad);
  const s = Math.max(alongM, 0);
  const arc = (at: number) => Math.sqrt(Math.max(0, farM * farM - at * at));
  const ahead = tan * (s + stepM);
  if (arc(Math.abs(alongM) + stepM) >= ahead) return tan * s;
  return Math.min(ahead, arc(Math.max(0, Math.abs(alongM) - stepM)));
}

/** Flies x (copied) from now until h <= 0; the crossing interpolated linearly within the last step. */
function landCoarse(model: TransitionModel, x0: ArrayLike<number>, stepS: number, maxFlightS: number) {
  const x = Float64Array.from(x0);
  const next = new Float64Array(6);
  let h = geodeticFromEcef(x[0]!, x[1]!, x[2]!).hM;
  for (let t = 0; t < maxFlightS; t += stepS) {
    model.propagate(x, stepS, next);
    const g = geodeticFromEcef(next[0]!, next[1]!, next[2]!);
    if (g.hM <= 0) {
      const f = h / (h - g.hM);
      const lx = x[0]! + f * (next[0]! - x[0]!);
      const ly = x[1]! + f * (next[1]! - x[1]!);
      const lz = x[2]! + f * (next[2]! - x[2]!);
      const at = geodeticFromEcef(lx, ly, lz);
      return { latDeg: at.latDeg, lonDeg: at.lonDeg, flightS: t + f * stepS };
    }
    h = g.hM;
    x.set(next);
  }
  return null;
}

/**
 * The region where an object that may still be under thrust can come down. Every burnout still
 * possible is sampled as an impulse added now to the velocity: `deltaVsMps` at each of
 * `thrustElevationsDeg` above the horizon, along the heading; each sample is flown ballistically
 * (J2, rotating Earth) to the ground. Thrust only adds range (the nearest sample is the impact if
 * the motor stopped now), and the sweep stops at `maxRangeM`. The impacts, in the corridor frame of
 * the object's sub-point and heading, give the band at each distance; the band is then widened by
 * the heading fan (max(floor, k sigma) of the track's heading, times the distance) and by
 * k sigma of the horizontal position plus `widthFloorM`, and its near end pulled back by as much.
 * An impulse now stands for a burn spread over the time left: the burnout is further on and higher
 * than the object is now, which the widening covers (measured by `concord bench warnings`).
 * Returns null when the object moves too slowly over the ground for its heading to mean anything
 * (a missile in its vertical rise), or when no sample comes down.
 */
export function sweptImpactRegion(
  x: ArrayLike<number>,
  P: ArrayLike<number>,
  options: SweepOptions = {},
): SweptImpactRegion | null {
  const o = { ...DEFAULT_SWEEP, ...options };
  const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
  const site = siteFromGeodetic(g.latDeg, g.lonDeg, 0);
  const [ve, vn] = enuVectorFromEcef(site, x[3]!, x[4]!, x[5]!);
  const horizontal = Math.hypot(ve, vn);
  if (horizontal < o.minHorizontalSpeedMps) return null;
  const bearingDeg = (Math.atan2(ve, vn) / DEG + 360) % 360;
  const region0 = { originLatDeg: g.latDeg, originLonDeg: g.lonDeg, bearingDeg };

  // Heading and horizontal position uncertainty from the covariance, in the local frame.
  const ue = ve / horizontal;
  const un = vn / horizontal;
  const variance = (i0: number, e: number, n: number): number => {
    // Variance of the horizontal component (e, n) of the 3-vector block at i0 (0: position, 3: velocity).
    const ax = ecefVectorFromEnu(site, e, n, 0);
    let v = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += ax[i]! * P[(i0 + i) * 6 + i0 + j]! * ax[j]!;
    return Math.max(v, 0);
  };
  const headingSigmaRad = Math.sqrt(variance(3, -un, ue)) / horizontal;
  const positionSigmaM = Math.sqrt(variance(0, -un, ue));
  const alongSpeedSigmaMps = Math.sqrt(variance(3, ue, un));
  const spreadRad = Math.min(Math.PI / 2, Math.max(o.headingFloorDeg * DEG, o.sigmaK * headingSigmaRad));
  const marginM = o.widthFloorM + o.sigmaK * positionSigmaM;

  const model = ballistic({ accelerationNoiseM2pS3: 0, maxStepS: o.stepS });
  const points: { alongM: number; crossM: number; flightS: number }[] = [];
  let capped = false;
  let noThrustFlightS = 0;
  const b = Math.atan2(ve, vn);
  const eh = Math.sin(b);
  const nh = Math.cos(b);
  const xb = new Float64Array(6);
  for (const elDeg of o.thrustElevationsDeg) {
    const el = elDeg * DEG;
    const d = ecefVectorFromEnu(site, Math.cos(el) * eh, Math.cos(el) * nh, Math.sin(el));
    for (const dv of o.deltaVsMps) {
      for (let i = 0; i < 3; i++) {
        xb[i] = x[i]!;
        xb[3 + i] = x[3 + i]! + dv * d[i]!;
      }
      const l = landCoarse(model, xb, o.stepS, o.maxFlightS);
      if (!l) break;
      if (dv === 0) noThrustFlightS = l.flightS;
      const c = corridorCoordinates(region0, l.latDeg, l.lonDeg);
      if (c.alongM > o.maxRangeM) {
        capped = true;
        break;
      }
      points.push({ ...c, flightS: l.flightS });
    }
  }
  if (points.length === 0) return null;
  points.sort((p, q) => p.alongM - q.alongM);
  const nearM = points[0]!.alongM;
  const farM = capped ? o.maxRangeM : points[points.length - 1]!.alongM;
  // The band of the sampled impacts, on stations at most 100 km apart: each station takes the
  // impacts between its neighbours (interpolated where the samples are sparse).
  const stepM = 100_000;
  const n = Math.max(1, Math.ceil((farM - nearM) / stepM));
  const stations: { alongM: number; crossMinM: number; crossMaxM: number }[] = [];
  for (let k = 0; k <= n; k++) {
    const s = nearM + ((farM - nearM) * k) / n;
    const lo = s - stepM;
    const hi = s + stepM;
    let cmin = Number.POSITIVE_INFINITY;
    let cmax = Number.NEGATIVE_INFINITY;
    for (const p of points) {
      if (p.alongM < lo || p.alongM > hi) continue;
      cmin = Math.min(cmin, p.crossM);
      cmax = Math.max(cmax, p.crossM);
    }
    if (cmin === Number.POSITIVE_INFINITY) {
      // No sample near this distance: the cross-track of the samples either side, interpolated.
      const c = interpolateCross(points, s);
      cmin = c;
      cmax = c;
    }
    const fan = fanHalfWidthM(spreadRad, s, farM, (farM - nearM) / n);
    stations.push({ alongM: s, crossMinM: cmin - fan - marginM, crossMaxM: cmax + fan + marginM });
  }
  // The near end pulled back: the impact if the motor stopped now is itself uncertain, by the
  // position's and the along-heading speed's uncertainty (over the flight that would follow).
  const first = stations[0]!;
  // At most the corridor's length: a partner's track may carry any velocity covariance, and a
  // region pulled back farther than the object can fly says nothing more.
  const nearMarginM = Math.min(
    marginM + o.sigmaK * alongSpeedSigmaMps * noThrustFlightS,
    Math.max(o.maxRangeM, farM),
  );
  stations.unshift({ ...first, alongM: first.alongM - nearMarginM });
  if (stations.length < 2) stations.push({ ...first, alongM: first.alongM + 1 });
  return {
    ...region0,
    stations,
    headingSpreadDeg: spreadRad / DEG,
    cappedAtMaxRange: capped,
    landings: points.map((p) => ({ alongM: p.alongM, flightS: p.flightS })),
    flightStepS: o.stepS,
  };
}

function interpolateCross(points: readonly { alongM: number; crossM: number }[], s: number): number {
  let before = points[0]!;
  let after = points[points.length - 1]!;
  for (const p of points) {
    if (p.alongM <= s) before = p;
    else {
      after = p;
      break;
    }
  }
  if (after.alongM === before.alongM) return before.crossM;
  const f = (s - before.alongM) / (after.alongM - before.alongM);
  return before.crossM + Math.max(0, Math.min(1, f)) * (after.crossM - before.crossM);
}

/**
 * The corridor where a coasting object able to manoeuvre on lift may come down: the landings of
 * `manoeuvreLandings` with the ballistic prediction's own impact (`nominal`, its time of flight
 * `flightS` from the state, s); the corridor runs along the object's
 * heading from the nearest to the farthest of those landings, as wide as `nominalSemiMajorM` (the
 * impact ellipse, the track's own uncertainty) plus `widthFloorM` either side of them. Null when the object is too
 * slow over the ground for a heading or no flight comes down.
 */
export function manoeuvreCorridor(
  x: ArrayLike<number>,
  nominal: { latDeg: number; lonDeg: number; flightS: number },
  nominalSemiMajorM: number,
  options: ManoeuvreOptions = {},
): SweptImpactRegion | null {
  const g = geodeticFromEcef(x[0]!, x[1]!, x[2]!);
  const [ve, vn] = enuVectorFromEcef(siteFromGeodetic(g.latDeg, g.lonDeg, 0), x[3]!, x[4]!, x[5]!);
  if (Math.hypot(ve, vn) < 100) return null;
  const region0 = {
    originLatDeg: g.latDeg,
    originLonDeg: g.lonDeg,
    bearingDeg: ((Math.atan2(ve, vn) * 180) / Math.PI + 360) % 360,
  };
  const points: (CorridorLanding & { crossM: number })[] = [
    { ...corridorCoordinates(region0, nominal.latDeg, nominal.lonDeg), flightS: nominal.flightS },
  ];
  for (const l of manoeuvreLandings(x, options)) {
    const path = l.path.map((q) => ({
      alongM: corridorCoordinates(region0, q.latDeg, q.lonDeg).alongM,
      tS: q.tS,
    }));
    points.push({ ...corridorCoordinates(region0, l.latDeg, l.lonDeg), flightS: l.flightS, path });
  }
  points.sort((p, q) => p.alongM - q.alongM);
  const margin = nominalSemiMajorM + (options.widthFloorM ?? DEFAULT_MANOEUVRE.widthFloorM);
  const near = points[0]!;
  const far = points[points.length - 1]!;
  let cmin = Number.POSITIVE_INFINITY;
  let cmax = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    cmin = Math.min(cmin, p.crossM);
    cmax = Math.max(cmax, p.crossM);
  }
  const stations: { alongM: number; crossMinM: number; crossMaxM: number }[] = [];
  const fromM = near.alongM - margin;
  const toM = far.alongM + margin;
  const n = Math.max(1, Math.ceil((toM - fromM) / 100_000));
  for (let k = 0; k <= n; k++)
    stations.push({
      alongM: fromM + ((toM - fromM) * k) / n,
      crossMinM: cmin - margin,
      crossMaxM: cmax + margin,
    });
  return {
    ...region0,
    stations,
    headingSpreadDeg: 0,
    cappedAtMaxRange: false,
    landings: points.map(({ crossM: _, ...l }) => l),
    flightStepS: options.stepS ?? DEFAULT_MANOEUVRE.stepS,
  };
}

/** How the impact region of a track is judged, by phase: the defaults warnings and the bench use. */
export interface ImpactRegionOptions {
  readonly sweep?: SweepOptions;
  /** Unmodelled acceleration over the remaining coasting flight, m^2/s^3 (see `predictImpact`). */
  readonly accelerationNoiseM2pS3?: number;
  /** Least semi-axis of a coasting object's 95 % ellipse, m. */
  readonly minSemiAxisM?: number;
  /** Longest coasting flight looked for, s (a lofted ICBM falls ~70 minutes after launch). */
  readonly maxFlightS?: number;
  /**
   * A coasting object whose flight stays in the air (`canManoeuvre`) may manoeuvre on lift: its
   * region adds the corridor of the landings still possible (`manoeuvreCorridor`). `false`: the
   * ellipse alone, as if every object flew a ballistic arc.
   */
  readonly manoeuvre?: ManoeuvreOptions | false;
}

export const DEFAULT_IMPACT_REGION = {
  // 1 cm/s^2 of unmodelled acceleration over a second: ~1.3 km (1 sigma) over an hour's flight,
  // nothing over an SRBM's few minutes, where the floor holds.
  accelerationNoiseM2pS3: 1e-4,
  // The filter and the predictor share their physics to tens of metres; a real re-entry does not.
  minSemiAxisM: 1_000,
  maxFlightS: 7_200,
} as const;

/**
 * The 95 % impact region of a track: while the object may still be under thrust, the swept
 * corridor of every burnout still possible (`sweptImpactRegion`); once it is seen coasting, the
 * sigma-point ellipse of the ballistic prediction (`predictImpact`), with the unmodelled
 * acceleration over the remaining flight and a floor, and for an object whose flight stays in the
 * air, the corridor of the landings a manoeuvre on lift still allows. Null when there is none (a heading not yet
 * known in boost; no landing within `maxFlightS` coasting).
 */
export type ImpactRegion =
  | { readonly kind: 'swept'; readonly region: SweptImpactRegion }
  | {
      readonly kind: 'ellipse';
      readonly prediction: ImpactPrediction;
      /** For an object that may manoeuvre on lift: the corridor of its landings still possible. */
      readonly manoeuvre?: SweptImpactRegion;
    };

export function impactRegion(
  tS: number,
  x: Float64Array,
  P: Float64Array,
  phase: 'boost' | 'ballistic',
  options: ImpactRegionOptions = {},
): ImpactRegion | null {
  if (phase === 'boost') {
    const region = sweptImpactRegion(x, P, options.sweep);
    return region ? { kind: 'swept', region } : null;
  }
  const prediction = predictImpact(tS, x, P, {
    accelerationNoiseM2pS3: options.accelerationNoiseM2pS3 ?? DEFAULT_IMPACT_REGION.accelerationNoiseM2pS3,
    minSemiAxisM: options.minSemiAxisM ?? DEFAULT_IMPACT_REGION.minSemiAxisM,
    maxFlightS: options.maxFlightS ?? DEFAULT_IMPACT_REGION.maxFlightS,
  });
  if (!prediction) return null;
  const m = options.manoeuvre;
  if (m === false || !canManoeuvre(x, m)) return { kind: 'ellipse', prediction };
  const manoeuvre = manoeuvreCorridor(
    x,
    { latDeg: prediction.latDeg, lonDeg: prediction.lonDeg, flightS: prediction.impactTS - tS },
    prediction.ellipse.semiMajorM,
    m,
  );
  return manoeuvre ? { kind: 'ellipse', prediction, manoeuvre } : { kind: 'ellipse', prediction };
}

/** Whether a point on the ground lies in an impact region. */
export function impactRegionContains(r: ImpactRegion, latDeg: number, lonDeg: number): boolean {
  if (r.kind === 'swept') return sweptRegionContains(r.region, latDeg, lonDeg);
  return (
    ellipseContains(r.prediction, latDeg, lonDeg) ||
    (r.manoeuvre !== undefined && sweptRegionContains(r.manoeuvre, latDeg, lonDeg))
  );
}
