import { z } from 'zod';
import { futureTimeProblem, type PayloadTimes } from '../domain/index.js';
import { EVENT_TYPES } from './detect/event.js';
import { isValidImo } from './files/watchlist.js';
import { CONTACT_SENSORS } from './picture/types.js';

// What nodes will share of the maritime picture (topic `maritime`), and the checks a receiver makes
// before using one. Defined before the link carries them, so that no maritime partner input is ever
// taken unvalidated. Each schema is strict (no other fields: a payload's size is bounded by its
// fields), and every string and list has a bound.

/** The kinds of maritime partner payload; each travels under topic `maritime`. */
export const MARITIME_PAYLOAD_KINDS = [
  'vessel-state',
  'vessel-state-batch',
  'maritime-event',
  'maritime-event-withdrawal',
  'sensor-contact',
] as const;
export type MaritimePayloadKind = (typeof MARITIME_PAYLOAD_KINDS)[number];
export const MARITIME_PAYLOAD_TOPIC = 'maritime';

const time = z.int().nonnegative();
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
/** A nine-digit MMSI (leading zeros allowed: coast stations and groups). */
const mmsi = z.int().min(0).max(999_999_999);
const imo = z.int().refine(isValidImo, 'not a valid IMO number (seven digits with its check digit)');
/** Printable text without control characters, at most `max` characters. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'has control characters');

/**
 * A vessel as the sharing nation's picture holds it: its latest fix (AIS limits: speed at most
 * 102.2 kn, course below 360°, heading 0-359°; unknown values null) and the static data it knows.
 */
export const vesselStateSchema = z.strictObject({
  kind: z.literal('vessel-state'),
  mmsi,
  tMs: time,
  latDeg: lat,
  lonDeg: lon,
  speedKn: z.number().min(0).max(102.2).nullable(),
  courseDeg: z.number().min(0).lt(360).nullable(),
  headingDeg: z.int().min(0).max(359).nullable(),
  imo: imo.optional(),
  callsign: text(7).optional(),
  name: text(120).optional(),
  shipType: z.int().min(0).max(99).optional(),
  lengthM: z.number().positive().max(600).optional(),
  beamM: z.number().positive().max(100).optional(),
  destination: text(120).optional(),
});
export type VesselStatePayload = z.output<typeof vesselStateSchema>;

/** Most vessel states one batch item carries (~300 bytes each: a batch stays under ~150 KB). */
export const MAX_VESSEL_STATES_PER_BATCH = 500;

/**
 * Many vessel states in one item: a picture of 200,000 vessels shared as one item per vessel would
 * cost a signature and an outbox row per vessel and recipient; batched, one per 500.
 */
export const vesselStateBatchSchema = z.strictObject({
  kind: z.literal('vessel-state-batch'),
  states: z.array(vesselStateSchema).min(1).max(MAX_VESSEL_STATES_PER_BATCH),
});
export type VesselStateBatchPayload = z.output<typeof vesselStateBatchSchema>;

/** One fact behind an event: a kind and at most 16 plain values (no nesting). */
const evidence = z
  .object({ kind: text(64).min(1) })
  .catchall(z.union([text(500), z.number().refine(Number.isFinite, 'must be finite'), z.boolean(), z.null()]))
  .refine((e) => Object.keys(e).length <= 17, 'at most 16 values besides kind');

/** A maritime event a nation's detectors raised (as `DetectedEvent`, times in ms). */
export const maritimeEventSchema = z
  .strictObject({
    kind: z.literal('maritime-event'),
    /** The sharing nation's id for the event, so later updates of it can be told apart. */
    id: text(200).min(1),
    type: z.enum(EVENT_TYPES),
    /** None for a dark contact that no vessel explains. */
    mmsi: z.array(mmsi).max(8),
    startMs: time,
    endMs: time.nullable(),
    latDeg: lat,
    lonDeg: lon,
    zone: text(200).optional(),
    confidence: z.number().min(0).max(1),
    evidence: z.array(evidence).max(32),
  })
  .refine((e) => e.endMs === null || e.endMs >= e.startMs, { path: ['endMs'], message: 'before startMs' });
export type MaritimeEventPayload = z.output<typeof maritimeEventSchema>;

/**
 * The sharing nation takes back an event it shared (its watch officer dismissed it after
 * escalating it): `id` is the event's, as in the `maritime-event` payload; `tMs` when it was withdrawn.
 */
export const maritimeEventWithdrawalSchema = z.strictObject({
  kind: z.literal('maritime-event-withdrawal'),
  id: text(200).min(1),
  tMs: time,
});
export type MaritimeEventWithdrawalPayload = z.output<typeof maritimeEventWithdrawalSchema>;

/** A non-AIS detection (radar, patrol aircraft, SAR image, RF geolocation), as `Contact`. */
export const sensorContactSchema = z.strictObject({
  kind: z.literal('sensor-contact'),
  id: text(200).min(1),
  sensor: z.enum(CONTACT_SENSORS),
  tMs: time,
  latDeg: lat,
  lonDeg: lon,
  /** 1-sigma position error, m (as the contacts file: at most 100 km). */
  errorM: z.number().positive().max(100_000),
  identity: z
    .strictObject({ mmsi: mmsi.optional(), imo: imo.optional(), name: text(120).optional() })
    .optional(),
});
export type SensorContactPayload = z.output<typeof sensorContactSchema>;

export type MaritimePayload =
  | VesselStatePayload
  | VesselStateBatchPayload
  | MaritimeEventPayload
  | MaritimeEventWithdrawalPayload
  | SensorContactPayload;

/** Why a maritime partner payload was refused. */
export type MaritimeRefusalCode = 'malformed' | 'time-ahead-of-envelope' | 'time-in-future';

export type MaritimePayloadCheck<T> =
  | { readonly ok: true; readonly payload: T }
  | { readonly ok: false; readonly code: MaritimeRefusalCode; readonly reason: string };

const SCHEMAS = {
  'vessel-state': vesselStateSchema,
  'vessel-state-batch': vesselStateBatchSchema,
  'maritime-event': maritimeEventSchema,
  'maritime-event-withdrawal': maritimeEventWithdrawalSchema,
  'sensor-contact': sensorContactSchema,
} as const;

/**
 * Checks a partner's maritime payload of any kind: its shape (`kind` picks the schema: exactly its
 * fields, in range, bounded), then its times (`tMs`, each state's of a batch, or an event's `startMs` and `endMs`) against the
 * item's signed creation time and the receiver's clock: nothing dated in the future beyond the skew.
 * Never throws; a refusal names the field.
 * @example
 * checkMaritimePayload({ kind: 'sensor-contact', id: 'c1', sensor: 'sar', tMs, latDeg: 25.7, lonDeg: 123.5, errorM: 0 }, times)
 * // { ok: false, code: 'malformed', reason: 'errorM: Too small: expected number to be >0' }
 */
export function checkMaritimePayload(
  payload: unknown,
  times: PayloadTimes,
): MaritimePayloadCheck<MaritimePayload> {
  const kind =
    typeof payload === 'object' && payload !== null && 'kind' in payload
      ? (payload as { kind: unknown }).kind
      : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(SCHEMAS, kind)) {
    return {
      ok: false,
      code: 'malformed',
      reason: `kind: ${JSON.stringify(kind) ?? 'missing'} is not one of ${MARITIME_PAYLOAD_KINDS.join(', ')}`,
    };
  }
  const parsed = (SCHEMAS[kind as MaritimePayloadKind] as z.ZodType<MaritimePayload>).safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    return { ok: false, code: 'malformed', reason: `${path === '' ? 'payload' : path}: ${issue.message}` };
  }
  const p = parsed.data;
  const stamps: [string, number][] =
    p.kind === 'maritime-event'
      ? [['startMs', p.startMs], ...(p.endMs === null ? [] : ([['endMs', p.endMs]] as [string, number][]))]
      : p.kind === 'vessel-state-batch'
        ? p.states.map((v, i): [string, number] => [`states.${i}.tMs`, v.tMs])
        : [['tMs', p.tMs]];
  for (const [field, tMs] of stamps) {
    const late = futureTimeProblem(field, tMs, times);
    if (late) return { ok: false, code: late.code, reason: late.reason };
  }
  return { ok: true, payload: p };
}
