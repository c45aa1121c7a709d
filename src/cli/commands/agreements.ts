import type { Command } from 'commander';
import {
  type CompiledRegistry,
  DAY_MS,
  formatInstant,
  parseInstant,
  type SharingCell,
  sharingMatrix,
  statusAt,
  TOPIC_NAMES,
} from '../../domain/index.js';
import { loadRegistry } from '../io.js';
import { UsageError } from '../usage.js';

interface Options {
  agreements?: string;
  at?: string;
  format: string;
}

export function registerAgreements(program: Command): void {
  program
    .command('agreements')
    .description(
      'print the sharing matrix: per ordered pair of nations and topic, the highest level that may flow directly, and through whom otherwise',
    )
    .option('--agreements <file>', 'agreements YAML file (default: the bundled data/agreements.yaml)')
    .option('--at <date>', 'ISO date or date-time (default: today)')
    .option('--format <format>', 'table or json', 'table')
    .action((o: Options) => {
      if (o.format !== 'table' && o.format !== 'json')
        throw new UsageError(`--format must be table or json, not '${o.format}'`);
      const registry = loadRegistry(o.agreements);
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const atMs = o.at === undefined ? today : parseInstant(o.at, { input: '--at' });
      const cells = sharingMatrix(registry, atMs);
      process.stdout.write(
        o.format === 'json'
          ? `${JSON.stringify(asJson(registry, atMs, cells), null, 2)}\n`
          : asTable(registry, atMs, cells),
      );
    });
}

function asJson(reg: CompiledRegistry, atMs: number, cells: SharingCell[]) {
  return {
    at: new Date(atMs).toISOString(),
    matrix: cells,
    agreements: reg.agreements.map((a) => ({ id: a.id, ...statusAt(a, atMs) })),
  };
}

const ABBREVIATION: Record<string, string> = {
  UNCLASSIFIED: 'U',
  RESTRICTED: 'R',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};

function cellText(c: SharingCell | undefined): string {
  if (!c) return '-';
  const only = (f: { concerning?: string }) => (f.concerning ? ` (${f.concerning})` : '');
  const parts: string[] = [];
  if (c.direct) parts.push(`${ABBREVIATION[c.direct.english]}${only(c.direct)}`);
  for (const v of c.via) parts.push(`${ABBREVIATION[v.english]} via ${v.relay}${only(v)}`);
  return parts.join(', ');
}

function asTable(reg: CompiledRegistry, atMs: number, cells: SharingCell[]): string {
  const topics = TOPIC_NAMES.filter((t) => cells.some((c) => c.topic === t));
  const pairs = [...new Set(cells.map((c) => `${c.from}>${c.to}`))];
  const rows: string[][] = [['FROM>TO', ...topics]];
  for (const pair of pairs) {
    const [from, to] = pair.split('>');
    rows.push([
      `${from} > ${to}`,
      ...topics.map((t) => cellText(cells.find((c) => c.from === from && c.to === to && c.topic === t))),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((s, i) => s.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  const idWidth = Math.max(...reg.agreements.map((x) => x.id.length));
  const status = reg.agreements.map((a) => {
    const s = statusAt(a, atMs);
    return `  ${a.id.padEnd(idWidth)}  ${s.state.padEnd(23)}  ${s.detail}`;
  });
  return [
    `Sharing matrix on ${formatInstant(atMs)}: the highest level an originator may send on each topic`,
    'directly, or through a relay (TS/S/C/U: English treaty equivalents; (PRK): only items concerning PRK)',
    '',
    ...lines,
    '',
    `Agreements on ${formatInstant(atMs)}:`,
    ...status,
    '',
  ].join('\n');
}
