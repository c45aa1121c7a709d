import { describe, expect, it } from 'vitest';
import {
  conveneEvent,
  foldConsultation,
  parseRules,
  rulesFor,
  type Trigger,
} from '../../src/consult/index.js';
import { ev, MIN, plans, registry, rules, T0 } from './fixtures.js';

const missile = (over: Partial<Extract<Trigger, { kind: 'missile-warning' }>>): Trigger => ({
  kind: 'missile-warning',
  id: 'W-7',
  launchNation: 'PRK',
  overflownNations: [],
  ...over,
});

describe('rules that convene automatically (bundled data/consult/rules.yaml)', () => {
  it('a missile warning impacting Japan’s EEZ convenes the three at working level with 15 minutes to acknowledge', () => {
    const out = rulesFor(missile({ impactNation: 'JPN', impactZone: 'eez' }), rules);
    expect(out).toHaveLength(1);
    expect(out[0]!.convener).toBe('JPN');
    expect(out[0]!.body).toMatchObject({
      level: 'working',
      participants: ['USA', 'JPN', 'KOR'],
      coalition: 'us-jpn-kor-trilateral',
      ackWithinMs: 15 * MIN,
      trigger: { kind: 'missile-warning', id: 'W-7', rules: ['missile-impact-allied-territory-or-eez'] },
      subject: 'Missile warning W-7: predicted impact in JPN (eez)',
    });
  });

  it('a trajectory over Japan convenes at ministerial level; with an EEZ impact too it is still one consultation', () => {
    const over = rulesFor(missile({ overflownNations: ['JPN'] }), rules);
    expect(over.map((p) => p.body.level)).toEqual(['ministerial']);
    const both = rulesFor(
      missile({ overflownNations: ['JPN'], impactNation: 'JPN', impactZone: 'eez' }),
      rules,
    );
    expect(both).toHaveLength(1);
    expect(both[0]!.body.level).toBe('ministerial');
    expect(both[0]!.rules).toEqual(['missile-impact-allied-territory-or-eez', 'missile-overflight-japan']);
  });

  it('a Chinese missile into Japan’s EEZ (2022-08-04) convenes the alliance under the Taiwan Strait plan, and the three', () => {
    const out = rulesFor(missile({ launchNation: 'CHN', impactNation: 'JPN', impactZone: 'eez' }), rules);
    expect(out.map((p) => [p.body.participants, p.body.contingency ?? null])).toEqual(
      expect.arrayContaining([
        [['USA', 'JPN'], 'taiwan-strait'],
        [['USA', 'JPN', 'KOR'], null],
      ]),
    );
    expect(out).toHaveLength(2);
  });

  it('an impact on the high seas with no overflight convenes nothing', () => {
    expect(rulesFor(missile({}), rules)).toEqual([]);
  });

  it('an incursion into the Senkaku territorial sea convenes the United States and Japan', () => {
    const out = rulesFor(
      { kind: 'maritime-incursion', id: 'M-3', zone: 'senkaku-territorial-sea', coastalNation: 'JPN' },
      rules,
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.convener).toBe('JPN');
    expect(out[0]!.body).toMatchObject({
      participants: ['USA', 'JPN'],
      level: 'working',
      contingency: 'east-china-sea',
    });
    expect(out[0]!.body.coalition).toBeUndefined();
  });

  it('the Senkaku rule fires on a raw detection of a government ship, not on a merchant ship’s entry nor on the same event assessed', () => {
    const seen = (over: Partial<Extract<Trigger, { kind: 'maritime-incursion' }>>) =>
      rulesFor(
        { kind: 'maritime-incursion', id: 'zone-entry:e1', zone: 'senkaku-territorial-sea', ...over },
        rules,
      ).map((p) => p.rules.join());
    const rule = 'senkaku-territorial-sea-incursion';
    expect(seen({ detection: 'raw', governmentVessel: true })).toEqual([rule]);
    expect(seen({ detection: 'raw', governmentVessel: false })).toEqual([]);
    // The rule says raw: the escalated event raises a second trigger, which it does not fire on again.
    expect(seen({ detection: 'assessed', governmentVessel: true })).toEqual([]);
    // A scripted incident (a person's report) says neither: it fires.
    expect(seen({})).toEqual([rule]);
    expect(seen({ detection: 'raw', governmentVessel: true, zone: 'senkaku-contiguous-zone' })).toEqual([]);
  });

  it('a maritime rule fires on assessed events unless it says raw (a watch floor triages detector output first)', () => {
    const text = `rules:
  - id: any-incursion
    description: An incursion into a test zone.
    when: { kind: maritime-incursion, zone: [test-zone] }
    convene: { convener: JPN, subject: "x {id}", participants: [USA, JPN], level: working, ackWithinMinutes: 30 }
    assumption: true
`;
    const [r] = parseRules(text, 'test-rules.yaml');
    expect(r!.when).toMatchObject({ detection: 'assessed' });
    const fires = (detection?: 'raw' | 'assessed') =>
      rulesFor(
        {
          kind: 'maritime-incursion',
          id: 'm',
          zone: 'test-zone',
          governmentVessel: false,
          ...(detection ? { detection } : {}),
        },
        [r!],
      ).length;
    expect([fires('raw'), fires('assessed'), fires()]).toEqual([0, 1, 1]);
    expect(() =>
      parseRules(text.replace('zone: [test-zone]', 'zone: [test-zone], detection: later'), 'x.yaml'),
    ).toThrow(/x\.yaml.*detection/s);
  });

  it('an armed attack in a Taiwan contingency convenes leaders, and the consultation shows the plan', () => {
    const [p] = rulesFor({ kind: 'armed-attack', id: 'S-1', contingency: 'taiwan-strait' }, rules);
    expect(p!.body).toMatchObject({ level: 'leaders', contingency: 'taiwan-strait' });
    const s = foldConsultation([conveneEvent(p!, 'S-1', T0)], { nowMs: T0, registry, plans });
    expect(s.plan?.id).toBe('taiwan-strait');
    const jpnKor = s.plan!.roles.find((r) => r.parties.join() === 'JPN,KOR');
    expect(jpnKor?.status).toBe('not-articulated');
  });

  it('a rule-made convening folds, and its missed deadline escalates visibly', () => {
    const [p] = rulesFor(missile({ impactNation: 'JPN', impactZone: 'eez' }), rules);
    const c = conveneEvent(p!, 'W-7', T0);
    expect(c.id).toBe('JPN:W-7');
    const usaAck = ev('USA', 'ack', T0 + 4 * MIN, 'acknowledge', { nation: 'USA' }, c.id);
    const s = foldConsultation([c, usaAck], { nowMs: T0 + 16 * MIN, registry });
    expect(s.rejected).toEqual([]);
    expect(s.escalation.missed).toEqual(['KOR']);
    expect(s.escalation.due?.body.to).toBe('ministerial');
  });
});
