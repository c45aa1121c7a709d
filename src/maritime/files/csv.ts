import { DataFileError } from '../../domain/index.js';

export interface CsvCell {
  readonly text: string;
  /** 1-based column (character) where the field starts. */
  readonly column: number;
}
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly CsvCell[];
}

/**
 * Splits CSV text into rows of cells (RFC 4180 quoting: `"a, b"`, `""` for a quote) keeping each
 * cell's line and column. Blank lines and lines starting with `#` are skipped. A quoted field
 * must close on its own line (these files hold one record per line).
 */
export function readCsv(text: string, input: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells: CsvCell[] = [];
    let i = 0;
    for (;;) {
      while (line[i] === ' ' || line[i] === '\t') i++;
      const column = i + 1;
      if (line[i] === '"') {
        let s = '';
        i++;
        for (;;) {
          if (i >= line.length)
            throw new DataFileError(
              { input, line: li + 1, column },
              'quoted field is not closed on its line',
            );
          if (line[i] === '"') {
            if (line[i + 1] === '"') {
              s += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          s += line[i];
          i++;
        }
        while (line[i] === ' ' || line[i] === '\t') i++;
        if (i < line.length && line[i] !== ',')
          throw new DataFileError(
            { input, line: li + 1, column: i + 1 },
            'expected a comma after a quoted field',
          );
        cells.push({ text: s, column });
      } else {
        const end = line.indexOf(',', i);
        const raw = line.slice(i, end < 0 ? line.length : end);
        cells.push({ text: raw.trim(), column });
        i = end < 0 ? line.length : end;
      }
      if (i >= line.length) break;
      i++; // the comma
    }
    rows.push({ line: li + 1, cells });
  }
  return rows;
}

/** Column positions by lower-case header name; throws naming a missing required column. */
export function headerOf(
  row: CsvRow | undefined,
  input: string,
  required: readonly string[],
): Map<string, number> {
  if (!row)
    throw new DataFileError(
      { input, line: 1, column: 1 },
      `empty file: expected a header (${required.join(',')})`,
    );
  const names = new Map<string, number>();
  row.cells.forEach((c, i) => {
    names.set(c.text.toLowerCase(), i);
  });
  for (const col of required) {
    if (!names.has(col))
      throw new DataFileError(
        { input, line: row.line, column: 1, field: col },
        `header has no column '${col}'`,
      );
  }
  return names;
}
