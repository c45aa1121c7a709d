import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalBytes, canonicalJson } from '../../src/consult/index.js';
import { convene } from './fixtures.js';

describe('canonical JSON: the bytes an event is signed and recognised by', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });

  it('gives the same bytes whatever order the members were written in', () => {
    const reordered = JSON.parse(JSON.stringify(convene, Object.keys(convene).reverse()));
    const body = { ...convene.body };
    const shuffled = { ...reordered, body: Object.fromEntries(Object.entries(body).reverse()) };
    expect(canonicalBytes(shuffled)).toEqual(canonicalBytes(convene));
  });

  it('leaves out undefined members and writes -0 as 0', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(CanonicalJsonError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(CanonicalJsonError);
  });
});
