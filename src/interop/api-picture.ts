// A running node's picture as its API gives it (GET /api/N/picture, /warnings, /vessels,
// /maritime-events), read into a NationExport, so `concord cot --node` writes the same events as
// `--scenario`. The bodies come over the network: anything malformed is skipped and counted, never
// thrown on.

import type { Nation } from '../domain/index.js';
import { isotropicErrorsM } from './cot-errors.js';
import type {
  ExportMaritimeEvent,
  ExportTrack,
  ExportVessel,
  ExportWarning,
  NationExport,
} from './picture.js';

export interface ApiBodies {
  /** `GET /api/N/picture`: `{ time, tracks: [...] }`. */
  readonly picture: unknown;
  /** `GET /api/N/warnings`: `{ warnings: [...] }`. */
  readonly warnings: unknown;
  /** `GET /api/N/vessels`: `{ vessels: [...] }` (absent when the node has no maritime picture). */
  readonly vessels?: unknown;
  /** `GET /api/N/maritime-events`: `{ events: [...] }`. */
  readonly events?: unknown;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const time = (v: unknown): number | undefined => {
  const s = str(v);
  const ms = s === undefined ? Number.NaN : Date.parse(s);
  return Number.isFinite(ms) ? ms : undefined;
};
const latLon = (lat: unknown, lon: unknown) => {
  const la = num(lat);
  const lo = num(lon);
  return la !== undefined && lo !== undefined && Math.abs(la) <= 90 && Math.abs(lo) <= 180
    ? { latDeg: la, lonDeg: lo }
    : undefined;
};
const list = (body: unknown, key: string): unknown[] => {
  const v = isRec(body) ? body[key] : undefined;
  return Array.isArray(v) ? v : [];
};

/**
 * The export the API bodies describe, and how many items were skipped as malformed. Tracks' `ce`
 * and `le` come from `positionSigmaM` (the API gives no full covariance: `isotropicErrorsM`); a
 * track's marking is not in the API, so it is left out.
 */
export function exportFromApi(nation: Nation, b: ApiBodies): { export: NationExport; skipped: number } {
  let skipped = 0;
  const tracks: ExportTrack[] = [];
  for (const t of list(b.picture, 'tracks')) {
    const at = isRec(t) ? latLon(t.latDeg, t.lonDeg) : undefined;
    const r = t as Rec;
    const tMs = at && time(r.time);
    const alt = at && num(r.altitudeM);
    const id = at && str(r.id);
    if (!at || tMs === undefined || alt === undefined || id === undefined) {
      skipped++;
      continue;
    }
    const sources = (Array.isArray(r.sources) ? r.sources : []).filter(isRec);
    const sigma = num(r.positionSigmaM);
    tracks.push({
      id,
      originators: [
        ...new Set(sources.map((s) => str(s.nation)).filter((n): n is Nation => n !== undefined)),
      ],
      sources: sources.map((s) => `${String(s.nation)}:${String(s.trackId)}`),
      ...at,
      altitudeM: alt,
      speedMps: num(r.speedMps) ?? 0,
      timeMs: tMs,
      ...(sigma !== undefined && sigma >= 0 ? isotropicErrorsM(sigma) : {}),
    });
  }
  const warnings: ExportWarning[] = [];
  for (const w of list(b.warnings, 'warnings')) {
    const at = isRec(w) ? latLon(w.latDeg, w.lonDeg) : undefined;
    const r = w as Rec;
    const issuedMs = at && time(r.issued);
    const eventMs = at && time(r.event);
    const [trackId, reason, zone, area, phase] = [r?.trackId, r?.reason, r?.zone, r?.area, r?.phase].map(str);
    if (!at || issuedMs === undefined || eventMs === undefined || !trackId || !reason || !area) {
      skipped++;
      continue;
    }
    const e = isRec(r.ellipse) ? r.ellipse : undefined;
    const ellipse =
      e &&
      num(e.semiMajorM) !== undefined &&
      num(e.semiMinorM) !== undefined &&
      num(e.orientationDeg) !== undefined
        ? {
            semiMajorM: e.semiMajorM as number,
            semiMinorM: e.semiMinorM as number,
            orientationDeg: e.orientationDeg as number,
          }
        : undefined;
    const swept = Array.isArray(r.swept)
      ? r.swept.map((p) => (isRec(p) ? latLon(p.latDeg, p.lonDeg) : undefined))
      : [];
    const withdrawnMs = time(r.withdrawn);
    warnings.push({
      trackId,
      reason,
      zone: zone ?? '',
      area,
      phase: phase ?? '',
      issuedMs,
      eventMs,
      ...(withdrawnMs !== undefined ? { withdrawnMs } : {}),
      ...at,
      ...(ellipse ? { ellipse } : {}),
      ...(swept.length >= 3 && swept.every((p) => p !== undefined)
        ? { swept: swept as { latDeg: number; lonDeg: number }[] }
        : {}),
    });
  }
  const vessels: ExportVessel[] = [];
  for (const v of list(b.vessels, 'vessels')) {
    const at = isRec(v) ? latLon(v.lat, v.lon) : undefined;
    const r = v as Rec;
    const mmsi = at && num(r.mmsi);
    const lastSeenMs = at && time(r.lastSeen);
    if (!at || mmsi === undefined || lastSeenMs === undefined) {
      skipped++;
      continue;
    }
    const name = str(r.name);
    const shipType = num(r.shipType);
    const headingDeg = num(r.heading);
    vessels.push({
      mmsi,
      ...(name !== undefined ? { name } : {}),
      ...at,
      speedKn: num(r.speed) ?? null,
      courseDeg: num(r.course) ?? null,
      ...(headingDeg !== undefined ? { headingDeg } : {}),
      ...(shipType !== undefined ? { shipType } : {}),
      lastSeenMs,
      sources: (Array.isArray(r.sources) ? r.sources : []).filter((s): s is string => typeof s === 'string'),
    });
  }
  const events: ExportMaritimeEvent[] = [];
  for (const e of list(b.events, 'events')) {
    const at = isRec(e) ? latLon(e.lat, e.lon) : undefined;
    const r = e as Rec;
    const timeMs = at && time(r.detected);
    if (!at || timeMs === undefined || !Array.isArray(r.mmsi)) {
      skipped++;
      continue;
    }
    events.push({
      id: str(r.id) ?? '',
      type: str(r.type) ?? '',
      originator: str(r.originator) ?? '',
      mmsi: r.mmsi.filter((m): m is number => typeof m === 'number'),
      ...at,
      timeMs,
      state: isRec(r.status) ? (str(r.status.state) ?? '') : '',
    });
  }
  const nowMs = time(isRec(b.picture) ? b.picture.time : undefined) ?? Date.now();
  return { export: { nation, timeMs: nowMs, tracks, warnings, vessels, events, zones: [] }, skipped };
}
