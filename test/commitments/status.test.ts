import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONDITION_STATUSES,
  type ConditionStatus,
  compareDates,
  deriveStatus,
  type Entry,
  evidenceAt,
  isInstant,
  onOrBefore,
  statusAt,
} from '../../src/commitments/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const entry = (id: string) => reg.entry(id)!;

describe('statusAt reads the registry at past dates (the GSOMIA and its notice)', () => {
  it.each([
    ['2016-11-22', null],
    ['2016-11-23', 'met'],
    ['2019-08-22', 'met'],
    ['2019-08-23', 'in-progress'],
    ['2020-06-01', 'in-progress'],
    ['2023-03-20', 'in-progress'],
    ['2023-03-21', 'met'],
  ])('Japan–ROK GSOMIA on %s: %s', (at, status) => {
    expect(statusAt(entry('jpn-kor-gsomia-2016'), at)?.status ?? null).toBe(status);
  });

  it.each([
    ['2019-08-22', null],
    ['2019-08-23', 'met'],
    ['2019-11-22', 'in-progress'],
    ['2023-03-20', 'in-progress'],
    ['2023-03-21', 'withdrawn'],
  ])('the ROK termination notice on %s: %s', (at, status) => {
    expect(statusAt(entry('kor-gsomia-notice-2019'), at)?.status ?? null).toBe(status);
  });

  it('gives the date and note of the record in force', () => {
    expect(statusAt(entry('jpn-kor-gsomia-2016'), '2021-01-01')).toMatchObject({
      asOf: '2019-11-22T18:00+09:00',
      derived: false,
      note: 'notice suspended conditionally, six hours before the lapse; ROK could terminate at any time',
    });
  });

  it('shows only the evidence known by the date', () => {
    const dates = (at: string) => evidenceAt(entry('jpn-kor-gsomia-2016'), at).map((e) => e.date);
    expect(dates('2019-12-01')).toEqual([
      '2016-11-23',
      '2019-08-23',
      '2019-11-22T18:00+09:00',
      '2019-11-22T18:00+09:00',
    ]);
    expect(dates('2023-03-21')).toHaveLength(6);
  });

  it('reads a partial date (2022-07) as from the first day of its month', () => {
    expect(statusAt(entry('rec-rok-cptpp'), '2022-06-30')?.status).toBe('in-progress');
    expect(statusAt(entry('rec-rok-cptpp'), '2022-07-01')?.status).toBe('unmet');
  });

  it('refuses a malformed day rather than compare it as text', () => {
    expect(() => statusAt(entry('rec-rok-cptpp'), '2022-7-1')).toThrow(/invariant/);
  });
});

describe('conditions-based status', () => {
  it('keeps OPCON transition from met while any condition blocks, and says which', () => {
    const s = statusAt(entry('rec-opcon-conditions-based'), '2026-01-01')!;
    expect(s.derived).toBe(true);
    expect(s.status).toBe('in-progress');
    expect(s.conditions.map((c) => [c.id, c.status, c.blocking])).toEqual([
      ['rok-capabilities-to-lead', 'in-progress', true],
      ['rok-initial-response-capability', 'unknown', true],
      ['suitable-security-environment', 'unknown', true],
    ]);
    expect(s.note).toContain('0 of 3 conditions met');
  });

  it('would make OPCON transition met only when all three conditions are met', () => {
    const opcon = entry('rec-opcon-conditions-based');
    const metAll: Entry = {
      ...opcon,
      conditions: opcon.conditions.map((c) => ({ ...c, status: [{ asOf: '2026-06-01', status: 'met' }] })),
    };
    expect(statusAt(metAll, '2026-06-01')?.status).toBe('met');
    const oneShort: Entry = {
      ...metAll,
      conditions: metAll.conditions.map((c, i) =>
        i === 2 ? { ...c, status: [{ asOf: '2026-06-01', status: 'unmet' }] } : c,
      ),
    };
    expect(statusAt(oneShort, '2026-06-01')).toMatchObject({
      status: 'in-progress',
      note: expect.stringContaining('blocked by suitable-security-environment'),
    });
  });

  it('holds North Korea’s benefits at unknown while no denuclearization step is recorded', () => {
    const s = statusAt(entry('rec-nk-benefits-for-denuclearization'), '2026-01-01')!;
    expect(s.status).toBe('unknown');
    expect(s.conditions[0]).toMatchObject({ id: 'tangible-denuclearization-steps', blocking: true });
  });

  it('follows ROK–Japan reconciliation condition by condition through 2023', () => {
    const at = (d: string) => statusAt(entry('rec-rok-jpn-reconciliation'), d)!;
    expect(at('2022-01-01').status).toBe('unmet');
    expect(at('2023-03-21').status).toBe('in-progress');
    expect(
      at('2023-05-01')
        .conditions.filter((c) => c.blocking)
        .map((c) => c.id),
    ).toEqual(['japan-restores-rok']);
    expect(at('2023-07-21')).toMatchObject({ status: 'met', asOf: '2023-07-21' });
  });

  it('lets a withdrawn record override the conditions', () => {
    const e: Entry = {
      ...entry('rec-opcon-conditions-based'),
      status: [{ asOf: '2027-01-01', status: 'withdrawn' }],
    };
    expect(statusAt(e, '2027-01-01')).toMatchObject({ status: 'withdrawn', derived: false });
    expect(statusAt(e, '2026-12-31')?.status).toBe('in-progress');
  });
});

describe('deriveStatus', () => {
  const statuses = fc.array(fc.constantFrom<ConditionStatus>(...CONDITION_STATUSES), {
    minLength: 1,
    maxLength: 6,
  });

  it('is met exactly when every condition is met', () => {
    fc.assert(
      fc.property(statuses, (s) => {
        expect(deriveStatus(s) === 'met').toBe(s.every((x) => x === 'met'));
      }),
    );
  });

  it('is in progress when some but not all conditions are met or moving', () => {
    fc.assert(
      fc.property(statuses, (s) => {
        const moving = s.some((x) => x === 'met' || x === 'in-progress');
        if (moving && !s.every((x) => x === 'met')) expect(deriveStatus(s)).toBe('in-progress');
      }),
    );
  });

  it('never reads unknown or unmet conditions as progress', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ConditionStatus>('unmet', 'unknown'), { minLength: 1 }), (s) => {
        expect(deriveStatus(s)).toBe(s.includes('unmet') ? 'unmet' : 'unknown');
      }),
    );
  });

  it('does not depend on the order of the conditions', () => {
    fc.assert(
      fc.property(statuses, (s) => {
        expect(deriveStatus([...s].reverse())).toBe(deriveStatus(s));
      }),
    );
  });
});

describe('dates and instants', () => {
  it('orders a day, an instant within it and the next day', () => {
    const sorted = ['2019-11-23', '2019-11-22T18:00+09:00', '2019-11-22', '2019-11', '2019'].sort(
      compareDates,
    );
    expect(sorted).toEqual(['2019', '2019-11', '2019-11-22', '2019-11-22T18:00+09:00', '2019-11-23']);
  });

  it('reads a day whole and an instant at its moment', () => {
    expect(onOrBefore('2019-11-22T18:00+09:00', '2019-11-22')).toBe(true);
    expect(onOrBefore('2019-11-22T18:00+09:00', '2019-11-22T09:00Z')).toBe(true);
    expect(onOrBefore('2019-11-22T18:00+09:00', '2019-11-22T08:59Z')).toBe(false);
    expect(onOrBefore('2019-11-23', '2019-11-22T23:59+00:00')).toBe(false);
    expect(onOrBefore('2019-11', '2019-10-31')).toBe(false);
  });

  it.each([
    ['2019-11-22T18:00+09:00', true],
    ['2019-11-22T18:00:30Z', true],
    ['2019-11-22T18:00', false],
    ['2019-11-22T24:00+09:00', false],
    ['2019-02-30T10:00Z', false],
  ])('isInstant(%s) is %s', (s, ok) => {
    expect(isInstant(s)).toBe(ok);
  });
});
