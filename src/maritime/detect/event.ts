import { MARITIME_EVENT_TYPES, type MaritimeEventType } from '../../domain/index.js';

/** The event types (the shared list in `domain`, which the synthetic traffic's truth uses too). */
export const EVENT_TYPES = MARITIME_EVENT_TYPES;
export type EventType = MaritimeEventType;

/** One fact behind an event, e.g. `{ kind: 'implied-speed', impliedSpeedKn: 412 }`. */
export type Evidence = { readonly kind: string } & Readonly<Record<string, unknown>>;

/** An event as detectors produce it (times in ms); `toNdjson` writes the public shape. */
export interface DetectedEvent {
  readonly type: EventType;
  readonly mmsi: readonly number[];
  readonly startMs: number;
  readonly endMs: number | null;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly zone?: string;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
}

/** The NDJSON event: `{ type, mmsi, start, end, lat, lon, zone?, confidence, evidence }`. */
export interface EventJson {
  type: EventType;
  mmsi: number[];
  start: string;
  end: string | null;
  lat: number;
  lon: number;
  zone?: string;
  confidence: number;
  evidence: Evidence[];
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const r2 = (x: number) => Math.round(x * 100) / 100;

export function toEventJson(e: DetectedEvent): EventJson {
  return {
    type: e.type,
    mmsi: [...e.mmsi],
    start: new Date(e.startMs).toISOString(),
    end: e.endMs === null ? null : new Date(e.endMs).toISOString(),
    lat: r6(e.latDeg),
    lon: r6(e.lonDeg),
    ...(e.zone !== undefined ? { zone: e.zone } : {}),
    confidence: r2(Math.min(1, Math.max(0, e.confidence))),
    evidence: [...e.evidence],
  };
}

/** One NDJSON line (with its newline). */
export function toNdjson(e: DetectedEvent): string {
  return `${JSON.stringify(toEventJson(e))}\n`;
}
