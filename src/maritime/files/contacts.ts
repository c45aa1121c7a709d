import { DataFileError, parseInstant } from '../../domain/index.js';
import { CONTACT_SENSORS, type Contact, type ContactSensor } from '../picture/index.js';
import { headerOf, readCsv } from './csv.js';
import { isValidImo } from './watchlist.js';

const REQUIRED = ['time', 'lat', 'lon', 'sensor'] as const;
const OPTIONAL = ['id', 'error_m', 'mmsi', 'imo', 'name'] as const;

/**
 * Sensor contacts CSV: `time,lat,lon,sensor` (ISO 8601 with zone, degrees, one of radar,
 * aircraft, sar, rf) and optionally `id`, `error_m` (1-sigma position error, m; default 500) and
 * the identity a sensor operator gave (`mmsi`, `imo`, `name`). Returned sorted by time. Errors
 * name the file, line and column name.
 */
export function parseContactsCsv(text: string, input: string): Contact[] {
  const rows = readCsv(text, input);
  const header = headerOf(rows[0], input, REQUIRED);
  for (const [name, i] of header) {
    if (!(REQUIRED as readonly string[]).includes(name) && !(OPTIONAL as readonly string[]).includes(name))
      throw new DataFileError(
        { input, line: rows[0]!.line, column: rows[0]!.cells[i]!.column },
        `unknown column '${name}' (expected ${[...REQUIRED, ...OPTIONAL].join(', ')})`,
      );
  }
  const out: Contact[] = rows.slice(1).map((row, k) => {
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
    const s = need('sensor');
    if (!(CONTACT_SENSORS as readonly string[]).includes(s.text.toLowerCase()))
      throw new DataFileError(
        { input, line: row.line, column: s.column, field: 'sensor' },
        `unknown sensor '${s.text}' (expected ${CONTACT_SENSORS.join(', ')})`,
      );
    const errorM = cell('error_m') ? number('error_m', 0, 100_000) : 500;
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
      _k: k,
    } as Contact & { _k: number };
  });
  return out
    .sort((a, b) => a.tMs - b.tMs || (a as Contact & { _k: number })._k - (b as Contact & { _k: number })._k)
    .map(({ _k, ...c }: Contact & { _k?: number }) => c);
}
