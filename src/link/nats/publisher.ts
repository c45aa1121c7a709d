import {
  headers,
  type Msg,
  type NatsConnection,
  nuid,
  PermissionViolationError,
} from '@nats-io/transport-node';
import type { SendCallbacks } from '../transport.js';

/** A publish waiting for JetStream's answer. */
interface PendingPublish {
  readonly subject: string;
  readonly dueMs: number;
  readonly callbacks: SendCallbacks;
}

/**
 * Publishes to JetStream and reports each message's fate: `acked` once the stream has stored it
 * (or dropped it as a duplicate of a Nats-Msg-Id within its window), `failed` with a reason.
 *
 * JetStream's protocol done directly, not `JetStreamClient.publish`: the message goes out with a
 * reply subject under one subscription of the connection, and the stream's answer
 * (`{"stream":..,"seq":..}` or `{"error":..}`, or the server's 503 "no responders") settles it.
 * nats.js's request machinery cost the sender about 1.5x the CPU per pair of publishes
 * (docs/figures.md): a timer, a promise chain and — in @nats-io/nats-core 3.4.0, on every answered
 * request — an Error with its stack trace that nobody reads (`RequestOne.resolver` calls
 * `cancel()`). Overdue publishes are failed by one sweep timer instead of a timer each, and a
 * publish the server refuses (a subject the user may not publish on) fails at once.
 */
export class JetStreamPublisher {
  readonly #nc: NatsConnection;
  readonly #timeoutMs: number;
  /** Reply subjects of this publisher: `<prefix>.<token>`. */
  readonly #replyPrefix: string;
  /** Publishes awaiting their answer, by token, in the order they were sent (so by due time). */
  readonly #pending = new Map<string, PendingPublish>();
  #nextToken = 0;
  readonly #sweep: NodeJS.Timeout;

  /** `inbox`: a subject prefix the connection may subscribe under (its inbox prefix). */
  constructor(nc: NatsConnection, opts: { inbox: string; timeoutMs: number }) {
    this.#nc = nc;
    this.#timeoutMs = opts.timeoutMs;
    this.#replyPrefix = `${opts.inbox}.pub.${nuid.next()}`;
    nc.subscribe(`${this.#replyPrefix}.*`, { callback: (_err, m) => this.#answered(m) });
    this.#sweep = setInterval(() => this.#failOverdue(), Math.min(1_000, opts.timeoutMs / 4));
    this.#sweep.unref();
    void this.#watchRefusals();
  }

  /** Publishes `body` on `subject` with `msgId` as Nats-Msg-Id (JetStream drops a repeat within its window). */
  publish(subject: string, body: Uint8Array | string, msgId: string, callbacks: SendCallbacks): void {
    const token = (this.#nextToken++).toString(36);
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    try {
      this.#nc.publish(subject, body, { reply: `${this.#replyPrefix}.${token}`, headers: h });
    } catch (err) {
      // Closed or draining: nothing was sent.
      callbacks.failed(err instanceof Error ? err.message : String(err));
      return;
    }
    this.#pending.set(token, { subject, dueMs: Date.now() + this.#timeoutMs, callbacks });
  }

  /** Stops the sweep and fails what is still unanswered (call once the connection is closed). */
  close(): void {
    clearInterval(this.#sweep);
    for (const p of this.#pending.values()) p.callbacks.failed('connection closed');
    this.#pending.clear();
  }

  #answered(m: Msg): void {
    const token = m.subject.slice(this.#replyPrefix.length + 1);
    const p = this.#pending.get(token);
    if (p === undefined) return; // answered after it timed out: its sender has been told already
    this.#pending.delete(token);
    const refusal = refusalIn(m, p.subject);
    if (refusal === null) p.callbacks.acked();
    else p.callbacks.failed(refusal);
  }

  #failOverdue(): void {
    const now = Date.now();
    for (const [token, p] of this.#pending) {
      if (p.dueMs > now) return; // in order of sending, so of due time
      this.#pending.delete(token);
      p.callbacks.failed(`timeout: no answer from JetStream within ${this.#timeoutMs} ms`);
    }
  }

  async #watchRefusals(): Promise<void> {
    for await (const s of this.#nc.status()) {
      if (s.type !== 'error' || !(s.error instanceof PermissionViolationError)) continue;
      if (s.error.operation !== 'publish') continue;
      for (const [token, p] of this.#pending) {
        if (p.subject !== s.error.subject) continue;
        this.#pending.delete(token);
        p.callbacks.failed(s.error.message);
        break;
      }
    }
  }
}

/** Why JetStream's answer `m` to a publish on `subject` says it was not stored; null if it was. */
function refusalIn(m: Msg, subject: string): string | null {
  if (m.data.length === 0 && m.headers?.code === 503) return `no responders: no stream takes ${subject}`;
  let answer: { error?: { description?: string }; stream?: unknown };
  try {
    answer = m.json();
  } catch {
    return `unreadable answer to a publish on ${subject}`;
  }
  if (answer.error !== undefined) return answer.error.description ?? JSON.stringify(answer.error);
  if (typeof answer.stream !== 'string' || answer.stream === '')
    return `invalid answer to a publish on ${subject}`;
  return null;
}
