import { DataFileError, InputError } from '../domain/errors.js';
import {
  CONTACT_REQUIRED_COLUMNS,
  type Contact,
  contactOfRow,
  headerOf,
  readCsv,
} from '../maritime/index.js';

/**
 * The columns of a contacts feed that sends no header: the order `concord ais gen --contacts`
 * writes (the documented contacts CSV).
 */
export const DEFAULT_CONTACT_COLUMNS = [
  'time',
  'sensor',
  'kind',
  'lat',
  'lon',
  'sigma_m',
  'course_deg',
  'speed_kn',
  'length_m',
] as const;

export interface ContactLineCounts {
  /** Lines read (header lines included). */
  lines: number;
  headers: number;
  contacts: number;
  /** Lines that are neither a header nor a contact (each told to `onError`). */
  bad: number;
}

export type ContactLine =
  | { readonly kind: 'contact'; readonly contact: Contact }
  | { readonly kind: 'header' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'bad'; readonly error: DataFileError };

/**
 * Reads a contacts feed line by line: the contacts CSV (docs/maritime.md) one row a line. A line
 * with a cell `time` (any case) is a header: it places the columns by name for the lines after it,
 * as in a file; until one comes, the columns are `DEFAULT_CONTACT_COLUMNS`. Blank lines and `#`
 * comments are skipped. A bad line is returned as a DataFileError naming `input` (the feed), the
 * line's number in the feed, the column and the field; it changes nothing (a bad header keeps the
 * columns as they were). Pure: lines in, contacts out.
 *
 * @example
 * const r = new ContactLineReader('JPN contacts udp://0.0.0.0:10111');
 * r.line('2026-03-01T00:00:00Z,jcg-radar,radar,30.1,125.2,500,,,') // { kind: 'contact', ... }
 */
export class ContactLineReader {
  readonly counts: ContactLineCounts = { lines: 0, headers: 0, contacts: 0, bad: 0 };
  private header: ReadonlyMap<string, number> = new Map(DEFAULT_CONTACT_COLUMNS.map((c, i) => [c, i]));

  constructor(readonly input: string) {}

  line(text: string): ContactLine {
    const n = ++this.counts.lines;
    if (text.trim() === '' || text.trimStart().startsWith('#')) return { kind: 'skip' };
    try {
      const rows = readCsv(text, this.input);
      const row = { line: n, cells: rows[0]?.cells ?? [] };
      if (row.cells.some((c) => c.text.toLowerCase() === 'time')) {
        this.header = headerOf(row, this.input, CONTACT_REQUIRED_COLUMNS);
        this.counts.headers++;
        return { kind: 'header' };
      }
      const contact = contactOfRow(row, this.header, this.input);
      this.counts.contacts++;
      return { kind: 'contact', contact };
    } catch (err) {
      this.counts.bad++;
      // Every error the CSV readers raise names its place; anything else is a bug, not input.
      if (!(err instanceof InputError)) throw err;
      // readCsv numbers lines within the text it got (one line): the feed's number is ours.
      const error =
        err.line === n && err instanceof DataFileError
          ? err
          : new DataFileError(
              {
                input: err.input,
                line: n,
                ...(err.column !== undefined ? { column: err.column } : {}),
                ...(err.field !== undefined ? { field: err.field } : {}),
              },
              err.problem,
            );
      return { kind: 'bad', error };
    }
  }
}
