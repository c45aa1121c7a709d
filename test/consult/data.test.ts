import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cadence, parseContingencies, parseMeetings, parseRules } from '../../src/consult/index.js';
import { DataFileError } from '../../src/domain/index.js';
import {
  CONTINGENCIES_FILE,
  calendar,
  MEETINGS_FILE,
  plans,
  RULES_FILE,
  registry,
  rules,
} from './fixtures.js';

function errorOf(f: () => unknown): DataFileError {
  try {
    f();
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected a DataFileError');
}

const RULE = `rules:
  - id: r
    description: A rule.
    when: { kind: missile-warning, overflown: [JPN] }
    convene:
      convener: JPN
      subject: S
      coalition: us-jpn-kor-trilateral
      participants: [USA, JPN, KOR]
      level: working
      ackWithinMinutes: 15
    assumption: true
`;

describe('YAML errors name the file, line and field', () => {
  it('an unknown level', () => {
    const e = errorOf(() => parseRules(RULE.replace('level: working', 'level: cabinet'), 'rules.yaml'));
    expect(e).toMatchObject({ input: 'rules.yaml', line: 10, field: 'rules[0].convene.level' });
  });

  it('a rule with neither a source nor `assumption: true`', () => {
    const e = errorOf(() => parseRules(RULE.replace('    assumption: true\n', ''), 'rules.yaml'));
    expect(e).toMatchObject({ input: 'rules.yaml', field: 'rules[0].sources', line: 2 });
    expect(e.problem).toContain('assumption: true');
  });

  it('a convener who is not a participant', () => {
    const e = errorOf(() => parseRules(RULE.replace('convener: JPN', 'convener: AUS'), 'rules.yaml'));
    expect(e).toMatchObject({ field: 'rules[0].convene.convener', line: 6 });
  });

  it('a coalition the agreements registry does not have', () => {
    const text = RULE.replace('coalition: us-jpn-kor-trilateral', 'coalition: nato');
    const e = errorOf(() => parseRules(text, 'rules.yaml', registry));
    expect(e).toMatchObject({ field: 'rules[0].convene.coalition', line: 8 });
    expect(e.message).toBe(
      "rules.yaml:8:18 (rules[0].convene.coalition): no coalition 'nato' in the agreements registry",
    );
  });

  it('a contingency role with an unknown status', () => {
    const text = readFileSync(CONTINGENCIES_FILE, 'utf8').replace(
      'status: not-articulated',
      'status: unclear',
    );
    const e = errorOf(() => parseContingencies(text, 'contingencies.yaml'));
    expect(e.input).toBe('contingencies.yaml');
    expect(e.field).toMatch(/^contingencies\[0\]\.roles\[\d\]\.status$/);
    expect(text.split('\n')[e.line! - 1]).toContain('status: unclear');
  });

  it('a meeting of an unknown mechanism, and an impossible date', () => {
    const text = readFileSync(MEETINGS_FILE, 'utf8');
    const unknown = errorOf(() =>
      parseMeetings(
        text.replace('mechanism: quad-leaders, date: 2021-03-12', 'mechanism: quad, date: 2021-03-12'),
        'm.yaml',
      ),
    );
    expect(unknown.field).toMatch(/^meetings\[\d+\]\.mechanism$/);
    expect(unknown.problem).toBe("no mechanism 'quad'");
    const bad = errorOf(() => parseMeetings(text.replace('date: 2024-11-15', 'date: 2024-11-31'), 'm.yaml'));
    expect(bad).toMatchObject({ field: 'meetings[1].date' });
    expect(text.split('\n')[bad.line! - 1]).toContain('2024-11-15');
  });
});

describe('bundled data', () => {
  it('loads against the agreements registry', () => {
    expect(parseRules(readFileSync(RULES_FILE, 'utf8'), RULES_FILE, registry)).toEqual(rules);
    expect(plans.map((p) => p.id).sort()).toEqual([
      'east-china-sea',
      'korean-peninsula',
      'south-china-sea',
      'taiwan-strait',
    ]);
  });

  it('the 2+2+2 was never held: its cadence was missed every year', () => {
    const r = cadence(calendar, 'trilateral-2plus2plus2', '2023-01-01', '2025-12-31');
    expect(r.overall).toBe('missed');
    expect(r.years.map((y) => y.status)).toEqual(['missed', 'missed', 'missed']);
  });

  it('leaders met in 2023 and 2024; 2025 is unknown, not missed', () => {
    const r = cadence(calendar, 'trilateral-leaders', '2023-01-01', '2025-12-31');
    expect(r.years.map((y) => [y.year, y.status, y.held])).toEqual([
      [2023, 'kept', ['2023-08-18']],
      [2024, 'kept', ['2024-11-15']],
      [2025, 'unknown', []],
    ]);
    expect(r.overall).toBe('unknown');
  });

  it('a year cut short by the range, or past the checked record, is unknown; before the cadence, not expected', () => {
    const mid = cadence(calendar, 'trilateral-leaders', '2024-01-01', '2024-06-30');
    expect(mid.years[0]).toMatchObject({ status: 'unknown' });
    expect(mid.years[0]!.reason).toContain('not over');
    const defence = cadence(calendar, 'trilateral-defence-ministers', '2022-01-01', '2025-12-31');
    expect(defence.years.map((y) => y.status)).toEqual(['not-expected', 'kept', 'kept', 'unknown']);
    expect(defence.years[3]!.reason).toContain('checked only through 2024-12-31');
  });

  it('the Quad leaders kept a yearly cadence 2021–2024', () => {
    expect(cadence(calendar, 'quad-leaders', '2021-01-01', '2024-12-31').overall).toBe('kept');
  });
});
