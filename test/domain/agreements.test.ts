import { describe, expect, it } from 'vitest';
import {
  DataFileError,
  membersAt,
  noticeEffectiveMs,
  parseRegistry,
  statusAt,
} from '../../src/domain/index.js';
import { bundledRegistry } from './fixtures.js';

const reg = bundledRegistry();
const at = (d: string) => Date.parse(`${d}T00:00:00Z`);
const gsomia = reg.agreement('jpn-kor-gsomia-2016')!;

describe('agreement standing over its history (Japan–ROK GSOMIA)', () => {
  it.each([
    ['2016-11-22', false, 'not-yet-in-force'],
    ['2017-01-01', true, 'in-force'],
    ['2019-09-01', true, 'in-force-notice-pending'],
    ['2019-11-22', true, 'in-force'],
    ['2019-12-01', true, 'in-force'],
    ['2023-04-01', true, 'in-force'],
  ])('on %s in force = %s (%s)', (date, inForce, state) => {
    const s = statusAt(gsomia, at(date));
    expect(s.inForce).toBe(inForce);
    expect(s.state).toBe(state);
  });

  it('dates the 2019 notice to the end of the annual term, 90 days or more after it was given', () => {
    const notice = gsomia.history[0]!;
    // The file dates the end of the term at midnight in Seoul.
    expect(noticeEffectiveMs(gsomia, notice)).toBe(Date.parse('2019-11-23T00:00:00+09:00'));
    // The rules alone give the anniversary of entry into force, 90 days or more after the notice.
    const { effectiveMs: _, ...bare } = notice;
    expect(new Date(noticeEffectiveMs(gsomia, bare)).toISOString().slice(0, 10)).toBe('2019-11-23');
  });

  it('would have ended on 2019-11-23 had the notice not been suspended', () => {
    const unsuspended = { ...gsomia, history: gsomia.history.slice(0, 1) };
    expect(statusAt(unsuspended, at('2019-11-22')).inForce).toBe(true);
    expect(statusAt(unsuspended, at('2019-11-23'))).toMatchObject({ inForce: false, state: 'terminated' });
    expect(statusAt(unsuspended, at('2023-04-01')).inForce).toBe(false);
  });

  it('stops at once on suspension and restarts on resumption; termination is final', () => {
    const a = {
      ...gsomia,
      history: [
        { type: 'suspended' as const, atMs: at('2018-01-01') },
        { type: 'resumed' as const, atMs: at('2018-06-01') },
        { type: 'terminated' as const, atMs: at('2020-01-01') },
        { type: 'resumed' as const, atMs: at('2020-02-01') },
      ],
    };
    expect(statusAt(a, at('2017-12-31')).inForce).toBe(true);
    expect(statusAt(a, at('2018-01-01'))).toMatchObject({ inForce: false, state: 'suspended' });
    expect(statusAt(a, at('2018-06-01')).inForce).toBe(true);
    expect(statusAt(a, at('2020-01-01')).state).toBe('terminated');
    expect(statusAt(a, at('2020-03-01')).state).toBe('terminated');
  });

  it('expires at the end of a fixed term that does not renew', () => {
    const a = { ...gsomia, term: { years: 2, autoRenew: false }, history: [] };
    expect(statusAt(a, at('2018-11-22')).inForce).toBe(true);
    expect(statusAt(a, at('2018-11-23'))).toMatchObject({ inForce: false, state: 'expired' });
  });
});

describe('bundled data', () => {
  it('gives every agreement and coalition a source', () => {
    for (const a of reg.agreements) expect(a.sources.length, a.id).toBeGreaterThan(0);
    for (const c of reg.coalitions) expect(c.sources.length, c.id).toBeGreaterThan(0);
  });

  it('holds the coalitions the papers name, with their members', () => {
    const members = (id: string) =>
      membersAt(reg.coalitions.find((c) => c.id === id)!, at('2024-01-01')).sort();
    expect(members('quad')).toEqual(['AUS', 'IND', 'JPN', 'USA']);
    expect(members('quad-plus-pandemic-2020')).toEqual(['AUS', 'IND', 'JPN', 'KOR', 'NZL', 'USA', 'VNM']);
    expect(members('us-jpn-kor-trilateral')).toEqual(['JPN', 'KOR', 'USA']);
    expect(membersAt(reg.coalitions.find((c) => c.id === 'quad')!, at('2020-01-01'))).toEqual([]);
  });

  it('routes TISA traffic between Japan and Korea through the United States', () => {
    expect(reg.agreement('tisa-2014')!.routing).toEqual([{ via: 'USA', between: [['JPN', 'KOR']] }]);
  });
});

describe('agreements file errors', () => {
  const minimal = (extra: string) => `agreements:
  - id: a
    title: A
    kind: gsomia
    parties: [USA, JPN]
    signed: 2007-08-10
    inForce: 2007-08-10
    binding: true
    thirdParty: originator-consent
    scope: { topics: [maritime], maxLevel: SECRET }
    equivalence:
      - { label: SECRET, levels: { USA: SECRET, JPN: GOKUHI } }
    sources: [{ title: T }]
${extra}`;

  function fileError(text: string): DataFileError {
    try {
      parseRegistry(text, 'bad.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(DataFileError);
      return err as DataFileError;
    }
    throw new Error('parsed without error');
  }

  it('accepts the minimal file', () => {
    expect(parseRegistry(minimal(''), 'ok.yaml').agreements).toHaveLength(1);
  });

  it('names file, line and field for a missing field', () => {
    const err = fileError(minimal('').replace('    title: A\n', ''));
    expect(err.input).toBe('bad.yaml');
    expect(err.field).toBe('agreements[0].title');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^bad\.yaml:2:5 \(agreements\[0\]\.title\): /);
  });

  it('names the line of an unknown nation', () => {
    const err = fileError(minimal('').replace('[USA, JPN]', '[USA, JAP]'));
    expect(err.field).toBe('agreements[0].parties[1]');
    expect(err.line).toBe(5);
    expect(err.problem).toContain("unknown nation 'JAP'");
  });

  it('names an impossible date, an unknown topic and an unknown level', () => {
    expect(fileError(minimal('').replace('signed: 2007-08-10', 'signed: 2007-02-30'))).toMatchObject({
      field: 'agreements[0].signed',
      line: 6,
    });
    expect(fileError(minimal('').replace('[maritime]', '[fishing]'))).toMatchObject({
      field: 'agreements[0].scope.topics[0]',
    });
    expect(fileError(minimal('').replace('JPN: GOKUHI', 'JPN: GOKU'))).toMatchObject({
      field: 'agreements[0].equivalence[0].levels.JPN',
      line: 12,
    });
  });

  it('rejects a maximum level that is not a row of the table, and YAML that does not parse', () => {
    expect(fileError(minimal('').replace('maxLevel: SECRET', 'maxLevel: TOP SECRET')).field).toBe(
      'agreements[0].scope.maxLevel',
    );
    const err = fileError('agreements: [\n  {id: a');
    expect(err.problem).toContain('not valid YAML');
    expect(err.line).toBeGreaterThan(0);
  });

  it('rejects a coalition that relies on an unknown agreement', () => {
    const err = fileError(
      minimal(`coalitions:
  - id: c
    name: C
    functions: [maritime-security]
    members: [{ nation: USA, joined: 2020-01-01 }, { nation: JPN, joined: 2020-01-01 }]
    agreements: [nope]
    sources: [{ title: T }]
`),
    );
    expect(err.field).toBe('coalitions[0].agreements[0]');
    expect(err.line).toBe(19);
  });
});
