import { describe, expect, it } from 'vitest';
import {
  compileRegistry,
  type DecisionRequest,
  decide,
  type Nation,
  parseMarking,
  type Topic,
} from '../../src/domain/index.js';
import { bundledRegistry } from './fixtures.js';

const reg = bundledRegistry();
const at = (d: string) => Date.parse(`${d}T00:00:00Z`);

function ask(
  banner: string,
  from: Nation,
  to: Nation,
  date: string,
  extra: Partial<Omit<DecisionRequest, 'marking'>> & { topic?: Topic } = {},
) {
  return decide(
    {
      marking: parseMarking(banner, { originator: from }),
      recipient: to,
      topic: 'missile-warning',
      atMs: at(date),
      ...extra,
    },
    reg,
  );
}

const TRI = 'SECRET//REL TO USA, JPN, KOR';

describe('the real history of Japan–ROK sharing (bundled agreements)', () => {
  it('2015-06-01: no GSOMIA, so Japan to Korea directly is denied', () => {
    const d = ask(TRI, 'JPN', 'KOR', '2015-06-01', { concerning: 'PRK' });
    expect(d.allow).toBe(false);
    expect(d.rule).toBe('not-in-force');
    expect(d.reason).toContain('jpn-kor-gsomia-2016: not in force until 2016-11-23');
    expect(d.reason).toContain('tisa-2014 routes JPN<->KOR through USA');
  });

  it('2015-06-01: via the US under TISA, a North Korean missile item is allowed', () => {
    const d = ask(TRI, 'JPN', 'KOR', '2015-06-01', { via: 'USA', concerning: 'PRK' });
    expect(d).toMatchObject({
      allow: true,
      agreement: 'tisa-2014',
      levelAtRecipient: 'GRADE II',
      route: ['JPN', 'USA', 'KOR'],
    });
    expect(d.hops.map((h) => h.agreement)).toEqual(['us-jpn-gsomia-2007', 'us-kor-gsomia-1987']);
    expect(d.hops[0]!.levelAtRecipient).toBe('SECRET');
    expect(d.hops[1]!.consent).toBe('tisa-2014');
  });

  it('2015-06-01: via the US, an item not about North Korea is denied (TISA is limited to it)', () => {
    const d = ask(TRI, 'JPN', 'KOR', '2015-06-01', { via: 'USA' });
    expect(d).toMatchObject({ allow: false, rule: 'no-consent' });
    const china = ask(TRI, 'JPN', 'KOR', '2015-06-01', { via: 'USA', concerning: 'CHN' });
    expect(china.allow).toBe(false);
  });

  it('2017-01-01: the GSOMIA allows it directly, at the Korean equivalent level', () => {
    const d = ask(TRI, 'JPN', 'KOR', '2017-01-01');
    expect(d).toMatchObject({
      allow: true,
      agreement: 'jpn-kor-gsomia-2016',
      levelAtRecipient: 'GRADE II',
      rule: 'agreement',
    });
  });

  it('2019-12-01: the termination notice was suspended, so it is still allowed', () => {
    expect(ask(TRI, 'JPN', 'KOR', '2019-12-01')).toMatchObject({
      allow: true,
      agreement: 'jpn-kor-gsomia-2016',
    });
  });

  it('TOP SECRET never crosses between Japan and Korea: the GSOMIA excludes it', () => {
    const d = ask('TOP SECRET//REL TO USA, JPN, KOR', 'JPN', 'KOR', '2024-01-01', { concerning: 'PRK' });
    expect(d).toMatchObject({ allow: false, rule: 'level-not-covered' });
    expect(ask('TOP SECRET//REL TO USA, JPN, KOR', 'JPN', 'USA', '2024-01-01')).toMatchObject({
      allow: true,
      levelAtRecipient: 'TOP SECRET',
    });
  });

  it('maps levels through each agreement: Japan CONFIDENTIAL arrives as Korea GRADE III', () => {
    expect(ask('HI//REL TO JPN, KOR', 'JPN', 'KOR', '2024-01-01').levelAtRecipient).toBe('GRADE III');
  });
});

describe('rules', () => {
  it('NOFORN never leaves its originator, even under an agreement in force', () => {
    expect(ask('SECRET//NOFORN', 'USA', 'JPN', '2024-01-01')).toMatchObject({ allow: false, rule: 'noforn' });
  });

  it('a classified item without a release marking is treated as NOFORN', () => {
    expect(ask('SECRET', 'USA', 'JPN', '2024-01-01')).toMatchObject({
      allow: false,
      rule: 'no-release-marking',
    });
    expect(ask('UNCLASSIFIED', 'USA', 'AUS', '2024-01-01', { topic: 'maritime' }).allow).toBe(true);
  });

  it('the recipient must be in REL TO, and so must a relay', () => {
    expect(ask('SECRET//REL TO USA, JPN', 'USA', 'KOR', '2024-01-01')).toMatchObject({
      allow: false,
      rule: 'rel-to',
    });
    const d = ask('//JPN SECRET//REL TO JPN, KOR', 'JPN', 'KOR', '2024-01-01', {
      via: 'USA',
      concerning: 'PRK',
    });
    expect(d).toMatchObject({ allow: false, rule: 'rel-to' });
  });

  it('the agreement must cover the topic', () => {
    expect(ask('UNCLASSIFIED', 'JPN', 'AUS', '2024-01-01', { topic: 'missile-warning' })).toMatchObject({
      allow: false,
      rule: 'topic-not-covered',
    });
    expect(ask('UNCLASSIFIED', 'JPN', 'AUS', '2024-01-01', { topic: 'maritime' }).allow).toBe(true);
  });

  it('no agreement at all between two nations is a deny that says so', () => {
    expect(ask('UNCLASSIFIED', 'AUS', 'GBR', '2024-01-01', { topic: 'maritime' })).toMatchObject({
      allow: false,
      rule: 'no-agreement',
    });
  });

  it("re-release needs the originator's consent: its own agreement with the recipient", () => {
    // The US holds a Japanese maritime item; Japan and Korea have a GSOMIA covering maritime.
    const ok = ask(TRI, 'JPN', 'KOR', '2024-01-01', { holder: 'USA', topic: 'maritime' });
    expect(ok).toMatchObject({ allow: true, rule: 'originator-consent', agreement: 'jpn-kor-gsomia-2016' });
    // Before the GSOMIA there was no such consent for a maritime item.
    const before = ask(TRI, 'JPN', 'KOR', '2015-06-01', { holder: 'USA', topic: 'maritime' });
    expect(before).toMatchObject({ allow: false, rule: 'no-consent' });
  });

  it('ORCON re-release needs an explicit consent record, which then suffices', () => {
    const orcon = '//JPN SECRET//ORCON/REL TO USA, JPN, KOR';
    expect(ask(orcon, 'JPN', 'KOR', '2024-01-01', { holder: 'USA' })).toMatchObject({
      allow: false,
      rule: 'orcon',
    });
    // The originator itself is not bound by its own ORCON.
    expect(ask(orcon, 'JPN', 'KOR', '2024-01-01').allow).toBe(true);
    const withConsent = compileRegistry({
      ...reg,
      consents: [
        {
          id: 'jp-consent-1',
          originator: 'JPN',
          holder: 'USA',
          recipient: 'KOR',
          topics: ['missile-warning'],
          fromMs: at('2023-01-01'),
        },
      ],
    });
    const d = decide(
      {
        marking: parseMarking(orcon),
        holder: 'USA',
        recipient: 'KOR',
        topic: 'missile-warning',
        atMs: at('2024-01-01'),
      },
      withConsent,
    );
    expect(d).toMatchObject({ allow: true, rule: 'originator-consent' });
    expect(d.hops[0]!.consent).toBe('jp-consent-1');
  });

  it('a suspension stops the agreement at once', () => {
    const suspended = compileRegistry({
      ...reg,
      agreements: reg.agreements.map((a) =>
        a.id === 'jpn-kor-gsomia-2016'
          ? { ...a, history: [...a.history, { type: 'suspended' as const, atMs: at('2025-01-01') }] }
          : a,
      ),
    });
    const q = {
      marking: parseMarking(TRI, { originator: 'JPN' }),
      recipient: 'KOR' as const,
      topic: 'maritime' as const,
    };
    expect(decide({ ...q, atMs: at('2024-12-31') }, suspended).allow).toBe(true);
    expect(decide({ ...q, atMs: at('2025-01-01') }, suspended)).toMatchObject({
      allow: false,
      rule: 'not-in-force',
    });
  });

  it('sending back to the originator needs no agreement', () => {
    const d = ask(TRI, 'JPN', 'JPN', '2024-01-01', { holder: 'KOR' });
    expect(d).toMatchObject({ allow: true, rule: 'return-to-originator', levelAtRecipient: 'GOKUHI' });
    expect(ask(TRI, 'JPN', 'JPN', '2015-06-01', { holder: 'USA' }).allow).toBe(true);
  });

  it('a relay must differ from both ends', () => {
    expect(ask(TRI, 'JPN', 'KOR', '2024-01-01', { via: 'KOR' })).toMatchObject({
      allow: false,
      rule: 'invalid-route',
    });
  });
});
