// Numbers as interchange formats want them: finite, fixed-point, never `1e-7` nor `NaN`.

/** `x` rounded to `digits` decimals; throws on a non-finite number (a bug upstream, never output). */
export function roundTo(x: number, digits: number, what: string): number {
  if (!Number.isFinite(x)) throw new Error(`interop: ${what} is ${x}, not a finite number`);
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  // JSON.stringify writes |x| < 1e-6 with an exponent; such a value rounded to <= 6 digits is 0.
  return r === 0 ? 0 : r;
}

/**
 * `x` as an xs:decimal with at most `digits` decimals: no exponent, no trailing zeros, no `-0`.
 *
 * @example decimal(1e-7, 6, 'lon') // '0'
 * @example decimal(135.25, 6, 'lon') // '135.25'
 */
export function decimal(x: number, digits: number, what: string): string {
  const r = roundTo(x, digits, what);
  if (Math.abs(r) >= 1e21) throw new Error(`interop: ${what} is ${x}, too large to write`);
  const s = r.toFixed(digits);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Degrees of latitude and longitude: 6 decimals (about 0.1 m). */
export const DEG_DIGITS = 6;
