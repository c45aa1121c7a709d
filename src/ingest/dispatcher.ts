import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  type Contact,
  type GpsdAisLike,
  type PartitionItem,
  PartitionRouter,
  type PartitionScheme,
  type RouteStats,
} from '../maritime/index.js';
import { ingestNames, SCHEME_HEADER, schemeText } from './subjects.js';

export interface DispatchOptions {
  readonly nc: NatsConnection;
  readonly run: string;
  readonly scheme: PartitionScheme;
  /** Time-ordered decoded records with their reception times. */
  readonly records:
    | AsyncIterable<{ tMs: number; record: GpsdAisLike }>
    | Iterable<{ tMs: number; record: GpsdAisLike }>;
  readonly contacts: readonly Contact[];
  /** Items per message (default 1,000): fewer messages, fewer round trips. */
  readonly batchItems?: number;
  /** How long one publish may be refused (the item stream full) before the dispatch fails, ms (default 10 min). */
  readonly giveUpMs?: number;
}

export interface DispatchStats extends RouteStats {
  messages: number;
  bytes: number;
}

/** A batch's JSON text stays well under nats-server's default 1 MiB message size. */
const MAX_BATCH_CHARS = 512 * 1024;
/** Batches queued per partition before the dispatcher waits for that partition's publishes. */
const QUEUED_PER_PARTITION = 8;

/**
 * The dispatcher: routes decoded records and contacts (PartitionRouter) and publishes each
 * partition's items in order, in batches, on its subject of the run's work-queue stream. Ends with
 * every partition's `end` item. A publish the stream refuses (full) is retried with back-off.
 */
export async function dispatch(o: DispatchOptions): Promise<DispatchStats> {
  const n = ingestNames(o.run);
  const js = jetstream(o.nc);
  const batchItems = o.batchItems ?? 1_000;
  const h = headers();
  h.set(SCHEME_HEADER, schemeText(o.scheme));
  const buffers: string[][] = Array.from({ length: o.scheme.partitions }, () => []);
  const chars: number[] = buffers.map(() => 0);
  const ready: number[] = [];
  // One chain of publishes per partition: a batch is published once the one before it is stored,
  // so a refused and retried batch can never land after a later one of the same partition.
  const chains: Promise<unknown>[] = buffers.map(() => Promise.resolve());
  const queued: number[] = buffers.map(() => 0);
  let messages = 0;
  let bytes = 0;

  const publish = async (p: number, text: string) => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await js.publish(n.partition(p), text, { headers: h });
      } catch (err) {
        if (Date.now() - started > (o.giveUpMs ?? 600_000))
          throw new Error(`ingest ${o.run}: partition ${p}'s batch refused for too long: ${String(err)}`);
        await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** attempt)));
      }
    }
  };
  const flush = async (p: number) => {
    const items = buffers[p]!;
    if (items.length === 0) return;
    const text = `[${items.join(',')}]`;
    buffers[p] = [];
    chars[p] = 0;
    messages++;
    bytes += text.length;
    queued[p]!++;
    chains[p] = chains[p]!.then(() => publish(p, text)).finally(() => queued[p]!--);
    if (queued[p]! >= QUEUED_PER_PARTITION) await chains[p];
  };

  // A fix in a band goes to two partitions: its record is serialised once.
  let lastRecord: unknown = null;
  let lastRecordJson = '';
  const encode = (item: PartitionItem): string => {
    if (item.k !== 'r') return JSON.stringify(item);
    if (item.r !== lastRecord) {
      lastRecord = item.r;
      lastRecordJson = JSON.stringify(item.r);
    }
    return `{"k":"r","t":${item.t},"w":${item.w},"v":${item.v},"s":${item.s},"r":${lastRecordJson}}`;
  };
  const router = new PartitionRouter(o.scheme, o.contacts, (p, item: PartitionItem) => {
    const json = encode(item);
    buffers[p]!.push(json);
    chars[p]! += json.length + 1;
    if ((buffers[p]!.length >= batchItems || chars[p]! >= MAX_BATCH_CHARS) && !ready.includes(p))
      ready.push(p);
  });
  for await (const { tMs, record } of o.records) {
    router.record(tMs, record);
    while (ready.length > 0) await flush(ready.shift()!);
  }
  router.finish();
  for (let p = 0; p < o.scheme.partitions; p++) await flush(p);
  await Promise.all(chains);
  return { ...router.stats, messages, bytes };
}
