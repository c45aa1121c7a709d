import { describe, expect, it } from 'vitest';
import { audience, foldConsultation, viewFor } from '../../src/consult/index.js';
import { compileRegistry, parseMarking } from '../../src/domain/index.js';
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

describe('after an agreement is suspended', () => {
  // Japan's text may go to Korea while the agreements between them stand; from T0 + 5 min they are
  // suspended, and what Korea sees is decided again at each view.
  const suspendedAt = T0 + 5 * MIN;
  const suspended = compileRegistry({
    ...registry,
    agreements: registry.agreements.map((a) =>
      a.parties.includes('JPN') && a.parties.includes('KOR')
        ? { ...a, history: [...a.history, { type: 'suspended' as const, atMs: suspendedAt }] }
        : a,
    ),
  });
  const secret = '//JPN SECRET//REL TO USA, JPN, KOR';
  const events = [
    convene,
    // `joint`: Japan's classified text, agreed by all three before the suspension.
    ev('JPN', 'v1', T0 + MIN, 'propose-statement-version', {
      statement: 'joint',
      text: 'Japan’s text.',
      marking: secret,
    }),
    ...(['USA', 'JPN', 'KOR'] as const).map((n) =>
      ev(n, `ap-v1`, T0 + 2 * MIN, 'approve-version', { version: 'JPN:v1', nation: n }),
    ),
    // `press`: Japan's classified draft, replaced by an unclassified US one that the USA approves.
    ev('JPN', 'pv1', T0 + MIN, 'propose-statement-version', {
      statement: 'press',
      text: 'Draft.',
      marking: secret,
    }),
    ev('KOR', 'rj-pv1', T0 + 2 * MIN, 'reject-version', {
      version: 'JPN:pv1',
      nation: 'KOR',
      reason: 'Too long.',
    }),
    ev('USA', 'pv2', T0 + 3 * MIN, 'propose-statement-version', {
      statement: 'press',
      text: 'Short draft.',
      replaces: 'JPN:pv1',
    }),
    ev('USA', 'ap-pv2', T0 + 4 * MIN, 'approve-version', { version: 'USA:pv2', nation: 'USA' }),
  ];
  const state = foldConsultation(events, { nowMs: now, registry: suspended });
  const hidden = ['JPN:v1', 'USA:ap-v1', 'JPN:ap-v1', 'KOR:ap-v1', 'JPN:pv1', 'KOR:rj-pv1'];

  it('the state holds it all (the fold does not filter)', () => {
    expect(state.rejected).toEqual([]);
    expect(state.statements.find((s) => s.id === 'joint')?.agreed?.version).toBe('JPN:v1');
    for (const id of hidden) expect(state.applied).toContain(id);
  });

  it('before the suspension Korea sees the agreed text; after it, neither text, stances nor ids', () => {
    const before = viewFor(state, 'KOR', suspended, suspendedAt - 1)!;
    expect(before.statements.find((s) => s.id === 'joint')?.agreed?.text).toBe('Japan’s text.');
    expect(before.applied).toEqual(state.applied);

    const after = viewFor(state, 'KOR', suspended, now)!;
    // `joint` had only Japan's version: not even that the statement exists crosses.
    expect(after.statements.map((s) => s.id)).toEqual(['press']);
    const press = after.statements[0]!;
    expect(press.versions.map((v) => v.id)).toEqual(['USA:pv2']);
    expect(press.versions[0]!.replaces).toBeUndefined();
    expect(press.current.map((c) => c.event)).toEqual(['USA:ap-pv2']);
    expect(press.agreed).toBeNull();
    for (const id of hidden) expect(after.applied).not.toContain(id);
    expect(after.applied).toContain('USA:pv2');
    const text = JSON.stringify(after);
    expect(text).not.toContain('Japan’s text');
    expect(text).not.toContain('JPN:v1');
    expect(text).not.toContain('JPN:pv1');
  });

  it('the USA, still under its agreement with Japan, sees everything', () => {
    const usa = viewFor(state, 'USA', suspended, now)!;
    expect(usa.statements.find((s) => s.id === 'joint')?.agreed?.text).toBe('Japan’s text.');
    const press = usa.statements.find((s) => s.id === 'press')!;
    expect(press.versions.map((v) => [v.id, v.supersededBy])).toEqual([
      ['JPN:pv1', ['USA:pv2']],
      ['USA:pv2', []],
    ]);
    expect(press.versions[1]!.replaces).toBe('JPN:pv1');
    expect(usa.applied).toEqual(state.applied);
  });
});

describe('markings are read with the event’s author as originator', () => {
  it('a bare banner is the author’s own; another nation’s banner is refused', () => {
    const own = ev('JPN', 'p1', T0 + MIN, 'post', {
      entry: 'message',
      text: 'Ours.',
      marking: 'SECRET//REL TO USA, JPN',
    });
    const borrowed = ev('JPN', 'p2', T0 + MIN, 'post', {
      entry: 'message',
      text: 'Not ours.',
      marking: '//KOR SECRET//REL TO USA, JPN, KOR',
    });
    const s = foldConsultation([convene, own, borrowed], { nowMs: now, registry });
    expect(s.timeline.map((t) => [t.id, t.marking])).toEqual([['JPN:p1', '//JPN SECRET//REL TO USA, JPN']]);
    expect(s.rejected.map((r) => [r.id, r.code])).toEqual([['JPN:p2', 'bad-marking']]);
    expect(s.rejected[0]!.reason).toContain('names originator KOR but the item');
  });
});
