import type { PartitionScheme } from '../maritime/index.js';

/**
 * Names on the NATS server for one ingest run (`run`: letters, digits, '-' and '_'):
 * - stream `INGEST_<run>` (work-queue retention) on `concord.ingest.<run>.p.<k>`: partition k's items;
 * - stream `INGEST_<run>_EVENTS` (limits retention) on `concord.ingest.<run>.ev.<k>` (events of
 *   partition k, NDJSON) and `concord.ingest.<run>.done.<k>` (partition k finished, its counts);
 * - durable pull consumers `p<k>` (one per partition, filtered on its one subject) and `collector`.
 */
export function ingestNames(run: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(run))
    throw new RangeError(`ingest run id must be 1-64 letters, digits, '-' or '_', not '${run}'`);
  const base = `concord.ingest.${run}`;
  return {
    itemStream: `INGEST_${run}`,
    eventStream: `INGEST_${run}_EVENTS`,
    partition: (k: number) => `${base}.p.${k}`,
    events: (k: number) => `${base}.ev.${k}`,
    done: (k: number) => `${base}.done.${k}`,
    itemSubjects: `${base}.p.*`,
    eventSubjects: [`${base}.ev.*`, `${base}.done.*`],
    consumer: (k: number) => `p${k}`,
    collector: 'collector',
  };
}

/** The header every item batch carries, so a worker started with another scheme refuses it. */
export const SCHEME_HEADER = 'Concord-Partition-Scheme';

export function schemeText(s: PartitionScheme): string {
  return `partitions=${s.partitions};cellDeg=${s.cellDeg};bandM=${s.bandM}`;
}
