import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type DetectParams,
  type MaritimeReference,
  type PartitionItem,
  type PartitionScheme,
  PartitionWorker,
  toNdjson,
} from '../maritime/index.js';
import { ingestNames, SCHEME_HEADER, schemeText } from './subjects.js';

export interface WorkerOptions {
  readonly nc: NatsConnection;
  readonly run: string;
  readonly scheme: PartitionScheme;
  /** The partitions this worker consumes (each by exactly one worker at a time). */
  readonly partitions: readonly number[];
  readonly ref: MaritimeReference;
  readonly params: DetectParams;
}

/** What one partition's worker did: its counts and how long it spent detecting (not waiting). */
export interface PartitionDone {
  readonly partition: number;
  readonly items: number;
  readonly records: number;
  readonly contacts: number;
  readonly events: number;
  /** Pair events found in the band and left to the partition that owns them. */
  readonly notOurs: number;
  /** Batches skipped because they were delivered again after being handled. */
  readonly redelivered: number;
  /** Time spent decoding batches and detecting, ms. */
  readonly busyMs: number;
  /** From the first batch received to the end item, ms. */
  readonly elapsedMs: number;
}

/**
 * An ingest worker: consumes each of its partitions' durable consumer in order, runs the
 * partition's PartitionWorker, publishes the events each batch decided (NDJSON) and then
 * acknowledges the batch; after the `end` item, publishes the partition's counts on its `done`
 * subject. A batch delivered again (its stream sequence not after the last handled) is acknowledged
 * and skipped, so every item is handled once, in order.
 */
export async function runWorker(o: WorkerOptions): Promise<PartitionDone[]> {
  return Promise.all(o.partitions.map((p) => runPartition(o, p)));
}

async function runPartition(o: WorkerOptions, p: number): Promise<PartitionDone> {
  const n = ingestNames(o.run);
  const js = jetstream(o.nc);
  const expected = schemeText(o.scheme);
  const worker = new PartitionWorker(p, o.scheme, o.ref, o.params);
  const consumer = await js.consumers.get(n.itemStream, n.consumer(p));
  const messages = await consumer.consume({ max_messages: 16 });
  let lastSeq = 0;
  let events = 0;
  let redelivered = 0;
  let busyMs = 0;
  let firstMs: number | null = null;
  try {
    for await (const m of messages) {
      if (m.seq <= lastSeq) {
        redelivered++;
        m.ack();
        continue;
      }
      const got = m.headers?.get(SCHEME_HEADER) ?? '';
      if (got !== expected) {
        m.nak();
        throw new Error(
          `ingest ${o.run}: partition ${p} got items cut by scheme '${got}', this worker runs '${expected}'`,
        );
      }
      firstMs ??= Date.now();
      const t0 = performance.now();
      let out = '';
      const items = m.json<PartitionItem[]>();
      for (const item of items) for (const e of worker.push(item)) out += toNdjson(e);
      busyMs += performance.now() - t0;
      if (out.length > 0) {
        events += out.split('\n').length - 1;
        await publishLines(js, n.events(p), out);
      }
      lastSeq = m.seq;
      m.ack();
      if (worker.done) break;
    }
  } finally {
    await messages.close();
  }
  if (!worker.done) throw new Error(`ingest ${o.run}: partition ${p}'s items ended without their end`);
  const done: PartitionDone = {
    partition: p,
    items: worker.stats.items,
    records: worker.stats.records,
    contacts: worker.stats.contacts,
    events,
    notOurs: worker.stats.notOurs,
    redelivered,
    busyMs: Math.round(busyMs),
    elapsedMs: firstMs === null ? 0 : Date.now() - firstMs,
  };
  await js.publish(n.done(p), JSON.stringify(done));
  return done;
}

/** Publishes NDJSON lines in messages under 512 KiB each (whole lines). */
async function publishLines(js: ReturnType<typeof jetstream>, subject: string, text: string): Promise<void> {
  const max = 512 * 1024;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end - 1);
      end = nl >= start ? nl + 1 : text.indexOf('\n', end) + 1 || text.length;
    }
    await js.publish(subject, text.slice(start, end));
    start = end;
  }
}
