import { destinationPoint } from '../../src/geo/index.js';
import {
  type Contact,
  DEFAULT_PARAMS,
  type DetectedEvent,
  type DetectParams,
  detectEvents,
  type EngineInput,
  type GpsdAisLike,
  type MaritimeReference,
  type Place,
  placeIndex,
  shoreIndex,
  type WatchEntry,
  watchIndex,
  type Zone,
  zoneIndex,
} from '../../src/maritime/index.js';

export const T0 = Date.parse('2026-03-01T00:00:00Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const NM = 1852;

/** A straight coast along the meridian 120 E from 10 N to 50 N: distance to shore = east of it. */
export const COAST_LON = 120;

/** Longitude `nm` nautical miles east of the coast at latitude `lat`. */
export function lonOffshore(lat: number, nm: number): number {
  return COAST_LON + (nm * NM) / (111_195 * Math.cos((lat * Math.PI) / 180));
}

export function testRef(
  o: { zones?: Zone[]; ports?: Place[]; anchorages?: Place[]; watch?: WatchEntry[] } = {},
): MaritimeReference {
  return {
    shore: shoreIndex({
      lines: [
        [
          [COAST_LON, 10],
          [COAST_LON, 50],
        ],
      ],
      points: [],
    }),
    land: null,
    ports: placeIndex(o.ports ?? []),
    anchorages: placeIndex(o.anchorages ?? []),
    zones: zoneIndex(o.zones ?? []),
    watch: watchIndex(o.watch ?? []),
  };
}

/** A position report (type 1) at `tMs`. */
export function pos(
  mmsi: number,
  tMs: number,
  lat: number,
  lon: number,
  speed: number,
  course = 0,
): EngineInput & { kind: 'ais' } {
  const record: GpsdAisLike = { class: 'AIS', type: 1, mmsi, lat, lon, speed, course, heading: 511 };
  return { kind: 'ais', tMs, record };
}

export function stat(mmsi: number, tMs: number, r: Partial<GpsdAisLike>): EngineInput & { kind: 'ais' } {
  return { kind: 'ais', tMs, record: { class: 'AIS', type: 5, mmsi, ...r } };
}

/**
 * A vessel moving on a great circle: reports every `everyS` seconds for `durationS`, starting at
 * `t0` from (lat, lon) on `courseDeg` at `speedKn`.
 */
export function track(
  mmsi: number,
  t0: number,
  lat: number,
  lon: number,
  courseDeg: number,
  speedKn: number,
  durationS: number,
  everyS = 60,
): (EngineInput & { kind: 'ais' })[] {
  const out: (EngineInput & { kind: 'ais' })[] = [];
  for (let s = 0; s <= durationS; s += everyS) {
    const p = destinationPoint(lat, lon, courseDeg, speedKn * (NM / 3600) * s);
    out.push(pos(mmsi, t0 + s * 1000, p.latDeg, p.lonDeg, speedKn, courseDeg));
  }
  return out;
}

export function contactAt(
  id: string,
  tMs: number,
  lat: number,
  lon: number,
  extra: Partial<Contact> = {},
): EngineInput {
  return {
    kind: 'contact',
    contact: { id, sensor: 'sar', tMs, latDeg: lat, lonDeg: lon, errorM: 100, ...extra },
  };
}

const timeOf = (i: EngineInput) => (i.kind === 'ais' ? i.tMs : i.contact.tMs);

/** Merges input lists into time order (stable) and runs every detector. */
export function run(
  ref: MaritimeReference,
  inputs: EngineInput[][],
  params: DetectParams = DEFAULT_PARAMS,
): DetectedEvent[] {
  const all = inputs
    .flat()
    .map((x, k) => ({ x, k }))
    .sort((a, b) => timeOf(a.x) - timeOf(b.x) || a.k - b.k)
    .map((a) => a.x);
  return [...detectEvents(ref, all, params)];
}

export const ofType = (events: DetectedEvent[], type: DetectedEvent['type']) =>
  events.filter((e) => e.type === type);

/** A square zone centred at (lat, lon), half-side `halfDeg`. */
export function squareZone(id: string, kind: Zone['kind'], lat: number, lon: number, halfDeg: number): Zone {
  const ring = [
    [lon - halfDeg, lat - halfDeg],
    [lon + halfDeg, lat - halfDeg],
    [lon + halfDeg, lat + halfDeg],
    [lon - halfDeg, lat + halfDeg],
    [lon - halfDeg, lat - halfDeg],
  ];
  return { id, name: id, kind, area: { type: 'Polygon', coordinates: [ring] } };
}
