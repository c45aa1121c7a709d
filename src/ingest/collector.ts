import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventMerger, type PartitionScheme } from '../maritime/index.js';
import { ingestNames } from './subjects.js';
import type { PartitionDone } from './worker.js';

export interface Collected {
  readonly merger: EventMerger;
  /** Each partition's counts, by partition. */
  readonly done: PartitionDone[];
}

/**
 * The collector: reads every partition's events into the merge stage (EventMerger: one event per
 * canonical identity) until every partition has said it is done. Fails, naming the partitions still
 * out, when nothing arrives for `idleMs` (default 10 min: a worker is missing or stuck).
 */
export async function collect(o: {
  nc: NatsConnection;
  run: string;
  scheme: PartitionScheme;
  idleMs?: number;
}): Promise<Collected> {
  const n = ingestNames(o.run);
  const js = jetstream(o.nc);
  const consumer = await js.consumers.get(n.eventStream, n.collector);
  const messages = await consumer.consume({ max_messages: 256 });
  const merger = new EventMerger();
  const done = new Map<number, PartitionDone>();
  const doneSubject = `concord.ingest.${o.run}.done.`;
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      void messages.close();
    }, o.idleMs ?? 600_000);
  };
  arm();
  try {
    for await (const m of messages) {
      arm();
      if (m.subject.startsWith(doneSubject)) {
        const d = m.json<PartitionDone>();
        done.set(d.partition, d);
      } else {
        for (const line of m.string().split('\n')) if (line.length > 0) merger.add(line);
      }
      m.ack();
      if (done.size === o.scheme.partitions) break;
    }
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
  if (done.size < o.scheme.partitions) {
    const missing = [...Array(o.scheme.partitions).keys()].filter((k) => !done.has(k));
    throw new Error(
      `ingest ${o.run}: ${idle ? `nothing for ${Math.round((o.idleMs ?? 600_000) / 1000)} s; ` : ''}partitions ${missing.join(', ')} not done`,
    );
  }
  return { merger, done: [...done.values()].sort((a, b) => a.partition - b.partition) };
}
