import { destinationPoint, haversineDistanceM, initialBearingDeg } from '../../geo/index.js';
import { createRng } from '../rng.js';
import type { MaritimeSensor } from './schema.js';
import { KN_MPS, NM_M } from './sphere.js';
import type { Ship, Window } from './vessels.js';

/** A ship seen by a coast-guard radar, a patrol aircraft or a satellite (SAR image, RF fix). */
export interface Contact {
  readonly tMs: number;
  readonly sensorId: string;
  readonly kind: 'radar' | 'aircraft' | 'sar' | 'rf';
  readonly latDeg: number;
  readonly lonDeg: number;
  /** One-sigma position error per axis, m. */
  readonly sigmaM: number;
  readonly courseDeg?: number;
  readonly speedKn?: number;
  readonly lengthM?: number;
  /** Ground truth only (not in the CSV): the ship seen, and whether its AIS was silent then. */
  readonly shipId: string;
  readonly aisSilent: boolean;
}

/** Whether the ship's transmitter is off at `tMs` (or it never transmits in the window). */
export function aisSilentAt(ship: Ship, tMs: number): boolean {
  for (const [a, b] of ship.aisOff) if (tMs >= a && tMs < b) return true;
  return false;
}

/**
 * Every sensor's contacts, in time order: each look detects each ship in its coverage with the
 * sensor's `pd` and reports its position with Gaussian error `sigmaM` per axis. Radars and
 * aircraft also estimate course and speed, SAR and aircraft the length. No false alarms: every
 * contact is a ship, so the truth of a dark contact is exact.
 */
export function sensorContacts(
  sensors: readonly MaritimeSensor[],
  ships: readonly Ship[],
  w: Window,
  seed: number,
): Contact[] {
  const out: Contact[] = [];
  for (const s of sensors) {
    const rng = createRng(seed, `contacts:${s.id}`);
    const looks: { tMs: number; covers: (lat: number, lon: number) => boolean }[] = [];
    if (s.kind === 'radar') {
      const rangeM = s.rangeNm * NM_M;
      for (let t = w.startMs; t < w.endMs; t += s.periodS * 1000)
        looks.push({ tMs: t, covers: (la, lo) => haversineDistanceM(s.latDeg, s.lonDeg, la, lo) <= rangeM });
    } else if (s.kind === 'aircraft') {
      const rangeM = s.rangeNm * NM_M;
      const path = flightPath(s.waypoints, s.speedKn, w.zeroMs + s.fromS * 1000);
      for (
        let t = Math.max(w.startMs, path.startMs);
        t < Math.min(w.endMs, path.endMs);
        t += s.periodS * 1000
      ) {
        const p = path.at(t);
        looks.push({ tMs: t, covers: (la, lo) => haversineDistanceM(p[0], p[1], la, lo) <= rangeM });
      }
    } else {
      for (const pass of s.passes) {
        const t = w.zeroMs + pass.atS * 1000;
        if (t < w.startMs || t >= w.endMs) continue;
        const a = pass.area;
        looks.push({
          tMs: t,
          covers: (la, lo) =>
            la >= a.latMinDeg && la <= a.latMaxDeg && lo >= a.lonMinDeg && lo <= a.lonMaxDeg,
        });
      }
    }
    for (const look of looks) {
      for (const ship of ships) {
        if (look.tMs < ship.track.startMs || look.tMs > ship.track.endMs) continue;
        const st = ship.track.stateAt(look.tMs);
        if (!look.covers(st.latDeg, st.lonDeg)) continue;
        if (rng.next() >= s.pd) continue;
        const dn = s.sigmaM * rng.normal();
        const de = s.sigmaM * rng.normal();
        const moved = destinationPoint(
          st.latDeg,
          st.lonDeg,
          (Math.atan2(de, dn) * 180) / Math.PI + 360,
          Math.hypot(dn, de),
        );
        const kinematics = s.kind === 'radar' || s.kind === 'aircraft';
        const sized = s.kind === 'sar' || s.kind === 'aircraft';
        out.push({
          tMs: look.tMs,
          sensorId: s.id,
          kind: s.kind,
          latDeg: moved.latDeg,
          lonDeg: moved.lonDeg,
          sigmaM: s.sigmaM,
          ...(kinematics
            ? {
                courseDeg: (((st.courseDeg + 3 * rng.normal()) % 360) + 360) % 360,
                speedKn: Math.max(0, st.speedKn + 0.5 * rng.normal()),
              }
            : {}),
          ...(sized ? { lengthM: Math.max(5, ship.identity.lengthM * (1 + 0.1 * rng.normal())) } : {}),
          shipId: ship.id,
          aisSilent: aisSilentAt(ship, look.tMs),
        });
      }
    }
  }
  return out.sort(
    (a, b) => a.tMs - b.tMs || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : 0),
  );
}

/** An aircraft flying `waypoints` at `speedKn` from `startMs` (then it lands: no more looks). */
function flightPath(waypoints: readonly (readonly [number, number])[], speedKn: number, startMs: number) {
  const legs: { tMs: number; from: readonly [number, number]; brg: number; lengthM: number }[] = [];
  let t = startMs;
  for (let i = 0; i + 1 < waypoints.length; i++) {
    const [a, b] = [waypoints[i]!, waypoints[i + 1]!];
    const lengthM = haversineDistanceM(a[0], a[1], b[0], b[1]);
    legs.push({ tMs: t, from: a, brg: initialBearingDeg(a[0], a[1], b[0], b[1]), lengthM });
    t += (lengthM / (speedKn * KN_MPS)) * 1000;
  }
  return {
    startMs,
    endMs: t,
    at(tMs: number): [number, number] {
      let leg = legs[0]!;
      for (const l of legs) if (l.tMs <= tMs) leg = l;
      const d = Math.min(leg.lengthM, ((tMs - leg.tMs) / 1000) * speedKn * KN_MPS);
      const p = destinationPoint(leg.from[0], leg.from[1], leg.brg, d);
      return [p.latDeg, p.lonDeg];
    },
  };
}

/**
 * The contacts CSV: `time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m`, one contact
 * a line in time order; time ISO 8601 UTC with milliseconds, lat/lon degrees (6 decimals), the
 * last three empty when the sensor does not estimate them.
 */
export function contactsCsv(contacts: readonly Contact[]): string {
  const lines = ['time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m'];
  const opt = (x: number | undefined, digits: number) => (x === undefined ? '' : x.toFixed(digits));
  for (const c of contacts) {
    lines.push(
      [
        new Date(c.tMs).toISOString(),
        c.sensorId,
        c.kind,
        c.latDeg.toFixed(6),
        c.lonDeg.toFixed(6),
        c.sigmaM.toFixed(0),
        opt(c.courseDeg, 1),
        opt(c.speedKn, 1),
        opt(c.lengthM, 0),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
