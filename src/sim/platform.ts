import {
  destinationPoint,
  haversineDistanceM,
  initialBearingDeg,
  type Site,
  siteFromGeodetic,
} from '../geo/index.js';
import type { Platform } from './scenario-schema.js';

/**
 * Where a sensor's antenna is `tS` seconds after the scenario start: a fixed site, or a ship
 * sailing its waypoints at constant speed along great circles (stopping at the last one unless
 * the route loops).
 *
 * @example
 * platformSiteAt({ kind: 'fixed', latDeg: 40.9, lonDeg: 140.3, hM: 20 }, 0).latDeg // 40.9
 */
export function platformSiteAt(p: Platform, tS: number): Site {
  if (p.kind === 'fixed') return siteFromGeodetic(p.latDeg, p.lonDeg, p.hM);
  const pts = p.loop ? [...p.waypoints, p.waypoints[0]!] : p.waypoints;
  const legs: number[] = [];
  let total = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const d = haversineDistanceM(pts[i]!.latDeg, pts[i]!.lonDeg, pts[i + 1]!.latDeg, pts[i + 1]!.lonDeg);
    legs.push(d);
    total += d;
  }
  let along = Math.max(0, tS) * p.speedMps;
  if (p.loop && total > 0) along %= total;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    if (along <= leg) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      const q = destinationPoint(
        a.latDeg,
        a.lonDeg,
        initialBearingDeg(a.latDeg, a.lonDeg, b.latDeg, b.lonDeg),
        along,
      );
      return siteFromGeodetic(q.latDeg, q.lonDeg, p.antennaHeightM);
    }
    along -= leg;
  }
  const last = pts[pts.length - 1]!;
  return siteFromGeodetic(last.latDeg, last.lonDeg, p.antennaHeightM);
}
