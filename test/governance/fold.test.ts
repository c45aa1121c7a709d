import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegistry, decide, parseMarking, scopeAt, statusAt } from '../../src/domain/index.js';
import { foldGovernance, type GovernanceState } from '../../src/governance/index.js';
import { bundledRegistry } from '../domain/fixtures.js';

const GSOMIA = 'jpn-kor-gsomia-2016';
const at = (s: string) => Date.parse(s);

/** The bundled registry with the GSOMIA's recorded 2019 history cut, so that the acts play it. */
const BUNDLED = bundledRegistry();
function base() {
  const r = BUNDLED;
  return {
    agreements: r.agreements.map((a) => (a.id === GSOMIA ? { ...a, history: [] } : a)),
    coalitions: r.coalitions,
    consents: r.consents,
  };
}

const notice = {
  id: 'KOR:n1',
  author: 'KOR',
  atMs: at('2019-08-23T00:00:00Z'),
  kind: 'notice',
  target: GSOMIA,
  body: {},
};
const suspension = {
  id: 'KOR:s1',
  author: 'KOR',
  atMs: at('2019-11-22T09:00:00Z'),
  kind: 'suspend-notice',
  target: GSOMIA,
  body: { note: 'conditionally suspended' },
};

function gsomia(s: GovernanceState) {
  return s.registry.agreements.find((a) => a.id === GSOMIA)!;
}

describe('foldGovernance', () => {
  it("takes Korea's 2019 notice as the GSOMIA's rules say: effective at the end of the annual term", () => {
    const s = foldGovernance(base(), [notice]);
    expect(s.rejected).toEqual([]);
    expect(s.applied[0]!.effectiveMs).toBe(at('2019-11-23'));
    expect(statusAt(gsomia(s), at('2019-11-22T12:00Z')).state).toBe('in-force-notice-pending');
    expect(statusAt(gsomia(s), at('2019-11-23T00:00Z')).state).toBe('terminated');
  });

  it('a suspended notice keeps the agreement in force past the lapse', () => {
    const s = foldGovernance(base(), [suspension, notice]);
    expect(s.rejected).toEqual([]);
    expect(statusAt(gsomia(s), at('2019-11-28')).inForce).toBe(true);
    expect(s.applied.map((a) => a.id)).toEqual(['KOR:n1', 'KOR:s1']);
  });

  it('refuses, naming the field, an act by a non-party, one dated before signature, an unknown level', () => {
    const s = foldGovernance(base(), [
      { ...notice, id: 'USA:x', author: 'USA' },
      { ...notice, id: 'KOR:early', atMs: at('2015-01-01') },
      {
        id: 'JPN:l',
        author: 'JPN',
        atMs: at('2018-01-01'),
        kind: 'narrow',
        target: GSOMIA,
        body: { maxLevel: 'COSMIC' },
      },
      { ...notice, id: 'KOR:who', target: 'no-such-agreement' },
    ]);
    const by = Object.fromEntries(s.rejected.map((r) => [r.id, r]));
    expect(by['USA:x']).toMatchObject({ code: 'not-party', field: 'author' });
    expect(by['KOR:early']).toMatchObject({ code: 'before-signature', field: 'atMs' });
    expect(by['JPN:l']).toMatchObject({ code: 'unknown-level', field: 'body.maxLevel' });
    expect(by['JPN:l']!.reason).toContain("'COSMIC' is not a level of jpn-kor-gsomia-2016");
    expect(by['KOR:who']).toMatchObject({ code: 'unknown-agreement', field: 'target' });
    expect(s.applied).toEqual([]);
    expect(gsomia(s).history).toEqual([]);
  });

  it('refuses a malformed act, an id not carrying its author, and a nation suspending another’s notice', () => {
    const s = foldGovernance(base(), [
      notice,
      { ...suspension, id: 'JPN:s', author: 'JPN' },
      { ...notice, id: 'JPN:n', author: 'KOR' },
      { ...notice, id: 'KOR:bad', kind: 'notice', body: { effective: 7 } },
    ]);
    const by = Object.fromEntries(s.rejected.map((r) => [r.id, r]));
    expect(by['JPN:s']).toMatchObject({ code: 'not-noticer', field: 'author' });
    expect(by['JPN:n']).toMatchObject({ code: 'bad-id', field: 'id' });
    expect(by['KOR:bad']).toMatchObject({ code: 'malformed', field: 'body.effective' });
  });

  it('an equivocation (two acts under one id) is refused whole, and a replayed copy counts once', () => {
    const s = foldGovernance(base(), [notice, notice, { ...notice, body: { note: 'other' } }]);
    expect(s.applied).toEqual([]);
    expect(s.rejected.map((r) => r.code)).toEqual(['conflicting-id', 'conflicting-id']);
  });

  it('a notice earlier than the rules allow is refused; a later one is kept', () => {
    const early = foldGovernance(base(), [{ ...notice, body: { effective: '2019-09-01' } }]);
    expect(early.rejected[0]).toMatchObject({ code: 'too-early', field: 'body.effective' });
    const late = foldGovernance(base(), [{ ...notice, body: { effective: '2020-01-01' } }]);
    expect(late.applied[0]!.effectiveMs).toBe(at('2020-01-01'));
  });

  it('narrowing is one party’s act and takes effect at once; the gate reads the scope at the item’s time', () => {
    const narrow = {
      id: 'JPN:nar',
      author: 'JPN',
      atMs: at('2020-01-01'),
      kind: 'narrow',
      target: GSOMIA,
      body: { dropTopics: ['maritime'], maxLevel: 'CONFIDENTIAL' },
    };
    const s = foldGovernance(base(), [narrow]);
    expect(s.rejected).toEqual([]);
    const a = gsomia(s);
    expect(scopeAt(a, at('2019-12-31'))!.maxLevel).toBe('SECRET');
    expect(scopeAt(a, at('2020-01-02'))).toMatchObject({
      maxLevel: 'CONFIDENTIAL',
      topics: ['missile-warning', 'intelligence-report', 'consultation'],
    });
    const reg = compileRegistry(s.registry);
    const req = (atMs: number) => ({
      marking: parseMarking('//JPN GOKUHI//REL TO JPN, KOR', { input: 't' }),
      recipient: 'KOR' as const,
      topic: 'intelligence-report' as const,
      atMs,
    });
    expect(decide(req(at('2019-12-31')), reg).allow).toBe(true);
    expect(decide(req(at('2020-01-02')), reg)).toMatchObject({ allow: false, rule: 'level-not-covered' });
    const wider = foldGovernance(base(), [
      narrow,
      { ...narrow, id: 'JPN:w2', atMs: at('2020-02-01'), body: { maxLevel: 'SECRET' } },
    ]);
    expect(wider.rejected[0]).toMatchObject({ id: 'JPN:w2', code: 'not-narrower', field: 'body.maxLevel' });
  });

  it('a consent act takes effect only when every party has signed', () => {
    const propose = {
      id: 'USA:p',
      author: 'USA',
      atMs: at('2025-01-01'),
      kind: 'propose',
      target: 'quad',
      body: { change: { kind: 'admit', nation: 'KOR' } },
    };
    const signs = ['JPN', 'AUS', 'IND', 'KOR'].map((n, i) => ({
      id: `${n}:s`,
      author: n,
      atMs: at('2025-01-02') + i * 1000,
      kind: 'sign',
      target: 'USA:p',
      body: {},
    }));
    const partial = foldGovernance(base(), [propose, ...signs.slice(0, 3)]);
    expect(partial.proposals[0]).toMatchObject({ missing: ['KOR'], agreedMs: null });
    expect(
      partial.registry.coalitions.find((c) => c.id === 'quad')!.members.map((m) => m.nation),
    ).not.toContain('KOR');
    const full = foldGovernance(base(), [...signs, propose]);
    expect(full.proposals[0]).toMatchObject({ missing: [], agreedMs: signs[3]!.atMs });
    expect(full.registry.coalitions.find((c) => c.id === 'quad')!.members.at(-1)).toEqual({
      nation: 'KOR',
      joinedMs: signs[3]!.atMs,
    });
    const again = foldGovernance(base(), [
      propose,
      ...signs,
      { ...signs[0]!, id: 'JPN:again', atMs: at('2025-02-01') },
    ]);
    expect(again.rejected[0]).toMatchObject({ id: 'JPN:again', code: 'already-agreed' });
    const twice = foldGovernance(base(), [
      propose,
      signs[0]!,
      { ...signs[0]!, id: 'JPN:again', atMs: signs[0]!.atMs + 1 },
    ]);
    expect(twice.rejected[0]).toMatchObject({ id: 'JPN:again', code: 'duplicate', field: 'author' });
    const outsider = foldGovernance(base(), [propose, { ...signs[0]!, id: 'VNM:s', author: 'VNM' }]);
    expect(outsider.rejected[0]).toMatchObject({ code: 'not-party', field: 'author' });
  });

  it('a new agreement is checked as the agreements file is, and is in force once every party signs', () => {
    const agreement = {
      id: 'jpn-kor-mda-2026',
      title: 'Japan–ROK maritime picture arrangement (hypothetical)',
      kind: 'arrangement',
      parties: ['JPN', 'KOR'],
      binding: false,
      thirdParty: 'originator-consent',
      scope: { topics: ['maritime'], maxLevel: 'UNCLASSIFIED' },
    };
    const propose = {
      id: 'JPN:new',
      author: 'JPN',
      atMs: at('2026-01-01'),
      kind: 'propose',
      target: agreement.id,
      body: { change: { kind: 'new-agreement', agreement } },
    };
    const sign = {
      id: 'KOR:ok',
      author: 'KOR',
      atMs: at('2026-02-01'),
      kind: 'sign',
      target: 'JPN:new',
      body: {},
    };
    const s = foldGovernance(base(), [propose, sign]);
    expect(s.rejected).toEqual([]);
    const a = s.registry.agreements.find((x) => x.id === agreement.id)!;
    expect(a.signedMs).toBe(sign.atMs);
    expect(statusAt(a, at('2026-01-15')).inForce).toBe(false);
    expect(statusAt(a, at('2026-02-02')).inForce).toBe(true);
    const bad = foldGovernance(base(), [
      {
        ...propose,
        body: {
          change: {
            kind: 'new-agreement',
            agreement: { ...agreement, scope: { topics: ['maritime'], maxLevel: 'ULTRA' } },
          },
        },
      },
    ]);
    expect(bad.rejected[0]).toMatchObject({
      code: 'invalid-agreement',
      field: 'body.change.agreement.scope.maxLevel',
    });
  });

  it('extension needs a fixed end and a later one', () => {
    const propose = {
      id: 'USA:x',
      author: 'USA',
      atMs: at('2025-01-01'),
      kind: 'propose',
      target: 'us-kor-gsomia-1987',
      body: { change: { kind: 'extend', expires: '2030-01-01' } },
    };
    expect(foldGovernance(base(), [propose]).rejected[0]).toMatchObject({
      code: 'no-fixed-term',
      field: 'target',
    });
  });
});

// ---- property: the fold is a function of the set of acts ------------------------------------------

const NATIONS = ['USA', 'JPN', 'KOR'] as const;
const KINDS = ['notice', 'suspend-notice', 'withdraw-notice', 'suspend', 'resume', 'narrow'] as const;
const TARGETS = [GSOMIA, 'tisa-2014', 'us-kor-gsomia-1987'] as const;
const START = at('2019-01-01');

const actArb = fc
  .record({
    author: fc.constantFrom(...NATIONS),
    n: fc.integer({ min: 0, max: 1_000_000 }),
    dayOffset: fc.integer({ min: 0, max: 800 }),
    kind: fc.constantFrom(...KINDS),
    target: fc.constantFrom(...TARGETS),
    maxLevel: fc.constantFrom('UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'),
  })
  .map((r) => ({
    id: `${r.author}:${r.n}`,
    author: r.author,
    atMs: START + r.dayOffset * 86_400_000,
    kind: r.kind,
    target: r.target,
    body:
      r.kind === 'narrow' ? { maxLevel: r.maxLevel } : r.kind === 'notice' ? { effective: '2022-01-01' } : {},
  }));

function digest(s: GovernanceState) {
  return JSON.stringify({
    registry: s.registry,
    applied: s.applied,
    rejected: s.rejected,
    proposals: s.proposals,
  });
}

describe('foldGovernance, property', () => {
  it('any arrival order, with any copies, folds the same registry', () => {
    fc.assert(
      fc.property(
        fc.array(actArb, { maxLength: 12 }),
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 4 }),
        (acts, key, copies) => {
          const shuffled = [...acts].sort((a, b) => key(a.id) - key(b.id) || (a.id < b.id ? -1 : 1));
          const replayed = [...shuffled, ...copies.filter((i) => i < acts.length).map((i) => acts[i]!)];
          expect(digest(foldGovernance(base(), replayed))).toBe(digest(foldGovernance(base(), acts)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('every act is either applied or refused with a field, and refused acts change nothing', () => {
    fc.assert(
      fc.property(fc.array(actArb, { maxLength: 12 }), (acts) => {
        const s = foldGovernance(base(), acts);
        const ids = new Set(acts.map((a) => a.id));
        for (const id of ids)
          expect(s.applied.some((a) => a.id === id) || s.rejected.some((r) => r.id === id)).toBe(true);
        for (const r of s.rejected)
          expect(r.reason.length * r.field.length + (r.code === 'conflicting-id' ? 1 : 0)).toBeGreaterThan(0);
        const kept = acts.filter((a) => s.applied.some((x) => x.id === a.id));
        expect(digest({ ...foldGovernance(base(), kept), rejected: [] })).toBe(
          digest({ ...s, rejected: [] }),
        );
      }),
      { numRuns: 100 },
    );
  });
});
