import { type MaritimeInputs, toNdjson } from '../detect/index.js';
import type { GpsdAisLike } from '../picture/index.js';
import { EventMerger } from './merge.js';
import { type PartitionItem, PartitionRouter, type RouteStats } from './route.js';
import type { PartitionScheme } from './scheme.js';
import { PartitionWorker } from './worker.js';

export interface PartitionedRun {
  /** The merged events, NDJSON lines in canonical order. */
  readonly lines: string[];
  readonly route: RouteStats;
  readonly merge: EventMerger['stats'];
  readonly workers: PartitionWorker['stats'][];
}

/**
 * Routes, detects per partition and merges, all in this process: what the NATS ingest does over
 * the wire, without it. Tests compare it with `runDetect`; the ingest's workers run the same
 * `PartitionWorker` on the items the dispatcher's `PartitionRouter` sends them.
 */
export async function runPartitioned(
  records:
    | AsyncIterable<{ tMs: number; record: GpsdAisLike }>
    | Iterable<{ tMs: number; record: GpsdAisLike }>,
  inputs: MaritimeInputs,
  scheme: PartitionScheme,
): Promise<PartitionedRun> {
  const queues: PartitionItem[][] = Array.from({ length: scheme.partitions }, () => []);
  const router = new PartitionRouter(scheme, inputs.contacts, (p, item) => queues[p]!.push(item));
  for await (const { tMs, record } of records) router.record(tMs, record);
  router.finish();
  const merger = new EventMerger();
  const workers = queues.map((q, p) => {
    const w = new PartitionWorker(p, scheme, inputs.ref, inputs.params);
    for (const item of q) for (const e of w.push(item)) merger.add(toNdjson(e));
    return w.stats;
  });
  return { lines: merger.lines(), route: router.stats, merge: merger.stats, workers };
}
