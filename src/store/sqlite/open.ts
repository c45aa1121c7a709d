import Database from 'better-sqlite3';
import { DataFileError, InputError } from '../../domain/index.js';
import { closeUpFile, ensurePrivateFile } from '../../link/index.js';
import type { AuditHead, AuditVerifyResult, CommitmentEditRecord, Store } from '../ports.js';
import { SqliteAuditLog } from './audit.js';
import { beginRetryingBusy } from './busy.js';
import { type CheckpointerOptions, WalCheckpointer } from './checkpointer.js';
import { SqliteCommitmentEdits } from './commitments.js';
import { SqliteConsultEvents } from './consult.js';
import { SqliteGovernanceActs } from './governance.js';
import { SqliteInbox } from './inbox.js';
import { SqliteMaritime } from './maritime.js';
import { checkStore, migrate } from './migrations.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteTracks } from './tracks.js';
import { SqliteWarnings } from './warnings.js';

export interface OpenStoreOptions {
  /** How long a write waits for another connection's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * `full` (default): a commit survives power loss (fsync per commit). `normal`: in WAL mode a commit
   * survives the process being killed, not the machine losing power; much faster on slow disks.
   */
  readonly synchronous?: 'full' | 'normal';
  /**
   * `auto` (default): SQLite checkpoints the WAL inside the commit that grows it past 1,000
   * pages. `background`: this connection never checkpoints (wal_autocheckpoint=0); a worker
   * thread does, on its own connection (see WalCheckpointer), so no commit waits for one. Only
   * for a file: an in-memory store has no WAL.
   */
  readonly checkpoint?: 'auto' | 'background';
  /** With `background`: the worker's settings (see CheckpointerOptions for the defaults). */
  readonly checkpointer?: Pick<
    CheckpointerOptions,
    'pollMs' | 'checkpointFrames' | 'idleMs' | 'truncateAtBytes'
  >;
}

function isSqliteError(e: unknown): e is Error & { code: string } {
  const code: unknown = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Opens (creating and migrating if needed) a node's store: a SQLite file, or `:memory:` for
 * tests. WAL lets readers run beside the writer; synchronous=FULL makes every commit reach the
 * disk before the call returns, which is what "in the outbox before it is acknowledged" needs.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  // A store holds classified items and the audit log: its owner's only (SQLite gives the -wal
  // and -shm files the database file's mode; older ones are closed up here too).
  if (path !== ':memory:') privateStoreFiles(path);
  const db = open(path, () => new Database(path, { timeout: busyTimeoutMs }));
  let checkpointer: WalCheckpointer | null = null;
  try {
    if (path !== ':memory:') {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal')
        throw new DataFileError({ input: path }, `cannot use WAL journal (got ${String(mode)})`);
    }
    const synchronous = options.synchronous ?? 'full';
    db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    const schemaVersion = migrate(db, path);
    // One wrapper for every call: building better-sqlite3's per call cost ~20 us a commit.
    const run = db.transaction((fn: () => unknown) => fn());
    if (options.checkpoint === 'background' && path !== ':memory:') {
      checkpointer = new WalCheckpointer({ path, synchronous, ...options.checkpointer });
      // Only once the worker is there to checkpoint (starting it takes a moment): should it
      // not start, this connection keeps checkpointing as SQLite does by default.
      if (checkpointer.waitReady()) db.pragma('wal_autocheckpoint = 0');
      else {
        checkpointer.stop();
        checkpointer = null;
      }
    }
    return {
      outbox: new SqliteOutbox(db),
      inbox: new SqliteInbox(db),
      tracks: new SqliteTracks(db),
      warnings: new SqliteWarnings(db),
      consultations: new SqliteConsultEvents(db),
      commitmentEdits: new SqliteCommitmentEdits(db),
      governance: new SqliteGovernanceActs(db),
      maritime: new SqliteMaritime(db),
      audit: new SqliteAuditLog(db),
      schemaVersion,
      // BEGIN IMMEDIATE again when SQLite gave up at once (see busy.ts); a busy error inside fn is not retried.
      transaction: <T>(fn: () => T): T =>
        beginRetryingBusy((inner: () => T) => run.immediate(inner) as T, fn, busyTimeoutMs),
      close: () => {
        // The checkpointer's connection first, so that this one is the last: it then
        // checkpoints what is left and removes the WAL, as it always did.
        checkpointer?.stop();
        db.close();
      },
    };
  } catch (e) {
    checkpointer?.stop();
    db.close();
    throw isSqliteError(e) ? new DataFileError({ input: path }, `${e.code}: ${e.message}`) : e;
  }
}

/**
 * What `concord audit verify --db FILE` reports: the audit chain of a store, opened read-only.
 * Throws DataFileError when FILE is missing or not a Concord store.
 */
export function verifyAuditFile(path: string, anchor?: AuditHead): AuditVerifyResult {
  const db = open(path, () => new Database(path, { readonly: true, fileMustExist: true }));
  try {
    if (checkStore(db, path) < 1) throw new DataFileError({ input: path }, 'store has no audit log');
    return new SqliteAuditLog(db).verify(anchor);
  } catch (e) {
    throw isSqliteError(e) ? new DataFileError({ input: path }, `${e.code}: ${e.message}`) : e;
  } finally {
    db.close();
  }
}

/**
 * The commitments registry's events a node's store holds, read without opening it for writing (the
 * node may be running): each row (its JSON body, author, who stored it and when), in the order
 * stored. A store from before the edits' migration (3) holds none.
 */
export function readCommitmentEditsFile(path: string): CommitmentEditRecord[] {
  const db = open(path, () => new Database(path, { readonly: true, fileMustExist: true }));
  try {
    if (checkStore(db, path) < 3) return [];
    return new SqliteCommitmentEdits(db).list();
  } catch (e) {
    throw isSqliteError(e) ? new DataFileError({ input: path }, `${e.code}: ${e.message}`) : e;
  } finally {
    db.close();
  }
}

function privateStoreFiles(path: string): void {
  try {
    ensurePrivateFile(path);
    closeUpFile(`${path}-wal`);
    closeUpFile(`${path}-shm`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new DataFileError(
      { input: path },
      `cannot create the store (${(e as NodeJS.ErrnoException).code})`,
    );
  }
}

function open(path: string, make: () => Database.Database): Database.Database {
  try {
    return make();
  } catch (e) {
    if (isSqliteError(e)) throw new DataFileError({ input: path }, `${e.code}: ${e.message}`);
    // better-sqlite3 reports a missing directory as a TypeError.
    if (e instanceof TypeError) throw new DataFileError({ input: path }, e.message);
    throw e;
  }
}
