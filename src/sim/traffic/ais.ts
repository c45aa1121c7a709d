import { createRng } from '../rng.js';
import type { Reception } from './schema.js';
import type { ShoreIndex } from './shore.js';
import { NM_M } from './sphere.js';
import { NAV_STATUS } from './track.js';
import { glitchAt, identityAt, type Ship, type Window } from './vessels.js';

/**
 * One AIS message as a neutral record: gpsd's AIS JSON field names and scaling (speed in knots,
 * course and heading in degrees, lat/lon in degrees, heading 511 = not available), plus `tMs`,
 * the reception time (ms since the epoch). Position reports are types 1 (class A) and 18 (class
 * B); static and voyage data types 5 (class A) and 24 (class B, `partno` 0 = name, 1 = the rest).
 */
export interface AisRecord {
  readonly tMs: number;
  readonly type: 1 | 3 | 5 | 18 | 19 | 24;
  readonly mmsi: number;
  readonly status?: number;
  readonly turn?: number;
  readonly speed?: number;
  readonly accuracy?: boolean;
  readonly lon?: number;
  readonly lat?: number;
  readonly course?: number;
  readonly heading?: number;
  readonly second?: number;
  readonly partno?: 0 | 1;
  readonly ais_version?: number;
  readonly imo?: number;
  readonly callsign?: string;
  readonly shipname?: string;
  readonly shiptype?: number;
  readonly to_bow?: number;
  readonly to_stern?: number;
  readonly to_port?: number;
  readonly to_starboard?: number;
  readonly epfd?: number;
  readonly draught?: number;
  readonly destination?: string;
}

/** Static and voyage data go out every 6 minutes (ITU-R M.1371-5, table 1). */
export const STATIC_INTERVAL_MS = 360_000;

/**
 * Reporting interval of position reports, ITU-R M.1371-5 table 1 (class A, without the faster
 * rate while changing course) and the class B "CS" rates of annex 7 (30 s above 2 kn, 3 min at
 * or below).
 *
 * @example reportIntervalMs('A', 12, 0) // 10_000
 */
export function reportIntervalMs(aisClass: 'A' | 'B', speedKn: number, status: number): number {
  if (aisClass === 'B') return speedKn > 2 ? 30_000 : 180_000;
  if ((status === NAV_STATUS.anchored || status === NAV_STATUS.moored) && speedKn <= 3) return 180_000;
  if (speedKn <= 14) return 10_000;
  if (speedKn <= 23) return 6_000;
  return 2_000;
}

const round = (x: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

/**
 * The AIS messages one ship's transmissions put on a receiver's feed, in time order: position
 * reports at the class/speed interval and static data every 6 minutes while its transmitter is on
 * and it is inside the window, each received with the probability the reception model gives for
 * its distance from shore. Its own seeded stream: other ships do not change its output.
 */
export function* shipReports(
  ship: Ship,
  w: Window,
  reception: Reception,
  shore: ShoreIndex,
  seed: number,
): Generator<AisRecord> {
  const rng = createRng(seed, `ais:${ship.id}`);
  const id0 = ship.identity;
  const from = Math.max(w.startMs, ship.track.startMs);
  const to = Math.min(w.endMs, ship.track.endMs);
  if (!(to > from)) return;
  const nearM = reception.nearShoreNm * NM_M;
  const isOff = (t: number) => {
    for (const [a, b] of ship.aisOff) if (t >= a && t < b) return true;
    return false;
  };
  const toBow = Math.round(id0.lengthM * 0.8);
  const toPort = Math.round(id0.beamM / 2);
  const knots = ship.track.knots;
  let tPos = from + Math.floor(rng.next() * 10_000);
  let tStatic = from + Math.floor(rng.next() * STATIC_INTERVAL_MS);
  let leg = 0;
  // Whether the ship is within terrestrial range changes slowly: look it up once a minute, so a
  // transmission nobody hears costs no position (most of them, far from shore).
  let nearUntil = Number.NEGATIVE_INFINITY;
  let near = false;
  while (tPos < to || tStatic < to) {
    const isPos = tPos <= tStatic;
    const t = isPos ? tPos : tStatic;
    if (t >= to) break;
    leg = ship.track.legAt(t, leg);
    if (isPos) {
      const interval = reportIntervalMs(id0.aisClass, ship.track.legSpeedKn(leg), knots[leg]!.status);
      tPos = t + Math.round(interval * (0.98 + 0.04 * rng.next()));
    } else {
      tStatic = t + STATIC_INTERVAL_MS;
    }
    if (isOff(t)) continue;
    if (t >= nearUntil) {
      const p = ship.track.stateAt(t, leg);
      near = shore.near(p.latDeg, p.lonDeg, nearM);
      nearUntil = t + 60_000;
    }
    if (rng.next() >= (near ? reception.nearShoreP : reception.farP)) continue;
    const s = ship.track.stateAt(t, leg);
    const id = identityAt(ship, t);
    if (isPos) {
      // GPS error of a few metres, log speed and course noise; rounded as the message carries them.
      // A glitching GPS puts the false point in the report; speed and course stay the log's.
      const at = glitchAt(ship, t) ?? s;
      const speed = Math.max(0, round(s.speedKn + 0.1 * rng.normal(), 1));
      const course = round((((s.courseDeg + 0.8 * rng.normal()) % 360) + 360) % 360, 1);
      const lat = round(at.latDeg + (4 * rng.normal()) / 111_320, 6);
      const lon = round(
        at.lonDeg + (4 * rng.normal()) / (111_320 * Math.cos((at.latDeg * Math.PI) / 180)),
        6,
      );
      const second = Math.floor(t / 1000) % 60;
      if (id.aisClass === 'A') {
        yield {
          tMs: t,
          type: 1,
          mmsi: id.mmsi,
          status: s.status,
          turn: 0,
          speed,
          accuracy: true,
          lon,
          lat,
          course,
          heading: Math.round((((course + 1.5 * rng.normal()) % 360) + 360) % 360) % 360,
          second,
        };
      } else {
        yield {
          tMs: t,
          type: 18,
          mmsi: id.mmsi,
          speed,
          accuracy: false,
          lon,
          lat,
          course,
          heading: 511,
          second,
        };
      }
    } else {
      const dims = {
        to_bow: toBow,
        to_stern: Math.round(id.lengthM) - toBow,
        to_port: toPort,
        to_starboard: Math.round(id.beamM) - toPort,
      };
      if (id.aisClass === 'A') {
        yield {
          tMs: t,
          type: 5,
          mmsi: id.mmsi,
          ais_version: 2,
          ...(id.imo !== undefined ? { imo: id.imo } : { imo: 0 }),
          callsign: id.callsign,
          shipname: id.shipname,
          shiptype: id.shiptype,
          ...dims,
          epfd: 1,
          draught: round(Math.min(25, id.lengthM / 20), 1),
          destination: '',
        };
      } else {
        yield { tMs: t, type: 24, mmsi: id.mmsi, partno: 0, shipname: id.shipname };
        yield {
          tMs: t,
          type: 24,
          mmsi: id.mmsi,
          partno: 1,
          shiptype: id.shiptype,
          callsign: id.callsign,
          ...dims,
        };
      }
    }
  }
}

/**
 * Merges per-ship streams into one stream in time order (ties: the order of `streams`), holding
 * one pending record per ship: memory stays flat however many messages flow.
 */
export function* mergeByTime(streams: readonly Iterator<AisRecord>[]): Generator<AisRecord> {
  const heap: { rec: AisRecord; i: number }[] = [];
  const less = (a: { rec: AisRecord; i: number }, b: { rec: AisRecord; i: number }) =>
    a.rec.tMs < b.rec.tMs || (a.rec.tMs === b.rec.tMs && a.i < b.i);
  const push = (x: { rec: AisRecord; i: number }) => {
    heap.push(x);
    let k = heap.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!less(heap[k]!, heap[p]!)) break;
      [heap[k], heap[p]] = [heap[p]!, heap[k]!];
      k = p;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m]!, heap[k]!];
        k = m;
      }
    }
    return top;
  };
  streams.forEach((s, i) => {
    const n = s.next();
    if (!n.done) push({ rec: n.value, i });
  });
  while (heap.length > 0) {
    const top = pop();
    yield top.rec;
    const n = streams[top.i]!.next();
    if (!n.done) push({ rec: n.value, i: top.i });
  }
}
