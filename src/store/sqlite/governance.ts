import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, type Nation } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type { GovernanceActRecord, GovernanceActs } from '../ports.js';

interface Row {
  id: string;
  author: string;
  at_ms: number;
  body: string;
}

export class SqliteGovernanceActs implements GovernanceActs {
  readonly #insert;
  readonly #list;

  constructor(db: BetterSqlite3.Database) {
    this.#insert = db.prepare<[string, string, number, string, number]>(
      `INSERT INTO governance_acts (id, author, at_ms, body, stored_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id, body) DO NOTHING`,
    );
    this.#list = db.prepare<[], Row>('SELECT id, author, at_ms, body FROM governance_acts ORDER BY seq');
  }

  insert(a: GovernanceActRecord, storedMs: number): 'new' | 'duplicate' {
    if (!Number.isFinite(a.atMs)) throw new RangeError(`governance_acts: bad atMs ${a.atMs}`);
    return this.#insert.run(a.id, a.author, a.atMs, canonicalJson(a.act), storedMs).changes === 1
      ? 'new'
      : 'duplicate';
  }

  list(): GovernanceActRecord[] {
    return this.#list.all().map((r) => ({
      id: r.id,
      author: r.author as Nation,
      atMs: r.at_ms,
      act: JSON.parse(r.body) as JsonValue,
    }));
  }
}
