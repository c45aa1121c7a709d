import { chmodSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/index.js';
import { MIGRATIONS, openStore } from '../../src/store/index.js';
import { APPLICATION_ID } from '../../src/store/sqlite/migrations.js';
import { plainEntry, T0, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const applied = (path: string) => {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
  const mode = db.pragma('journal_mode', { simple: true });
  db.close();
  return { rows, mode };
};

describe('migrations', () => {
  it('apply once on create, nothing on reopen, and keep the data', () => {
    const path = tmp.file();
    const latest = MIGRATIONS.at(-1)!.version;
    const first = openStore(path);
    expect(first.schemaVersion).toBe(latest);
    first.warnings.insert({ id: 'w', origin: 'USA', issuedMs: T0, body: 1 });
    first.close();
    const once = applied(path);
    expect(once.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(once.mode).toBe('wal');
    for (let i = 0; i < 3; i++) {
      const again = openStore(path);
      expect(again.schemaVersion).toBe(latest);
      expect(again.warnings.list()).toHaveLength(1);
      again.close();
    }
    expect(applied(path)).toEqual(once);
  });

  it('refuses a store migrated by a newer program', () => {
    const path = tmp.file();
    openStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(
      MIGRATIONS.length + 1,
      'future',
    );
    db.close();
    expect(() => openStore(path)).toThrow(/newer than this program/);
  });

  it('refuses, and leaves untouched, a SQLite file that is not a Concord store', () => {
    const path = tmp.file();
    new Database(path).exec('CREATE TABLE mine (x)').close();
    expect(() => openStore(path)).toThrow(DataFileError);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([
      { name: 'mine' },
    ]);
    db.close();
    expect(() => openStore(tmp.file('no/such/dir/store.db'))).toThrow(DataFileError);
  });

  it('upgrades a version-4 store: the outbox keeps its entries and loses the unused index', () => {
    const path = tmp.file();
    const store = openStore(path);
    store.outbox.enqueue(plainEntry('a', 1));
    store.close();
    // Back to version 4 as an older Concord left it.
    const db = new Database(path);
    db.exec(`CREATE INDEX outbox_undelivered ON outbox (recipient, seq) WHERE delivered = 0;
      DROP TABLE maritime_sources; DROP TABLE vessel_positions; DROP TABLE vessel_identities;
      DROP TABLE maritime_events; DROP TABLE maritime_event_vessels; DROP TABLE maritime_triage;
      DROP TABLE partner_maritime_events; DROP TABLE partner_maritime_event_vessels;
      DROP TABLE governance_acts;
      DELETE FROM schema_migrations WHERE version >= 5;`);
    db.close();
    const again = openStore(path);
    expect(again.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    expect(again.outbox.depth('USA')).toBe(1);
    again.close();
    const check = new Database(path, { readonly: true });
    const index = check.prepare("SELECT name FROM sqlite_schema WHERE name = 'outbox_undelivered'").all();
    check.close();
    expect(index).toEqual([]);
  });

  it('upgrades a version-5 store: inbox and warnings keep their rows, now keyed by originator and id', () => {
    const path = tmp.file();
    // A store as Concord left it at version 5 (an item id alone was the key).
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
    for (const m of MIGRATIONS.filter((x) => x.version <= 5)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
    }
    db.prepare('INSERT INTO inbox (id, sender, originator, topic, received_ms) VALUES (?, ?, ?, ?, ?)').run(
      'x',
      'USA',
      'USA',
      'missile-warning',
      T0,
    );
    db.prepare('INSERT INTO warnings (id, origin, issued_ms, body) VALUES (?, ?, ?, ?)').run(
      'w',
      'USA',
      T0,
      '1',
    );
    db.close();
    const store = openStore(path);
    expect(store.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    const received = { sender: 'KOR', topic: 'missile-warning', receivedMs: T0 } as const;
    expect(store.inbox.accept('x', { ...received, originator: 'USA' })).toBe('duplicate');
    expect(store.inbox.accept('x', { ...received, originator: 'KOR' })).toBe('new');
    expect(store.warnings.insert({ id: 'w', origin: 'USA', issuedMs: T0, body: 1 })).toBe('duplicate');
    expect(store.warnings.insert({ id: 'w', origin: 'KOR', issuedMs: T0, body: 2 })).toBe('new');
    expect(store.warnings.list().map((w) => [w.origin, w.id, w.body])).toEqual([
      ['KOR', 'w', 2],
      ['USA', 'w', 1],
    ]);
    expect(store.inbox.pruneReceivedBefore(T0 + 1)).toBe(2);
    store.close();
  });
});

describe('store files', () => {
  it('are their owner’s only (0600), the WAL and shared-memory files too, whatever the umask', () => {
    const umask = process.umask(0);
    try {
      const path = tmp.file();
      const store = openStore(path);
      store.warnings.insert({ id: 'w', origin: 'USA', issuedMs: T0, body: 1 });
      for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
      store.close();
      // A store left open to others by an older version is closed up when opened.
      chmodSync(path, 0o644);
      openStore(path).close();
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });
});
