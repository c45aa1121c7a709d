import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import { AUDIT_GENESIS_HASH, auditRecordHash, auditRecordHashOfEncoded } from '../audit-chain.js';
import type { AuditEntry, AuditHead, AuditLog, AuditRecord, AuditVerifyResult } from '../ports.js';

interface Row {
  seq: number;
  t_ms: number;
  kind: string;
  actor: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, t_ms, kind, actor, subject, detail, prev_hash, hash';

const toRecord = (r: Row): AuditRecord => ({
  seq: r.seq,
  tMs: r.t_ms,
  kind: r.kind,
  actor: r.actor,
  subject: r.subject,
  detail: JSON.parse(r.detail) as JsonValue,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export class SqliteAuditLog implements AuditLog {
  readonly #head;
  readonly #append;
  readonly #read;
  readonly #all;

  constructor(db: BetterSqlite3.Database) {
    this.#head = db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE one = 1',
    );
    const insert = db.prepare<[number, number, string, string, string, string, string, string]>(
      `INSERT INTO audit (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const setHead = db.prepare<[number, string]>(
      `INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?)
       ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
    );
    this.#append = db.transaction((entry: AuditEntry, detailJson: string): AuditHead => {
      const prev = this.head();
      const seq = prev.seq + 1;
      const hash = auditRecordHashOfEncoded(prev.hash, seq, entry, detailJson);
      insert.run(seq, entry.tMs, entry.kind, entry.actor, entry.subject, detailJson, prev.hash, hash);
      setHead.run(seq, hash);
      return { seq, hash };
    });
    this.#read = db.prepare<[number, number], Row>(
      `SELECT ${COLUMNS} FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?`,
    );
    this.#all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM audit ORDER BY seq`);
  }

  append(entry: AuditEntry): AuditHead {
    if (!Number.isFinite(entry.tMs)) throw new RangeError(`audit: bad tMs ${entry.tMs}`);
    for (const k of ['kind', 'actor', 'subject'] as const) {
      if (typeof entry[k] !== 'string') throw new TypeError(`audit: ${k} must be a string`);
    }
    // Immediate: the head is read and advanced under one write lock, so two connections cannot
    // both append after the same record.
    return this.#append.immediate(entry, canonicalJson(entry.detail));
  }

  head(): AuditHead {
    return this.#head.get() ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  }

  read(fromSeq: number, limit: number): AuditRecord[] {
    return this.#read.all(fromSeq, limit).map(toRecord);
  }

  verify(anchor?: AuditHead): AuditVerifyResult {
    const bad = (
      firstBadSeq: number,
      reason: Exclude<AuditVerifyResult, { ok: true }>['reason'],
      detail: string,
    ) => ({ ok: false, firstBadSeq, reason, detail }) as const;
    let count = 0;
    let prevHash = AUDIT_GENESIS_HASH;
    for (const row of this.#all.iterate()) {
      const expected = count + 1;
      if (row.seq !== expected) {
        return bad(Math.min(expected, row.seq), 'gap', `expected record ${expected}, found ${row.seq}`);
      }
      let hash: string;
      try {
        hash = recomputeHash(row);
      } catch (e) {
        return bad(row.seq, 'bad-record', e instanceof Error ? e.message : String(e));
      }
      if (row.prev_hash !== prevHash)
        return bad(row.seq, 'bad-prev-hash', 'prevHash is not the previous hash');
      if (row.hash !== hash) return bad(row.seq, 'bad-hash', 'hash does not match the record');
      if (anchor !== undefined && row.seq === anchor.seq && hash !== anchor.hash) {
        return bad(row.seq, 'anchor-mismatch', 'record differs from the anchored head');
      }
      prevHash = hash;
      count = expected;
    }
    const head = this.head();
    if (head.seq > count)
      return bad(count + 1, 'truncated', `head names record ${head.seq}, log ends at ${count}`);
    if (head.seq < count) return bad(head.seq + 1, 'head-mismatch', `records after the head (${head.seq})`);
    if (head.hash !== prevHash) return bad(count, 'head-mismatch', 'head hash differs from the last record');
    if (anchor !== undefined && anchor.seq > count) {
      return bad(count + 1, 'truncated', `anchor names record ${anchor.seq}, log ends at ${count}`);
    }
    return { ok: true, count, head };
  }
}

/** Throws when a column no longer holds what append wrote (possible only by editing the file). */
function recomputeHash(row: Row): string {
  if (!Number.isFinite(row.t_ms)) throw new TypeError('t_ms is not a number');
  for (const k of ['kind', 'actor', 'subject', 'detail', 'prev_hash', 'hash'] as const) {
    if (typeof row[k] !== 'string') throw new TypeError(`${k} is not text`);
  }
  const detail = JSON.parse(row.detail) as JsonValue;
  if (canonicalJson(detail) !== row.detail) throw new TypeError('detail is not canonical JSON');
  return auditRecordHash(row.prev_hash, row.seq, {
    tMs: row.t_ms,
    kind: row.kind,
    actor: row.actor,
    subject: row.subject,
    detail,
  });
}
