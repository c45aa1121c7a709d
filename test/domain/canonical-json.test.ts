import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as consult from '../../src/consult/index.js';
import { CanonicalJsonError, canonicalJson, MAX_JSON_DEPTH, sortKeys } from '../../src/domain/index.js';
import * as link from '../../src/link/index.js';

// The one canonical JSON of the project (src/domain/canonical-json.ts): envelope signatures,
// consultation event identity, audit hashes and stored bodies all take these bytes.

describe('canonicalJson', () => {
  it('is one function, whichever public face a caller imports it from', () => {
    expect(link.canonicalJson).toBe(canonicalJson);
    expect(consult.canonicalJson).toBe(canonicalJson);
    expect(link.MAX_JSON_DEPTH).toBe(MAX_JSON_DEPTH);
  });

  it('has no second implementation anywhere in src/', () => {
    const defining: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (e.name.endsWith('.ts') && /function canonicalJson\b/.test(readFileSync(path, 'utf8')))
          defining.push(path);
      }
    };
    walk('src');
    expect(defining).toEqual([join('src', 'domain', 'canonical-json.ts')]);
  });

  it('sorts keys by UTF-16 code units and writes no whitespace (RFC 8785 §3.2.3 order)', () => {
    const v = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    const keyOrder = Object.keys(JSON.parse(canonicalJson(v)));
    expect(keyOrder).toEqual(['1', '\r', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    // Integer-like keys come first in JS objects; compare the text to be sure of the written order.
    expect(canonicalJson({ b: [1, 'x', { d: true, c: false }], a: null })).toBe(
      '{"a":null,"b":[1,"x",{"c":false,"d":true}]}',
    );
    expect(canonicalJson({ '\r': 1, '1': 2 })).toBe('{"\\r":1,"1":2}');
  });

  it('orders keys as Array.prototype.sort does, short lists (sorted in place) and long ones', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 4 }), { maxLength: 40 }), (keys) => {
        expect(sortKeys([...keys])).toEqual([...keys].sort());
      }),
    );
  });

  it('writes numbers as ECMAScript does (JCS) and -0 as 0', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, Number('333333333.33333329'), 5e-324])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,5e-324]',
    );
    expect(canonicalJson({ a: -0 })).toBe('{"a":0}');
  });

  it("writes arrays of numbers (a track's state) as element by element", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), (xs) => {
        expect(canonicalJson(xs)).toBe(`[${xs.map((x) => canonicalJson(x)).join(',')}]`);
        expect(canonicalJson(xs)).toBe(JSON.stringify(xs));
      }),
    );
  });

  it('is independent of key insertion order and a fixed point of parse-then-encode', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
        expect(canonicalJson(reversedKeys(v))).toBe(c);
      }),
    );
  });

  it('keeps an own key named __proto__ as data', () => {
    const v = JSON.parse('{"b":1,"__proto__":"x"}');
    expect(canonicalJson(v)).toBe('{"__proto__":"x","b":1}');
  });

  it('leaves out an undefined member, as an absent optional field, at any depth', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ x: [{ a: undefined }] })).toBe('{"x":[{}]}');
    // What a receiver parses is what was signed: the member is absent there too.
    const sent = { a: 1, optional: undefined };
    expect(canonicalJson(JSON.parse(canonicalJson(sent)))).toBe(canonicalJson(sent));
  });

  it('refuses, with a CanonicalJsonError, what JSON cannot carry exactly', () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      [1, undefined],
      { a: [undefined] },
      { a: Number.NEGATIVE_INFINITY },
      () => 1,
      10n,
      Symbol('s'),
      new Date(0),
      new Map(),
      sparse(),
    ]) {
      expect(() => canonicalJson(bad)).toThrow(CanonicalJsonError);
    }
    expect(() => canonicalJson(sparse())).toThrow('hole at index 1');
    expect(() => canonicalJson([1, Number.NaN])).toThrow('non-finite');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(CanonicalJsonError);
  });

  it(`takes nesting up to ${MAX_JSON_DEPTH} levels and refuses deeper (a hostile payload cannot overflow the stack)`, () => {
    expect(canonicalJson(nest(MAX_JSON_DEPTH))).toBe(
      `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`,
    );
    expect(() => canonicalJson(nest(MAX_JSON_DEPTH + 1))).toThrow(`nested deeper than ${MAX_JSON_DEPTH}`);
    expect(() => canonicalJson(nest(1_000_000))).toThrow(CanonicalJsonError);
  });
});

function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    );
  }
  return v;
}

function sparse(): unknown[] {
  const a: unknown[] = [1];
  a[2] = 3;
  return a;
}

function nest(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}
