import type { Command } from 'commander';
import {
  type CompiledRegistry,
  DAY_MS,
  formatInstant,
  parseInstant,
  type SharingCell,
  sharingMatrix,
  statusAt,
} from '../../domain/index.js';
import { registerAct } from '../agreements-act.js';
import { loadRegistry } from '../io.js';
import { SHARING_LEGEND, sharingTable } from '../sharing-table.js';
import { UsageError } from '../usage.js';

interface Options {
  agreements?: string;
  at?: string;
  format: string;
}

export function registerAgreements(program: Command): void {
  const agreements = program
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
  registerAct(agreements);
}

function asJson(reg: CompiledRegistry, atMs: number, cells: SharingCell[]) {
  return {
    at: new Date(atMs).toISOString(),
    matrix: cells,
    agreements: reg.agreements.map((a) => ({ id: a.id, ...statusAt(a, atMs) })),
  };
}

function asTable(reg: CompiledRegistry, atMs: number, cells: SharingCell[]): string {
  const lines = sharingTable(cells);
  const idWidth = Math.max(...reg.agreements.map((x) => x.id.length));
  const status = reg.agreements.map((a) => {
    const s = statusAt(a, atMs);
    return `  ${a.id.padEnd(idWidth)}  ${s.state.padEnd(23)}  ${s.detail}`;
  });
  return [
    `Sharing matrix on ${formatInstant(atMs)}: the highest level an originator may send on each topic`,
    `directly, or through a relay (${SHARING_LEGEND})`,
    '',
    ...lines,
    '',
    `Agreements on ${formatInstant(atMs)}:`,
    ...status,
    '',
  ].join('\n');
}
