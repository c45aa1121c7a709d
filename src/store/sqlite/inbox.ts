import type BetterSqlite3 from 'better-sqlite3';
import type { Nation, Topic } from '../../domain/index.js';
import type { Inbox } from '../ports.js';

export class SqliteInbox implements Inbox {
  readonly #insert;
  readonly #has;
  readonly #prune;

  constructor(db: BetterSqlite3.Database) {
    // One statement: the primary key makes "insert unless present" atomic, even across
    // connections to the same file, so exactly one caller ever sees `new` for an id.
    this.#insert = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO inbox (id, sender, originator, topic, received_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.#has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM inbox WHERE id = ?');
    this.#prune = db.prepare<[number, number]>(
      `DELETE FROM inbox WHERE id IN
         (SELECT id FROM inbox WHERE received_ms < ? ORDER BY received_ms LIMIT ?)`,
    );
  }

  accept(
    id: string,
    e: { sender: Nation; originator: Nation; topic: Topic; receivedMs: number },
  ): 'new' | 'duplicate' {
    if (!Number.isFinite(e.receivedMs)) throw new RangeError(`inbox: bad receivedMs ${e.receivedMs}`);
    const r = this.#insert.run(id, e.sender, e.originator, e.topic, e.receivedMs);
    return r.changes === 1 ? 'new' : 'duplicate';
  }

  has(id: string): boolean {
    return this.#has.get(id) !== undefined;
  }

  pruneReceivedBefore(beforeMs: number, limit = Number.MAX_SAFE_INTEGER): number {
    if (!Number.isFinite(beforeMs)) throw new RangeError(`inbox: bad beforeMs ${beforeMs}`);
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`inbox: bad limit ${limit}`);
    return this.#prune.run(beforeMs, limit).changes;
  }
}
