/**
 * gpsd's scaling of raw AIS integers, with enough decimals that encoding the value again gives
 * back the same integer (gpsd 3.22 prints fewer; see docs/ais.md).
 */

/** 1/10,000 minute (positions in types 1-4, 9, 11, 18, 19, 21) to degrees, 7 decimals. */
export function deg600k(raw: number): number {
  return Math.round(raw / 0.06) / 1e7;
}

/** 1/1,000 minute (application messages) to degrees, 6 decimals. */
export function deg60k(raw: number): number {
  return Math.round(raw / 0.06) / 1e6;
}

/** 1/10 minute (types 17, 27) to degrees, 4 decimals. */
export function deg600(raw: number): number {
  return Math.round(raw / 0.06) / 1e4;
}

/** Rate of turn as gpsd names its special values; otherwise degrees per minute, signed, 2 decimals. */
export function turn(raw: number): number | string {
  if (raw === -128) return 'nan';
  if (raw === -127) return 'fastleft';
  if (raw === 127) return 'fastright';
  const r = raw / 4.733;
  const v = Math.round(r * r * 100) / 100;
  return raw < 0 ? -v : v;
}

/** The raw rate-of-turn code for a `turn` value (inverse of `turn`). */
export function turnRaw(v: number | string): number {
  if (v === 'nan') return -128;
  if (v === 'fastleft') return -127;
  if (v === 'fastright') return 127;
  const n = Number(v);
  const raw = Math.round(Math.sqrt(Math.abs(n)) * 4.733);
  return n < 0 ? -raw : raw;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** `%02u`-style two-digit field. */
export function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** gpsd's `YYYY-MM-DDThh:mm:ssZ` (types 4 and 11); years past 9999 keep all digits. */
export function isoTimestamp(y: number, mo: number, d: number, h: number, mi: number, s: number): string {
  return `${pad(y, 4)}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
}

/** The integers in a date-like string, in order (`"05-14T19:57Z"` -> [5, 14, 19, 57]). */
export function dateParts(s: unknown): number[] {
  if (typeof s !== 'string') return [];
  const out: number[] = [];
  let n = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n = (n < 0 ? 0 : n * 10) + (c - 48);
    else if (n >= 0) {
      out.push(n);
      n = -1;
    }
  }
  if (n >= 0) out.push(n);
  return out;
}
