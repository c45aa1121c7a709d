import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkQuote,
  checkQuotes,
  parseCommitments,
  quoteText,
  quoteTextProblem,
  type TextFile,
} from '../../src/commitments/index.js';
import { DataFileError } from '../../src/domain/index.js';

// The checker runs against a fixture paper written for these tests (test/fixtures/papers/README.md):
// the real papers are not in the repository.
const PAPER = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'papers', 'heritage-2022-05.txt'),
  'utf8',
);

const W = 'What Washington Should Do';

describe('checkQuote: a quotation against its paper', () => {
  it.each([
    [
      'a sentence as the paper has it',
      'The three navies should exchange tracks of “dark” ships in near real time',
      W,
    ],
    [
      'straight quotation marks for curly ones',
      'The three navies should exchange tracks of "dark" ships in near real time',
      W,
    ],
    ['without the bold markers', 'Build a shared maritime picture. The three navies should exchange', W],
    ['across the page break', 'A shared picture is worth more than three separate ones', W],
    [
      'under the first heading',
      'The allies should meet every year at the level of leaders.',
      'KEY TAKEAWAYS',
    ],
    ['by paragraph number', 'The allies should meet every year at the level of leaders.', 'paragraph 3'],
  ])('accepts %s', (_, text, place) => {
    expect(checkQuote({ text, place }, PAPER)).toBeNull();
  });

  it.each([
    [
      'a changed word',
      'The three navies must exchange tracks of “dark” ships in near real time',
      W,
      'not found',
    ],
    [
      'a hyphen for the paper’s en dash',
      'with the Quad-Plus partners invited where interests align',
      W,
      'not found',
    ],
    ['a different case', 'the three navies should exchange tracks of “dark” ships', W, 'not found'],
    [
      'the wrong section',
      'The allies should meet every year at the level of leaders.',
      W,
      "section headed 'What Washington",
    ],
    [
      'a section that ends before it',
      'Nothing here should be read as a real recommendation',
      W,
      'section headed',
    ],
    [
      'a place that is not a heading',
      'The allies should meet every year at the level of leaders.',
      'Summary',
      "'Summary' is not a line",
    ],
    [
      'the wrong paragraph',
      'The allies should meet every year at the level of leaders.',
      'paragraph 4',
      'not in paragraph 4',
    ],
    [
      'a paragraph the paper lacks',
      'The allies should meet every year at the level of leaders.',
      'paragraph 40',
      'no paragraph 40',
    ],
  ])('refuses %s', (_, text, place, problem) => {
    expect(checkQuote({ text, place }, PAPER)).toContain(problem);
  });
});

describe('quotation text rules (checked by the schema, without the papers)', () => {
  it('normalizes only quotation marks, asterisks and whitespace', () => {
    expect(quoteText('  the **“Quad”**\n  grouping – it’s')).toBe('the Quad grouping – its');
  });

  it.each([
    ['too short', 'Build a picture.', 'at least 20 characters'],
    ['an ellipsis', 'The three navies should ... exchange tracks', 'no ellipsis'],
    ['an ellipsis character', 'The three navies should… exchange tracks', 'no ellipsis'],
    ['editorial brackets', 'The three [allied] navies should exchange tracks', 'no editorial brackets'],
  ])('refuses %s', (_, text, problem) => {
    expect(quoteTextProblem(text)).toContain(problem);
  });
});

const REC = `kind: entries
entries:
  - id: rec-a
    kind: recommendation
    title: A
    summary: Something recommended.
    owner: USA
    sourcePaper: heritage-2022-05
    quotes:
      - { paper: heritage-2022-05, place: What Washington Should Do, text: "The three navies should exchange tracks of “dark” ships in near real time" }
    status:
      - { asOf: 2019-11-22T18:00+09:00, status: met }
    sources:
      - { title: Somewhere, date: 2020-01-01 }
`;

function errorOf(text: string): DataFileError {
  try {
    parseCommitments([{ name: 'x.yaml', text }]);
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected a DataFileError');
}

describe('quotations in the data: schema errors name the file, line and field', () => {
  it('loads a valid quotation and an instant with its zone', () => {
    const e = parseCommitments([{ name: 'x.yaml', text: REC }]).entry('rec-a')!;
    expect(e.quotes).toEqual([
      {
        paper: 'heritage-2022-05',
        place: W,
        text: 'The three navies should exchange tracks of “dark” ships in near real time',
      },
    ]);
    expect(e.status[0]!.asOf).toBe('2019-11-22T18:00+09:00');
  });

  it.each([
    [
      'an ellipsis',
      (t: string) => t.replace('exchange tracks', '... tracks'),
      'entries[0].quotes[0].text',
      'no ellipsis',
    ],
    [
      'a short quotation',
      (t: string) => t.replace(/text: ".*" \}/, 'text: "navies should" }'),
      'entries[0].quotes[0].text',
      'at least 20',
    ],
    ['brackets', (t: string) => t.replace('“dark”', '[dark]'), 'entries[0].quotes[0].text', 'brackets'],
    [
      'an unknown paper',
      (t: string) => t.replace('{ paper: heritage-2022-05', '{ paper: heritage-2023'),
      'entries[0].quotes[0].paper',
      "unknown paper 'heritage-2023'",
    ],
    [
      'no quotation',
      (t: string) => t.replace(/ {4}quotes:\n.*\n/, ''),
      'entries[0].quotes',
      'quotes the paper',
    ],
    [
      'no paper named',
      (t: string) => t.replace('    sourcePaper: heritage-2022-05\n', ''),
      'entries[0].sourcePaper',
      'names the paper',
    ],
    [
      'a main paper it does not quote',
      (t: string) => t.replace('sourcePaper: heritage-2022-05', 'sourcePaper: wilson-2022'),
      'entries[0].sourcePaper',
      "no quotation is from 'wilson-2022'",
    ],
    [
      'a time without its zone',
      (t: string) => t.replace('2019-11-22T18:00+09:00', '2019-11-22T18:00'),
      'entries[0].status[0].asOf',
      'instant with its zone',
    ],
  ])('refuses %s', (_, edit, field, problem) => {
    const e = errorOf(edit(REC));
    expect(e.field).toBe(field);
    expect(e.input).toBe('x.yaml');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.problem).toContain(problem);
  });
});

describe('checkQuotes: every quotation of the data files, placed', () => {
  const files: TextFile[] = [
    { name: 'x.yaml', text: REC },
    {
      name: 'y.yaml',
      text: REC.replace('rec-a', 'rec-b').replace('should exchange', 'shall exchange'),
    },
  ];

  it('passes the verbatim one and names the file, line and field of the altered one', () => {
    const results = checkQuotes(files, { 'heritage-2022-05': PAPER });
    expect(results.map((r) => [r.entry, r.problem])).toEqual([
      ['rec-a', null],
      ['rec-b', 'not found in the paper'],
    ]);
    expect(results[1]).toMatchObject({ file: 'y.yaml', line: 10, field: 'entries[0].quotes[0].text' });
  });

  it('reports a quotation whose paper was not given', () => {
    expect(checkQuotes(files, {})[0]!.problem).toContain("no text of paper 'heritage-2022-05'");
  });
});
