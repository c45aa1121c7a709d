/**
 * Partitioned AIS ingest over NATS JetStream (nats-server 2.9): the I/O around the pure core in
 * `maritime/partition`.
 *
 * - `setupIngest(nc, run, scheme)`: the run's work-queue item stream, event stream and consumers.
 * - `dispatch({...})`: decoded records and contacts -> partition subjects, in order, in batches.
 * - `runWorker({...})`: consumes its partitions, publishes their events and a `done` per partition.
 * - `collect({...})`: events -> the merge stage, until every partition is done.
 * - `ingestRun({...})`: dispatcher and collector of one run; `runWorkerAt({...})`: one worker on its own connection.
 * - `startLocalNats()`: a private nats-server for a run without `--nats`.
 */
export { type Collected, collect } from './collector.js';
export { type DispatchOptions, type DispatchStats, dispatch } from './dispatcher.js';
export { startLocalNats } from './local-nats.js';
export {
  connectIngest,
  dealPartitions,
  type IngestResult,
  ingestRun,
  runWorkerAt,
} from './run.js';
export { type IngestSetup, removeIngest, setupIngest } from './setup.js';
export { ingestNames, SCHEME_HEADER, schemeText } from './subjects.js';
export { type PartitionDone, runWorker, type WorkerOptions } from './worker.js';
