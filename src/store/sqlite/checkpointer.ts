import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the writer's thread. SQLite's default (wal_autocheckpoint=1000
 * pages) runs a checkpoint inside whichever commit crosses the threshold: every thousandth page
 * or so, a commit on the link's hot path also copies the WAL into the database and syncs both.
 * With the writer's connection at wal_autocheckpoint=0, a worker thread watches the WAL on its
 * own connection and, when `checkpointFrames` frames wait to be copied (or some have waited
 * `idleMs`), runs `wal_checkpoint(PASSIVE)`, which copies them without ever blocking the writer.
 * Under steady writes new frames land while it syncs, so the WAL is never wholly copied and
 * would never start over: it then tries `wal_checkpoint(RESTART)` without waiting (busy timeout
 * 0: it gives up at once if a write is under way, and tries again at the next poll), which copies
 * the few frames left under the write lock, so that the writer's next commit starts the WAL over
 * from its beginning (and syncs the WAL header once: SQLite's rule, which no setting but
 * synchronous=OFF removes, so each checkpoint still costs the writer one sync; hence checkpoints
 * by size, not frequent ones). The file stays bounded. Should the file pass `truncateAtBytes`
 * (readers held old snapshots), it tries `wal_checkpoint(TRUNCATE)` instead, the same way
 * (never waiting, so the writer is never held up behind a reader: RESTART and TRUNCATE keep the
 * write lock while they wait), until the readers let go; that empties the file. No checkpoint
 * can pass a reader's snapshot, so while one is held the WAL grows. Crash safety is unchanged:
 * a commit is durable in the WAL as before (at the writer's synchronous setting), and a
 * checkpoint only copies committed frames.
 *
 * The frame counts come from the wal-index header at the start of the `-shm` file (mxFrame at
 * byte 16, nBackfill at byte 96, native byte order; https://sqlite.org/walformat.html), read
 * without locks as a hint; when it cannot be read, the worker checkpoints every `idleMs`.
 */
export interface CheckpointerOptions {
  /** Database file (in WAL mode already). */
  readonly path: string;
  /** The synchronous setting of the writer's connection, used for the checkpoint's own syncs. */
  readonly synchronous: 'full' | 'normal';
  /** How often the worker looks at the WAL (default 10 ms). */
  readonly pollMs?: number;
  /** Frames not yet checkpointed that start a checkpoint (default 4,096: 16 MB at 4 KB pages). */
  readonly checkpointFrames?: number;
  /** Frames not yet checkpointed this long are checkpointed however few (default 10 s). */
  readonly idleMs?: number;
  /** WAL file size past which it empties the file with TRUNCATE (default 64 MiB). */
  readonly truncateAtBytes?: number;
}

/** Counters the worker keeps, readable at any time (shared memory). */
export interface CheckpointerStats {
  readonly passive: number;
  /** RESTART checkpoints done, and tried while the writer or a reader was busy. */
  readonly restart: number;
  readonly restartBusy: number;
  readonly truncate: number;
  /** Frames in the WAL at the last checkpoint, and the most seen. */
  readonly lastLogFrames: number;
  readonly maxLogFrames: number;
  readonly errors: number;
}

// Shared Int32 slots.
const STOP = 0;
const CLOSED = 1;
const PASSIVE = 2;
const TRUNCATE = 3;
const LAST_LOG = 4;
const MAX_LOG = 5;
const ERRORS = 6;
const RESTART = 7;
const RESTART_BUSY = 8;
const READY = 9;
const SLOTS = 10;

// The worker is plain CommonJS evaluated from this string, so it runs the same from the compiled
// dist/ and from the TypeScript sources under the test runner.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const fs = require('node:fs');
const s = new Int32Array(w.shared);
const done = () => {
  Atomics.store(s, ${CLOSED}, 1);
  Atomics.notify(s, ${CLOSED});
};
let db;
try {
  const Database = require(w.driver);
  db = new Database(w.path, { timeout: 0 });
  db.pragma('synchronous = ' + w.synchronous);
  db.pragma('wal_autocheckpoint = 0');
} catch {
  // No checkpoints then (the writer's close still checkpoints); say so and end.
  Atomics.add(s, ${ERRORS}, 1);
  try { db?.close(); } catch {}
  done();
  process.exit(0);
}
let shm = null;
try { shm = fs.openSync(w.path + '-shm', 'r'); } catch {}
Atomics.store(s, ${READY}, 1);
Atomics.notify(s, ${READY});
const hdr = Buffer.alloc(104);
const LE = require('node:os').endianness() === 'LE';
const u32 = (o) => (LE ? hdr.readUInt32LE(o) : hdr.readUInt32BE(o));
// Frames in the WAL not yet checkpointed, or -1 when the header cannot be read consistently.
const pending = () => {
  if (shm === null) return -1;
  try {
    if (fs.readSync(shm, hdr, 0, 104, 0) < 104) return -1;
  } catch { return -1; }
  if (u32(0) !== 3007000 || hdr.compare(hdr, 0, 48, 48, 96) !== 0) return -1;
  const mx = u32(16);
  const backfilled = u32(96);
  return backfilled <= mx ? mx - backfilled : mx;
};
let since = 0; // when frames were first seen waiting
let closed = false;
const close = () => {
  if (closed) return;
  closed = true;
  clearInterval(timer);
  try { if (shm !== null) fs.closeSync(shm); } catch {}
  try { db.close(); } catch {}
  done();
  parentPort.close();
};
// PASSIVE copies the bulk without ever blocking the writer; but under steady writes new frames
// land while it syncs, the WAL is never wholly copied and so never starts over. RESTART then
// copies the few left under the write lock and lets the next commit start the WAL over; it is
// tried without waiting (busy timeout 0) and again at the next poll if the writer was busy.
let restartDue = false;
let truncateDue = false;
const restart = () => {
  const r = db.pragma('wal_checkpoint(RESTART)')[0];
  restartDue = r.busy !== 0;
  Atomics.add(s, restartDue ? ${RESTART_BUSY} : ${RESTART}, 1);
};
const truncate = () => {
  const r = db.pragma('wal_checkpoint(TRUNCATE)')[0];
  truncateDue = r.busy !== 0;
  if (!truncateDue) Atomics.add(s, ${TRUNCATE}, 1);
};
const checkpoint = () => {
  const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
  Atomics.add(s, ${PASSIVE}, 1);
  Atomics.store(s, ${LAST_LOG}, r.log);
  if (r.log > Atomics.load(s, ${MAX_LOG})) Atomics.store(s, ${MAX_LOG}, r.log);
  // Frames the writer added while this one copied count too (the result only covers its start).
  const left = pending();
  if (left !== 0 && (left > 0 || r.checkpointed < r.log)) restart();
};
const walBytes = () => {
  try { return fs.statSync(w.path + '-wal').size; } catch { return 0; }
};
const tick = () => {
  if (Atomics.load(s, ${STOP}) === 1) return close();
  try {
    if (truncateDue || walBytes() >= w.truncateAtBytes) return truncate();
    if (restartDue) return restart();
    const n = pending();
    const now = Date.now();
    if (n === 0) { since = 0; return; }
    if (since === 0) since = now;
    if (n >= w.checkpointFrames || now - since >= w.idleMs) {
      checkpoint();
      since = 0;
    }
  } catch {
    Atomics.add(s, ${ERRORS}, 1);
  }
};
const timer = setInterval(tick, w.pollMs);
parentPort.on('message', (m) => { if (m === 'stop') close(); });
`;

export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #shared: Int32Array;
  #stopped = false;

  constructor(o: CheckpointerOptions) {
    const sab = new SharedArrayBuffer(SLOTS * 4);
    this.#shared = new Int32Array(sab);
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: o.path,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        synchronous: o.synchronous === 'normal' ? 'NORMAL' : 'FULL',
        pollMs: o.pollMs ?? 10,
        checkpointFrames: o.checkpointFrames ?? 4_096,
        idleMs: o.idleMs ?? 10_000,
        truncateAtBytes: o.truncateAtBytes ?? 64 * 1024 * 1024,
        shared: sab,
      },
    });
    // A worker that fails to start only costs the checkpoints: count it, never crash the node.
    this.#worker.on('error', () => Atomics.add(this.#shared, ERRORS, 1));
    // Never what keeps the process alive.
    this.#worker.unref();
  }

  /**
   * Waits (blocking, up to `timeoutMs`) until the worker has its connection open; false if it
   * has not by then or could not open one. Until it has, nothing checkpoints the WAL.
   */
  waitReady(timeoutMs = 10_000): boolean {
    const s = this.#shared;
    const until = Date.now() + timeoutMs;
    while (Atomics.load(s, READY) !== 1 && Atomics.load(s, CLOSED) !== 1) {
      const left = until - Date.now();
      if (left <= 0) return false;
      Atomics.wait(s, READY, 0, Math.min(left, 50));
    }
    return Atomics.load(s, READY) === 1;
  }

  get stats(): CheckpointerStats {
    const s = this.#shared;
    return {
      passive: Atomics.load(s, PASSIVE),
      restart: Atomics.load(s, RESTART),
      restartBusy: Atomics.load(s, RESTART_BUSY),
      truncate: Atomics.load(s, TRUNCATE),
      lastLogFrames: Atomics.load(s, LAST_LOG),
      maxLogFrames: Atomics.load(s, MAX_LOG),
      errors: Atomics.load(s, ERRORS),
    };
  }

  /**
   * Stops the worker and closes its connection, waiting (up to `timeoutMs`) until it has, so that
   * the writer's close that follows is the last one and leaves no WAL behind. Idempotent.
   */
  stop(timeoutMs = 5_000): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const s = this.#shared;
    Atomics.store(s, STOP, 1);
    this.#worker.postMessage('stop');
    // The worker may still be starting (loading the driver): its first tick sees STOP.
    Atomics.wait(s, CLOSED, 0, timeoutMs);
    if (Atomics.load(s, CLOSED) !== 1) void this.#worker.terminate();
  }
}
