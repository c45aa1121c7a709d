import { describe, expect, it } from 'vitest';
import { ObjectIds } from '../../src/node/object-ids.js';
import { PerNationMap } from '../../src/node/per-nation-map.js';
import type { PictureTrack } from '../../src/node/picture.js';

describe('PerNationMap: bounded per nation by a cap and an age', () => {
  it('evicts the least recently touched entry of the nation over its cap, never another nation’s', () => {
    const evicted: string[] = [];
    const m = new PerNationMap<number>(3, 60_000, (k) => evicted.push(k));
    m.set('JPN:1', 1, 0);
    for (let i = 1; i <= 3; i++) m.set(`KOR:${i}`, i, i);
    m.set('KOR:1', 1, 10); // touched: KOR:2 is now the least recently touched
    m.set('KOR:4', 4, 11);
    expect(evicted).toEqual(['KOR:2']);
    expect([m.has('KOR:1'), m.has('KOR:2'), m.has('KOR:3'), m.has('KOR:4')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(m.get('JPN:1')).toBe(1);
    expect([m.size, m.sizeOf('KOR'), m.sizeOf('JPN')]).toEqual([4, 3, 1]);
  });

  it('forgets entries untouched for longer than its age, and keeps the touched ones', () => {
    const m = new PerNationMap<string>(10, 1_000);
    m.set('USA:1', 'a', 0);
    m.set('USA:2', 'b', 500);
    m.set('JPN:1', 'c', 0);
    m.set('USA:1', 'a', 900); // touched
    m.prune(1_200);
    expect([m.has('USA:1'), m.has('USA:2'), m.has('JPN:1')]).toEqual([true, true, false]);
    m.prune(2_000);
    expect([m.has('USA:1'), m.has('USA:2')]).toEqual([false, false]);
    expect(m.size).toBe(0);
  });

  it('holds a partner inventing 100,000 track ids to its cap; the other nations keep theirs', () => {
    const m = new PerNationMap<number>(4_096, 7_200_000);
    for (let i = 0; i < 50; i++) m.set(`JPN:${i}`, i, 0);
    for (let i = 0; i < 100_000; i++) m.set(`KOR:${900_000 + i}`, i, i);
    expect(m.sizeOf('KOR')).toBe(4_096);
    expect(m.sizeOf('JPN')).toBe(50);
    expect(m.get('KOR:999999')).toBe(99_999);
    expect(m.has('KOR:900000')).toBe(false);
  });

  it('touches an entry without changing it, so that it goes last; lists entries as a snapshot', () => {
    const m = new PerNationMap<string>(2, 1_000);
    m.set('KOR:1', 'a', 0);
    m.set('KOR:2', 'b', 0);
    expect(m.touch('KOR:1', 900)).toBe(true);
    expect(m.touch('KOR:9', 900)).toBe(false);
    m.set('KOR:3', 'c', 950); // over the cap: KOR:2, untouched, goes
    expect(m.entries()).toEqual([
      ['KOR:1', 'a'],
      ['KOR:3', 'c'],
    ]);
    m.prune(1_500); // KOR:1 was touched at 900: it stays
    expect(m.entries().map(([k]) => k)).toEqual(['KOR:1', 'KOR:3']);
    for (const [k, v] of m.entries()) m.set(k, `${v}!`, 1_600); // setting while iterating a snapshot
    expect(m.entries()).toEqual([
      ['KOR:1', 'a!'],
      ['KOR:3', 'c!'],
    ]);
  });

  it('refuses a cap or an age that bounds nothing', () => {
    expect(() => new PerNationMap(0, 1)).toThrow(/capPerNation: 0/);
    expect(() => new PerNationMap(1.5, 1)).toThrow(/capPerNation: 1.5/);
    expect(() => new PerNationMap(1, 0)).toThrow(/maxAgeMs: 0/);
  });
});

/** A picture object made of these sources (`'KOR:1'`...), named as fusePicture names it. */
const obj = (...keys: string[]): PictureTrack => ({
  id: keys[0]!,
  sources: keys.map((k) => ({ nation: k.split(':')[0] as 'USA', trackId: Number(k.split(':')[1]) })),
  tMs: 0,
  x: new Float64Array(6),
  P: new Float64Array(36),
});

describe('ObjectIds against a partner inventing track ids', () => {
  it('100,000 invented sources leave it bounded; the honest object keeps its id; the invented ones age out', () => {
    const o = new ObjectIds();
    expect(o.assign([obj('KOR:1')], 0).map((p) => p.id)).toEqual(['KOR:1']);
    // USA invents 100 new track ids a second for 1,000 s while Japan and Korea hold one object.
    for (let s = 1; s <= 1_000; s++) {
      const invented = Array.from({ length: 100 }, (_, i) => obj(`USA:${s * 100 + i}`));
      const picture = o.assign([obj('JPN:1', 'KOR:1'), ...invented], s * 1_000);
      expect(picture[0]!.id).toBe('KOR:1');
    }
    const { sources, ids } = o.size;
    // USA's remembered sources are capped (4,096), Japan's and Korea's are not touched.
    expect(sources).toBe(4_096 + 2);
    expect(ids).toBe(4_096 + 1);
    expect(o.idOf('JPN:1')).toBe('KOR:1');
    expect(o.idOf('USA:100')).toBeUndefined();
    // Two hours on without the invented tracks, only the honest object is remembered.
    o.assign([obj('JPN:1', 'KOR:1')], 1_000_000 + 7_200_001);
    expect(o.size).toEqual({ sources: 2, ids: 1 });
  });
});
