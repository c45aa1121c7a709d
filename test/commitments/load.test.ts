import { describe, expect, it } from 'vitest';
import { parseCommitments, type TextFile } from '../../src/commitments/index.js';
import { DataFileError } from '../../src/domain/index.js';
import { bundledFiles } from './fixtures.js';

const ENTRY = `kind: entries
entries:
  - id: a
    kind: commitment
    title: A
    summary: Something promised.
    owner: [USA, KOR]
    date: 2020-01-01
    status:
      - { asOf: 2020-01-01, status: met }
    sources:
      - { title: Somewhere, date: 2020-01-01 }
`;

/** The DataFileError that parsing `files` throws (the test fails if none is thrown). */
function errorOf(files: TextFile[]): DataFileError {
  try {
    parseCommitments(files);
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected a DataFileError');
}

const one = (text: string) => errorOf([{ name: 'x.yaml', text }]);

describe('schema errors name the file, line and field', () => {
  it('an unknown status word', () => {
    const e = one(ENTRY.replace('status: met', 'status: done'));
    expect(e).toMatchObject({ input: 'x.yaml', line: 10, field: 'entries[0].status[0].status' });
  });

  it('an unknown owner nation', () => {
    const e = one(ENTRY.replace('owner: [USA, KOR]', 'owner: [USA, ROK]'));
    expect(e).toMatchObject({ line: 7, field: 'entries[0].owner[1]' });
    expect(e.problem).toContain("unknown nation 'ROK'");
  });

  it('an impossible date', () => {
    const e = one(ENTRY.replace('date: 2020-01-01\n', 'date: 2019-02-30\n'));
    expect(e).toMatchObject({ line: 8, field: 'entries[0].date' });
    expect(e.problem).toContain('2019-02-30');
  });

  it('an entry with no source at all', () => {
    const e = one(ENTRY.replace(/ {4}sources:\n.*\n$/, ''));
    expect(e.field).toBe('entries[0].sources');
    expect(e.problem).toContain('at least one public source');
    expect(e.line).toBe(3);
  });

  it('a recommendation that neither names its paper nor flags why', () => {
    const e = one(ENTRY.replace('kind: commitment', 'kind: recommendation'));
    expect(e).toMatchObject({ field: 'entries[0].sourcePaper' });
  });

  it('an unknown status with no flag saying what is missing', () => {
    const e = one(ENTRY.replace('status: met', 'status: unknown'));
    expect(e).toMatchObject({ field: 'entries[0].flags' });
  });

  it('status records out of date order', () => {
    const e = one(
      ENTRY.replace(
        '      - { asOf: 2020-01-01, status: met }',
        '      - { asOf: 2021-01-01, status: met }\n      - { asOf: 2020-06-01, status: unmet }',
      ),
    );
    expect(e).toMatchObject({ line: 11, field: 'entries[0].status[1].asOf' });
  });

  it('an own status other than withdrawn on an entry with conditions', () => {
    const e = one(
      ENTRY.replace(
        '    sources:',
        '    conditions:\n      - { id: c, text: C, status: [{ asOf: 2020-01-01, status: met }] }\n    sources:',
      ),
    );
    expect(e).toMatchObject({ field: 'entries[0].status[0].status' });
  });

  it('a missing or wrong file kind', () => {
    expect(one(ENTRY.replace('kind: entries', 'kind: entry'))).toMatchObject({ line: 1, field: 'kind' });
  });

  it('a payment year with two rules', () => {
    const text = `kind: indicators
schedules:
  - id: s
    title: S
    currency: KRW
    unit: billion
    roundTo: 0.1
    years:
      - { year: 2020, under: a, fixed: 10, growthPercent: 3 }
    sources: [Somewhere]
`;
    expect(
      errorOf([
        { name: 'e.yaml', text: ENTRY },
        { name: 'i.yaml', text },
      ]),
    ).toMatchObject({
      input: 'i.yaml',
      line: 9,
      field: 'schedules[0].years[0]',
    });
  });

  it('YAML that does not parse', () => {
    expect(one('kind: entries\nentries: [\n')).toMatchObject({ input: 'x.yaml', line: 3 });
  });
});

describe('cross-file checks name the file, line and field', () => {
  const second = (body: string): TextFile => ({ name: 'y.yaml', text: `kind: entries\nentries:\n${body}` });

  it('a link to an entry that does not exist', () => {
    const e = errorOf([
      { name: 'x.yaml', text: ENTRY },
      second(
        '  - id: b\n    kind: measure\n    title: B\n    summary: S.\n    owner: JPN\n    date: 2021-01-01\n    status: [{ asOf: 2021-01-01, status: met }]\n    sources: [Somewhere]\n    links:\n      - { type: retaliation-for, to: nope }\n',
      ),
    ]);
    expect(e).toMatchObject({ input: 'y.yaml', line: 12, field: 'entries[0].links[0].to' });
    expect(e.problem).toBe("no entry 'nope'");
  });

  it('a retaliation dated before what it answers', () => {
    const e = errorOf([
      { name: 'x.yaml', text: ENTRY },
      second(
        '  - id: b\n    kind: measure\n    title: B\n    summary: S.\n    owner: JPN\n    date: 2019-01-01\n    status: [{ asOf: 2019-01-01, status: met }]\n    sources: [Somewhere]\n    links:\n      - { type: retaliation-for, to: a }\n',
      ),
    ]);
    expect(e).toMatchObject({ input: 'y.yaml', field: 'entries[0].links[0].to' });
    expect(e.problem).toContain('which is later (2020-01-01)');
  });

  it('the same id in two files', () => {
    const e = errorOf([
      { name: 'x.yaml', text: ENTRY },
      { name: 'y.yaml', text: ENTRY },
    ]);
    expect(e).toMatchObject({ input: 'y.yaml', line: 3, field: 'entries[0].id' });
    expect(e.problem).toContain('also in x.yaml');
  });

  it('a chain step naming a chain that does not exist', () => {
    const e = one(ENTRY.replace('    sources:', '    chains: [nope]\n    sources:'));
    expect(e).toMatchObject({ field: 'entries[0].chains[0]', line: 11 });
  });

  it('a published payment that its own formula does not give', () => {
    const files = bundledFiles().map((f) =>
      f.name.endsWith('indicators.yaml')
        ? { ...f, text: f.text.replace('known: 1183.3', 'known: 1183.9') }
        : f,
    );
    const e = errorOf(files);
    expect(e.input).toMatch(/indicators\.yaml$/);
    expect(e.field).toBe('schedules[0].years[1].known');
    expect(e.problem).toBe('published 1183.9 but the formula gives 1183.3');
    expect(e.line).toBeGreaterThan(1);
  });
});

describe('loading the bundled data', () => {
  it('reads every file and resolves every link', () => {
    const reg = parseCommitments(bundledFiles());
    for (const e of reg.entries)
      for (const l of e.links) expect(reg.entry(l.to), `${e.id} -> ${l.to}`).toBeDefined();
  });
});
