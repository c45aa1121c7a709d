import type BetterSqlite3 from 'better-sqlite3';
import type { Nation, Topic } from '../../domain/index.js';
import type { Outbox, OutboxCounts, OutboxEntry, StreamKey } from '../ports.js';

interface Row {
  seq: number;
  recipient: string;
  id: string;
  originator: string;
  topic: string;
  marking: string;
  concerning: string | null;
  relay_to: string | null;
  body: Buffer;
  attempts: number;
  next_attempt_ms: number;
  held_reason: string | null;
  delivered: number;
}

const COLUMNS =
  'seq, recipient, id, originator, topic, marking, concerning, relay_to, body, attempts, next_attempt_ms, held_reason, delivered';

// Rows are ours (written by enqueue), so their nations and topics are read back without re-validation.
function toEntry(r: Row): OutboxEntry {
  return {
    seq: r.seq,
    id: r.id,
    recipient: r.recipient as Nation,
    originator: r.originator as Nation,
    topic: r.topic as Topic,
    marking: r.marking,
    concerning: r.concerning as Nation | null,
    relayTo: r.relay_to as Nation | null,
    body: r.body,
    attempts: r.attempts,
    nextAttemptMs: r.next_attempt_ms,
    heldReason: r.held_reason,
  };
}

function assertTimeMs(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`outbox: ${name} must be a finite time in ms, got ${ms}`);
}

export class SqliteOutbox implements Outbox {
  readonly #insert;
  readonly #seqOf;
  readonly #pending;
  readonly #nextHead;
  readonly #ofStream;
  readonly #delivered;
  readonly #hold;
  readonly #attempt;
  readonly #depth;
  readonly #get;
  readonly #held;
  readonly #counts;
  readonly #prune;
  readonly #maxSeq;

  constructor(db: BetterSqlite3.Database) {
    this.#insert = db.prepare<
      [string, string, string, string, string, string | null, string | null, Uint8Array, number, number]
    >(
      `INSERT INTO outbox (recipient, id, originator, topic, marking, concerning, relay_to, body, enqueued_ms, next_attempt_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (recipient, id) DO NOTHING`,
    );
    this.#seqOf = db.prepare<[string, string], { seq: number }>(
      'SELECT seq FROM outbox WHERE recipient = ? AND id = ?',
    );
    this.#pending = db.prepare<[string, number, number], Row>(
      `SELECT ${COLUMNS} FROM outbox WHERE recipient = ? AND delivered = 0 AND seq > ? ORDER BY seq LIMIT ?`,
    );
    // The head of the first stream after (originator, topic): one index seek per stream.
    this.#nextHead = db.prepare<[string, string, string], Row>(
      `SELECT ${COLUMNS} FROM outbox INDEXED BY outbox_streams
       WHERE recipient = ? AND delivered = 0 AND (originator, topic) > (?, ?)
       ORDER BY originator, topic, seq LIMIT 1`,
    );
    this.#ofStream = db.prepare<[string, string, string, number], Row>(
      `SELECT ${COLUMNS} FROM outbox INDEXED BY outbox_streams
       WHERE recipient = ? AND originator = ? AND topic = ? AND delivered = 0 ORDER BY seq LIMIT ?`,
    );
    this.#delivered = db.prepare<[string, string]>(
      'UPDATE outbox SET delivered = 1, held_reason = NULL WHERE recipient = ? AND id = ? AND delivered = 0',
    );
    this.#hold = db.prepare<[string, string, string]>(
      'UPDATE outbox SET held_reason = ? WHERE recipient = ? AND id = ? AND delivered = 0',
    );
    this.#attempt = db.prepare<[number, string, string]>(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, held_reason = NULL
       WHERE recipient = ? AND id = ? AND delivered = 0`,
    );
    this.#depth = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM outbox WHERE recipient = ? AND delivered = 0',
    );
    this.#get = db.prepare<[string, string], Row>(
      `SELECT ${COLUMNS} FROM outbox WHERE recipient = ? AND id = ?`,
    );
    this.#held = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM outbox WHERE recipient = ? AND delivered = 0 AND held_reason IS NOT NULL ORDER BY seq`,
    );
    this.#counts = db.prepare<[string], { undelivered: number; held: number; delivered: number }>(
      `SELECT coalesce(sum(delivered = 0), 0) AS undelivered,
              coalesce(sum(delivered = 0 AND held_reason IS NOT NULL), 0) AS held,
              coalesce(sum(delivered = 1), 0) AS delivered
       FROM outbox WHERE recipient = ?`,
    );
    this.#prune = db.prepare<[number, number]>(
      'DELETE FROM outbox WHERE seq > ? AND seq <= ? AND delivered = 1',
    );
    this.#maxSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox');
  }

  enqueue(
    e: Omit<OutboxEntry, 'seq' | 'attempts' | 'nextAttemptMs' | 'heldReason'> & {
      nowMs: number;
      notBeforeMs?: number;
    },
  ): number {
    assertTimeMs('nowMs', e.nowMs);
    const notBeforeMs = e.notBeforeMs ?? e.nowMs;
    assertTimeMs('notBeforeMs', notBeforeMs);
    // Already queued (a producer's retry, a re-delivered relay copy): a no-op that names the entry.
    // Looked up first because a refused insert would still use up a seq.
    const existing = this.#seqOf.get(e.recipient, e.id);
    if (existing !== undefined) return existing.seq;
    const r = this.#insert.run(
      e.recipient,
      e.id,
      e.originator,
      e.topic,
      e.marking,
      e.concerning,
      e.relayTo,
      e.body,
      e.nowMs,
      notBeforeMs,
    );
    if (r.changes === 1) return Number(r.lastInsertRowid);
    // Another connection queued it between the lookup and the insert.
    const raced = this.#seqOf.get(e.recipient, e.id);
    if (raced === undefined) throw new Error(`outbox: insert of ${e.recipient}/${e.id} ignored, yet no row`);
    return raced.seq;
  }

  pending(recipient: Nation, limit: number, afterSeq = -1): OutboxEntry[] {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`outbox: bad limit ${limit}`);
    if (!Number.isSafeInteger(afterSeq)) throw new RangeError(`outbox: bad afterSeq ${afterSeq}`);
    return this.#pending.all(recipient, afterSeq, limit).map(toEntry);
  }

  streamHeads(recipient: Nation): OutboxEntry[] {
    const heads: OutboxEntry[] = [];
    let after = { originator: '', topic: '' };
    for (;;) {
      const row = this.#nextHead.get(recipient, after.originator, after.topic);
      if (row === undefined) return heads;
      heads.push(toEntry(row));
      after = row;
    }
  }

  pendingIn(recipient: Nation, streams: readonly StreamKey[], limit: number): OutboxEntry[] {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`outbox: bad limit ${limit}`);
    const rows = streams.flatMap((s) => this.#ofStream.all(recipient, s.originator, s.topic, limit));
    return rows
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map(toEntry);
  }

  markDelivered(recipient: Nation, id: string): boolean {
    return this.#delivered.run(recipient, id).changes === 1;
  }

  markHeld(recipient: Nation, id: string, reason: string): boolean {
    return this.#hold.run(reason, recipient, id).changes === 1;
  }

  markAttempt(recipient: Nation, id: string, nextAttemptMs: number): boolean {
    assertTimeMs('nextAttemptMs', nextAttemptMs);
    return this.#attempt.run(nextAttemptMs, recipient, id).changes === 1;
  }

  depth(recipient: Nation): number {
    return this.#depth.get(recipient)!.n;
  }

  get(recipient: Nation, id: string): (OutboxEntry & { delivered: boolean }) | undefined {
    const row = this.#get.get(recipient, id);
    return row === undefined ? undefined : { ...toEntry(row), delivered: row.delivered === 1 };
  }

  held(recipient: Nation): OutboxEntry[] {
    return this.#held.all(recipient).map(toEntry);
  }

  counts(recipient: Nation): OutboxCounts {
    return this.#counts.get(recipient)!;
  }

  pruneDelivered(range?: { readonly afterSeq: number; readonly throughSeq: number }): number {
    const { afterSeq, throughSeq } = range ?? { afterSeq: -1, throughSeq: Number.MAX_SAFE_INTEGER };
    if (!Number.isSafeInteger(afterSeq) || !Number.isSafeInteger(throughSeq))
      throw new RangeError(`outbox: bad seq range ${afterSeq}..${throughSeq}`);
    return this.#prune.run(afterSeq, throughSeq).changes;
  }

  maxSeq(): number {
    return this.#maxSeq.get()!.seq ?? 0;
  }
}
