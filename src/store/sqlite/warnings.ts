import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, type Nation } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type { WarningQuery, WarningRecord, Warnings } from '../ports.js';

interface Row {
  id: string;
  origin: string;
  issued_ms: number;
  body: string;
}

const toRecord = (r: Row): WarningRecord => ({
  id: r.id,
  origin: r.origin as Nation,
  issuedMs: r.issued_ms,
  body: JSON.parse(r.body) as JsonValue,
});

const COLUMNS = 'id, origin, issued_ms, body';

export class SqliteWarnings implements Warnings {
  readonly #insert;
  readonly #listAll;
  readonly #listOne;

  constructor(db: BetterSqlite3.Database) {
    this.#insert = db.prepare<[string, string, number, string]>(
      'INSERT INTO warnings (id, origin, issued_ms, body) VALUES (?, ?, ?, ?) ON CONFLICT (origin, id) DO NOTHING',
    );
    // LIMIT -1 is SQLite for "no limit".
    this.#listAll = db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS} FROM warnings WHERE issued_ms >= ? AND issued_ms < ? ORDER BY issued_ms, origin, id LIMIT ?`,
    );
    this.#listOne = db.prepare<[string, number, number, number], Row>(
      `SELECT ${COLUMNS} FROM warnings WHERE origin = ? AND issued_ms >= ? AND issued_ms < ?
       ORDER BY issued_ms, origin, id LIMIT ?`,
    );
  }

  insert(w: WarningRecord): 'new' | 'duplicate' {
    if (!Number.isFinite(w.issuedMs)) throw new RangeError(`warnings: bad issuedMs ${w.issuedMs}`);
    return this.#insert.run(w.id, w.origin, w.issuedMs, canonicalJson(w.body)).changes === 1
      ? 'new'
      : 'duplicate';
  }

  list(query: WarningQuery = {}): WarningRecord[] {
    const fromMs = query.fromMs ?? Number.MIN_SAFE_INTEGER;
    const toMs = query.toMs ?? Number.MAX_SAFE_INTEGER;
    const limit = query.limit ?? -1;
    const rows =
      query.origin === undefined
        ? this.#listAll.all(fromMs, toMs, limit)
        : this.#listOne.all(query.origin, fromMs, toMs, limit);
    return rows.map(toRecord);
  }
}
