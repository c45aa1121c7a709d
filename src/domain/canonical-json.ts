/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no whitespace, `undefined` members
 * left out. Two nodes that hold the same event produce the same bytes, which is what the link layer
 * signs and what duplicates are recognised by.
 * @example canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** The bytes to sign or hash for a value: its canonical JSON in UTF-8. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/** A value that canonical JSON cannot represent (NaN, a function, a cycle): never a signed event. */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

// Deeper than any event needs; it also ends cycles without a visited set.
const MAX_DEPTH = 64;

function write(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_DEPTH} levels`);
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new CanonicalJsonError(`${v} has no JSON form`);
      // -0 and 0 must be the same bytes, as they are the same JSON number.
      return JSON.stringify(v === 0 ? 0 : v);
    case 'object': {
      if (Array.isArray(v))
        return `[${v.map((x) => write(x === undefined ? null : x, depth + 1)).join(',')}]`;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError('only plain objects, arrays, strings, numbers, booleans and null');
      }
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec)
        .filter((k) => rec[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], depth + 1)}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof v} has no JSON form`);
  }
}
