import type { Nation } from '../domain/index.js';
import type { WireMessage } from './wire.js';

/**
 * A transport's answer to a send: `acked` once the message is durably accepted (by the recipient,
 * or by a broker that will deliver it at least once); `failed` when it certainly was not. A send
 * that gets neither is retried by the sender's outbox after its timeout.
 */
export interface SendCallbacks {
  acked(): void;
  failed(reason: string): void;
}

/** Hands one received message to its node; the node calls `ack` once the message is safely stored. */
export type Deliver = (msg: WireMessage, ack: () => void) => void;

/**
 * Messages from `sender` that left the recipient's queue before the recipient read them: expired
 * after the stream's maximum age (JetStream's `max_age`, 7 days by default) while the recipient's
 * node was down, or removed by its server's administrator. The broker had acknowledged them to
 * their sender, so neither side would otherwise know. Named by their place in the sender's stream
 * on the recipient's server (sequence numbers, first and last); each message is one batch of items.
 */
export interface LostMessages {
  readonly sender: Nation;
  readonly count: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** Told of messages lost unread (see LostMessages), once each, when the recipient finds them gone. */
export type OnLost = (lost: LostMessages) => void;

/**
 * Carries wire messages between nations. Callback-shaped rather than promise-shaped so that the
 * in-process simulation can run every step from one scheduler, deterministically.
 */
export interface Transport {
  send(msg: WireMessage, callbacks: SendCallbacks): void;
  /**
   * Starts delivering messages addressed to `nation`; returns a function that stops it. A
   * transport whose queue may drop messages unread (a stream with a maximum age) tells `lost` of
   * them; one that never drops any (the simulated network) never calls it.
   */
  listen(nation: Nation, deliver: Deliver, lost?: OnLost): () => void;
}
