import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { Nation } from '../../domain/index.js';
import type { Deliver, OnLost, SendCallbacks, Transport } from '../transport.js';
import { parseSubject, subjectOf } from '../wire.js';
import { type CertFiles, CONSUMER, inboundStream, inboxPrefix } from './config.js';
import { JetStreamPublisher } from './publisher.js';

/** How long a node waits before it tries again to read a partner's stream it could not read. */
export const CONSUME_RETRY_MS = 1_000;

/** Limits of each inbound stream: one partner's quota on a nation's server. */
export interface InboxLimits {
  /** Bytes a partner's unconsumed messages may take (default 1 GiB). */
  readonly maxBytes?: number;
  /** Age after which an unconsumed message is removed (default 7 days). */
  readonly maxAgeMs?: number;
  /** Unconsumed messages per subject, i.e. per topic (default 1,000,000). */
  readonly maxMsgsPerSubject?: number;
}

export interface InboxSetup extends InboxLimits {
  readonly ackWaitMs?: number;
  /** Window within which JetStream drops a re-published Nats-Msg-Id (per sender: per stream). */
  readonly duplicateWindowMs?: number;
}

/**
 * Creates (or updates) on a nation's own server one stream per partner, holding what that partner
 * sent (`concord.v1.<nation>.<partner>.>`), and the node's durable, explicitly acknowledged
 * consumer on each. Run with the server's administrator. Work-queue retention: a message leaves
 * once the node has acknowledged it. Limits with "discard new", per subject too: a full stream
 * refuses the partner's publish (its link keeps the item and retries), it never drops what it holds.
 */
export async function setupInbox(
  url: string,
  admin: { user: string; password?: string },
  nation: Nation,
  partners: readonly Nation[],
  opts: InboxSetup & { caFile?: string; cert?: CertFiles } = {},
): Promise<void> {
  const nc = await connect({ servers: url, ...credentials(admin, opts) });
  try {
    const jsm = await jetstreamManager(nc);
    for (const partner of partners) {
      const name = inboundStream(partner);
      const stream = {
        name,
        subjects: [`concord.v1.${nation}.${partner}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Workqueue,
        duplicate_window: nanos(opts.duplicateWindowMs ?? 120_000),
        max_bytes: opts.maxBytes ?? 1024 ** 3,
        max_age: nanos(opts.maxAgeMs ?? 7 * 24 * 3_600_000),
        max_msgs_per_subject: opts.maxMsgsPerSubject ?? 1_000_000,
        discard: DiscardPolicy.New,
        discard_new_per_subject: true,
      };
      try {
        await jsm.streams.info(name);
        await jsm.streams.update(name, stream);
      } catch {
        await jsm.streams.add(stream);
      }
      await jsm.consumers.add(name, {
        durable_name: CONSUMER,
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

/**
 * How a client proves who it is: with a certificate (`cert`: the server maps its subject to the
 * user, and a name or password sent as well would be refused), or else with its user and password.
 */
function credentials(
  user: { user: string; password?: string },
  tls: { caFile?: string; cert?: CertFiles },
): { user?: string; pass?: string; tls?: { caFile?: string; certFile?: string; keyFile?: string } } {
  const tlsOpts =
    tls.caFile === undefined && tls.cert === undefined
      ? {}
      : { tls: { ...(tls.caFile ? { caFile: tls.caFile } : {}), ...(tls.cert ?? {}) } };
  if (tls.cert !== undefined) return tlsOpts;
  if (user.password === undefined) throw new Error(`${user.user}: neither a password nor a certificate`);
  return { user: user.user, pass: user.password, ...tlsOpts };
}

export interface NatsTransportOptions {
  readonly url: string;
  readonly nation: Nation;
  /** The node's password, when its server knows it by one (not with `cert`). */
  readonly password?: string;
  /** The node's client certificate, when its server identifies it by that (TLS with verify_and_map). */
  readonly cert?: CertFiles;
  /** The partners whose streams `listen` reads (one inbound stream each on the nation's server). */
  readonly partners: readonly Nation[];
  /** The CA that signed the server's certificate, for a tls:// URL. */
  readonly caFile?: string;
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
  readonly #partners: readonly Nation[];

  private constructor(nation: Nation, nc: NatsConnection, opts: NatsTransportOptions) {
    this.nation = nation;
    this.#nc = nc;
    this.#js = jetstream(nc);
    this.#publisher = new JetStreamPublisher(nc, {
      inbox: inboxPrefix(nation),
      timeoutMs: opts.publishTimeoutMs ?? 5_000,
    });
    this.#onError = opts.onError ?? (() => {});
    this.#partners = opts.partners;
  }

  static async connect(opts: NatsTransportOptions): Promise<NatsTransport> {
    const nc = await connect({
      servers: opts.url,
      ...credentials(
        { user: opts.nation, ...(opts.password !== undefined ? { password: opts.password } : {}) },
        { ...(opts.caFile ? { caFile: opts.caFile } : {}), ...(opts.cert ? { cert: opts.cert } : {}) },
      ),
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

  listen(nation: Nation, deliver: Deliver, lost?: OnLost): () => void {
    if (nation !== this.nation) throw new Error(`${this.nation}'s transport cannot listen for ${nation}`);
    const stops = this.#partners.map((partner) => this.#consume(partner, deliver, lost));
    const stop = () => {
      for (const s of stops) s();
    };
    this.#stops.push(stop);
    return stop;
  }

  /**
   * Reads what `partner` sent (its stream on our server) until the returned function is called.
   * Messages that left the stream unread are told to `lost`: on (re)start, those between the last
   * one the durable consumer delivered and the first the stream still holds (work-queue retention
   * with one consumer, delivering in stream order: a message past the delivered mark that is gone
   * was never read: it expired, or an administrator removed it); while reading, a first delivery
   * that skips sequence numbers. Reading that cannot start or that ends before the returned
   * function is called (the server slow to answer under load, the stream not created yet, the
   * consumer gone) is told to `onError` (the first failure, then one in 30) and started again every
   * CONSUME_RETRY_MS, as on a restart: a node never stops reading a partner's stream for a failure
   * of the moment.
   */
  #consume(partner: Nation, deliver: Deliver, lost?: OnLost): () => void {
    let stopped = false;
    let stopConsumer: (() => void) | null = null;
    let wake: (() => void) | null = null;
    /** Failed starts since reading last began: the first is told, then one in 30 (a long outage). */
    let failures = 0;
    const name = inboundStream(partner);
    const run = async () => {
      const consumer = await this.#js.consumers.get(name, CONSUMER);
      /** The last stream sequence delivered to this node, or found lost. */
      let readSeq = (await consumer.info()).delivered.stream_seq;
      const gone = (upToSeq: number) => {
        if (upToSeq > readSeq && lost)
          lost({ sender: partner, count: upToSeq - readSeq, firstSeq: readSeq + 1, lastSeq: upToSeq });
        readSeq = Math.max(readSeq, upToSeq);
      };
      const state = (await (await this.#js.streams.get(name)).info()).state;
      gone(state.first_seq - 1);
      const messages = await consumer.consume({ max_messages: 1_000 });
      failures = 0;
      stopConsumer = () => void messages.close();
      if (stopped) stopConsumer();
      for await (const m of messages) {
        if (!m.redelivered) {
          gone(m.seq - 1);
          readSeq = Math.max(readSeq, m.seq);
        }
        const route = parseSubject(m.subject);
        if (route === null || route.recipient !== this.nation || route.sender !== partner) {
          // Not ours to read: terminate so it is never redelivered, and say so.
          m.term();
          this.#onError(
            new Error(`dropped a message on unexpected subject ${m.subject} in ${partner}'s stream`),
          );
          continue;
        }
        const id = m.headers?.get('Nats-Msg-Id') ?? '';
        deliver(
          { recipient: route.recipient, sender: route.sender, topic: route.topic, id, body: m.data },
          () => m.ack(),
        );
      }
    };
    const loop = async () => {
      while (!stopped) {
        let problem = 'its reading ended';
        try {
          await run();
        } catch (err) {
          problem = err instanceof Error ? err.message : String(err);
        }
        stopConsumer = null;
        if (stopped) return;
        if (failures++ % 30 === 0)
          this.#onError(
            new Error(
              `reading ${partner}'s stream ${name}: ${problem}; trying again every ${CONSUME_RETRY_MS / 1000} s`,
            ),
          );
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, CONSUME_RETRY_MS).unref?.();
        });
        wake = null;
      }
    };
    void loop();
    return () => {
      stopped = true;
      stopConsumer?.();
      (wake as (() => void) | null)?.();
    };
  }

  async close(): Promise<void> {
    for (const stop of this.#stops) stop();
    await this.#nc.drain().catch(() => this.#nc.close());
    this.#publisher.close();
  }
}
