import type BetterSqlite3 from 'better-sqlite3';
import { DataFileError } from '../../domain/index.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Marks a database as a Concord store ('Conc'), so a stray SQLite file is refused, not migrated. */
export const APPLICATION_ID = 0x436f6e63;

/**
 * Versioned schema changes, applied in order, each once. Never edit a released migration: add a
 * new one. Tables are STRICT so a column holds only its declared type. Times are REAL: the
 * simulation's virtual clock has fractional milliseconds.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox, inbox, tracks, warnings, audit',
    sql: `
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        recipient TEXT NOT NULL,
        id TEXT NOT NULL,
        originator TEXT NOT NULL,
        topic TEXT NOT NULL,
        marking TEXT NOT NULL,
        concerning TEXT,
        relay_to TEXT,
        body BLOB NOT NULL,
        enqueued_ms REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms REAL NOT NULL,
        held_reason TEXT,
        delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
        UNIQUE (recipient, id)
      ) STRICT;
      CREATE INDEX outbox_undelivered ON outbox (recipient, seq) WHERE delivered = 0;

      CREATE TABLE inbox (
        id TEXT PRIMARY KEY,
        sender TEXT NOT NULL,
        originator TEXT NOT NULL,
        topic TEXT NOT NULL,
        received_ms REAL NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX inbox_received ON inbox (received_ms);

      CREATE TABLE tracks (
        origin TEXT NOT NULL,
        track_id TEXT NOT NULL,
        updated_ms REAL NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (origin, track_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE warnings (
        id TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        issued_ms REAL NOT NULL,
        body TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX warnings_issued ON warnings (issued_ms, id);
      CREATE INDEX warnings_origin_issued ON warnings (origin, issued_ms, id);

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        t_ms REAL NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      -- The chain detects tampering; these triggers stop honest mistakes from causing it.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TABLE audit_head (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'consultation events',
    sql: `
      -- Each consultation event as received or authored, in canonical JSON. Keyed by (id, body), not
      -- id alone: two different events under one id (an author equivocating) must both be kept, so
      -- that the fold rejects both on every node instead of each node keeping whichever came first.
      CREATE TABLE consult_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        consultation TEXT NOT NULL,
        author TEXT NOT NULL,
        at_ms REAL NOT NULL,
        body TEXT NOT NULL,
        stored_ms REAL NOT NULL,
        UNIQUE (id, body)
      ) STRICT;
      CREATE INDEX consult_events_consultation ON consult_events (consultation, seq);
    `,
  },
  {
    version: 3,
    name: 'commitment edits',
    sql: `
      -- Status edits of the commitments registry by the node's administrators, appended to the
      -- histories read from the data files. Append-only, like the audit log.
      CREATE TABLE commitment_edits (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry TEXT NOT NULL,
        nation TEXT NOT NULL,
        by TEXT NOT NULL,
        body TEXT NOT NULL,
        stored_ms REAL NOT NULL
      ) STRICT;
      CREATE TRIGGER commitment_edits_no_update BEFORE UPDATE ON commitment_edits
        BEGIN SELECT RAISE(ABORT, 'commitment edits are append-only'); END;
      CREATE TRIGGER commitment_edits_no_delete BEFORE DELETE ON commitment_edits
        BEGIN SELECT RAISE(ABORT, 'commitment edits are append-only'); END;
    `,
  },
  {
    version: 4,
    name: 'outbox index by stream',
    // The link scans a recipient's queue stream by stream (its heads, then the sendable streams), so
    // that a stream held behind a long queue does not make the others wait.
    sql: `
      CREATE INDEX outbox_streams ON outbox (recipient, originator, topic, seq) WHERE delivered = 0;
    `,
  },
  {
    version: 5,
    name: 'outbox without its undelivered-by-seq index',
    sql: `
      -- The link reads the outbox by stream (outbox_streams) since version 4; this index was kept
      -- up to date on every enqueue and every delivery for reads that no longer happen on the hot
      -- path (a page more in each of those commits).
      DROP INDEX outbox_undelivered;
    `,
  },
  {
    version: 6,
    name: 'inbox and warnings keyed by originator and id',
    sql: `
      -- An item is named by (originator, id): an id alone is only unique within its originator, and
      -- a partner could otherwise claim another nation's id first and have that nation's item
      -- dropped as a duplicate of its own. SQLite cannot change a primary key in place: each table
      -- is rebuilt with its rows.
      CREATE TABLE inbox_by_originator (
        originator TEXT NOT NULL,
        id TEXT NOT NULL,
        sender TEXT NOT NULL,
        topic TEXT NOT NULL,
        received_ms REAL NOT NULL,
        PRIMARY KEY (originator, id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO inbox_by_originator (originator, id, sender, topic, received_ms)
        SELECT originator, id, sender, topic, received_ms FROM inbox;
      DROP TABLE inbox;
      ALTER TABLE inbox_by_originator RENAME TO inbox;
      CREATE INDEX inbox_received ON inbox (received_ms);

      CREATE TABLE warnings_by_origin (
        origin TEXT NOT NULL,
        id TEXT NOT NULL,
        issued_ms REAL NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (origin, id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO warnings_by_origin (origin, id, issued_ms, body)
        SELECT origin, id, issued_ms, body FROM warnings;
      DROP TABLE warnings;
      ALTER TABLE warnings_by_origin RENAME TO warnings;
      CREATE INDEX warnings_issued ON warnings (issued_ms, origin, id);
      CREATE INDEX warnings_origin_issued ON warnings (origin, issued_ms, id);
    `,
  },
  {
    version: 7,
    name: 'maritime history: vessel positions, identities, events and triage',
    sql: `
      -- Feeds and receivers by number, so that a position row carries an integer, not a URL.
      CREATE TABLE maritime_sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      ) STRICT;
      -- One row per kept fix, ~40 bytes: times in integer ms, positions in 1e-7 degrees (AIS
      -- resolves 1/10,000 minute = 1.7e-6 degrees), speed in 0.1 kn, course in 0.1 degrees, all
      -- integers. Keyed by (mmsi, t_ms) without a rowid: a vessel's history is one range scan.
      CREATE TABLE vessel_positions (
        mmsi INTEGER NOT NULL,
        t_ms INTEGER NOT NULL,
        lat_e7 INTEGER NOT NULL,
        lon_e7 INTEGER NOT NULL,
        speed_dkn INTEGER,
        course_ddeg INTEGER,
        heading_deg INTEGER,
        source INTEGER NOT NULL,
        PRIMARY KEY (mmsi, t_ms)
      ) STRICT, WITHOUT ROWID;
      -- Area and time-range queries and retention: a time range of the index holds the position
      -- (and, being WITHOUT ROWID, the key), so the area filter reads no table row.
      CREATE INDEX vessel_positions_time ON vessel_positions (t_ms, lat_e7, lon_e7);
      -- Each distinct identity a vessel broadcast, with when it was first and last heard.
      CREATE TABLE vessel_identities (
        id INTEGER PRIMARY KEY,
        mmsi INTEGER NOT NULL,
        imo INTEGER,
        name TEXT,
        callsign TEXT,
        ship_type INTEGER,
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX vessel_identities_key ON vessel_identities
        (mmsi, ifnull(imo, 0), ifnull(name, ''), ifnull(callsign, ''), ifnull(ship_type, 0));
      CREATE INDEX vessel_identities_imo ON vessel_identities (imo) WHERE imo IS NOT NULL;
      CREATE INDEX vessel_identities_name ON vessel_identities (name COLLATE NOCASE) WHERE name IS NOT NULL;
      CREATE INDEX vessel_identities_last ON vessel_identities (last_seen_ms);
      -- Detector events with their triage state; body is the detector's output (canonical JSON).
      CREATE TABLE maritime_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        detected_ms REAL NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'escalated', 'dismissed')),
        holder TEXT,
        updated_ms REAL NOT NULL
      ) STRICT;
      CREATE INDEX maritime_events_detected ON maritime_events (detected_ms);
      CREATE INDEX maritime_events_type ON maritime_events (type, detected_ms);
      CREATE INDEX maritime_events_state ON maritime_events (state, detected_ms);
      CREATE TABLE maritime_event_vessels (
        mmsi INTEGER NOT NULL,
        event_seq INTEGER NOT NULL,
        PRIMARY KEY (mmsi, event_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX maritime_event_vessels_event ON maritime_event_vessels (event_seq);
      -- Every triage action, append-only (the audit log has each too, hash-chained).
      CREATE TABLE maritime_triage (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        action TEXT NOT NULL,
        by TEXT NOT NULL,
        at_ms REAL NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX maritime_triage_event ON maritime_triage (event_id, seq);
    `,
  },
  {
    version: 8,
    name: 'maritime sharing: event markings and shared items, partners’ events',
    sql: `
      -- An own event escalated is shared with the marking the watch officer gave; the item that
      -- carried it is kept so that a later dismissal can withdraw it at the partners.
      ALTER TABLE maritime_events ADD COLUMN marking TEXT;
      ALTER TABLE maritime_events ADD COLUMN shared_item_id TEXT;
      -- Partners' events, named by (originator, id): ids are unique only within their originator, so
      -- a partner reusing another nation's id (or ours) cannot replace its event.
      CREATE TABLE partner_maritime_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        originator TEXT NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        item_id TEXT NOT NULL,
        marking TEXT NOT NULL,
        level_here TEXT NOT NULL,
        received_ms REAL NOT NULL,
        body TEXT NOT NULL,
        withdrawn_ms REAL,
        UNIQUE (originator, id)
      ) STRICT;
      CREATE INDEX partner_maritime_events_received ON partner_maritime_events (received_ms);
      CREATE TABLE partner_maritime_event_vessels (
        mmsi INTEGER NOT NULL,
        event_seq INTEGER NOT NULL,
        PRIMARY KEY (mmsi, event_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX partner_maritime_event_vessels_event ON partner_maritime_event_vessels (event_seq);
    `,
  },
  {
    version: 9,
    name: 'governance acts',
    sql: `
      -- Acts on agreements and coalitions, this nation's and its partners', as signed: a set (the
      -- fold orders them), so the same act twice is one row and two acts under one id are both kept
      -- (the fold refuses an equivocation whole).
      CREATE TABLE governance_acts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        author TEXT NOT NULL,
        at_ms REAL NOT NULL,
        body TEXT NOT NULL,
        stored_ms REAL NOT NULL,
        UNIQUE (id, body)
      ) STRICT;
    `,
  },
];

const latestVersion = (): number => MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the schema up to date; returns its version. Idempotent: a reopen applies nothing.
 * Refuses a file that is not a Concord store, or that a newer Concord has migrated further.
 */
export function migrate(db: BetterSqlite3.Database, input: string): number {
  for (let i = 0; i < MIGRATIONS.length; i++) {
    if (MIGRATIONS[i]!.version !== i + 1)
      throw new Error(`migration ${i} has version ${MIGRATIONS[i]!.version}`);
  }
  const appId = db.pragma('application_id', { simple: true });
  if (appId !== APPLICATION_ID) {
    const tables = db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
      .get()!;
    if (appId !== 0 || tables.n > 0) throw new DataFileError({ input }, 'not a Concord store');
    // Claimed before anything is created, so a crash part-way leaves a file we still recognise.
    db.pragma(`application_id = ${APPLICATION_ID}`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL
  ) STRICT`);
  const applied = appliedVersion(db, input);
  const apply = db.transaction((m: Migration) => {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
  });
  for (const m of MIGRATIONS) if (m.version > applied) apply.immediate(m);
  return latestVersion();
}

/** For read-only use: refuses a file that is not a Concord store; returns its schema version. */
export function checkStore(db: BetterSqlite3.Database, input: string): number {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
    throw new DataFileError({ input }, 'not a Concord store');
  }
  const hasTable = db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
    )
    .get()!;
  return hasTable.n === 0 ? 0 : appliedVersion(db, input);
}

/** The schema version recorded in `db`, checked against the migrations this program knows. */
export function appliedVersion(db: BetterSqlite3.Database, input: string): number {
  const rows = db
    .prepare<[], { version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    )
    .all();
  rows.forEach((row, i) => {
    const known = MIGRATIONS[i];
    if (known === undefined) {
      throw new DataFileError(
        { input },
        `schema version ${row.version} is newer than this program (${latestVersion()}); upgrade Concord`,
      );
    }
    if (row.version !== known.version || row.name !== known.name) {
      throw new DataFileError(
        { input },
        `schema migration ${row.version} '${row.name}' is not one this program made`,
      );
    }
  });
  return rows.length;
}
