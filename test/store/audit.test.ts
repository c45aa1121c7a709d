import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/index.js';
import { AUDIT_GENESIS_HASH, auditRecordHash, openStore, verifyAuditFile } from '../../src/store/index.js';
import { T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
const N = 8;
let template: string;

beforeAll(() => {
  template = tmp.file('template.db');
  const store = openStore(template);
  for (let i = 0; i < N; i++) {
    store.audit.append({
      tMs: T0 + i * 1_000,
      kind: i % 2 === 0 ? 'release-decision' : 'envelope-received',
      actor: i % 3 === 0 ? 'JPN' : 'USA',
      subject: `item-${i}`,
      detail: { allow: i % 2 === 0, rule: `rule-${i}`, agreement: 'GSOMIA-2016', hops: [i, 'x'] },
    });
  }
  store.close();
});
afterAll(() => tmp.cleanup());

/** A copy of the template log, changed by raw SQL as an attacker with file access would. */
function tampered(sql: (db: Database.Database) => void): string {
  const path = tmp.file();
  copyFileSync(template, path);
  const db = new Database(path);
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  sql(db);
  db.close();
  return path;
}

const flipHex = (h: string, at: number) => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);

describe('audit hash', () => {
  it('keeps the genesis hash and the record hash of earlier releases (SHA-256, hex)', () => {
    expect(AUDIT_GENESIS_HASH).toBe(createHash('sha256').update('concord/audit/v1/genesis').digest('hex'));
    const entry = { tMs: 1, kind: 'k', actor: 'USA' as const, subject: 's', detail: { a: 1 } };
    expect(auditRecordHash(AUDIT_GENESIS_HASH, 1, entry)).toBe(
      createHash('sha256')
        .update(
          `${AUDIT_GENESIS_HASH}{"actor":"USA","detail":{"a":1},"kind":"k","seq":1,"subject":"s","tMs":1}`,
        )
        .digest('hex'),
    );
  });
});

describe('audit log', () => {
  it('chains each record to the one before, from the genesis hash, and verifies', () => {
    const store = openStore(':memory:');
    expect(store.audit.verify()).toEqual({ ok: true, count: 0, head: { seq: 0, hash: AUDIT_GENESIS_HASH } });
    const entry = { tMs: T0, kind: 'k', actor: 'USA', subject: 's', detail: { b: 1, a: [true, null] } };
    const h1 = store.audit.append(entry);
    const h2 = store.audit.append({ ...entry, tMs: T0 + 1 });
    expect(h1).toEqual({ seq: 1, hash: auditRecordHash(AUDIT_GENESIS_HASH, 1, entry) });
    expect(store.audit.head()).toEqual(h2);
    const [r1, r2] = store.audit.read(1, 10);
    expect(r1).toEqual({ ...entry, seq: 1, prevHash: AUDIT_GENESIS_HASH, hash: h1.hash });
    expect(r2).toEqual({ ...entry, tMs: T0 + 1, seq: 2, prevHash: h1.hash, hash: h2.hash });
    expect(store.audit.verify()).toEqual({ ok: true, count: 2, head: h2 });
    store.close();
  });

  it('hashes any entry as the reference record hash does (the store writes the detail it already encoded)', () => {
    const store = openStore(':memory:');
    let prev = AUDIT_GENESIS_HASH;
    fc.assert(
      fc.property(
        fc.record({
          tMs: fc.double({ noNaN: true, noDefaultInfinity: true }),
          kind: fc.string(),
          actor: fc.string(),
          subject: fc.string({ unit: 'binary' }),
          detail: fc.jsonValue({ maxDepth: 3 }),
        }),
        (entry) => {
          const r = store.audit.append(entry);
          expect(r.hash).toBe(auditRecordHash(prev, r.seq, entry));
          prev = r.hash;
        },
      ),
      { numRuns: 200 },
    );
    expect(store.audit.verify()).toMatchObject({ ok: true, count: 200 });
    store.close();
  });

  it('verifies the untouched file, read-only, also while a node has it open', () => {
    expect(verifyAuditFile(template)).toMatchObject({ ok: true, count: N });
    const path = tmp.file();
    copyFileSync(template, path);
    const store = openStore(path);
    store.audit.append({ tMs: T0, kind: 'k', actor: 'KOR', subject: 's', detail: null });
    expect(verifyAuditFile(path)).toMatchObject({ ok: true, count: N + 1 });
    const head = store.audit.head();
    store.close();
    expect(verifyAuditFile(path, head)).toMatchObject({ ok: true, count: N + 1 });
  });

  it('refuses updates and deletes through SQL while its triggers stand', () => {
    const path = tmp.file();
    copyFileSync(template, path);
    const db = new Database(path);
    expect(() => db.prepare("UPDATE audit SET kind = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE seq = 2').run()).toThrow(/append-only/);
    db.close();
    expect(verifyAuditFile(path)).toMatchObject({ ok: true, count: N });
  });

  it('detects an edit of any field of any single record, at that record', () => {
    const fieldEdit = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map((d) => ['t_ms', (v: number) => v + d] as const),
      fc
        .constantFrom('kind', 'actor', 'subject')
        .chain((f) =>
          fc.string({ minLength: 1, maxLength: 20 }).map((s) => [f, (v: string) => `${v}${s}`] as const),
        ),
      fc
        .jsonValue()
        .map(
          (j) => ['detail', (v: string) => (JSON.stringify(j) === v ? `[${v}]` : JSON.stringify(j))] as const,
        ),
      fc.constant(['detail', (v: string) => v.replace(':', ': ')] as const), // same meaning, other bytes
      fc
        .tuple(fc.constantFrom('prev_hash', 'hash'), fc.integer({ min: 0, max: 63 }))
        .map(([f, at]) => [f, (v: string) => flipHex(v, at)] as const),
      fc.integer({ min: N + 1, max: 1_000 }).map((s) => ['seq', (_v: number) => s] as const),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }), fieldEdit, (seq, [field, change]) => {
        const path = tampered((db) => {
          const row = db
            .prepare<[number], Record<string, unknown>>('SELECT * FROM audit WHERE seq = ?')
            .get(seq)!;
          const next = (change as (v: unknown) => unknown)(row[field]);
          db.prepare(`UPDATE audit SET ${field} = ? WHERE seq = ?`).run(next as string | number, seq);
        });
        const r = verifyAuditFile(path);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.firstBadSeq).toBe(seq);
      }),
      { numRuns: 150 },
    );
  });

  it('detects a deleted middle record, a deleted last record and two swapped records', () => {
    const middle = tampered((db) => db.prepare('DELETE FROM audit WHERE seq = 4').run());
    expect(verifyAuditFile(middle)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'gap' });
    const last = tampered((db) => db.prepare(`DELETE FROM audit WHERE seq = ${N}`).run());
    expect(verifyAuditFile(last)).toMatchObject({ ok: false, firstBadSeq: N, reason: 'truncated' });
    const swapped = tampered((db) => {
      db.exec(`UPDATE audit SET seq = -3 WHERE seq = 3;
               UPDATE audit SET seq = 3 WHERE seq = 6;
               UPDATE audit SET seq = 6 WHERE seq = -3;`);
    });
    expect(verifyAuditFile(swapped)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects truncation with a recomputed tail; an anchor kept elsewhere catches a rewritten head too', () => {
    const anchor = openStore(template);
    const head = anchor.audit.head();
    anchor.close();
    const rewrite = (alsoHead: boolean) =>
      tampered((db) => {
        db.prepare('DELETE FROM audit WHERE seq >= 5').run();
        let prev = db.prepare<[], { hash: string }>('SELECT hash FROM audit WHERE seq = 4').get()!.hash;
        for (let seq = 5; seq <= N; seq++) {
          const entry = { tMs: T0, kind: 'forged', actor: 'USA', subject: 'x', detail: null };
          const hash = auditRecordHash(prev, seq, entry);
          db.prepare('INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
            seq,
            T0,
            'forged',
            'USA',
            'x',
            'null',
            prev,
            hash,
          );
          prev = hash;
        }
        if (alsoHead) db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(N, prev);
      });
    expect(verifyAuditFile(rewrite(false))).toMatchObject({
      ok: false,
      firstBadSeq: N,
      reason: 'head-mismatch',
    });
    // Everything recomputed, head included: only a head kept outside the file can tell.
    const full = rewrite(true);
    expect(verifyAuditFile(full).ok).toBe(true);
    expect(verifyAuditFile(full, head)).toMatchObject({
      ok: false,
      firstBadSeq: N,
      reason: 'anchor-mismatch',
    });
  });

  it('names the file when it is missing or not a Concord store', () => {
    expect(() => verifyAuditFile(tmp.file('missing.db'))).toThrow(DataFileError);
    const text = tmp.file('notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough to look like a header');
    expect(() => verifyAuditFile(text)).toThrow(DataFileError);
    const foreign = tmp.file('foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)').close();
    expect(() => verifyAuditFile(foreign)).toThrow(/not a Concord store/);
  });
});
