import { describe, expect, it } from 'vitest';
import { dayAt, isDay, marksOf, matrixRows, routeOf, sliderValue } from '../../web/src/agreements/matrix.js';
import type { Indicators, Sharing } from '../../web/src/api/types.js';
import { scheduleBars, seriesLines } from '../../web/src/scorecard/indicators.js';
import { scorecardQuery } from '../../web/src/scorecard/query.js';
import { viewOfHash } from '../../web/src/views.js';

// The agreements view's and the scorecard's arithmetic, without a browser.

describe('the views in the address', () => {
  it('reads the view from the hash, the missile picture otherwise', () => {
    expect(viewOfHash('#/agreements')).toBe('agreements');
    expect(viewOfHash('#/scorecard')).toBe('scorecard');
    expect(viewOfHash('#/maritime')).toBe('maritime');
    for (const h of ['', '#/', '#/sign-in/abc', '#/nowhere', '#/agreements/x'])
      expect(viewOfHash(h)).toBe('missile');
  });
});

describe("the agreements slider's days", () => {
  it('maps days to slider values and back', () => {
    expect(sliderValue('2014-01-01')).toBe(0);
    for (const d of ['2016-11-23', '2019-08-23', '2019-11-22', '2023-03-21'])
      expect(dayAt(sliderValue(d))).toBe(d);
    expect(dayAt(sliderValue('2019-11-22') - 1)).toBe('2019-11-21');
  });

  it("marks the days of the agreements' events in its span, one mark a day, in order", () => {
    const e = (agreement: string, kind: string, at: string) =>
      ({ agreement, title: agreement, kind, at }) as Parameters<typeof marksOf>[0][number];
    const marks = marksOf(
      [
        e('us-jpn-gsomia-2007', 'signed', '2007-08-10T00:00:00.000Z'),
        e('jpn-kor-gsomia-2016', 'termination-notice', '2019-08-23T00:00:00.000Z'),
        e('jpn-kor-gsomia-2016', 'signed', '2016-11-23T00:00:00.000Z'),
        e('a', 'signed', '2019-08-23T12:00:00.000Z'),
        e('b', 'expires', '2031-01-01T00:00:00.000Z'),
      ],
      '2026-12-07',
    );
    // Before the slider's first day and after today: not marked.
    expect(marks.map((m) => m.day)).toEqual(['2016-11-23', '2019-08-23']);
    expect(marks[1]!.events.map((x) => x.agreement)).toEqual(['jpn-kor-gsomia-2016', 'a']);
  });

  it('takes only real days', () => {
    expect(isDay('2019-11-22')).toBe(true);
    expect(isDay('2019-02-30')).toBe(false);
    expect(isDay('2019-11')).toBe(false);
  });
});

describe('the sharing matrix', () => {
  const page: Sharing = {
    nation: 'JPN',
    at: '2016-11-22T00:00:00.000Z',
    topics: ['missile-warning', 'maritime'],
    nations: ['USA', 'JPN', 'KOR'],
    cells: [
      {
        from: 'JPN',
        to: 'USA',
        topic: 'maritime',
        direct: { level: 'KIMITSU', english: 'TOP SECRET', agreement: 'us-jpn-gsomia-2007' },
        via: [],
      },
      {
        from: 'JPN',
        to: 'KOR',
        topic: 'missile-warning',
        direct: null,
        via: [
          { level: 'GOKUHI', english: 'SECRET', agreement: 'tisa-2014', concerning: 'PRK', relay: 'USA' },
        ],
      },
      {
        from: 'KOR',
        to: 'JPN',
        topic: 'maritime',
        direct: { level: 'GRADE II', english: 'SECRET', agreement: 'jpn-kor-gsomia-2016' },
        via: [],
      },
    ],
    agreements: [],
  };

  it('puts each partner in a row and each topic in a column, in both directions', () => {
    const send = matrixRows(page, 'send');
    expect(send.map((r) => r.partner)).toEqual(['USA', 'KOR']);
    expect(send[0]!.cells.map(routeOf)).toEqual(['none', 'direct']);
    expect(send[1]!.cells.map(routeOf)).toEqual(['relayed', 'none']);
    const receive = matrixRows(page, 'receive');
    expect(receive[1]!.cells.map(routeOf)).toEqual(['none', 'direct']);
    expect(receive[1]!.cells[1]!.direct!.agreement).toBe('jpn-kor-gsomia-2016');
    expect(receive[0]!.cells.map(routeOf)).toEqual(['none', 'none']);
  });
});

describe('the indicator charts', () => {
  const series: Indicators['series'][number] = {
    id: 's',
    title: 'spending',
    unit: '% of GDP',
    method: 'm',
    period: 'calendar-year',
    values: {
      USA: [
        { year: 2020, value: 3.6 },
        { year: 2021, value: 3.4 },
      ],
      JPN: [{ year: 2021, value: 1.06 }],
    },
    targets: { JPN: [{ year: 2027, value: 2 }] },
    sources: [],
    flags: [],
  };

  it('draws a line per nation over every year any nation has, gaps left empty', () => {
    expect(seriesLines(series)).toEqual({
      years: [2020, 2021, 2027],
      lines: [
        { nation: 'USA', values: [3.6, 3.4, null] },
        { nation: 'JPN', values: [null, 1.06, null] },
      ],
    });
  });

  it('sets published and formula amounts year by year', () => {
    const b = scheduleBars({
      id: 'sma',
      title: 'SMA',
      currency: 'KRW',
      unit: 'billion',
      years: [
        {
          year: 2020,
          under: 'a',
          rule: 'fixed',
          amount: 1038.9,
          growthPercent: null,
          capped: false,
          known: 1038.9,
        },
        {
          year: 2027,
          under: 'b',
          rule: 'indexed',
          amount: null,
          growthPercent: null,
          capped: false,
          missing: 'x',
        },
      ],
      sources: [],
      flags: [],
    });
    expect(b).toEqual({
      years: [2020, 2027],
      known: [1038.9, null],
      formula: [1038.9, null],
      under: ['a', 'b'],
    });
  });
});

describe("the scorecard's query", () => {
  it('asks only for what is filtered', () => {
    expect(scorecardQuery({ paper: 'all', kind: 'all', status: 'all', asOf: '' })).toBe('');
    expect(scorecardQuery({ paper: 'wilson-2022', kind: 'all', status: 'unmet', asOf: '2026-01-01' })).toBe(
      '?paper=wilson-2022&status=unmet&asOf=2026-01-01',
    );
  });
});
