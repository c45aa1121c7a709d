import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { Nation } from '../../domain/index.js';
import type { Deliver, SendCallbacks, Transport } from '../transport.js';
import { parseSubject, subjectOf } from '../wire.js';
import { inboxPrefix, type NatsUser, STREAM } from './config.js';
import { JetStreamPublisher } from './publisher.js';

export interface NetworkSetup {
  readonly ackWaitMs?: number;
  /** Window within which JetStream drops a re-published envelope id (Nats-Msg-Id). */
  readonly duplicateWindowMs?: number;
}

/**
 * Creates (or updates) the stream that carries every nation's inbox and one durable, explicitly
 * acknowledged consumer per nation, filtered to its own subjects. Run with the administrator user.
 * Work-queue retention: a message leaves the stream once its recipient has acknowledged it.
 */
export async function setupNetwork(
  url: string,
  admin: NatsUser,
  nations: readonly Nation[],
  opts: NetworkSetup = {},
) {
  const nc = await connect({ servers: url, user: admin.user, pass: admin.password });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = {
      name: STREAM,
      subjects: ['concord.v1.>'],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      duplicate_window: nanos(opts.duplicateWindowMs ?? 120_000),
    };
    try {
      await jsm.streams.info(STREAM);
      await jsm.streams.update(STREAM, stream);
    } catch {
      await jsm.streams.add(stream);
    }
    for (const nation of nations) {
      await jsm.consumers.add(STREAM, {
        durable_name: nation,
        filter_subject: `concord.v1.${nation}.>`,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(opts.ackWaitMs ?? 10_000),
        max_ack_pending: 10_000,
      });
    }
  } finally {
    await nc.close();
  }
}

export interface NatsTransportOptions {
  readonly url: string;
  readonly nation: Nation;
  readonly password: string;
  /** Called with problems the transport cannot hand to a caller (consumer loop errors, bad subjects). */
  readonly onError?: (err: unknown) => void;
  /** How long a publish waits for JetStream's acknowledgement. */
  readonly publishTimeoutMs?: number;
}

/**
 * The distributed transport: a nation's connection to nats-server. `send` publishes on
 * `concord.v1.<recipient>.<sender>.<topic>` with the envelope id as Nats-Msg-Id and reports
 * `acked` once JetStream has stored it (JetStreamPublisher); `listen` consumes the nation's durable
 * consumer and acknowledges each message only when the node says it is stored.
 */
export class NatsTransport implements Transport {
  readonly nation: Nation;
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #publisher: JetStreamPublisher;
  readonly #onError: (err: unknown) => void;
  readonly #stops: (() => void)[] = [];

  private constructor(nation: Nation, nc: NatsConnection, opts: NatsTransportOptions) {
    this.nation = nation;
    this.#nc = nc;
    this.#js = jetstream(nc);
    this.#publisher = new JetStreamPublisher(nc, {
      inbox: inboxPrefix(nation),
      timeoutMs: opts.publishTimeoutMs ?? 5_000,
    });
    this.#onError = opts.onError ?? (() => {});
  }

  static async connect(opts: NatsTransportOptions): Promise<NatsTransport> {
    const nc = await connect({
      servers: opts.url,
      user: opts.nation,
      pass: opts.password,
      inboxPrefix: inboxPrefix(opts.nation),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      // Otherwise every request (the consumer's, the manager's) builds Error objects up front
      // (with their stack traces) in case it times out.
      noAsyncTraces: true,
    });
    return new NatsTransport(opts.nation, nc, opts);
  }

  send(msg: Parameters<Transport['send']>[0], callbacks: SendCallbacks): void {
    this.#publisher.publish(subjectOf(msg), msg.body, msg.id, callbacks);
  }

  listen(nation: Nation, deliver: Deliver): () => void {
    let stopped = false;
    let stopConsumer: (() => void) | null = null;
    const run = async () => {
      const consumer = await this.#js.consumers.get(STREAM, nation);
      const messages = await consumer.consume({ max_messages: 1_000 });
      stopConsumer = () => void messages.close();
      if (stopped) stopConsumer();
      for await (const m of messages) {
        const route = parseSubject(m.subject);
        if (route === null || route.recipient !== nation) {
          // Not ours to read: terminate so it is never redelivered, and say so.
          m.term();
          this.#onError(new Error(`dropped a message on unexpected subject ${m.subject}`));
          continue;
        }
        const id = m.headers?.get('Nats-Msg-Id') ?? '';
        deliver(
          { recipient: route.recipient, sender: route.sender, topic: route.topic, id, body: m.data },
          () => m.ack(),
        );
      }
    };
    run().catch((err) => this.#onError(err));
    const stop = () => {
      stopped = true;
      stopConsumer?.();
    };
    this.#stops.push(stop);
    return stop;
  }

  async close(): Promise<void> {
    for (const stop of this.#stops) stop();
    await this.#nc.drain().catch(() => this.#nc.close());
    this.#publisher.close();
  }
}
