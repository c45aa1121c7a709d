// One Cursor-on-Target event (CoT base event schema 2.0) and its XML: the unit TAK clients and
// servers exchange. Pure: data in, a string out.

import { DEG_DIGITS, decimal } from './numbers.js';

/** CoT's "unknown" for `hae`, `ce` and `le` (the schema's convention). */
export const COT_UNKNOWN = 9_999_999;

/** What one CoT event says; `cotEventXml` writes it. */
export interface CotEvent {
  /** Stable per object: a later event with the same uid replaces the earlier one in a TAK client. */
  readonly uid: string;
  /** The CoT type (`a-h-A-W-M-S-S`, ...): see COT_TYPES. */
  readonly type: string;
  /** How the position was made (`m-f` fused, `m-p` predicted, `m-r` relayed, `h-e` human estimate, ...). */
  readonly how: string;
  /** When the event was made, when it starts to hold and when it goes stale: ms since the epoch. */
  readonly timeMs: number;
  readonly startMs: number;
  readonly staleMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Height above the WGS84 ellipsoid, m (COT_UNKNOWN when not known). */
  readonly haeM: number;
  /** Horizontal and vertical 1-sigma errors, m (COT_UNKNOWN when not known). */
  readonly ceM: number;
  readonly leM: number;
  /** The label a TAK client shows (`<contact callsign>`). */
  readonly callsign: string;
  /** Free text for a person: what it is, who says so, and its marking (`<remarks>`). */
  readonly remarks: string;
  /** `o` operations, `e-NAME` exercise, `s-NAME` simulation. */
  readonly opex?: string;
  /** Course (degrees true) and speed (m/s) over ground (`<track>`). */
  readonly motion?: { readonly courseDeg: number; readonly speedMps: number };
  /** A region around the point: its ellipse (semi-axes m, angle of the major from north, degrees). */
  readonly ellipse?: { readonly majorM: number; readonly minorM: number; readonly angleDeg: number };
  /** Concord's own facts, as attributes of a `<concord>` detail element (ignored by TAK). */
  readonly concord: Readonly<Record<string, string>>;
}

const iso = (ms: number, what: string) => {
  if (!Number.isFinite(ms)) throw new RangeError(`interop: ${what} is ${ms}, not a time`);
  return new Date(ms).toISOString();
};

/**
 * The event as one XML document (`<?xml ...?><event ...>...</event>`, no newline), valid against
 * the CoT event schema: numbers as xs:decimal (never an exponent, NaN or Infinity: a non-finite
 * number throws, a bug upstream), times as xs:dateTime in UTC, text escaped and stripped of what
 * XML 1.0 cannot carry.
 *
 * @example cotEventXml(e) // '<?xml version="1.0" encoding="UTF-8"?><event version="2.0" uid="concord.JPN.track.KOR:1" ...'
 */
export function cotEventXml(e: CotEvent): string {
  const what = `CoT event ${e.uid}`;
  if (!(Math.abs(e.latDeg) <= 90 && Math.abs(e.lonDeg) <= 180))
    throw new RangeError(`interop: ${what} is at ${e.latDeg}, ${e.lonDeg}, not a position`);
  if (!/^\w+(-\w+)*$/.test(e.type)) throw new RangeError(`interop: ${what} has type '${e.type}'`);
  if (!/^\w(-\w+)*$/.test(e.how)) throw new RangeError(`interop: ${what} has how '${e.how}'`);
  const attrs = [
    'version="2.0"',
    `uid="${esc(e.uid)}"`,
    `type="${e.type}"`,
    `how="${e.how}"`,
    `time="${iso(e.timeMs, `${what} time`)}"`,
    `start="${iso(e.startMs, `${what} start`)}"`,
    `stale="${iso(e.staleMs, `${what} stale`)}"`,
    ...(e.opex !== undefined ? [`opex="${esc(e.opex)}"`] : []),
  ];
  const point =
    `<point lat="${decimal(e.latDeg, DEG_DIGITS + 1, `${what} lat`)}" lon="${decimal(e.lonDeg, DEG_DIGITS + 1, `${what} lon`)}"` +
    ` hae="${decimal(e.haeM, 1, `${what} hae`)}" ce="${decimal(e.ceM, 1, `${what} ce`)}" le="${decimal(e.leM, 1, `${what} le`)}"/>`;
  const detail = [
    `<contact callsign="${esc(e.callsign)}"/>`,
    e.motion
      ? `<track course="${decimal(e.motion.courseDeg, 1, `${what} course`)}" speed="${decimal(e.motion.speedMps, 2, `${what} speed`)}"/>`
      : '',
    e.ellipse
      ? `<shape><ellipse major="${decimal(e.ellipse.majorM, 0, `${what} major`)}" minor="${decimal(e.ellipse.minorM, 0, `${what} minor`)}" angle="${decimal(e.ellipse.angleDeg, 1, `${what} angle`)}"/></shape>`
      : '',
    `<remarks>${esc(e.remarks)}</remarks>`,
    `<concord ${Object.entries(e.concord)
      .map(([k, v]) => `${k}="${esc(v)}"`)
      .join(' ')}/>`,
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?><event ${attrs.join(' ')}>${point}<detail>${detail}</detail></event>`;
}

const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text as XML attribute or element content: escaped, and characters XML 1.0 forbids replaced by `?`. */
export function esc(s: string): string {
  return s
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing what XML 1.0 cannot carry is the point.
      /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '?',
    )
    .replace(/[&<>"']/g, (c) => ENTITY[c]!);
}
