/**
 * Partitioned detection, pure: how a stream of AIS records is cut into partitions that separate
 * workers can run, and how their events are merged back into what one process finds.
 *
 * - `partitionScheme({ partitions, cellDeg?, bandM? })`: spatial cells (pair detectors, with an
 *   overlap band) and MMSI hashing (per-vessel detectors); `minimumBandM(params)` says why the band suffices.
 * - `PartitionRouter` (the dispatcher's core) -> `PartitionItem`s per partition.
 * - `PartitionWorker` (a worker's core) -> the events a partition owns.
 * - `EventMerger` (the collector's core): deduplicates by `eventIdentity`, counts conflicts.
 * - `runPartitioned(records, inputs, scheme)`: all three in one process.
 */
export { EventMerger, eventIdentity } from './merge.js';
export { type PartitionItem, PartitionRouter, type RouteStats } from './route.js';
export { type PartitionedRun, runPartitioned } from './run.js';
export {
  cellOf,
  cellOwner,
  DEFAULT_BAND_M,
  DEFAULT_CELL_DEG,
  minimumBandM,
  ownerOf,
  type PartitionScheme,
  partitionScheme,
  spatialPartitions,
  vesselPartition,
} from './scheme.js';
export { PAIR_DETECTORS, PartitionWorker, VESSEL_DETECTORS } from './worker.js';
