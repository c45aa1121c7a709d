// `concord bench maritime-desk`: a node's maritime desk taking NMEA lines (decode, picture,
// detectors, kept positions, identities, events) into its store, against the same pipeline
// without the desk or a store, measured in the same run on the same generated traffic.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMaritimeInputs } from '../src/bundled/index.js';
import { AisDecoder } from '../src/maritime/ais/index.js';
import { DetectionEngine, type GpsdAisLike } from '../src/maritime/index.js';
import { FaultGuard, type MaritimeCounts, MaritimeDesk, MemoryMaritimeHistory } from '../src/node/index.js';
import { openStore } from '../src/store/index.js';
import { scenarioFile } from './ais.js';
import { printTable } from './harness.js';

export interface Options {
  json: boolean;
  /** Sentences of generated traffic (default 300,000). */
  lines?: number;
}

/** The lines and each one's receive time (its tag block's `c:`), parsed before any clock starts. */
function linesOf(file: string): { lines: string[]; atMs: Float64Array } {
  const lines = readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => l !== '');
  const atMs = new Float64Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const m = /c:(\d+)/.exec(lines[i]!);
    atMs[i] = m ? Number(m[1]) * 1000 : i > 0 ? atMs[i - 1]! : 0;
  }
  return { lines, atMs };
}

/** The peer: decoder, picture and detectors alone (no desk, no store). */
function pipelineSeconds(
  lines: string[],
  atMs: Float64Array,
  ref: ReturnType<typeof loadMaritimeInputs>,
): number {
  const engine = new DetectionEngine(ref.ref, ref.params, 100_000);
  let i = 0;
  const decoder = new AisDecoder((m) => {
    engine.pushAis(atMs[i]!, m.record as GpsdAisLike);
  });
  const start = performance.now();
  for (; i < lines.length; i++) decoder.line(lines[i]!);
  return (performance.now() - start) / 1000;
}

/** The desk on `kind` of history: every line through `ingestNmea`, a flush a simulated second. */
function deskSeconds(
  lines: string[],
  atMs: Float64Array,
  ref: ReturnType<typeof loadMaritimeInputs>,
  kind: 'memory' | 'sqlite',
): { seconds: number; counts: MaritimeCounts; bytes: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'concord-bench-desk-'));
  const store = kind === 'sqlite' ? openStore(join(dir, 'JPN.sqlite'), { checkpoint: 'background' }) : null;
  let now = 0;
  const clock = { nowMs: () => now };
  const audit = store?.audit ?? { append: () => ({ seq: 0, hash: '' }) };
  const guard = new FaultGuard({ nation: 'JPN', clock, audit });
  let n = 0;
  const desk = new MaritimeDesk({
    nation: 'JPN',
    clock,
    timers: { after() {} },
    guard,
    history: store?.maritime ?? new MemoryMaritimeHistory(),
    audit,
    ...(store ? { transaction: store.transaction } : {}),
    newId: () => `ev-${++n}`,
    reference: ref.ref,
    params: ref.params,
  });
  const start = performance.now();
  let lastFlushMs = start;
  for (let i = 0; i < lines.length; i++) {
    now = atMs[i]!;
    desk.ingestNmea(lines[i]!, now, 'udp://bench');
    // The node's flush timer: once a second of the node's clock, which for a live feed is the wall
    // clock (a replay at the file's own times would commit, and fsync, once per second of traffic).
    if ((i & 1023) === 0 && performance.now() - lastFlushMs >= 1_000) {
      desk.flush();
      lastFlushMs = performance.now();
    }
  }
  desk.flush();
  const seconds = (performance.now() - start) / 1000;
  let bytes: number | null = null;
  if (store) {
    // Closing checkpoints the WAL into the file: its size is then what the history takes.
    store.close();
    bytes = statSync(join(dir, 'JPN.sqlite')).size;
  }
  rmSync(dir, { recursive: true, force: true });
  if (guard.counts().total > 0) throw new Error(`bench maritime-desk: ${guard.counts().total} faults`);
  return { seconds, counts: desk.counts(), bytes };
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const count = o.lines ?? 300_000;
  const file = scenarioFile(count);
  const { lines, atMs } = linesOf(file);
  const ref = loadMaritimeInputs({});
  const pipeline = pipelineSeconds(lines, atMs, ref);
  const memory = deskSeconds(lines, atMs, ref, 'memory');
  const sqlite = deskSeconds(lines, atMs, ref, 'sqlite');
  const perS = (s: number) => lines.length / s;
  const result = {
    sentences: lines.length,
    pipelineSentencesPerS: perS(pipeline),
    deskMemorySentencesPerS: perS(memory.seconds),
    deskSqliteSentencesPerS: perS(sqlite.seconds),
    deskSqliteRatio: pipeline / sqlite.seconds,
    records: sqlite.counts.records,
    vessels: sqlite.counts.vessels,
    events: sqlite.counts.events,
    positionsStored: sqlite.counts.positionsStored,
    storeBytes: sqlite.bytes,
    storeBytesPerPosition:
      sqlite.bytes === null ? null : sqlite.bytes / Math.max(1, sqlite.counts.positionsStored),
    note: 'one run each, wall time; the store is a SQLite file (WAL, synchronous=FULL, background checkpoints) in the temporary directory, written once a second of feed time',
  };
  if (!o.json) {
    const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
    printTable(`maritime desk, ${lines.length.toLocaleString('en-US')} generated sentences (${file})`, [
      ['', 'sentences/s'],
      ['decode + picture + detectors (peer: no desk, no store)', fmt(result.pipelineSentencesPerS)],
      ['desk, memory history', fmt(result.deskMemorySentencesPerS)],
      ['desk, SQLite store (positions every 30 s, identities, events)', fmt(result.deskSqliteSentencesPerS)],
      ['ratio (desk + SQLite / peer)', result.deskSqliteRatio.toFixed(2)],
      ['records, vessels, events', `${fmt(result.records)}, ${fmt(result.vessels)}, ${fmt(result.events)}`],
      [
        'positions stored, store bytes per position',
        `${fmt(result.positionsStored)}, ${result.storeBytesPerPosition?.toFixed(1) ?? 'n/a'}`,
      ],
    ]);
  }
  return result;
}
