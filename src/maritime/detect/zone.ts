import type { VesselState } from '../picture/index.js';
import type { Zone } from '../reference/index.js';
import type { Detector, DetectorContext, FixEvent } from './context.js';
import type { Evidence } from './event.js';

interface Pending {
  count: number;
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
}
interface VesselZones {
  readonly inside: Map<string, Zone>;
  readonly goingIn: Map<string, Pending>;
  readonly goingOut: Map<string, Pending>;
}

/** Whether the vessel is a government ship: AIS ship type (55, law enforcement) or its watch-list category. */
export function governmentReason(ctx: DetectorContext, v: VesselState): string | null {
  const P = ctx.params.zone;
  if (v.shipType !== undefined && P.governmentShipTypes.includes(v.shipType))
    return `AIS ship type ${v.shipType}`;
  const w = ctx.ref.watch.byMmsi(v.mmsi) ?? ctx.ref.watch.byImo(v.imo) ?? ctx.ref.watch.byName(v.name);
  const cat = w?.category?.toLowerCase();
  if (cat && P.governmentCategories.some((c) => cat.includes(c)))
    return `watch-list category '${w!.category}'`;
  return null;
}

/**
 * Zone entries and exits: a vessel is in a zone after `confirmFixes` consecutive fixes inside it
 * and out after as many outside (one stray fix across a boundary is a graze, not an entry). The
 * event's time and place are the first fix inside (outside). A government ship entering a
 * territorial sea is flagged in the evidence, with higher confidence.
 */
export function zoneDetector(): Detector {
  const state = new Map<number, VesselZones>();
  return {
    onFix(ctx, u: FixEvent) {
      const v = u.vessel;
      const here = ctx.ref.zones.zonesAt(v.latDeg, v.lonDeg);
      let s = state.get(v.mmsi);
      if (!s) {
        if (here.length === 0) return;
        s = { inside: new Map(), goingIn: new Map(), goingOut: new Map() };
        state.set(v.mmsi, s);
      }
      const need = ctx.params.zone.confirmFixes;
      const hereIds = new Set(here.map((z) => z.id));
      for (const z of here) {
        if (s.inside.has(z.id)) {
          s.goingOut.delete(z.id);
          continue;
        }
        let p = s.goingIn.get(z.id);
        if (!p) {
          p = { count: 0, tMs: v.tMs, latDeg: v.latDeg, lonDeg: v.lonDeg };
          s.goingIn.set(z.id, p);
        }
        if (++p.count >= need) {
          s.goingIn.delete(z.id);
          s.inside.set(z.id, z);
          emitZone(ctx, 'zone-entry', v, z, p, u.previous === null || p.tMs === v.firstSeenMs);
        }
      }
      for (const id of [...s.goingIn.keys()]) if (!hereIds.has(id)) s.goingIn.delete(id);
      for (const [id, z] of [...s.inside]) {
        if (hereIds.has(id)) continue;
        let p = s.goingOut.get(id);
        if (!p) {
          p = { count: 0, tMs: v.tMs, latDeg: v.latDeg, lonDeg: v.lonDeg };
          s.goingOut.set(id, p);
        }
        if (++p.count >= need) {
          s.goingOut.delete(id);
          s.inside.delete(id);
          emitZone(ctx, 'zone-exit', v, z, p, false);
        }
      }
      if (s.inside.size === 0 && s.goingIn.size === 0 && s.goingOut.size === 0) state.delete(v.mmsi);
    },
  };
}

function emitZone(
  ctx: DetectorContext,
  type: 'zone-entry' | 'zone-exit',
  v: VesselState,
  z: Zone,
  at: Pending,
  firstSeenInside: boolean,
): void {
  const evidence: Evidence[] = [{ kind: 'zone', zoneKind: z.kind, name: z.name, confirmingFixes: at.count }];
  let confidence = 0.8;
  if (firstSeenInside) {
    evidence.push({ kind: 'first-seen-inside' });
    confidence = 0.5;
  }
  const gov = type === 'zone-entry' ? governmentReason(ctx, v) : null;
  if (gov) {
    evidence.push({ kind: 'government-vessel', reason: gov, territorialSea: z.kind === 'territorial-sea' });
    if (z.kind === 'territorial-sea') confidence = Math.max(confidence, 0.95);
  }
  ctx.emit({
    type,
    mmsi: [v.mmsi],
    startMs: at.tMs,
    endMs: null,
    latDeg: at.latDeg,
    lonDeg: at.lonDeg,
    zone: z.id,
    confidence,
    evidence,
  });
}
