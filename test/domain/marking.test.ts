import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMarking, MarkingParseError, parseMarking } from '../../src/domain/index.js';
import { markingArb } from '../../src/testing/arbitraries.js';

function parseError(text: string, originator?: 'JPN' | 'KOR' | 'USA'): MarkingParseError {
  try {
    parseMarking(text, originator ? { originator } : {});
  } catch (err) {
    expect(err).toBeInstanceOf(MarkingParseError);
    return err as MarkingParseError;
  }
  throw new Error(`'${text}' parsed without error`);
}

describe('parseMarking', () => {
  it('reads a US banner and orders REL TO with USA first, then alphabetically', () => {
    expect(parseMarking('SECRET//REL TO KOR, USA, JPN')).toEqual({
      originator: 'USA',
      level: 'SECRET',
      relTo: ['USA', 'JPN', 'KOR'],
      noforn: false,
      orcon: false,
    });
  });

  it('reads foreign information with its originator prefix', () => {
    const m = parseMarking('//JPN SECRET//REL TO USA, JPN, KOR');
    expect(m.originator).toBe('JPN');
    expect(m.level).toBe('GOKUHI');
  });

  it('accepts Japanese and Korean level names and their English treaty equivalents', () => {
    expect(parseMarking('極秘//REL TO USA, JPN', { originator: 'JPN' }).level).toBe('GOKUHI');
    expect(parseMarking('TOKUTEI HIMITSU//REL TO USA, JPN', { originator: 'JPN' }).level).toBe('GOKUHI');
    expect(parseMarking('HI//REL TO USA, JPN', { originator: 'JPN' }).level).toBe('HI');
    expect(parseMarking('CONFIDENTIAL//REL TO USA, JPN', { originator: 'JPN' }).level).toBe('HI');
    expect(parseMarking('군사 II급비밀//REL TO JPN, KOR', { originator: 'KOR' }).level).toBe('GRADE II');
    expect(parseMarking('GRADE III//REL TO JPN, KOR', { originator: 'KOR' }).level).toBe('GRADE III');
    expect(parseMarking('TOP SECRET//NOFORN', { originator: 'KOR' }).level).toBe('GRADE I');
  });

  it('reads ORCON and NOFORN', () => {
    const m = parseMarking('TOP SECRET//ORCON/NOFORN');
    expect(m).toMatchObject({ noforn: true, orcon: true, relTo: null });
    expect(parseMarking('SECRET//ORCON/REL TO USA, KOR')).toMatchObject({
      orcon: true,
      relTo: ['USA', 'KOR'],
    });
  });

  it.each([
    ['SECRET//REL TO USA, XYZ', 21, "unknown nation 'XYZ'"],
    ['SECRET//REL TO USA, JPM, KOR', 21, "unknown nation 'JPM'"],
    ['SECRET//ORCN', 9, "unknown dissemination control 'ORCN'"],
    ['SECRET//ORCON/FOUO', 15, "unknown dissemination control 'FOUO'"],
    ['SEKRET//REL TO USA, JPN', 1, "'SEKRET' is not a classification level of USA"],
    ['SECRET//REL TO USA, JPN, USA', 26, "'USA' appears twice"],
    ['SECRET//NOFORN/REL TO USA, JPN', 9, 'REL TO cannot be combined with NOFORN'],
    ['SECRET//REL TO USA', 9, 'REL TO USA alone is not a release'],
    ['SECRET//REL TO JPN, KOR', 9, 'REL TO must include the originator USA'],
    ['//XYZ SECRET//NOFORN', 3, "unknown nation 'XYZ'"],
    ['SECRET//SI//NOFORN', 9, "unsupported marking category 'SI'"],
    ['', 1, 'empty marking'],
  ])('rejects %j at column %i', (text, column, problem) => {
    const err = parseError(text);
    expect(err.column).toBe(column);
    expect(err.problem).toContain(problem);
    expect(err.message).toContain(`marking, column ${column}`);
  });

  it('refuses a banner whose originator contradicts the item originator', () => {
    expect(parseError('//KOR SECRET//REL TO USA, KOR', 'JPN').problem).toContain('originator KOR');
  });
});

describe('formatMarking', () => {
  it('writes canonical CAPCO banners', () => {
    expect(formatMarking(parseMarking('SECRET//REL TO KOR, JPN, USA'))).toBe('SECRET//REL TO USA, JPN, KOR');
    expect(formatMarking(parseMarking('GOKUHI//ORCON/REL TO KOR, JPN', { originator: 'JPN' }))).toBe(
      '//JPN SECRET//ORCON/REL TO JPN, KOR',
    );
    expect(formatMarking(parseMarking('UNCLASSIFIED'))).toBe('UNCLASSIFIED');
  });

  it('round-trips: parse(format(m)) equals m for any marking', () => {
    fc.assert(
      fc.property(markingArb, (m) => {
        expect(parseMarking(formatMarking(m))).toEqual(m);
      }),
      { numRuns: 2_000 },
    );
  });
});
