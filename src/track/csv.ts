import { DataFileError } from '../domain/errors.js';

/** One row of the measurements CSV: ECEF position (m) and its 3x3 covariance (m^2). */
export interface MeasurementRow {
  tS: number;
  sensor: string;
  x: number;
  y: number;
  z: number;
  cxx: number;
  cxy: number;
  cxz: number;
  cyy: number;
  cyz: number;
  czz: number;
  /** 1-based line in the file, for messages about this row later. */
  line: number;
}

/** One row of the truth CSV. */
export interface TruthRow {
  tS: number;
  target: string;
  x: number;
  y: number;
  z: number;
  vx: number;
  vy: number;
  vz: number;
}

/** One row of the tracks CSV. */
export interface TrackRow {
  tS: number;
  track: number;
  x: number;
  y: number;
  z: number;
  vx: number;
  vy: number;
  vz: number;
}

const MEASUREMENT_COLUMNS = ['t', 'sensor', 'x', 'y', 'z', 'cxx', 'cxy', 'cxz', 'cyy', 'cyz', 'czz'] as const;
const TRUTH_COLUMNS = ['t', 'target', 'x', 'y', 'z', 'vx', 'vy', 'vz'] as const;
const TRACK_COLUMNS = ['t', 'track', 'x', 'y', 'z', 'vx', 'vy', 'vz'] as const;

interface Cell {
  text: string;
  column: number;
}

/** Splits one CSV line (no quoting: these files hold numbers and plain identifiers) keeping each field's 1-based column. */
function splitLine(line: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === ',') {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      cells.push({ text: raw.trim(), column: start + 1 + lead });
      start = i + 1;
    }
  }
  return cells;
}

/**
 * Generic reader: a header naming the columns (matched by name, any order, extra columns
 * ignored), then one record per non-blank line. `numeric` columns accept decimal numbers and
 * the literal NaN (a measurement the tracker will reject and count, not a malformed file).
 */
function parseTable<K extends string>(
  text: string,
  input: string,
  required: readonly K[],
  textColumns: readonly K[],
  onRow: (values: Record<K, number | string>, line: number) => void,
): void {
  const lines = text.split('\n');
  let header: Map<K, number> | undefined;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.replace(/\r$/, '');
    const lineNo = li + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells = splitLine(line);
    if (!header) {
      header = new Map();
      const names = cells.map((c) => c.text.toLowerCase());
      for (const col of required) {
        const idx = names.indexOf(col);
        if (idx < 0) {
          throw new DataFileError(
            { input, line: lineNo, column: 1, field: col },
            `header has no column '${col}'`,
          );
        }
        header.set(col, idx);
      }
      continue;
    }
    const values = {} as Record<K, number | string>;
    for (const col of required) {
      const idx = header.get(col)!;
      const cell = cells[idx];
      if (!cell) {
        throw new DataFileError(
          { input, line: lineNo, column: line.length + 1, field: col },
          `missing value for '${col}' (${cells.length} fields, expected at least ${idx + 1})`,
        );
      }
      if (textColumns.includes(col)) {
        if (cell.text === '')
          throw new DataFileError({ input, line: lineNo, column: cell.column, field: col }, `empty '${col}'`);
        values[col] = cell.text;
        continue;
      }
      const v = parseNumber(cell.text);
      if (v === undefined) {
        throw new DataFileError(
          { input, line: lineNo, column: cell.column, field: col },
          `expected a number for '${col}', got '${cell.text}'`,
        );
      }
      values[col] = v;
    }
    onRow(values, lineNo);
  }
  if (!header)
    throw new DataFileError(
      { input, line: 1, column: 1 },
      `empty file: expected a header (${required.join(',')})`,
    );
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(s: string): number | undefined {
  if (NUMBER.test(s)) return Number(s);
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  if (/^[+-]?inf(inity)?$/i.test(s))
    return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}

/**
 * Parses the measurements CSV `t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz` (s, id, ECEF m, m^2).
 * Throws `DataFileError` naming the file, line and column of a malformed field; NaN values are
 * passed through for the tracker to reject and count.
 *
 * @example
 * parseMeasurementsCsv('t,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n0,R1,1,2,3,100,0,0,100,0,100\n', 'm.csv');
 * // [{ tS: 0, sensor: 'R1', x: 1, y: 2, z: 3, cxx: 100, ..., line: 2 }]
 */
export function parseMeasurementsCsv(text: string, input: string): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  parseTable(text, input, MEASUREMENT_COLUMNS, ['sensor'], (v, line) => {
    rows.push({
      tS: v.t as number,
      sensor: v.sensor as string,
      x: v.x as number,
      y: v.y as number,
      z: v.z as number,
      cxx: v.cxx as number,
      cxy: v.cxy as number,
      cxz: v.cxz as number,
      cyy: v.cyy as number,
      cyz: v.cyz as number,
      czz: v.czz as number,
      line,
    });
  });
  return rows;
}

/**
 * Parses the truth CSV `t,target,x,y,z,vx,vy,vz` (s, id, ECEF m, m/s).
 *
 * @example
 * parseTruthCsv('t,target,x,y,z,vx,vy,vz\n0,M1,1,2,3,4,5,6\n', 'truth.csv'); // [{ tS: 0, target: 'M1', ... }]
 */
export function parseTruthCsv(text: string, input: string): TruthRow[] {
  const rows: TruthRow[] = [];
  parseTable(text, input, TRUTH_COLUMNS, ['target'], (v) => {
    rows.push({
      tS: v.t as number,
      target: v.target as string,
      x: v.x as number,
      y: v.y as number,
      z: v.z as number,
      vx: v.vx as number,
      vy: v.vy as number,
      vz: v.vz as number,
    });
  });
  return rows;
}

/**
 * Parses a tracks CSV `t,track,x,y,z,vx,vy,vz` (the tracker's own output, for scoring).
 *
 * @example
 * parseTracksCsv('t,track,x,y,z,vx,vy,vz\n0.1,1,1,2,3,4,5,6\n', 'tracks.csv'); // [{ tS: 0.1, track: 1, ... }]
 */
export function parseTracksCsv(text: string, input: string): TrackRow[] {
  const rows: TrackRow[] = [];
  parseTable(text, input, TRACK_COLUMNS, [], (v) => {
    rows.push({
      tS: v.t as number,
      track: v.track as number,
      x: v.x as number,
      y: v.y as number,
      z: v.z as number,
      vx: v.vx as number,
      vy: v.vy as number,
      vz: v.vz as number,
    });
  });
  return rows;
}

/** Shortest text that reads back as the same double. */
function num(v: number): string {
  return String(v);
}

/**
 * Formats the tracks CSV `t,track,x,y,z,vx,vy,vz` with a header line; numbers round-trip exactly.
 *
 * @example
 * formatTracksCsv([{ tS: 0.1, track: 1, x: 1, y: 2, z: 3, vx: 4, vy: 5, vz: 6 }]);
 * // 't,track,x,y,z,vx,vy,vz\n0.1,1,1,2,3,4,5,6\n'
 */
export function formatTracksCsv(rows: readonly TrackRow[]): string {
  const out: string[] = [`${TRACK_COLUMNS.join(',')}\n`];
  for (const r of rows) {
    out.push(
      `${num(r.tS)},${r.track},${num(r.x)},${num(r.y)},${num(r.z)},${num(r.vx)},${num(r.vy)},${num(r.vz)}\n`,
    );
  }
  return out.join('');
}

/**
 * Formats the measurements CSV (for the simulator and tests writing fixtures).
 *
 * @example
 * formatMeasurementsCsv([{ tS: 0, sensor: 'R1', x: 1, y: 2, z: 3, cxx: 100, cxy: 0, cxz: 0, cyy: 100, cyz: 0, czz: 100, line: 0 }]);
 */
export function formatMeasurementsCsv(rows: readonly Omit<MeasurementRow, 'line'>[]): string {
  const out: string[] = [`${MEASUREMENT_COLUMNS.join(',')}\n`];
  for (const r of rows) {
    out.push(
      `${[r.tS, r.sensor, r.x, r.y, r.z, r.cxx, r.cxy, r.cxz, r.cyy, r.cyz, r.czz]
        .map((v) => (typeof v === 'number' ? num(v) : v))
        .join(',')}\n`,
    );
  }
  return out.join('');
}

/**
 * Formats the truth CSV.
 *
 * @example
 * formatTruthCsv([{ tS: 0, target: 'M1', x: 1, y: 2, z: 3, vx: 4, vy: 5, vz: 6 }]); // 't,target,...\n0,M1,1,2,3,4,5,6\n'
 */
export function formatTruthCsv(rows: readonly TruthRow[]): string {
  const out: string[] = [`${TRUTH_COLUMNS.join(',')}\n`];
  for (const r of rows) out.push(`${[r.tS, r.target, r.x, r.y, r.z, r.vx, r.vy, r.vz].join(',')}\n`);
  return out.join('');
}
