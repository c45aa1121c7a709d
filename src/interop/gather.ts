// What a node holds, read into a NationExport: its fused picture, its warnings, its vessels and the
// maritime events it detected or partners shared with it. Nothing from any other node.

import type { Nation } from '../domain/index.js';
import { geodeticFromEcef } from '../geo/index.js';
import type { NationNode } from '../node/index.js';
import { pointErrorsM } from './cot-errors.js';
import type { ExportMaritimeEvent, ExportZone, NationExport } from './picture.js';

/** At most this many maritime events of each kind (own, partners') go into one export. */
export const MAX_EXPORT_EVENTS = 1_000;

export interface GatherOptions {
  /** The marking each originator puts on its shared tracks, when the caller knows it. */
  readonly markingOf?: (originator: Nation) => string | undefined;
  /** The sea areas the node's maritime desk detects against (its reference's zones), when given. */
  readonly zones?: readonly ExportZone[];
}

/**
 * The node's picture now, as an export (its clock's instant). Tracks are the fused picture, each
 * at its own time; warnings include withdrawn ones (marked so); events are the node's own and the
 * standing ones partners shared with it.
 */
export function nationExport(node: NationNode, nowMs: number, o: GatherOptions = {}): NationExport {
  const tracks = node.picture().map((t) => {
    const g = geodeticFromEcef(t.x[0]!, t.x[1]!, t.x[2]!);
    // The originator whose track names the object comes first: its marking is the one shown.
    const first = t.sources.find((s) => `${s.nation}:${s.trackId}` === t.id) ?? t.sources[0]!;
    const originators = [...new Set([first.nation, ...t.sources.map((s) => s.nation)])];
    const marking = o.markingOf?.(originators[0]!);
    const { ceM, leM } = pointErrorsM(t.P, 6, g.latDeg, g.lonDeg);
    return {
      id: t.id,
      originators,
      sources: t.sources.map((s) => `${s.nation}:${s.trackId}`),
      ...(marking !== undefined ? { marking } : {}),
      latDeg: g.latDeg,
      lonDeg: g.lonDeg,
      altitudeM: g.hM,
      speedMps: Math.hypot(t.x[3]!, t.x[4]!, t.x[5]!),
      timeMs: t.tMs,
      ceM,
      leM,
    };
  });
  const warnings = node.warnings().map((w) => ({
    trackId: w.trackId,
    reason: w.reason,
    zone: w.zone,
    area: w.area,
    phase: w.phase,
    issuedMs: w.issuedMs,
    eventMs: w.eventMs,
    ...(w.withdrawnMs !== undefined ? { withdrawnMs: w.withdrawnMs } : {}),
    latDeg: w.latDeg,
    lonDeg: w.lonDeg,
    ...(w.ellipse ? { ellipse: w.ellipse } : {}),
    ...(w.swept ? { swept: w.swept } : {}),
  }));
  const vessels = node.maritime.vessels().map((v) => ({
    mmsi: v.mmsi,
    ...(v.name !== undefined ? { name: v.name } : {}),
    latDeg: v.latDeg,
    lonDeg: v.lonDeg,
    speedKn: v.speedKn,
    courseDeg: v.courseDeg,
    ...(v.headingDeg !== null ? { headingDeg: v.headingDeg } : {}),
    ...(v.shipType !== undefined ? { shipType: v.shipType } : {}),
    lastSeenMs: v.lastSeenMs,
    sources: v.sources,
  }));
  const events: ExportMaritimeEvent[] = [];
  for (const e of node.maritime.events({ limit: MAX_EXPORT_EVENTS })) {
    const at = latLonOf(e.detector);
    if (!at) continue;
    events.push({
      id: e.id,
      type: e.type,
      originator: node.nation,
      mmsi: e.mmsi,
      ...at,
      timeMs: e.detectedMs,
      state: e.state,
      ...(e.marking ? { marking: e.marking } : {}),
    });
  }
  for (const e of node.maritime.partnerEvents({ withdrawn: false, limit: MAX_EXPORT_EVENTS })) {
    const at = latLonOf(e.event);
    if (!at) continue;
    events.push({
      id: `${e.originator}:${e.id}`,
      type: e.type,
      originator: e.originator,
      mmsi: e.mmsi,
      ...at,
      timeMs: e.receivedMs,
      state: 'shared',
      marking: e.marking,
    });
  }
  return { nation: node.nation, timeMs: nowMs, tracks, warnings, vessels, events, zones: o.zones ?? [] };
}

/** The position of an event as its detector (`lat`/`lon`) or a partner's payload (`latDeg`/`lonDeg`) gives it. */
function latLonOf(j: unknown): { latDeg: number; lonDeg: number } | undefined {
  if (typeof j !== 'object' || j === null) return undefined;
  const r = j as Record<string, unknown>;
  const lat = r.latDeg ?? r.lat;
  const lon = r.lonDeg ?? r.lon;
  if (typeof lat !== 'number' || typeof lon !== 'number') return undefined;
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return undefined;
  return { latDeg: lat, lonDeg: lon };
}

/** Zones as the maritime reference holds them (GeoJSON areas), as export zones. */
export function exportZones(
  zones: readonly {
    id: string;
    name: string;
    kind: string;
    area:
      | { type: 'Polygon'; coordinates: number[][][] }
      | { type: 'MultiPolygon'; coordinates: number[][][][] };
  }[],
): ExportZone[] {
  return zones.map((z) => {
    const polygons = z.area.type === 'Polygon' ? [z.area.coordinates] : z.area.coordinates;
    return {
      id: z.id,
      name: z.name,
      kind: z.kind,
      outlines: polygons.map((p) => (p[0] ?? []).map(([lon, lat]) => ({ latDeg: lat!, lonDeg: lon! }))),
    };
  });
}
