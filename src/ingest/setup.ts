import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import type { PartitionScheme } from '../maritime/index.js';
import { ingestNames } from './subjects.js';

export interface IngestSetup {
  /** Where the streams keep messages: 'file' (survives a server restart; default) or 'memory'. */
  readonly storage?: 'file' | 'memory';
  /** The most bytes of unconsumed items (default 1 GiB); beyond it a publish is refused and retried. */
  readonly maxBytes?: number;
}

/**
 * Creates the run's two streams and its consumers (idempotent: the dispatcher, each worker and the
 * collector all call it, whichever starts first). JetStream features used, all in nats-server
 * 2.9: file/memory streams, work-queue retention, durable pull consumers with one filter subject
 * each, explicit acknowledgement, discard-new limits.
 */
export async function setupIngest(
  nc: NatsConnection,
  run: string,
  scheme: PartitionScheme,
  o: IngestSetup = {},
): Promise<void> {
  const n = ingestNames(run);
  const jsm = await jetstreamManager(nc);
  const storage = o.storage === 'memory' ? StorageType.Memory : StorageType.File;
  await ensureStream(jsm, {
    name: n.itemStream,
    subjects: [n.itemSubjects],
    storage,
    retention: RetentionPolicy.Workqueue,
    max_bytes: o.maxBytes ?? 1024 ** 3,
    discard: DiscardPolicy.New,
  });
  await ensureStream(jsm, {
    name: n.eventStream,
    subjects: n.eventSubjects,
    storage,
    retention: RetentionPolicy.Limits,
    max_bytes: o.maxBytes ?? 1024 ** 3,
    discard: DiscardPolicy.New,
  });
  for (let k = 0; k < scheme.partitions; k++) {
    await jsm.consumers.add(n.itemStream, {
      durable_name: n.consumer(k),
      filter_subject: n.partition(k),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // Long: a worker acknowledges a batch once it has handled it; a redelivery would be skipped
      // (its sequence is not after the last one handled), never handled twice.
      ack_wait: nanos(300_000),
      max_ack_pending: 256,
    });
  }
  await jsm.consumers.add(n.eventStream, {
    durable_name: n.collector,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(300_000),
    max_ack_pending: 1024,
  });
}

type Jsm = Awaited<ReturnType<typeof jetstreamManager>>;

async function ensureStream(jsm: Jsm, config: Parameters<Jsm['streams']['add']>[0]): Promise<void> {
  try {
    await jsm.streams.add(config);
  } catch (err) {
    // Another participant created it first with the same configuration: fine.
    const info = await jsm.streams.info(config.name!).catch(() => null);
    if (info === null) throw err;
  }
}

/** Deletes the run's streams (and so its consumers): after the collector has everything. */
export async function removeIngest(nc: NatsConnection, run: string): Promise<void> {
  const n = ingestNames(run);
  const jsm = await jetstreamManager(nc);
  for (const s of [n.itemStream, n.eventStream]) await jsm.streams.delete(s).catch(() => false);
}
