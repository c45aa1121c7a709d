import { DataFileError, parseInstant } from '../../domain/index.js';
import { CONTACT_SENSORS, type Contact, type ContactSensor } from '../picture/index.js';
import { type CsvRow, headerOf, readCsv } from './csv.js';
import { isValidImo } from './watchlist.js';

/** The columns every contacts CSV has. */
export const CONTACT_REQUIRED_COLUMNS = ['time', 'kind', 'lat', 'lon'] as const;

/** One-sigma position error of a contact whose row leaves `sigma_m` empty, m (our choice). */
export const DEFAULT_CONTACT_SIGMA_M = 500;

/**
 * Sensor contacts CSV, the one format `concord ais gen --contacts` writes and `concord ais detect
 * --contacts` reads. Columns are matched by name in any order; columns not named here are ignored
 * (`course_deg`, `speed_kn`, `length_m` as `ais gen` writes them, or a user's own):
 * - required: `time` (ISO 8601 with zone), `kind` (radar, aircraft, sar or rf), `lat`, `lon` (degrees);
 * - optional: `sensor` (the sensor's id), `id` (the contact's id; default file:line), `sigma_m`
 *   (1-sigma position error per axis, m; default 500), and the identity a sensor operator gave
 *   (`mmsi`, `imo`, `name`).
 * Returned sorted by time. Errors name the file, line and column name.
 */
export function parseContactsCsv(text: string, input: string): Contact[] {
  const rows = readCsv(text, input);
  const header = headerOf(rows[0], input, CONTACT_REQUIRED_COLUMNS);
  const out = rows.slice(1).map((row, k) => ({ c: contactOfRow(row, header, input), k }));
  return out.sort((a, b) => a.c.tMs - b.c.tMs || a.k - b.k).map((x) => x.c);
}

/**
 * One data row of a contacts CSV, its columns placed by `header` (lower-case name -> index, as
 * `headerOf` makes it). Throws a DataFileError naming `input`, the row's line, the column and its
 * name. The contact's id defaults to `input:line`.
 */
export function contactOfRow(row: CsvRow, header: ReadonlyMap<string, number>, input: string): Contact {
  const cell = (col: string) => {
    const i = header.get(col);
    const c = i === undefined ? undefined : row.cells[i];
    return c && c.text !== '' ? c : undefined;
  };
  const need = (col: string) => {
    const c = cell(col);
    if (!c) {
      const last = row.cells[row.cells.length - 1];
      throw new DataFileError(
        { input, line: row.line, column: last ? last.column + last.text.length : 1, field: col },
        `missing '${col}'`,
      );
    }
    return c;
  };
  const number = (col: string, min: number, max: number) => {
    const c = need(col);
    const n = Number(c.text);
    if (c.text.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new DataFileError(
        { input, line: row.line, column: c.column, field: col },
        `'${c.text}' is not a number in [${min}, ${max}]`,
      );
    return n;
  };
  const t = need('time');
  const tMs = parseInstant(t.text, { input, line: row.line, column: t.column, field: 'time' });
  const latDeg = number('lat', -90, 90);
  const lonDeg = number('lon', -180, 180);
  const s = need('kind');
  if (!(CONTACT_SENSORS as readonly string[]).includes(s.text.toLowerCase()))
    throw new DataFileError(
      { input, line: row.line, column: s.column, field: 'kind' },
      `unknown sensor kind '${s.text}' (expected ${CONTACT_SENSORS.join(', ')})`,
    );
  const errorM = cell('sigma_m') ? number('sigma_m', 0, 100_000) : DEFAULT_CONTACT_SIGMA_M;
  const identity: { mmsi?: number; imo?: number; name?: string } = {};
  const m = cell('mmsi');
  if (m) {
    if (!/^\d{9}$/.test(m.text))
      throw new DataFileError(
        { input, line: row.line, column: m.column, field: 'mmsi' },
        `'${m.text}' is not a nine-digit MMSI`,
      );
    identity.mmsi = Number(m.text);
  }
  const i = cell('imo');
  if (i) {
    if (!/^\d{7}$/.test(i.text) || !isValidImo(Number(i.text)))
      throw new DataFileError(
        { input, line: row.line, column: i.column, field: 'imo' },
        `'${i.text}' is not a valid IMO number`,
      );
    identity.imo = Number(i.text);
  }
  const n = cell('name');
  if (n) identity.name = n.text;
  return {
    id: cell('id')?.text ?? `${input}:${row.line}`,
    sensor: s.text.toLowerCase() as ContactSensor,
    tMs,
    latDeg,
    lonDeg,
    errorM,
    ...(Object.keys(identity).length > 0 ? { identity } : {}),
  };
}
