import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { editDistance, nearestName } from '../../src/domain/edit-distance.js';
import { unknownKeys } from '../../src/domain/unknown-keys.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbouring swaps as one edit each', () => {
    expect(editDistance('azimutDeg', 'azimuthDeg')).toBe(1);
    expect(editDistance('azimuthDeg', 'azimutDeg')).toBe(1);
    expect(editDistance('rnageM', 'rangeM')).toBe(1);
    expect(editDistance('rangeX', 'rangeM')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('is a symmetric distance, zero only between equal strings, at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('nearestName', () => {
  it('suggests a near name and nothing for an unrelated one', () => {
    expect(nearestName('azimutDeg', ['kind', 'azimuthDeg', 'rangeM'])).toBe('azimuthDeg');
    expect(nearestName('RangeM', ['kind', 'azimuthDeg', 'rangeM'])).toBe('rangeM');
    expect(nearestName('speedOfLight', ['kind', 'azimuthDeg', 'rangeM'])).toBeUndefined();
  });
});

describe('unknownKeys', () => {
  const aim = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('point'), latDeg: z.number() }).strict(),
    z.object({ kind: z.literal('bearing'), azimuthDeg: z.number() }).strict(),
  ]);
  const schema = z
    .object({
      items: z.array(z.object({ aim }).strict()).default([]),
      byName: z.record(z.string(), z.object({ n: z.number() }).strict()),
      loose: z.object({ a: z.number() }).optional(),
    })
    .strict();

  it('finds misspelt keys through arrays, records, defaults and the union option the discriminator picks', () => {
    const data = {
      items: [{ aim: { kind: 'bearing', azimutDeg: 1 } }],
      byName: { x: { n: 1, m: 2 } },
      loose: { a: 1, extra: true },
      extra: 1,
    };
    expect(unknownKeys(schema, data)).toEqual([
      { path: ['items', 0, 'aim', 'azimutDeg'], known: ['kind', 'azimuthDeg'] },
      { path: ['byName', 'x', 'm'], known: ['n'] },
      { path: ['extra'], known: ['items', 'byName', 'loose'] },
    ]);
  });

  it("takes every option's keys as known when the discriminator picks none", () => {
    expect(unknownKeys(aim, { knd: 'bearing', azimuthDeg: 1 })).toEqual([
      { path: ['knd'], known: ['kind', 'latDeg', 'azimuthDeg'] },
    ]);
  });

  it('leaves values of the wrong type to the schema', () => {
    expect(unknownKeys(schema, { items: 'none', byName: [] })).toEqual([]);
  });
});
