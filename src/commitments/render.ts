import type { Source } from '../domain/index.js';
import { chain } from './chain.js';
import { compareDates } from './dates.js';
import { type CommitmentsRegistry, type Quote, SOURCE_PAPERS, type SourcePaper, STATUSES } from './model.js';
import { type PaperRow, type ScorecardRow, sourcesKnownBy } from './scorecard.js';
import { statusAt } from './status.js';

// Renderings are pure text from rows the caller computed, so the CLI only reads files and prints.

/** `--format json`: the rows as they are (an array), pretty-printed. */
export function renderScorecardJson(rows: readonly ScorecardRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function counts(rows: readonly Pick<ScorecardRow, 'status'>[]): string {
  return STATUSES.map((s) => `${s} ${rows.filter((r) => r.status === s).length}`).join(', ');
}

function blockedBy(r: ScorecardRow): string {
  const blocking = r.conditions.filter((c) => c.blocking).map((c) => c.id);
  return blocking.length === 0 ? '' : `  [blocked by: ${blocking.join(', ')}]`;
}

/** Lays out a table's header and rows as lines (the CLI fits them to a terminal). */
export type TableLayout = (header: readonly string[], cells: readonly (readonly string[])[]) => string[];

/** Each row whole on one line, columns aligned. */
const aligned: TableLayout = (header, cells) => {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((s, i) => (i === c.length - 1 ? s : s.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)];
};

/** `--format table`: one line per entry with status, date of the status, owner, paper and title. */
export function renderScorecardTable(
  rows: readonly ScorecardRow[],
  at: string,
  layout: TableLayout = aligned,
): string {
  const header = ['STATUS', 'AS OF', 'OWNER', 'KIND', 'PAPER', 'ID', 'TITLE'];
  const cells = rows.map((r) => [
    r.status,
    r.asOf ?? '-',
    r.owner.join(','),
    r.kind,
    r.sourcePaper ?? '-',
    r.id,
    `${r.title}${blockedBy(r)}`,
  ]);
  return [
    `Commitments scorecard on ${at}: ${rows.length} entries (${counts(rows)})`,
    '',
    ...layout(header, cells),
    '',
  ].join('\n');
}

/** Markdown text for a table cell or a list item: pipes and line breaks would break the layout. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function cite(s: Source): string {
  const title = s.url ? `[${md(s.title)}](${s.url})` : md(s.title);
  return s.date ? `${title} (${s.date})` : title;
}

function paperLine(r: ScorecardRow): string {
  if (r.kind !== 'recommendation') return r.document ? `**Document:** ${md(r.document)}` : '';
  return r.sourcePaper
    ? `**Paper:** ${md(SOURCE_PAPERS[r.sourcePaper].title)} (\`${r.sourcePaper}\`)`
    : '**Paper:** not named';
}

/** A quotation as printed: the words in quotation marks, then where they are. */
function quoted(q: Quote, withPaper: boolean): string {
  return `“${q.text.replace(/\s+/g, ' ').trim()}” (${withPaper ? `${q.paper}, ` : ''}${q.place})`;
}

/** `--paper ID --format json`: the paper, the day, the counts per status and its recommendations. */
export function renderPaperJson(paper: SourcePaper, rows: readonly PaperRow[], at: string): string {
  const countsByStatus = Object.fromEntries(
    STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]),
  );
  return `${JSON.stringify({ paper: { id: paper, ...SOURCE_PAPERS[paper] }, at, counts: countsByStatus, recommendations: rows }, null, 2)}\n`;
}

/**
 * `--paper ID` as text: the paper's scorecard, one line per recommendation (status, as of, owner,
 * id, title; `*` when another paper is named as making it), then the paper's words for it.
 */
export function renderPaperText(
  paper: SourcePaper,
  rows: readonly PaperRow[],
  at: string,
  layout: TableLayout = aligned,
): string {
  const p = SOURCE_PAPERS[paper];
  const lines = [
    `Scorecard of ${p.title} (${paper}, ${p.date}) on ${at}: ${rows.length} recommendations (${counts(rows)})`,
    '',
  ];
  const table = layout(
    ['STATUS', 'AS OF', 'OWNER', 'ID', 'TITLE'],
    rows.map((r) => [r.status, r.asOf ?? '-', r.owner.join(','), `${r.id}${r.main ? '' : ' *'}`, r.title]),
  );
  lines.push(table[0]!);
  rows.forEach((r, i) => {
    lines.push(table[i + 1]!);
    for (const q of r.paperQuotes) lines.push(`    ${quoted(q, false)}`);
  });
  if (rows.some((r) => !r.main))
    lines.push('', '* another paper is named as making it; this one makes it too');
  lines.push('');
  return lines.join('\n');
}

/** `--paper ID --format md`: the paper's scorecard as a table, then each recommendation with its words. */
export function renderPaperMarkdown(paper: SourcePaper, rows: readonly PaperRow[], at: string): string {
  const p = SOURCE_PAPERS[paper];
  const out = [
    `# Scorecard of ${md(p.title)} (\`${paper}\`, ${p.date}), ${at}`,
    '',
    `${rows.length} recommendations: ${counts(rows)}.`,
    '',
    '| Status | As of | Owner | Recommendation | The paper says |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows)
    out.push(
      `| ${r.status} | ${r.asOf ?? '-'} | ${r.owner.join(', ')} | ${md(r.title)} (\`${r.id}\`)${r.main ? '' : ' \\*'} | ${r.paperQuotes.map((q) => md(quoted(q, false))).join('<br>')} |`,
    );
  if (rows.some((r) => !r.main))
    out.push('', '\\* another paper is named as making it; this one makes it too.');
  out.push('');
  return out.join('\n');
}

const KIND_HEADINGS = {
  recommendation: "The papers' recommendations",
  commitment: 'Commitments',
  agreement: 'Agreements',
  measure: 'Measures',
} as const;

/** `--format md`: a Markdown scorecard: a summary table, then each entry with evidence and sources. */
export function renderScorecardMarkdown(
  rows: readonly (ScorecardRow & { readonly quotes?: readonly Quote[] })[],
  at: string,
): string {
  const out: string[] = [
    `# Commitments scorecard, ${at}`,
    '',
    `${rows.length} entries: ${counts(rows)}.`,
    '',
  ];
  out.push('| Status | As of | Owner | Entry |', '|---|---|---|---|');
  for (const r of rows)
    out.push(`| ${r.status} | ${r.asOf ?? '-'} | ${r.owner.join(', ')} | ${md(r.title)} (\`${r.id}\`) |`);
  for (const kind of Object.keys(KIND_HEADINGS) as (keyof typeof KIND_HEADINGS)[]) {
    const group = rows.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    out.push('', `## ${KIND_HEADINGS[kind]}`);
    for (const r of group) {
      out.push('', `### ${md(r.title)} (\`${r.id}\`)`, '');
      const status = `**Status:** ${r.status}${r.asOf ? ` (as of ${r.asOf})` : ''}${r.note ? ` — ${md(r.note)}` : ''}`;
      out.push(
        [status, `**Owner:** ${r.owner.join(', ')}`, paperLine(r), r.date ? `**Made:** ${r.date}` : '']
          .filter((s) => s !== '')
          .join(' · '),
        '',
        md(r.summary),
      );
      const quotes = r.quotes ?? [];
      if (quotes.length > 0) {
        out.push('', 'The papers say:');
        for (const q of quotes) out.push(`- ${md(quoted(q, true))}`);
      }
      if (r.conditions.length > 0) {
        out.push('', '| Condition | Status | As of | Holds? |', '|---|---|---|---|');
        for (const c of r.conditions)
          out.push(`| ${md(c.text)} | ${c.status} | ${c.asOf ?? '-'} | ${c.blocking ? 'blocks' : 'holds'} |`);
      }
      const evidence = [...r.evidence, ...r.conditions.flatMap((c) => c.evidence)].sort((a, b) =>
        compareDates(a.date, b.date),
      );
      if (evidence.length > 0) {
        out.push('', 'Evidence:');
        for (const e of evidence) out.push(`- ${e.date}: ${md(e.text)} (${cite(e.source)})`);
      }
      if (r.links.length > 0)
        out.push('', `Links: ${r.links.map((l) => `${l.type} \`${l.to}\``).join('; ')}`);
      if (r.flags.length > 0) {
        out.push('', 'Flags:');
        for (const f of r.flags) out.push(`- ${md(f)}`);
      }
      out.push('', `Sources: ${r.sources.map(cite).join('; ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}

/**
 * The chain as dated steps, oldest first, each with its status on day `at` and its links, as plain
 * text (`text`) or Markdown (`md`).
 */
export function renderChain(
  reg: CommitmentsRegistry,
  chainId: string,
  at: string,
  format: 'text' | 'md',
): string {
  const c = reg.chain(chainId);
  if (!c) throw new Error(`invariant: no chain '${chainId}'`);
  const steps = chain(reg, chainId);
  const statusOf = (id: string) => {
    const s = statusAt(reg.entry(id)!, at);
    return s === null ? 'not yet' : s.status;
  };
  const warning = c.warning
    ? `${c.warning.text} (${c.warning.sourcePaper ?? 'paper not identified'}; ${format === 'md' ? cite(c.warning.source) : c.warning.source.title})`
    : '';
  if (format === 'text') {
    const lines = [`${c.title} (${c.id}); status on ${at}`, c.summary];
    if (warning) lines.push(`Warning: ${warning}`);
    lines.push('');
    for (const s of steps) {
      lines.push(
        `${s.date.padEnd(10)}  ${s.entry.owner.join(',').padEnd(7)}  ${statusOf(s.entry.id).padEnd(11)}  ${s.entry.title}  [${s.entry.id}]`,
      );
      for (const l of s.links)
        lines.push(`${' '.repeat(12)}${l.type} ${l.to.date ?? '(undated)'} ${l.to.title} [${l.to.id}]`);
      for (const l of s.linkedFrom)
        lines.push(`${' '.repeat(12)}<- ${l.type} by ${l.from.date ?? '(undated)'} [${l.from.id}]`);
    }
    lines.push('');
    return lines.join('\n');
  }
  const out = [`## ${md(c.title)}`, '', md(c.summary)];
  if (warning) out.push('', `> ${md(warning)}`);
  out.push('');
  steps.forEach((s, i) => {
    out.push(
      `${i + 1}. **${s.date}** · ${s.entry.owner.join(', ')} · ${md(s.entry.title)} (\`${s.entry.id}\`) · status on ${at}: **${statusOf(s.entry.id)}**`,
    );
    for (const l of s.links)
      out.push(
        `   - ${l.type}: ${l.to.date ?? 'undated'} ${md(l.to.title)} (\`${l.to.id}\`)${l.note ? `: ${md(l.note)}` : ''}`,
      );
    out.push(`    - Sources: ${sourcesKnownBy(s.entry.sources, at).map(cite).join('; ')}`);
  });
  if (c.flags.length > 0) {
    out.push('', 'Flags:');
    for (const f of c.flags) out.push(`- ${md(f)}`);
  }
  out.push('');
  return out.join('\n');
}
