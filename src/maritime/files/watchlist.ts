import { z } from 'zod';
import { DataFileError, parseYaml, placeIn } from '../../domain/index.js';
import type { WatchEntry } from '../detect/index.js';
import { headerOf, readCsv } from './csv.js';

/** Whether `imo` is a valid IMO ship number: seven digits whose last is the check digit (weights 7..2, mod 10). */
export function isValidImo(imo: number): boolean {
  if (!Number.isInteger(imo) || imo < 1_000_000 || imo > 9_999_999) return false;
  const d = String(imo).split('').map(Number);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += d[i]! * (7 - i);
  return sum % 10 === d[6];
}

const entrySchema = z
  .object({
    name: z.string().trim().min(1).optional(),
    imo: z
      .number()
      .int()
      .refine(isValidImo, { message: 'not a valid IMO number (7 digits with check digit)' })
      .optional(),
    mmsi: z.number().int().min(100_000_000).max(999_999_999).optional(),
    category: z.string().optional(),
    designated: z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    source: z.string().optional(),
  })
  .strict()
  .refine((e) => e.name !== undefined || e.imo !== undefined || e.mmsi !== undefined, {
    message: 'an entry needs a name, imo or mmsi',
  });

const fileSchema = z.object({ vessels: z.array(entrySchema) }).strict();

/**
 * The watch list as YAML: `vessels: [{ name, imo, mmsi, category, designated, source }]`.
 * Errors name the file, line, column and field.
 */
export function parseWatchlistYaml(text: string, input: string): WatchEntry[] {
  const doc = parseYaml(text, input, fileSchema);
  return doc.vessels.map((v, i) => {
    const pos = placeIn(text, ['vessels', i]);
    return strip({ ...v, place: pos ? `${input}:${pos.line}` : input });
  });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const CSV_COLUMNS = ['name', 'imo', 'mmsi', 'category', 'designated', 'source'] as const;

/**
 * The watch list as CSV: a header naming some of `name,imo,mmsi,category,designated,source` (at
 * least one of name, imo, mmsi), then one vessel per line. Errors name the file, line and column.
 */
export function parseWatchlistCsv(text: string, input: string): WatchEntry[] {
  const rows = readCsv(text, input);
  const header = headerOf(rows[0], input, []);
  if (!['name', 'imo', 'mmsi'].some((c) => header.has(c)))
    throw new DataFileError(
      { input, line: rows[0]!.line, column: 1 },
      "header needs a 'name', 'imo' or 'mmsi' column",
    );
  for (const [name] of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name))
      throw new DataFileError(
        { input, line: rows[0]!.line, column: rows[0]!.cells[header.get(name)!]!.column },
        `unknown column '${name}' (expected ${CSV_COLUMNS.join(', ')})`,
      );
  }
  return rows.slice(1).map((row) => {
    const get = (col: string) => {
      const i = header.get(col);
      const cell = i === undefined ? undefined : row.cells[i];
      return cell && cell.text !== '' ? cell : undefined;
    };
    const num = (col: 'imo' | 'mmsi', ok: (n: number) => boolean, what: string) => {
      const c = get(col);
      if (!c) return undefined;
      const n = Number(c.text);
      if (!/^\d+$/.test(c.text) || !ok(n))
        throw new DataFileError(
          { input, line: row.line, column: c.column, field: col },
          `'${c.text}' is not ${what}`,
        );
      return n;
    };
    const e: WatchEntry = strip({
      name: get('name')?.text,
      imo: num('imo', isValidImo, 'a valid IMO number (7 digits with check digit)'),
      mmsi: num('mmsi', (n) => n >= 100_000_000 && n <= 999_999_999, 'a nine-digit MMSI'),
      category: get('category')?.text,
      designated: get('designated')?.text,
      source: get('source')?.text,
      place: `${input}:${row.line}`,
    });
    if (e.name === undefined && e.imo === undefined && e.mmsi === undefined)
      throw new DataFileError({ input, line: row.line, column: 1 }, 'an entry needs a name, imo or mmsi');
    return e;
  });
}

/** YAML or CSV by the file name's extension (`.csv` is CSV, anything else YAML). */
export function parseWatchlist(text: string, input: string): WatchEntry[] {
  return /\.csv$/i.test(input) ? parseWatchlistCsv(text, input) : parseWatchlistYaml(text, input);
}
