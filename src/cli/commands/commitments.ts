import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ROOT, readText } from '../../bundled/index.js';
import {
  type CommitmentsRegistry,
  checkQuotes,
  ENTRY_KINDS,
  type EntryKind,
  foldRegistryEvents,
  isDay,
  paperFileNames,
  paperScorecard,
  parseCommitments,
  proposalJson,
  type QuoteCheck,
  renderChain,
  renderPaperJson,
  renderPaperMarkdown,
  renderPaperText,
  renderRegistryHistory,
  renderScorecardJson,
  renderScorecardMarkdown,
  renderScorecardTable,
  SOURCE_PAPER_IDS,
  type SourcePaper,
  STATUSES,
  type Status,
  scorecard,
  storedRegistryEvents,
  type TextFile,
  withQuotes,
} from '../../commitments/index.js';
import { DAY_MS, InputError, parseInstant } from '../../domain/index.js';
import { readCommitmentEditsFile } from '../../store/index.js';
import { fitTable, wrap } from '../fit-table.js';
import { UsageError } from '../usage.js';

const FORMATS = ['table', 'json', 'md'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  status?: string;
  kind?: string;
  at?: string;
  format: string;
  dir?: string;
  db?: string;
  history?: boolean;
  chain?: string;
  paper?: string;
  checkQuotes?: string;
  width?: string;
}

/**
 * How the table is narrowed to a terminal: PAPER, KIND and OWNER are cut first (to the minimums
 * shown); titles wrap, at least 30 wide, or go on the lines below each entry when ids would
 * otherwise be cut (ids are what --chain and the API take).
 */
const TABLE_COLUMNS = [
  { header: 'STATUS', minWidth: 11 },
  { header: 'AS OF', minWidth: 10 },
  { header: 'OWNER', minWidth: 7 },
  { header: 'KIND', minWidth: 4 },
  { header: 'PAPER', minWidth: 5 },
  { header: 'ID', minWidth: 42 },
  { header: 'TITLE', minWidth: 30 },
] as const;
const SHRINK_ORDER = [4, 3, 2];

export const BUNDLED_COMMITMENTS = join(ROOT, 'data', 'commitments');

export function registerCommitments(program: Command): void {
  program
    .command('commitments')
    .description(
      "print the commitments scorecard: the papers' recommendations, commitments, agreements and measures, with status, evidence and sources on a date",
    )
    .option('--status <status>', `only entries with this status then (${STATUSES.join(', ')})`)
    .option('--kind <kind>', `only entries of this kind (${ENTRY_KINDS.join(', ')})`)
    .option('--at <date>', 'ISO date (default: today); statuses and evidence as they stood that day')
    .option('--format <format>', 'table, json or md', 'table')
    .option('--dir <dir>', 'folder of commitments YAML files (default: the bundled data/commitments)')
    .option(
      '--db <file>',
      "a node's store (e.g. .concord/JPN.sqlite): the registry's status edits it holds (its administrators' and those partners sent), folded on top of the files as that node shows them",
    )
    .option(
      '--history',
      'with --db: print the replicated history instead: every status edit proposed, by whom, when, on what evidence, who approved it, and whether it is in force',
    )
    .option('--chain <id>', 'print a dated chain of linked entries instead (e.g. rok-jpn-2018-2023)')
    .option(
      '--paper <id>',
      `print one paper's scorecard instead: its recommendations, their status and its words (${SOURCE_PAPER_IDS.join(', ')})`,
    )
    .option(
      '--check-quotes <dir>',
      "check every quotation against the papers' texts in <dir> (<paper id>.txt each); exit 1 if one is not verbatim",
    )
    .option(
      '--width <cols>',
      "table width in characters (default: the terminal's; whole rows when not at a terminal; 0: whole rows)",
    )
    .action((o: Options) => {
      const widthCols = tableWidth(o.width);
      const format = parseFormat(o.format);
      const status = o.status === undefined ? undefined : parseStatus(o.status);
      const kind = o.kind === undefined ? undefined : parseKind(o.kind);
      const at = o.at === undefined ? today() : parseAt(o.at);
      const paper = o.paper === undefined ? undefined : parsePaper(o.paper);
      const texts = readCommitmentFiles(o.dir ?? BUNDLED_COMMITMENTS);
      const files = parseCommitments(texts);
      if (o.checkQuotes !== undefined) {
        const results = checkQuotes(texts, readPapers(o.checkQuotes));
        process.stdout.write(renderQuoteChecks(results, o.checkQuotes));
        process.exitCode = results.every((r) => r.problem === null) ? 0 : 1;
        return;
      }
      if (o.history && o.db === undefined) throw new UsageError('--history reads a node store: give --db');
      const fold =
        o.db === undefined
          ? null
          : foldRegistryEvents(files, storedRegistryEvents(readCommitmentEditsFile(o.db), o.db));
      if (fold !== null && o.history) {
        process.stdout.write(
          format === 'json'
            ? `${JSON.stringify({ proposals: fold.proposals.map(proposalJson), refused: fold.refused }, null, 2)}\n`
            : renderRegistryHistory(fold, format === 'md' ? 'md' : 'text'),
        );
        return;
      }
      const reg = fold?.registry ?? files;
      process.stdout.write(render(reg, { format, at, status, kind, chain: o.chain, paper, widthCols }));
    });
}

/** The command's output for already-parsed options: pure, so it is tested without a process. */
export function render(
  reg: CommitmentsRegistry,
  o: {
    format: Format;
    at: string;
    status?: Status | undefined;
    kind?: EntryKind | undefined;
    chain?: string | undefined;
    paper?: SourcePaper | undefined;
    /** Fit the table to this many characters; undefined: whole rows. */
    widthCols?: number | undefined;
  },
): string {
  if (o.chain !== undefined) {
    if (!reg.chain(o.chain)) {
      const known = reg.chains.map((c) => c.id).join(', ') || 'none';
      throw new UsageError(`--chain: no chain '${o.chain}' (known: ${known})`);
    }
    if (o.format === 'json') throw new UsageError('--chain prints text or md, not json');
    return renderChain(reg, o.chain, o.at, o.format === 'md' ? 'md' : 'text');
  }
  if (o.paper !== undefined) {
    if (o.status !== undefined || o.kind !== undefined)
      throw new UsageError('--paper lists all of its recommendations: drop --status and --kind');
    const rows = paperScorecard(reg, o.paper, o.at);
    if (o.format === 'json') return renderPaperJson(o.paper, rows, o.at);
    if (o.format === 'md') return renderPaperMarkdown(o.paper, rows, o.at);
    return renderPaperText(o.paper, rows, o.at);
  }
  const rows = scorecard(reg, o.at, {
    ...(o.status !== undefined ? { status: o.status } : {}),
    ...(o.kind !== undefined ? { kind: o.kind } : {}),
  });
  if (o.format === 'json') return renderScorecardJson(withQuotes(reg, rows));
  if (o.format === 'md') return renderScorecardMarkdown(withQuotes(reg, rows), o.at);
  const widthCols = o.widthCols;
  if (widthCols === undefined) return renderScorecardTable(rows, o.at);
  const text = renderScorecardTable(rows, o.at, (header, cells) => {
    if (header.join() !== TABLE_COLUMNS.map((c) => c.header).join())
      throw new Error(`invariant: the scorecard's columns changed (${header.join()})`);
    return fitTable(TABLE_COLUMNS, cells, widthCols, SHRINK_ORDER);
  });
  // The heading (its counts) wraps too.
  const [heading, ...rest] = text.split('\n');
  return [...wrap(heading!, widthCols), ...rest].join('\n');
}

/** `--width`, else the terminal's width at a terminal, else none (a pipe or a file gets whole rows). */
function tableWidth(s: string | undefined): number | undefined {
  if (s !== undefined) {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`--width must be a whole number of columns, not '${s}'`);
    return n === 0 ? undefined : n;
  }
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

function parseFormat(s: string): Format {
  if ((FORMATS as readonly string[]).includes(s)) return s as Format;
  throw new UsageError(`--format must be ${FORMATS.join(', ')}, not '${s}'`);
}

function parseStatus(s: string): Status {
  if ((STATUSES as readonly string[]).includes(s)) return s as Status;
  throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not '${s}'`);
}

function parseKind(s: string): EntryKind {
  if ((ENTRY_KINDS as readonly string[]).includes(s)) return s as EntryKind;
  throw new UsageError(`--kind must be one of ${ENTRY_KINDS.join(', ')}, not '${s}'`);
}

function parsePaper(s: string): SourcePaper {
  if ((SOURCE_PAPER_IDS as readonly string[]).includes(s)) return s as SourcePaper;
  throw new UsageError(`--paper must be one of ${SOURCE_PAPER_IDS.join(', ')}, not '${s}'`);
}

/** A day stays a day (read whole); a date-time with a zone becomes that instant, in UTC. */
function parseAt(s: string): string {
  const ms = parseInstant(s, { input: '--at' });
  if (isDay(s.trim())) return s.trim();
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The papers' texts in `dir`, `<id>.txt` each; a missing one is reported per quotation by the check. */
function readPapers(dir: string): Partial<Record<SourcePaper, string>> {
  if (!existsSync(dir))
    throw new InputError({ input: dir }, 'no such folder (the papers, one <id>.txt each)');
  const out: Partial<Record<SourcePaper, string>> = {};
  for (const [id, name] of Object.entries(paperFileNames()) as [SourcePaper, string][]) {
    const path = join(dir, name);
    if (existsSync(path)) out[id] = readText(path);
  }
  return out;
}

/** One line per quotation (`ok` or `NOT VERBATIM` with file:line, field and why), then the totals. */
export function renderQuoteChecks(results: readonly QuoteCheck[], dir: string): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.problem === null) lines.push(`ok            ${r.entry}  ${r.paper}  (${r.place})`);
    else
      lines.push(
        `NOT VERBATIM  ${r.file}${r.line !== undefined ? `:${r.line}` : ''} (${r.field})  ${r.entry}  ${r.paper}: ${r.problem}`,
        `              \u201c${r.text.replace(/\s+/g, ' ').trim()}\u201d`,
      );
  }
  const bad = results.filter((r) => r.problem !== null).length;
  const entries = new Set(results.map((r) => r.entry)).size;
  lines.push(
    '',
    `${results.length} quotations of ${entries} recommendations checked against ${dir}: ${results.length - bad} verbatim at their place, ${bad} not`,
    '',
  );
  return lines.join('\n');
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function today(): string {
  return dayOf(Math.floor(Date.now() / DAY_MS) * DAY_MS);
}

/** Every `.yaml`/`.yml` file in `dir`, in name order, parsed into one registry. */
export function loadCommitments(dir: string): CommitmentsRegistry {
  return parseCommitments(readCommitmentFiles(dir));
}

/** Every `.yaml`/`.yml` file in `dir`, in name order, as text. */
export function readCommitmentFiles(dir: string): TextFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      { input: dir },
      code === 'ENOENT' ? 'no such folder' : `cannot read the folder (${code ?? String(err)})`,
    );
  }
  if (names.length === 0) throw new InputError({ input: dir }, 'no .yaml files in this folder');
  return names.sort().map((f) => {
    const path = join(dir, f);
    return { name: path, text: readText(path) };
  });
}
