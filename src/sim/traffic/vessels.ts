import { InputError } from '../../domain/errors.js';
import { destinationPoint, haversineDistanceM } from '../../geo/index.js';
import { createRng, type Rng } from '../rng.js';
import { DEFAULT_MIX, drawIdentity, type Identity, KIND_PROFILES } from './identity.js';
import { GROUNDS, LANES, type Lane } from './lanes.js';
import type { MaritimeScenario, MaritimeVessel, ShipKind, TrafficRegion } from './schema.js';
import { KN_MPS } from './sphere.js';
import { type Knot, NAV_STATUS, type NavStatus, Track } from './track.js';

/** One simulated ship: its true track and what its AIS transmitter says, and when. */
export interface Ship {
  /** `bg-N` for background ships, the scenario's vessel id otherwise. */
  readonly id: string;
  readonly kind: ShipKind;
  /** The identity it transmits (an impostor's is its victim's). */
  readonly identity: Identity;
  readonly track: Track;
  /** [fromMs, toMs) intervals with the transmitter off, in time order. */
  readonly aisOff: readonly (readonly [number, number])[];
  readonly background: boolean;
  /** The vessel id whose identity it transmits, when it is an impostor. */
  readonly impersonates?: string;
  /** Changes of the transmitted name or IMO number, in time order (scripted vessels). */
  readonly identityChanges?: readonly IdentityChange[];
  /** Spells when its position reports carry a false point (scripted vessels). */
  readonly gpsGlitches?: readonly GpsGlitch[];
}

export interface IdentityChange {
  readonly tMs: number;
  readonly shipname?: string;
  readonly imo?: number;
}

export interface GpsGlitch {
  readonly fromMs: number;
  readonly toMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
}

/** The identity the ship transmits at `tMs`: its own, with every change made by then applied. */
export function identityAt(ship: Ship, tMs: number): Identity {
  let id = ship.identity;
  for (const c of ship.identityChanges ?? []) {
    if (c.tMs > tMs) break;
    id = {
      ...id,
      ...(c.shipname !== undefined ? { shipname: c.shipname } : {}),
      ...(c.imo !== undefined ? { imo: c.imo } : {}),
    };
  }
  return id;
}

/** The false position the ship reports at `tMs`, or null when its GPS is sound. */
export function glitchAt(ship: Ship, tMs: number): GpsGlitch | null {
  for (const g of ship.gpsGlitches ?? []) if (tMs >= g.fromMs && tMs < g.toMs) return g;
  return null;
}

export interface Window {
  readonly startMs: number;
  readonly endMs: number;
  /** The scenario start: `atS` times count from here. */
  readonly zeroMs: number;
}

const HOUR_MS = 3_600_000;

/** Background ships: each drawn from its own seeded stream, so one more ship changes no other. */
export function backgroundShips(m: MaritimeScenario, seed: number, w: Window, count: number): Ship[] {
  const bg = m.background;
  if (!bg || count === 0) return [];
  const regions = new Set<TrafficRegion>(bg.regions);
  const mix = { ...DEFAULT_MIX, ...(bg.mix ?? {}) };
  const kinds = Object.keys(mix) as ShipKind[];
  const totalMix = kinds.reduce((s, k) => s + mix[k], 0);
  if (!(totalMix > 0)) return [];
  const taken = new Set<number>(m.vessels.map((v) => v.mmsi));
  const ships: Ship[] = [];
  for (let i = 0; i < count; i++) {
    const rng = createRng(seed, `background:${i}`);
    let pick = rng.next() * totalMix;
    let kind: ShipKind = kinds[kinds.length - 1]!;
    for (const k of kinds) {
      pick -= mix[k];
      if (pick < 0) {
        kind = k;
        break;
      }
    }
    const lanes = LANES.filter((l) => regions.has(l.region) && l.kinds.includes(kind));
    const grounds = GROUNDS.filter((g) => regions.has(g.region));
    const onGround = kind === 'fishing' || kind === 'government' || lanes.length === 0;
    const p = KIND_PROFILES[kind];
    const speedKn = p.speedKn[0] + rng.next() * (p.speedKn[1] - p.speedKn[0]);
    let knots: Knot[];
    let region: TrafficRegion;
    if (onGround) {
      const g = grounds[rng.int(grounds.length)]!;
      region = g.region;
      knots = groundKnots(rng, g, speedKn, kind === 'fishing' ? NAV_STATUS.fishing : NAV_STATUS.underway, w);
    } else {
      const lane = pickLane(rng, lanes);
      region = lane.region;
      knots = laneKnots(rng, lane, speedKn, w);
    }
    const identity = drawIdentity(rng, kind, region, taken);
    ships.push({ id: `bg-${i}`, kind, identity, track: new Track(knots), aisOff: [], background: true });
  }
  return ships;
}

function laneLengthM(l: Lane): number {
  let d = 0;
  for (let i = 0; i + 1 < l.waypoints.length; i++) {
    const [a, b] = [l.waypoints[i]!, l.waypoints[i + 1]!];
    d += haversineDistanceM(a[0], a[1], b[0], b[1]);
  }
  return d;
}

/** Busier lanes are the longer ones: a lane is picked in proportion to its length. */
function pickLane(rng: Rng, lanes: readonly Lane[]): Lane {
  const lengths = lanes.map(laneLengthM);
  let x = rng.next() * lengths.reduce((s, d) => s + d, 0);
  for (let i = 0; i < lanes.length; i++) {
    x -= lengths[i]!;
    if (x < 0) return lanes[i]!;
  }
  return lanes[lanes.length - 1]!;
}

/**
 * Sails the lane back and forth at `speedKn` over the whole window, starting at a random point
 * and direction, each waypoint moved by up to ~1.5 km so that ships on a lane do not overlap.
 */
function laneKnots(rng: Rng, lane: Lane, speedKn: number, w: Window): Knot[] {
  const jitter = () => (rng.next() - 0.5) * 0.03;
  let pts = lane.waypoints.map(([la, lo]) => [la + jitter(), lo + jitter()] as const);
  if (rng.next() < 0.5) pts = pts.slice().reverse();
  const legs = pts.slice(1).map((b, i) => haversineDistanceM(pts[i]![0], pts[i]![1], b[0], b[1]));
  const total = legs.reduce((s, d) => s + d, 0);
  // Start part-way along the lane.
  let along = rng.next() * total;
  let leg = 0;
  while (leg < legs.length - 1 && along > legs[leg]!) along -= legs[leg++]!;
  const a = pts[leg]!;
  const b = pts[leg + 1]!;
  const f = legs[leg]! > 0 ? along / legs[leg]! : 0;
  const start = interpolate(a, b, f);
  const speedMps = speedKn * KN_MPS;
  const knots: Knot[] = [{ tMs: w.startMs, latDeg: start[0], lonDeg: start[1], status: NAV_STATUS.underway }];
  let t = w.startMs;
  let here = start;
  let i = leg + 1;
  let dir = 1;
  while (t < w.endMs) {
    const next = pts[i]!;
    const d = haversineDistanceM(here[0], here[1], next[0], next[1]);
    t += Math.max(1, Math.round((d / speedMps) * 1000));
    knots.push({ tMs: t, latDeg: next[0], lonDeg: next[1], status: NAV_STATUS.underway });
    here = [next[0], next[1]];
    if (i + dir < 0 || i + dir >= pts.length) dir = -dir; // turn back at the lane's end
    i += dir;
  }
  return knots;
}

/** A start point on the leg's chord (linear in degrees: close enough over one lane leg). */
function interpolate(
  a: readonly [number, number],
  b: readonly [number, number],
  f: number,
): [number, number] {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** Random legs inside a ground at `speedKn` (trawling, or a patrol) for the whole window. */
function groundKnots(
  rng: Rng,
  g: (typeof GROUNDS)[number],
  speedKn: number,
  status: NavStatus,
  w: Window,
): Knot[] {
  const at = (): [number, number] => [
    g.latMinDeg + rng.next() * (g.latMaxDeg - g.latMinDeg),
    g.lonMinDeg + rng.next() * (g.lonMaxDeg - g.lonMinDeg),
  ];
  let here = at();
  const knots: Knot[] = [{ tMs: w.startMs, latDeg: here[0], lonDeg: here[1], status }];
  let t = w.startMs;
  const speedMps = speedKn * KN_MPS;
  while (t < w.endMs) {
    // Short legs (a few nm) as a trawler's or patrol's turns.
    const brg = rng.next() * 360;
    const p = destinationPoint(here[0], here[1], brg, 2_000 + rng.next() * 10_000);
    const next: [number, number] = [
      Math.min(g.latMaxDeg, Math.max(g.latMinDeg, p.latDeg)),
      Math.min(g.lonMaxDeg, Math.max(g.lonMinDeg, p.lonDeg)),
    ];
    const d = haversineDistanceM(here[0], here[1], next[0], next[1]);
    if (d < 500) continue;
    t += Math.round((d / speedMps) * 1000);
    knots.push({ tMs: t, latDeg: next[0], lonDeg: next[1], status });
    here = next;
  }
  return knots;
}

const HOLD_STATUS: Readonly<Record<string, NavStatus>> = {
  drifting: NAV_STATUS.underway,
  anchored: NAV_STATUS.anchored,
  moored: NAV_STATUS.moored,
  fishing: NAV_STATUS.fishing,
};

/**
 * A scripted vessel's track from its itinerary: sail from step to step along great circles,
 * hold where a step says, reach pinned steps (`atS`) exactly. Between two pins every leg takes
 * the one speed that fits; before the first and after the last, the steps' `speedKn` (default:
 * the kind's mid speed). Throws an InputError naming the step when the pins cannot be met.
 */
export function scriptedTrack(
  v: MaritimeVessel,
  vesselIndex: number,
  w: Window,
  source: string,
): { track: Track; aisOff: [number, number][] } {
  const steps = v.itinerary;
  const where = (j: number, field: string) => ({
    input: source,
    field: `maritime.vessels[${vesselIndex}].itinerary[${j}].${field}`,
  });
  const p = KIND_PROFILES[v.kind];
  // Speed on the leg into step j (j >= 1): the latest speedKn set at or before j.
  const speeds: number[] = [];
  let cur = (p.speedKn[0] + p.speedKn[1]) / 2;
  steps.forEach((s, j) => {
    if (s.speedKn !== undefined) cur = s.speedKn;
    speeds[j] = cur;
  });
  // Each step's departure point (after drifting during its hold).
  const departs = steps.map((s) =>
    s.holdH !== undefined && s.driftKn > 0
      ? (() => {
          const q = destinationPoint(s.latDeg, s.lonDeg, s.driftDeg, s.driftKn * KN_MPS * s.holdH * 3600);
          return [q.latDeg, q.lonDeg] as const;
        })()
      : ([s.latDeg, s.lonDeg] as const),
  );
  const holdMs = steps.map((s) => (s.holdH ?? 0) * HOUR_MS);
  const legM = steps.map((s, j) =>
    j === 0 ? 0 : haversineDistanceM(departs[j - 1]![0], departs[j - 1]![1], s.latDeg, s.lonDeg),
  );
  const arrive: number[] = new Array(steps.length).fill(Number.NaN);
  const pins = steps.flatMap((s, j) => (s.atS !== undefined ? [j] : []));
  const legMs = (j: number, kn: number) => (legM[j]! / (kn * KN_MPS)) * 1000;
  if (pins.length === 0) {
    arrive[0] = w.startMs;
  } else {
    for (const j of pins) arrive[j] = w.zeroMs + steps[j]!.atS! * 1000;
    // Between consecutive pins: one speed that fits.
    for (let k = 0; k + 1 < pins.length; k++) {
      const [a, b] = [pins[k]!, pins[k + 1]!];
      let dist = 0;
      let held = 0;
      for (let j = a + 1; j <= b; j++) dist += legM[j]!;
      for (let j = a; j < b; j++) held += holdMs[j]!;
      const sailMs = arrive[b]! - arrive[a]! - held;
      if (sailMs < 0 || (dist > 0 && sailMs === 0))
        throw new InputError(
          where(b, 'atS'),
          `cannot be reached: the holds since step ${a} alone last longer`,
        );
      const kn = dist > 0 ? dist / KN_MPS / (sailMs / 1000) : 0;
      if (kn > 40)
        throw new InputError(where(b, 'atS'), `needs ${kn.toFixed(1)} kn from step ${a}: faster than 40 kn`);
      let t = arrive[a]!;
      for (let j = a + 1; j < b; j++) {
        t += holdMs[j - 1]! + (dist > 0 ? (legM[j]! / dist) * sailMs : 0);
        arrive[j] = t;
      }
    }
    // Before the first pin, backwards at the steps' speeds.
    for (let j = pins[0]! - 1; j >= 0; j--)
      arrive[j] = arrive[j + 1]! - legMs(j + 1, speeds[j + 1]!) - holdMs[j]!;
  }
  const last = pins.length === 0 ? 0 : pins[pins.length - 1]!;
  for (let j = last + 1; j < steps.length; j++)
    arrive[j] = arrive[j - 1]! + holdMs[j - 1]! + legMs(j, speeds[j]!);

  const knots: Knot[] = [];
  steps.forEach((s, j) => {
    const t = Math.round(arrive[j]!);
    if (s.holdH !== undefined) {
      knots.push({ tMs: t, latDeg: s.latDeg, lonDeg: s.lonDeg, status: HOLD_STATUS[s.status]! });
      knots.push({
        tMs: Math.round(arrive[j]! + holdMs[j]!),
        latDeg: departs[j]![0],
        lonDeg: departs[j]![1],
        status: NAV_STATUS.underway,
      });
    } else {
      knots.push({ tMs: t, latDeg: s.latDeg, lonDeg: s.lonDeg, status: NAV_STATUS.underway });
    }
  });
  for (let i = 1; i < knots.length; i++) {
    if (knots[i]!.tMs < knots[i - 1]!.tMs)
      throw new InputError(
        where(Math.min(i, steps.length - 1), 'atS'),
        'the itinerary runs backwards in time',
      );
  }

  // Transmitter switches, in time order.
  const switches: { tMs: number; on: boolean }[] = [];
  steps.forEach((s, j) => {
    if (s.ais !== undefined) switches.push({ tMs: Math.round(arrive[j]!), on: s.ais === 'on' });
    if (s.aisAfterHold !== undefined)
      switches.push({ tMs: Math.round(arrive[j]! + holdMs[j]!), on: s.aisAfterHold === 'on' });
  });
  switches.sort((a, b) => a.tMs - b.tMs);
  const aisOff: [number, number][] = [];
  let offSince: number | null = v.ais === 'off' ? Number.NEGATIVE_INFINITY : null;
  for (const s of switches) {
    if (!s.on && offSince === null) offSince = s.tMs;
    if (s.on && offSince !== null) {
      aisOff.push([offSince, s.tMs]);
      offSince = null;
    }
  }
  if (offSince !== null) aisOff.push([offSince, Number.POSITIVE_INFINITY]);
  return { track: new Track(knots), aisOff };
}
