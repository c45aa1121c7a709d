// Inbound Cursor on Target: a CoT event from a TAK client (a friendly ship reporting its position,
// a spotter marking a vessel) read into a sensor contact of the maritime picture. Pure: text in, a
// contact (or why not) out; every refusal names the input and the field.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../domain/errors.js';
import { CONTACT_SENSORS, type Contact, type ContactSensor } from '../maritime/index.js';
import { COT_UNKNOWN } from './cot-event.js';

/** A CoT event larger than this is refused unread (a TAK point is well under 2 KiB). */
export const MAX_COT_EVENT_BYTES = 16 * 1024;

/** A contact's error when the event gives no `ce` (CoT's 9999999 "unknown"), m. */
export const DEFAULT_COT_ERROR_M = 1_000;

export type CotReading =
  | { readonly kind: 'contact'; readonly contact: Contact; readonly uid: string; readonly type: string }
  /** A well-formed event that is not a sea-surface object (air, ground, a drawing, a chat), or one of Concord's own. */
  | { readonly kind: 'ignored'; readonly uid: string; readonly type: string; readonly why: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
});

/**
 * Reads one CoT event. A sea-surface atom (`a-<affiliation>-S...`) becomes a contact: its `uid`
 * (prefixed `cot:`), its `time`, its point, `ce` as the error (DEFAULT_COT_ERROR_M when unknown),
 * the callsign as the vessel's name; the sensor is `<concord sensor="...">` in its detail when
 * given, else `aircraft` for a person's report (`how` h-...: eyes on the vessel, as a patrol
 * aircraft's) and `radar` for a machine's. Any other well-formed event is `ignored` (with why), as
 * are Concord's own (`uid` concord.*), so a group that carries both does not loop. A malformed one
 * throws an InputError naming `input` and the field.
 *
 * @example readCotEvent('<event version="2.0" uid="ship-1" type="a-f-S" ...>', 'udp://0.0.0.0:4242 datagram 3')
 */
export function readCotEvent(text: string, input: string): CotReading {
  const bad = (field: string, problem: string) => new InputError({ input, field }, problem);
  if (Buffer.byteLength(text) > MAX_COT_EVENT_BYTES)
    throw bad(
      'event',
      `${Buffer.byteLength(text)} bytes, more than the ${MAX_COT_EVENT_BYTES} a CoT event may have`,
    );
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new InputError(
      { input, line: valid.err.line, column: valid.err.col, field: 'event' },
      `not well-formed XML: ${valid.err.msg}`,
    );
  const doc = parser.parse(text) as Record<string, unknown>;
  const e = doc.event;
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw bad('event', 'no single <event> element');
  const ev = e as Record<string, unknown>;
  const attr = (name: string) => {
    const v = ev[name];
    if (typeof v !== 'string' || v.trim() === '') throw bad(`event@${name}`, `missing`);
    return v.trim();
  };
  const uid = attr('uid');
  const type = attr('type');
  if (!/^\w+(-\w+)*(;[^;]*)?$/.test(type)) throw bad('event@type', `'${type}' is not a CoT type`);
  if (uid.startsWith('concord.')) return { kind: 'ignored', uid, type, why: "Concord's own event" };
  if (!/^a-[a-z]-S(-|$)/.test(type)) return { kind: 'ignored', uid, type, why: 'not a sea-surface object' };
  const how = attr('how');
  const time = attr('time');
  const tMs = Date.parse(time);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(time) || !Number.isFinite(tMs))
    throw bad('event@time', `'${time}' is not an xs:dateTime`);
  const point = ev.point;
  if (typeof point !== 'object' || point === null || Array.isArray(point))
    throw bad('point', 'missing, or more than one');
  const p = point as Record<string, unknown>;
  const decimal = (name: string, lo: number, hi: number) => {
    const v = p[name];
    if (typeof v !== 'string' || !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(v))
      throw bad(`point@${name}`, `${v === undefined ? 'missing' : `'${String(v)}'`}: not an xs:decimal`);
    const n = Number(v);
    if (!(n >= lo && n <= hi)) throw bad(`point@${name}`, `${n} is outside ${lo} to ${hi}`);
    return n;
  };
  const latDeg = decimal('lat', -90, 90);
  const lonDeg = decimal('lon', -180, 180);
  const ce = decimal('ce', 0, Number.MAX_VALUE);
  const detail =
    typeof ev.detail === 'object' && ev.detail !== null ? (ev.detail as Record<string, unknown>) : {};
  const concord =
    typeof detail.concord === 'object' && detail.concord !== null
      ? (detail.concord as Record<string, unknown>)
      : {};
  const sensorText = concord.sensor;
  let sensor: ContactSensor;
  if (sensorText !== undefined) {
    if (!(CONTACT_SENSORS as readonly unknown[]).includes(sensorText))
      throw bad(
        'detail/concord@sensor',
        `'${String(sensorText)}' is not one of ${CONTACT_SENSORS.join(', ')}`,
      );
    sensor = sensorText as ContactSensor;
  } else sensor = how.startsWith('h') ? 'aircraft' : 'radar';
  const contact =
    typeof detail.contact === 'object' && detail.contact !== null
      ? (detail.contact as Record<string, unknown>)
      : {};
  const callsign = typeof contact.callsign === 'string' ? contact.callsign.trim().slice(0, 120) : '';
  return {
    kind: 'contact',
    uid,
    type,
    contact: {
      id: `cot:${uid.slice(0, 200)}`,
      sensor,
      tMs,
      latDeg,
      lonDeg,
      errorM: ce > 0 && ce < COT_UNKNOWN ? ce : DEFAULT_COT_ERROR_M,
      ...(callsign !== '' ? { identity: { name: callsign } } : {}),
    },
  };
}
