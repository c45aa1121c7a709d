import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, type Nation } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type { CommitmentEditRecord, CommitmentEdits } from '../ports.js';

interface Row {
  entry: string;
  nation: string;
  by: string;
  body: string;
  stored_ms: number;
}

export class SqliteCommitmentEdits implements CommitmentEdits {
  readonly #insert;
  readonly #list;

  constructor(db: BetterSqlite3.Database) {
    this.#insert = db.prepare<[string, string, string, string, number]>(
      'INSERT INTO commitment_edits (entry, nation, by, body, stored_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare<[], Row>(
      'SELECT entry, nation, by, body, stored_ms FROM commitment_edits ORDER BY seq',
    );
  }

  append(e: CommitmentEditRecord): void {
    this.#insert.run(e.entry, e.nation, e.by, canonicalJson(e.edit), e.storedMs);
  }

  list(): CommitmentEditRecord[] {
    return this.#list.all().map((r) => ({
      entry: r.entry,
      nation: r.nation as Nation,
      by: r.by,
      edit: JSON.parse(r.body) as JsonValue,
      storedMs: r.stored_ms,
    }));
  }
}
