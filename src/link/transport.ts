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
 * Carries wire messages between nations. Callback-shaped rather than promise-shaped so that the
 * in-process simulation can run every step from one scheduler, deterministically.
 */
export interface Transport {
  send(msg: WireMessage, callbacks: SendCallbacks): void;
  /** Starts delivering messages addressed to `nation`; returns a function that stops it. */
  listen(nation: Nation, deliver: Deliver): () => void;
}
