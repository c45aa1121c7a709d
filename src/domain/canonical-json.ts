// The one canonical JSON of the project: what envelopes are signed over, consultation events are
// recognised by, and audit records and stored bodies are hashed and kept as.

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/**
 * Nesting deeper than this is refused. It bounds the encoder's recursion, so a hostile payload
 * (`[[[[...]]]]` a million deep) fails as malformed instead of overflowing the stack, and it ends
 * cycles without a visited set.
 */
export const MAX_JSON_DEPTH = 64;

/** A value that canonical JSON cannot represent (NaN, a function, a cycle): never signed or stored. */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no whitespace, numbers and strings
 * as `JSON.stringify` writes them (so `-0` is `0`). This is RFC 8785 (JCS) for every value it
 * accepts, and `canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v)`.
 *
 * An object member whose value is `undefined` is left out, as JSON.stringify does: that is how an
 * absent optional field is written, and a receiver parsing the bytes sees the same absent field.
 * Everything else JSON cannot carry exactly throws a CanonicalJsonError rather than being
 * silently changed: `undefined` anywhere but as a member (at the top, or as an array element,
 * which JSON.stringify would turn into `null`), array holes, non-finite numbers, bigints,
 * functions, symbols, class instances (a Date, a Map), and nesting beyond MAX_JSON_DEPTH.
 * @example canonicalJson({ b: [1, 'x'], a: null, c: undefined }) // '{"a":null,"b":[1,"x"]}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** The bytes to sign or hash for a value: its canonical JSON in UTF-8. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/**
 * Sorts object keys in place by UTF-16 code units (what `Array.prototype.sort` does by default)
 * and returns them. Objects on the hot paths (envelopes, payloads, audit details) have a handful of
 * keys: an insertion sort on them allocates nothing, where the built-in sort copies the array into
 * a work area at each call (a tenth of the link's allocation per item, measured with V8's sampling
 * heap profiler).
 */
export function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

function write(v: unknown, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new CanonicalJsonError(`non-finite number ${v} has no JSON form`);
      return JSON.stringify(v); // writes -0 as 0: the same JSON number
    case 'string':
      return JSON.stringify(v);
    case 'object': {
      if (depth >= MAX_JSON_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_JSON_DEPTH}`);
      if (Array.isArray(v)) {
        // A track's state and covariance: JSON.stringify writes an array of finite numbers exactly
        // as element by element does, in one string instead of one per element (a hole reads as
        // undefined, so a holey array goes the element way, which refuses it).
        if (isFiniteNumberArray(v)) return JSON.stringify(v);
        const parts: string[] = [];
        for (let i = 0; i < v.length; i++) {
          if (!Object.hasOwn(v, i)) throw new CanonicalJsonError(`hole at index ${i}`);
          if (v[i] === undefined) throw new CanonicalJsonError(`undefined at index ${i}`);
          parts.push(write(v[i], depth + 1));
        }
        return `[${parts.join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(
          'not a plain object (only plain objects, arrays, strings, numbers, booleans and null)',
        );
      }
      const obj = v as Record<string, unknown>;
      // Reading `obj[k]` returns an own `__proto__` key's value (data, as JSON.parse makes it).
      const keys = sortKeys(Object.keys(obj));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const x = obj[k];
        if (x === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(k)}:${write(x, depth + 1)}`;
      }
      return `${out}}`;
    }
    default:
      throw new CanonicalJsonError(`a ${typeof v} has no JSON form`);
  }
}

function isFiniteNumberArray(v: readonly unknown[]): boolean {
  for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  return true;
}
