import type BetterSqlite3 from 'better-sqlite3';
import type { Nation, Topic } from '../../domain/index.js';
import type { Inbox } from '../ports.js';

export class SqliteInbox implements Inbox {
  readonly #insert;
  readonly #has;
  readonly #prune;

  constructor(db: BetterSqlite3.Database) {
    // One statement: the primary key (originator, id) makes "insert unless present" atomic, even
    // across connections to the same file, so exactly one caller ever sees `new` for an item. The
    // originator is part of the key: an id names an item only within its originator (a partner
    // reusing another nation's id must not make that nation's item a duplicate).
    this.#insert = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO inbox (originator, id, sender, topic, received_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (originator, id) DO NOTHING`,
    );
    this.#has = db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM inbox WHERE originator = ? AND id = ?',
    );
    this.#prune = db.prepare<[number, number]>(
      `DELETE FROM inbox WHERE (originator, id) IN
         (SELECT originator, id FROM inbox WHERE received_ms < ? ORDER BY received_ms LIMIT ?)`,
    );
  }

  accept(
    id: string,
    e: { sender: Nation; originator: Nation; topic: Topic; receivedMs: number },
  ): 'new' | 'duplicate' {
    if (!Number.isFinite(e.receivedMs)) throw new RangeError(`inbox: bad receivedMs ${e.receivedMs}`);
    const r = this.#insert.run(e.originator, id, e.sender, e.topic, e.receivedMs);
    return r.changes === 1 ? 'new' : 'duplicate';
  }

  has(originator: Nation, id: string): boolean {
    return this.#has.get(originator, id) !== undefined;
  }

  pruneReceivedBefore(beforeMs: number, limit = Number.MAX_SAFE_INTEGER): number {
    if (!Number.isFinite(beforeMs)) throw new RangeError(`inbox: bad beforeMs ${beforeMs}`);
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`inbox: bad limit ${limit}`);
    return this.#prune.run(beforeMs, limit).changes;
  }
}
