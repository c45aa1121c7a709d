import { connect, type NatsConnection } from '@nats-io/transport-node';
import type {
  Contact,
  DetectParams,
  GpsdAisLike,
  MaritimeReference,
  PartitionScheme,
} from '../maritime/index.js';
import { collect } from './collector.js';
import { type DispatchStats, dispatch } from './dispatcher.js';
import { type IngestSetup, removeIngest, setupIngest } from './setup.js';
import { type PartitionDone, runWorker } from './worker.js';

export async function connectIngest(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    noAsyncTraces: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
}

export interface IngestResult {
  /** The merged events, NDJSON lines in canonical order (start time, then identity). */
  readonly lines: string[];
  readonly dispatch: DispatchStats;
  readonly done: PartitionDone[];
  readonly merge: { events: number; duplicates: number; conflicts: number; superseded: number };
  /** From the first record dispatched to the last partition done, ms. */
  readonly elapsedMs: number;
}

/**
 * The dispatcher and the collector of one run (the workers run elsewhere: `runWorkerAt`, other
 * processes, other machines): sets the run up, dispatches, collects and merges, then deletes the
 * run's streams (also when it fails). `failed` rejects when a worker the caller started has failed, ending the wait.
 */
export async function ingestRun(o: {
  url: string;
  run: string;
  scheme: PartitionScheme;
  records:
    | AsyncIterable<{ tMs: number; record: GpsdAisLike }>
    | Iterable<{ tMs: number; record: GpsdAisLike }>;
  contacts: readonly Contact[];
  setup?: IngestSetup;
  failed?: Promise<never>;
  idleMs?: number;
}): Promise<IngestResult> {
  const nc = await connectIngest(o.url, `concord-ingest-${o.run}`);
  try {
    await setupIngest(nc, o.run, o.scheme, o.setup);
    const t0 = Date.now();
    const collecting = collect({
      nc,
      run: o.run,
      scheme: o.scheme,
      ...(o.idleMs ? { idleMs: o.idleMs } : {}),
    });
    const failed = o.failed ?? new Promise<never>(() => {});
    // Awaited below; marked handled so that a collector ended by a failed run is not an unhandled rejection.
    collecting.catch(() => {});
    // A failed collector or worker ends the dispatch too, instead of leaving it blocked on a full stream.
    const dispatched = await Promise.race([
      dispatch({ nc, run: o.run, scheme: o.scheme, records: o.records, contacts: o.contacts }),
      failed,
      collecting.then(() => new Promise<never>(() => {})),
    ]);
    const got = await Promise.race([collecting, failed]);
    const elapsedMs = Date.now() - t0;
    return {
      lines: got.merger.lines(),
      dispatch: dispatched,
      done: got.done,
      merge: got.merger.stats,
      elapsedMs,
    };
  } finally {
    // Done or failed, the run's streams go: a worker's state is in memory, so a run is not resumed.
    await removeIngest(nc, o.run).catch(() => {});
    await nc.close();
  }
}

/** One worker on its own connection: sets the run up (idempotent), consumes its partitions, closes. */
export async function runWorkerAt(o: {
  url: string;
  run: string;
  scheme: PartitionScheme;
  partitions: readonly number[];
  ref: MaritimeReference;
  params: DetectParams;
  setup?: IngestSetup;
}): Promise<PartitionDone[]> {
  const nc = await connectIngest(o.url, `concord-ingest-${o.run}-worker-${o.partitions.join('-')}`);
  try {
    await setupIngest(nc, o.run, o.scheme, o.setup);
    return await runWorker({
      nc,
      run: o.run,
      scheme: o.scheme,
      partitions: o.partitions,
      ref: o.ref,
      params: o.params,
    });
  } finally {
    await nc.close();
  }
}

/** Partitions 0..partitions-1 dealt to `workers` workers round-robin: worker i takes i, i+workers, ... */
export function dealPartitions(partitions: number, workers: number): number[][] {
  if (!Number.isInteger(workers) || workers < 1 || workers > partitions)
    throw new RangeError(`workers must be 1 to ${partitions} (the partitions), not ${workers}`);
  return Array.from({ length: workers }, (_, i) =>
    Array.from({ length: partitions }, (_, k) => k).filter((k) => k % workers === i),
  );
}
