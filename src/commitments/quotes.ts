import { formatPath, parseYaml, placeIn } from '../domain/index.js';
import type { TextFile } from './load.js';
import { type Quote, SOURCE_PAPER_IDS, type SourcePaper } from './model.js';
import { QUOTE_MIN_CHARS, quoteText } from './quote-text.js';
import { entriesFileSchema, fileKindSchema } from './schema.js';

// The verbatim check of the papers' quotations. The papers are not part of the repository (only
// brief quotations are), so this runs where they are: `concord commitments --check-quotes DIR`.

/** One quotation checked against its paper. */
export interface QuoteCheck {
  readonly entry: string;
  readonly paper: SourcePaper;
  readonly text: string;
  readonly place: string;
  /** The data file, its line and the field, to find the quotation. */
  readonly file: string;
  readonly line?: number;
  readonly field: string;
  /** Null when the quotation is in the paper, at its place; else what is wrong. */
  readonly problem: string | null;
}

/** A paper's text made searchable: its non-blank lines normalized and joined by single spaces. */
interface Searchable {
  readonly text: string;
  /** Start offset in `text` of each non-blank line, and the line normalized. */
  readonly lines: readonly { readonly start: number; readonly text: string }[];
}

function searchable(paper: string): Searchable {
  const lines: { start: number; text: string }[] = [];
  let text = '';
  for (const raw of paper.split(/\r?\n/)) {
    const line = quoteText(raw);
    if (line === '') continue;
    if (text !== '') text += ' ';
    lines.push({ start: text.length, text: line });
    text += line;
  }
  return { text, lines };
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const PARAGRAPH = /^paragraph (\d+)$/;

/**
 * A line that may be a heading: short, and not ending as a sentence or a list's lead-in does. It
 * ends the section of the heading before it (so a quotation placed under a heading must lie before
 * the next one).
 */
function headingLike(line: string): boolean {
  return line.length <= 80 && !/[.:;,!?)]$/.test(line);
}

/**
 * Whether `quote` is in `paper` at its place, or what is wrong. The text must occur in the paper
 * once both are normalized (quotation marks and asterisks dropped, whitespace runs made one space;
 * dashes, case and every other character kept). The place is either `paragraph N` (the quotation
 * lies within the paper's Nth non-blank line) or a heading: a whole line of the paper after which
 * the quotation comes, before the next heading-like line (short, not ending in punctuation).
 */
export function checkQuote(quote: Pick<Quote, 'text' | 'place'>, paper: string): string | null {
  const p = searchable(paper);
  const text = quoteText(quote.text);
  if (text.length < QUOTE_MIN_CHARS) return `shorter than ${QUOTE_MIN_CHARS} characters`;
  const at = occurrences(p.text, text);
  if (at.length === 0) return 'not found in the paper';
  const n = PARAGRAPH.exec(quote.place);
  if (n) {
    const line = p.lines[Number(n[1]) - 1];
    if (!line) return `the paper has no paragraph ${n[1]} (it has ${p.lines.length} non-blank lines)`;
    const inLine = at.some((i) => i >= line.start && i + text.length <= line.start + line.text.length);
    return inLine ? null : `found in the paper, but not in paragraph ${n[1]}`;
  }
  const place = quoteText(quote.place);
  const sections = p.lines.flatMap((l, k) => {
    if (l.text !== place) return [];
    const next = p.lines.slice(k + 1).find((x) => headingLike(x.text));
    return [{ start: l.start + l.text.length, end: next?.start ?? p.text.length }];
  });
  if (sections.length === 0)
    return `place '${quote.place}' is not a line of the paper (give a heading as the paper has it, or 'paragraph N')`;
  return at.some((i) => sections.some((x) => i >= x.start && i + text.length <= x.end))
    ? null
    : `found in the paper, but not in the section headed '${quote.place}'`;
}

/**
 * Checks every quotation in the commitments data `files` against the papers' texts (`papers`, by
 * id; a paper missing from it is a problem for each of its quotations). The files are assumed
 * valid (load them with parseCommitments first); each result names its file, line and field.
 */
export function checkQuotes(
  files: readonly TextFile[],
  papers: Readonly<Partial<Record<SourcePaper, string>>>,
): QuoteCheck[] {
  const out: QuoteCheck[] = [];
  for (const file of files) {
    if (parseYaml(file.text, file.name, fileKindSchema).kind !== 'entries') continue;
    const data = parseYaml(file.text, file.name, entriesFileSchema);
    data.entries.forEach((e, i) => {
      e.quotes.forEach((q, j) => {
        const path = ['entries', i, 'quotes', j, 'text'];
        const paper = papers[q.paper];
        out.push({
          entry: e.id,
          paper: q.paper,
          text: q.text,
          place: q.place,
          file: file.name,
          ...(placeIn(file.text, path) ?? {}),
          field: formatPath(path),
          problem: paper === undefined ? `no text of paper '${q.paper}' was given` : checkQuote(q, paper),
        });
      });
    });
  }
  return out;
}

/** The file name each paper is read from in a papers folder: `<id>.txt`. */
export function paperFileNames(): Record<SourcePaper, string> {
  return Object.fromEntries(SOURCE_PAPER_IDS.map((id) => [id, `${id}.txt`])) as Record<SourcePaper, string>;
}
