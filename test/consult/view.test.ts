import { describe, expect, it } from 'vitest';
import { audience, foldConsultation, viewFor } from '../../src/consult/index.js';
import { parseMarking } from '../../src/domain/index.js';
import { convene, ev, MIN, registry, T0 } from './fixtures.js';

const now = T0 + 10 * MIN;
const jpnOnly = ev('JPN', 'p1', T0 + MIN, 'post', {
  entry: 'item',
  text: 'Radar track of the second missile.',
  marking: '//JPN SECRET//REL TO USA, JPN',
  item: { title: 'track-2.csv', ref: 'sha256:ab12' },
});
const forAll = ev('USA', 'p2', T0 + 2 * MIN, 'post', {
  entry: 'decision',
  text: 'Hotline call at 01:00Z.',
  marking: 'UNCLASSIFIED',
});
const privatePos = ev('JPN', 'pos1', T0 + 3 * MIN, 'record-position', {
  text: 'Japan prefers naming the launching state.',
  marking: '//JPN SECRET//NOFORN',
});
const sharedPos = ev('JPN', 'pos2', T0 + 3 * MIN, 'record-position', {
  text: 'Japan will raise the EEZ impact at the UN.',
  marking: '//JPN SECRET//REL TO USA, JPN',
});
const state = foldConsultation([convene, jpnOnly, forAll, privatePos, sharedPos], { nowMs: now, registry });

describe('who may see an attached item', () => {
  it('decides per participant under topic consultation', () => {
    const a = audience(
      parseMarking('//JPN SECRET//REL TO USA, JPN'),
      'JPN',
      ['USA', 'JPN', 'KOR'],
      registry,
      T0,
    );
    expect(a.map((x) => [x.nation, x.allow, x.rule])).toEqual([
      ['USA', true, 'agreement'],
      ['JPN', true, 'same-nation'],
      ['KOR', false, 'rel-to'],
    ]);
    expect(state.timeline.find((t) => t.id === 'JPN:p1')?.audience).toEqual(a);
  });

  it('a //JPN SECRET//REL TO USA, JPN post is not shown to KOR, and is to the USA', () => {
    const ids = (n: 'USA' | 'JPN' | 'KOR') => viewFor(state, n, registry, now)!.timeline.map((t) => t.id);
    expect(ids('KOR')).toEqual(['USA:p2']);
    expect(ids('USA')).toEqual(['JPN:p1', 'USA:p2']);
    expect(ids('JPN')).toEqual(['JPN:p1', 'USA:p2']);
  });

  it('only the author sees who else may see its post', () => {
    expect(viewFor(state, 'JPN', registry, now)!.timeline[0]!.audience).toBeDefined();
    expect(viewFor(state, 'USA', registry, now)!.timeline[0]!.audience).toBeUndefined();
  });

  it('a private position stays with its author unless the agreements release it', () => {
    const positions = (n: 'USA' | 'JPN' | 'KOR') =>
      viewFor(state, n, registry, now)!.positions.map((p) => p.id);
    expect(positions('JPN')).toEqual(['JPN:pos1', 'JPN:pos2']);
    expect(positions('USA')).toEqual(['JPN:pos2']);
    expect(positions('KOR')).toEqual([]);
  });

  it('is decided again at the time of viewing: before the US–Japan GSOMIA nothing classified crosses', () => {
    // The same state read by the USA at an instant before 2007-08-10 (no agreement then).
    const v = viewFor(state, 'USA', registry, Date.parse('2007-01-01'))!;
    expect(v.timeline.map((t) => t.id)).toEqual(['USA:p2']);
    expect(v.positions).toEqual([]);
  });

  it('a nation outside the consultation gets no view at all', () => {
    expect(viewFor(state, 'AUS', registry, now)).toBeNull();
  });

  it('each nation sees only its own rejected events', () => {
    const forged = ev('KOR', 'x', T0 + MIN, 'acknowledge', { nation: 'USA' });
    const s = foldConsultation([convene, forged], { nowMs: now, registry });
    expect(viewFor(s, 'KOR', registry, now)!.rejected.map((r) => r.id)).toEqual(['KOR:x']);
    expect(viewFor(s, 'USA', registry, now)!.rejected).toEqual([]);
  });
});
