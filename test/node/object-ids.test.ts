import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { ObjectIds } from '../../src/node/object-ids.js';
import type { PictureTrack } from '../../src/node/picture.js';

/** A picture object made of these sources (`'KOR:1'`...), named as fusePicture names it. */
const obj = (...keys: string[]): PictureTrack => ({
  id: keys[0]!,
  sources: keys.map((k) => ({ nation: k.split(':')[0] as Nation, trackId: Number(k.split(':')[1]) })),
  tMs: 0,
  x: new Float64Array(6),
  P: new Float64Array(36),
});
const ids = (picture: PictureTrack[]) => picture.map((p) => p.id);

describe('object ids across pictures', () => {
  it('keeps the first id when the own track joins a partner track', () => {
    const o = new ObjectIds();
    expect(ids(o.assign([obj('KOR:1')], 0))).toEqual(['KOR:1']);
    expect(ids(o.assign([obj('JPN:1', 'KOR:1')], 1))).toEqual(['KOR:1']);
    expect(ids(o.assign([obj('JPN:1')], 2))).toEqual(['KOR:1']);
  });

  it('never gives one id to two objects when an object splits, and keeps the oldest when they merge again', () => {
    const o = new ObjectIds();
    o.assign([obj('KOR:1')], 0);
    o.assign([obj('USA:1', 'JPN:1', 'KOR:1')], 1);
    // The association breaks for a moment: KOR:1 keeps its name, the other part takes one of its own.
    expect(ids(o.assign([obj('USA:1', 'JPN:1'), obj('KOR:1')], 2))).toEqual(['USA:1', 'KOR:1']);
    // Merged again: the older name wins.
    expect(ids(o.assign([obj('USA:1', 'JPN:1', 'KOR:1')], 3))).toEqual(['KOR:1']);
    // A split where neither part holds the source the name came from: the first part keeps it.
    o.assign([obj('USA:1', 'JPN:1', 'KOR:2')], 4);
    const split = ids(o.assign([obj('USA:1'), obj('JPN:1', 'KOR:2')], 5));
    expect(split[0]).toBe('KOR:1');
    expect(new Set(split).size).toBe(2);
  });
});
