import { booleanPointInPolygon } from '@turf/turf';
import { haversineDistanceM } from '../../geo/index.js';
import type { Place } from '../reference/index.js';
import type { Detector, DetectorContext, FixEvent } from './context.js';

interface Visit {
  readonly place: Place;
  readonly startMs: number;
  lastInMs: number;
}

/**
 * Port visits (GFW's event type): a vessel stopped (speed below `maxEntrySpeedKn`) within
 * `entryRadiusM` of a port begins a visit; it ends when the vessel is beyond `exitRadiusM` (or
 * outside the port's area, for ports given as areas). Visits shorter than `minDurationMs` are
 * dropped. Decided at the exit, or at the end of input (then `end` is null).
 */
export function portVisitDetector(): Detector {
  const visits = new Map<number, Visit>();
  const emit = (ctx: DetectorContext, mmsi: number, vis: Visit, endMs: number | null, decidedMs: number) => {
    const dur = (endMs ?? decidedMs) - vis.startMs;
    if (dur < ctx.params.portVisit.minDurationMs) return;
    const p = vis.place;
    ctx.emit({
      type: 'port-visit',
      mmsi: [mmsi],
      startMs: vis.startMs,
      endMs,
      latDeg: p.latDeg,
      lonDeg: p.lonDeg,
      // The port's id in `zone`, as the truth of src/sim/traffic names it (a port is a place like a zone).
      zone: p.id,
      confidence: 0.9,
      evidence: [
        {
          kind: 'port',
          id: p.id,
          name: p.name,
          ...(p.properties?.country !== undefined ? { country: p.properties.country } : {}),
          durationH: Math.round((dur / 3_600_000) * 10) / 10,
        },
      ],
    });
  };
  return {
    onFix(ctx, u: FixEvent) {
      const P = ctx.params.portVisit;
      const v = u.vessel;
      const vis = visits.get(v.mmsi);
      if (vis) {
        const p = vis.place;
        const inside = p.area
          ? booleanPointInPolygon([v.lonDeg, v.latDeg], p.area)
          : haversineDistanceM(v.latDeg, v.lonDeg, p.latDeg, p.lonDeg) <= P.exitRadiusM;
        if (inside) {
          vis.lastInMs = v.tMs;
          return;
        }
        visits.delete(v.mmsi);
        emit(ctx, v.mmsi, vis, v.tMs, v.tMs);
        return;
      }
      if (v.speedKn === null || v.speedKn >= P.maxEntrySpeedKn) return;
      const near = ctx.ref.ports.nearest(v.latDeg, v.lonDeg, P.entryRadiusM);
      if (near) visits.set(v.mmsi, { place: near.place, startMs: v.tMs, lastInMs: v.tMs });
    },
    finish(ctx, endMs) {
      for (const [m, vis] of [...visits]) {
        visits.delete(m);
        emit(ctx, m, vis, null, endMs);
      }
    },
  };
}
