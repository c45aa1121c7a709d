import { describe, expect, it } from 'vitest';
import {
  type CommitmentsRegistry,
  checkStatusEdit,
  type Entry,
  type StatusEdit,
  scorecard,
  statusAt,
  withStatusEdits,
} from '../../src/commitments/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const evidence = { date: '2023-05-01', source: { title: 'MOTIE' }, text: 'Application progressing.' };
const edit = (over: Partial<StatusEdit> = {}): StatusEdit => ({
  entry: 'rec-rok-cptpp',
  nation: 'KOR',
  status: 'in-progress',
  asOf: '2023-05-01',
  evidence,
  ...over,
});

/** `reg` with one entry replaced. */
function replacing(base: CommitmentsRegistry, e: Entry): CommitmentsRegistry {
  const entries = base.entries.map((x) => (x.id === e.id ? e : x));
  return { ...base, entries, entry: (id) => entries.find((x) => x.id === id), chain: base.chain };
}

describe('checkStatusEdit', () => {
  it('accepts an edit by the sole owner that follows the history', () => {
    expect(checkStatusEdit(reg, edit(), '2024-01-01')).toBeNull();
    // The same day as the latest record is not before it.
    expect(checkStatusEdit(reg, edit({ asOf: '2022-07-01' }), '2024-01-01')).toBeNull();
  });

  it('names the field of every problem', () => {
    const problem = (x: StatusEdit, today = '2024-01-01') => {
      const p = checkStatusEdit(reg, x, today);
      return p && [p.code, p.field];
    };
    expect(problem(edit({ entry: 'nope' }))).toEqual(['unknown-entry', 'id']);
    expect(problem(edit({ nation: 'JPN' }))).toEqual(['not-owner', 'id']);
    expect(problem(edit({ entry: 'us-kor-sma-11' }))).toEqual(['shared-entry', 'id']);
    expect(problem(edit({ asOf: '2023-02-30' }))).toEqual(['invalid', 'asOf']);
    expect(problem(edit({ asOf: '2024-01-02' }))).toEqual(['invalid', 'asOf']);
    expect(problem(edit({ asOf: '2021-01-01' }))).toEqual(['invalid', 'asOf']);
    expect(problem(edit({ evidence: { ...evidence, date: '2023-13' } }))).toEqual([
      'invalid',
      'evidence.date',
    ]);
    expect(problem(edit({ evidence: { ...evidence, date: '2024-02' } }))).toEqual([
      'invalid',
      'evidence.date',
    ]);
    // Before the entry was made.
    expect(problem(edit({ entry: 'kor-third-party-compensation-2023', asOf: '2023-03-01' }))).toEqual([
      'invalid',
      'asOf',
    ]);
  });

  it('lets an entry with conditions be recorded withdrawn only', () => {
    const opcon = reg.entry('rec-opcon-conditions-based')!;
    expect(opcon.conditions.length).toBeGreaterThan(0);
    const mine = replacing(reg, { ...opcon, owner: ['KOR'] });
    const x = edit({ entry: opcon.id, status: 'met' });
    expect(checkStatusEdit(mine, x, '2024-01-01')).toMatchObject({ code: 'invalid', field: 'status' });
    expect(checkStatusEdit(mine, { ...x, status: 'withdrawn' }, '2024-01-01')).toBeNull();
  });
});

describe('withStatusEdits', () => {
  it('appends to the history, so a reading before the edit is unchanged', () => {
    const edited = withStatusEdits(reg, [
      edit(),
      edit({ asOf: '2023-09-01', status: 'met', note: 'joined' }),
    ]);
    const e = edited.entry('rec-rok-cptpp')!;
    expect(e.status.slice(0, -2)).toEqual(reg.entry('rec-rok-cptpp')!.status);
    expect(e.status.slice(-2)).toEqual([
      { asOf: '2023-05-01', status: 'in-progress' },
      { asOf: '2023-09-01', status: 'met', note: 'joined' },
    ]);
    expect(statusAt(e, '2023-06-01')!.status).toBe('in-progress');
    expect(statusAt(e, '2023-12-31')!.status).toBe('met');
    expect(statusAt(e, '2022-08-01')!.status).toBe(
      statusAt(reg.entry('rec-rok-cptpp')!, '2022-08-01')!.status,
    );
    // Evidence stays in date order, the new item among the old.
    expect(e.evidence).toContainEqual(evidence);
    expect(e.evidence.map((x) => x.date)).toEqual(e.evidence.map((x) => x.date).sort());
    // The scorecard reads the edited registry like any other; other entries are untouched objects.
    expect(scorecard(edited, '2023-12-31').find((r) => r.id === 'rec-rok-cptpp')!.status).toBe('met');
    expect(edited.entry('us-kor-sma-11')).toBe(reg.entry('us-kor-sma-11'));
    expect(withStatusEdits(reg, [])).toBe(reg);
  });
});
