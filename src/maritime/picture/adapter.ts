import type { Fix, GpsdAisLike, StaticReport } from './types.js';

/** Message types that carry a vessel position: class A (1-3), class B (18, 19), long range (27). */
const POSITION_TYPES = new Set([1, 2, 3, 18, 19, 27]);
/** Message types that carry static data: 5 (class A), 19 (class B extended), 24 (class B static). */
const STATIC_TYPES = new Set([5, 19, 24]);

export type AdaptedRecord =
  | { readonly kind: 'fix'; readonly fix: Fix; readonly static?: StaticReport }
  | { readonly kind: 'static'; readonly static: StaticReport }
  | { readonly kind: 'none' };

const NONE: AdaptedRecord = { kind: 'none' };

/**
 * Turns one gpsd-style AIS record (received at `tMs`) into a position fix and/or static report.
 * Records of other types, records without an MMSI and positions that are "not available" (gpsd's
 * scaled sentinels 91/181) or out of range give `none`: a feed's bad record is skipped, never thrown.
 * @example adaptGpsd(t, { class: 'AIS', type: 1, mmsi: 371798000, lat: 48.38, lon: -123.39, speed: 12.3, course: 224, heading: 215 })
 */
export function adaptGpsd(tMs: number, r: GpsdAisLike): AdaptedRecord {
  if (r === null || typeof r !== 'object') return NONE;
  if (r.class !== undefined && r.class !== 'AIS') return NONE;
  const type = r.type;
  const mmsi = r.mmsi;
  if (typeof type !== 'number' || typeof mmsi !== 'number' || !Number.isInteger(mmsi) || mmsi <= 0)
    return NONE;
  if (!Number.isFinite(tMs)) return NONE;
  const st = STATIC_TYPES.has(type) ? staticOf(tMs, mmsi, r) : undefined;
  if (POSITION_TYPES.has(type)) {
    const fix = fixOf(tMs, mmsi, type, r);
    if (fix) return st ? { kind: 'fix', fix, static: st } : { kind: 'fix', fix };
  }
  return st ? { kind: 'static', static: st } : NONE;
}

function fixOf(tMs: number, mmsi: number, msgType: number, r: GpsdAisLike): Fix | null {
  const lat = r.lat;
  const lon = r.lon;
  if (typeof lat !== 'number' || typeof lon !== 'number') return null;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  return {
    mmsi,
    tMs,
    latDeg: lat,
    lonDeg: lon,
    // Type 27 reports speed in whole knots with 63 = n/a; gpsd passes it through unscaled.
    speedKn: valid(r.speed, 0, msgType === 27 ? 62 : 102.2),
    courseDeg: valid(r.course, 0, msgType === 27 ? 359 : 359.9),
    headingDeg: valid(r.heading, 0, 359),
    msgType,
  };
}

function valid(v: number | undefined, min: number, max: number): number | null {
  return typeof v === 'number' && v >= min && v <= max ? v : null;
}

/** AIS text fields pad with '@' and spaces; an all-padding field means "not available". */
export function cleanAisText(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  const t = s.replace(/@+$/, '').trim().replace(/\s+/g, ' ');
  return t === '' ? undefined : t;
}

function staticOf(tMs: number, mmsi: number, r: GpsdAisLike): StaticReport | undefined {
  const out: {
    mmsi: number;
    tMs: number;
    imo?: number;
    callsign?: string;
    name?: string;
    shipType?: number;
    lengthM?: number;
    beamM?: number;
    destination?: string;
  } = { mmsi, tMs };
  if (typeof r.imo === 'number' && Number.isInteger(r.imo) && r.imo > 0) out.imo = r.imo;
  const callsign = cleanAisText(r.callsign);
  if (callsign) out.callsign = callsign;
  const name = cleanAisText(r.shipname);
  if (name) out.name = name;
  if (typeof r.shiptype === 'number' && r.shiptype > 0 && r.shiptype < 100) out.shipType = r.shiptype;
  const { to_bow: b, to_stern: s, to_port: p, to_starboard: sb } = r;
  if (typeof b === 'number' && typeof s === 'number' && b + s > 0) out.lengthM = b + s;
  if (typeof p === 'number' && typeof sb === 'number' && p + sb > 0) out.beamM = p + sb;
  const dest = cleanAisText(r.destination);
  if (dest) out.destination = dest;
  return Object.keys(out).length > 2 ? out : undefined;
}
