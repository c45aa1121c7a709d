import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, type Nation } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type { ConsultEventRecord, ConsultEvents } from '../ports.js';

interface Row {
  id: string;
  consultation: string;
  author: string;
  at_ms: number;
  body: string;
}

const toRecord = (r: Row): ConsultEventRecord => ({
  id: r.id,
  consultation: r.consultation,
  author: r.author as Nation,
  atMs: r.at_ms,
  event: JSON.parse(r.body) as JsonValue,
});

export class SqliteConsultEvents implements ConsultEvents {
  readonly #insert;
  readonly #list;
  readonly #ids;
  readonly #lastSeq;
  readonly #since;

  constructor(db: BetterSqlite3.Database) {
    this.#insert = db.prepare<[string, string, string, number, string, number]>(
      `INSERT INTO consult_events (id, consultation, author, at_ms, body, stored_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id, body) DO NOTHING`,
    );
    this.#list = db.prepare<[string], Row>(
      'SELECT id, consultation, author, at_ms, body FROM consult_events WHERE consultation = ? ORDER BY seq',
    );
    this.#ids = db.prepare<[], { consultation: string }>(
      'SELECT consultation FROM consult_events GROUP BY consultation ORDER BY min(seq)',
    );
    this.#lastSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM consult_events');
    this.#since = db.prepare<[number], Row & { seq: number }>(
      'SELECT seq, id, consultation, author, at_ms, body FROM consult_events WHERE seq > ? ORDER BY seq',
    );
  }

  insert(e: ConsultEventRecord, storedMs: number): 'new' | 'duplicate' {
    if (!Number.isFinite(e.atMs)) throw new RangeError(`consult_events: bad atMs ${e.atMs}`);
    const body = canonicalJson(e.event);
    return this.#insert.run(e.id, e.consultation, e.author, e.atMs, body, storedMs).changes === 1
      ? 'new'
      : 'duplicate';
  }

  list(consultation: string): ConsultEventRecord[] {
    return this.#list.all(consultation).map(toRecord);
  }

  consultations(): string[] {
    return this.#ids.all().map((r) => r.consultation);
  }

  lastSeq(): number {
    return this.#lastSeq.get()!.seq ?? 0;
  }

  since(afterSeq: number): (ConsultEventRecord & { readonly seq: number })[] {
    if (!Number.isSafeInteger(afterSeq)) throw new RangeError(`consult_events: bad seq ${afterSeq}`);
    return this.#since.all(afterSeq).map((r) => ({ ...toRecord(r), seq: r.seq }));
  }
}
