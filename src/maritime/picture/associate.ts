import { destinationPoint, haversineDistanceM } from '../../geo/index.js';
import type { VesselPicture, VesselState } from './picture.js';
import type { Contact } from './types.js';

export interface AssociationGate {
  /** Largest distance between a contact and a vessel's position at the contact's time, m. */
  readonly gateM: number;
  /** Largest time between the contact and the vessel fix it is compared with, ms. */
  readonly gateTimeMs: number;
  /** Fastest a vessel is assumed to move, for the search box around the contact, kn. */
  readonly maxSpeedKn: number;
}

export interface Association {
  readonly mmsi: number;
  readonly distanceM: number;
  /** The fix the vessel's position was reckoned from. */
  readonly fixTMs: number;
}

const KN_MPS = 1852 / 3600;

/**
 * Where `v` was at `tMs`: its kept fix (or latest fix) nearest in time, dead-reckoned by its speed
 * and course to `tMs`; null when its nearest fix is more than `gateTimeMs` away.
 */
export function positionAt(
  v: VesselState,
  tMs: number,
  gateTimeMs: number,
): { latDeg: number; lonDeg: number; fixTMs: number } | null {
  let best = { tMs: v.tMs, lat: v.latDeg, lon: v.lonDeg, sp: v.speedKn, co: v.courseDeg };
  const i = v.history.nearest(tMs);
  if (i >= 0 && Math.abs(v.history.timeMs(i) - tMs) < Math.abs(best.tMs - tMs)) {
    const h = v.history;
    best = { tMs: h.timeMs(i), lat: h.latDeg(i), lon: h.lonDeg(i), sp: h.speedKn(i), co: h.courseDeg(i) };
  }
  const dtMs = tMs - best.tMs;
  if (Math.abs(dtMs) > gateTimeMs) return null;
  if (best.sp === null || best.co === null || best.sp === 0)
    return { latDeg: best.lat, lonDeg: best.lon, fixTMs: best.tMs };
  const distM = best.sp * KN_MPS * (dtMs / 1000);
  const p = destinationPoint(
    best.lat,
    best.lon,
    distM >= 0 ? best.co : (best.co + 180) % 360,
    Math.abs(distM),
  );
  return { latDeg: p.latDeg, lonDeg: p.lonDeg, fixTMs: best.tMs };
}

/**
 * The AIS vessel that explains a contact: the nearest vessel whose position at the contact's
 * time lies within the gate (widened by the contact's own error), or null (a dark contact).
 */
export function associateContact(
  picture: VesselPicture,
  c: Contact,
  gate: AssociationGate,
): Association | null {
  const gateM = gate.gateM + 2 * c.errorM;
  const searchM = gateM + gate.maxSpeedKn * KN_MPS * (gate.gateTimeMs / 1000);
  let best: Association | null = null;
  for (const mmsi of picture.near(c.latDeg, c.lonDeg, searchM)) {
    const v = picture.get(mmsi);
    if (!v) continue;
    const p = positionAt(v, c.tMs, gate.gateTimeMs);
    if (!p) continue;
    const d = haversineDistanceM(c.latDeg, c.lonDeg, p.latDeg, p.lonDeg);
    if (d <= gateM && (best === null || d < best.distanceM)) best = { mmsi, distanceM: d, fixTMs: p.fixTMs };
  }
  return best;
}
