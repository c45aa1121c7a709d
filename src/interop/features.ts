// The features of an export, whatever the format: one list, so GeoJSON and KML say the same thing.

import type { NationExport } from './picture.js';
import { ellipseOutline, type Position, polygonRings } from './rings.js';

export type FeatureKind =
  | 'track'
  | 'warning'
  | 'warning-ellipse'
  | 'warning-swept'
  | 'vessel'
  | 'maritime-event'
  | 'zone';

/** Properties are flat scalars (or lists of strings), so KML's ExtendedData can hold them too. */
export type Properties = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export type Shape =
  | { readonly type: 'point'; readonly lonDeg: number; readonly latDeg: number; readonly altitudeM?: number }
  | { readonly type: 'polygons'; readonly rings: readonly Position[][] };

export interface ExportFeature {
  readonly id: string;
  readonly kind: FeatureKind;
  /** A short human name (a viewer's label). */
  readonly name: string;
  readonly timeMs: number;
  readonly shape: Shape;
  readonly properties: Properties;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every feature of the export: tracks, warnings (point and region), vessels, maritime events, zones. */
export function exportFeatures(x: NationExport): ExportFeature[] {
  const out: ExportFeature[] = [];
  for (const t of x.tracks) {
    out.push({
      id: `track/${t.id}`,
      kind: 'track',
      name: `track ${t.id}`,
      timeMs: t.timeMs,
      shape: { type: 'point', lonDeg: t.lonDeg, latDeg: t.latDeg, altitudeM: t.altitudeM },
      properties: {
        kind: 'track',
        trackId: t.id,
        originators: t.originators,
        sources: t.sources,
        ...(t.marking !== undefined ? { marking: t.marking } : {}),
        time: iso(t.timeMs),
        altitudeM: t.altitudeM,
        speedMps: t.speedMps,
      },
    });
  }
  for (const w of x.warnings) {
    const id = `warning/${w.trackId}/${w.reason}/${w.area}`;
    const common = {
      trackId: w.trackId,
      reason: w.reason,
      zone: w.zone,
      area: w.area,
      phase: w.phase,
      issued: iso(w.issuedMs),
      event: iso(w.eventMs),
      ...(w.withdrawnMs !== undefined ? { withdrawn: iso(w.withdrawnMs) } : {}),
    };
    const name = `${w.reason} ${w.area} (${w.trackId})${w.withdrawnMs !== undefined ? ' withdrawn' : ''}`;
    out.push({
      id,
      kind: 'warning',
      name,
      timeMs: w.issuedMs,
      shape: { type: 'point', lonDeg: w.lonDeg, latDeg: w.latDeg },
      properties: { kind: 'warning', ...common },
    });
    if (w.ellipse) {
      const rings = polygonRings(ellipseOutline(w, w.ellipse));
      if (rings.length > 0)
        out.push({
          id: `${id}/ellipse`,
          kind: 'warning-ellipse',
          name: `95 % ellipse: ${name}`,
          timeMs: w.issuedMs,
          shape: { type: 'polygons', rings },
          properties: {
            kind: 'warning-ellipse',
            ...common,
            semiMajorM: Math.round(w.ellipse.semiMajorM),
            semiMinorM: Math.round(w.ellipse.semiMinorM),
            orientationDeg: Math.round(w.ellipse.orientationDeg * 10) / 10,
          },
        });
    }
    if (w.swept) {
      const rings = polygonRings(w.swept);
      if (rings.length > 0)
        out.push({
          id: `${id}/swept`,
          kind: 'warning-swept',
          name: `swept region: ${name}`,
          timeMs: w.issuedMs,
          shape: { type: 'polygons', rings },
          properties: { kind: 'warning-swept', ...common },
        });
    }
  }
  for (const v of x.vessels) {
    out.push({
      id: `vessel/${v.mmsi}`,
      kind: 'vessel',
      name: v.name ?? `MMSI ${v.mmsi}`,
      timeMs: v.lastSeenMs,
      shape: { type: 'point', lonDeg: v.lonDeg, latDeg: v.latDeg },
      properties: {
        kind: 'vessel',
        mmsi: v.mmsi,
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v.speedKn !== null ? { speedKn: v.speedKn } : {}),
        ...(v.courseDeg !== null ? { courseDeg: v.courseDeg } : {}),
        lastSeen: iso(v.lastSeenMs),
        sources: v.sources,
      },
    });
  }
  for (const e of x.events) {
    out.push({
      id: `maritime-event/${e.id}`,
      kind: 'maritime-event',
      name: `${e.type} (${e.mmsi.join(', ')})`,
      timeMs: e.timeMs,
      shape: { type: 'point', lonDeg: e.lonDeg, latDeg: e.latDeg },
      properties: {
        kind: 'maritime-event',
        eventId: e.id,
        type: e.type,
        originator: e.originator,
        mmsi: e.mmsi.map(String),
        time: iso(e.timeMs),
        state: e.state,
        ...(e.marking !== undefined ? { marking: e.marking } : {}),
      },
    });
  }
  for (const z of x.zones) {
    const rings = z.outlines.flatMap(polygonRings);
    if (rings.length === 0) continue;
    out.push({
      id: `zone/${z.id}`,
      kind: 'zone',
      name: z.name,
      timeMs: x.timeMs,
      shape: { type: 'polygons', rings },
      properties: { kind: 'zone', zoneId: z.id, zoneKind: z.kind },
    });
  }
  return out;
}
