import { describe, expect, it } from 'vitest';
import { addYearsUtc, DateError, parseInstant } from '../../src/domain/index.js';

describe('parseInstant', () => {
  it('reads a date as 00:00 UTC and a date-time with its zone', () => {
    expect(parseInstant('2019-11-22', { input: '--at' })).toBe(Date.UTC(2019, 10, 22));
    expect(parseInstant('2019-11-22T18:00:00+09:00', { input: '--at' })).toBe(Date.UTC(2019, 10, 22, 9));
    expect(parseInstant('2019-11-22T09:00Z', { input: '--at' })).toBe(Date.UTC(2019, 10, 22, 9));
  });

  it.each(['2019-02-30', '2019-13-01', '2019-11-22T25:00Z', '22/11/2019', '2019-11-22T10:00', 'tomorrow'])(
    'rejects %j naming the input',
    (s) => {
      expect(() => parseInstant(s, { input: '--at' })).toThrow(DateError);
      expect(() => parseInstant(s, { input: '--at' })).toThrow(/^--at: /);
    },
  );
});

describe('addYearsUtc', () => {
  it('keeps the calendar day, and falls back from 29 February to 28', () => {
    expect(addYearsUtc(Date.UTC(2016, 10, 23), 3)).toBe(Date.UTC(2019, 10, 23));
    expect(addYearsUtc(Date.UTC(2020, 1, 29), 1)).toBe(Date.UTC(2021, 1, 28));
  });
});
