import type { Nation } from '../domain/index.js';
import type { Scheduler } from './scheduler.js';
import type { Deliver, SendCallbacks, Transport } from './transport.js';
import type { WireMessage } from './wire.js';

/** Faults the simulated network injects; probabilities apply per message and per ack. */
export interface Faults {
  /** Probability that a message (or its ack) is lost. */
  readonly dropRate: number;
  /** Probability that a message is delivered twice. */
  readonly duplicateRate: number;
  /** One-way delay, uniform in [min, max] ms; independent delays reorder messages. */
  readonly delayMs: { readonly min: number; readonly max: number };
}

export const NO_FAULTS: Faults = { dropRate: 0, duplicateRate: 0, delayMs: { min: 0.2, max: 0.2 } };

export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  /** Lost because the link was cut or the recipient was down. */
  undeliverable: number;
}

/**
 * The in-process transport: messages are copied (so no object is shared between nodes), delayed,
 * dropped, duplicated and reordered as `faults` say, and cut by partitions — all as events on one
 * Scheduler drawing from one seeded source, so a run replays exactly. An ack travels back over the
 * same faulty link; a sender that hears nothing retries from its outbox.
 */
export class SimNetwork implements Transport {
  readonly #sched: Scheduler;
  readonly #rng: RandomSource;
  #faults: Faults;
  readonly #listeners = new Map<Nation, Deliver>();
  readonly #cut = new Set<string>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, undeliverable: 0 };

  constructor(sched: Scheduler, rng: RandomSource, faults: Faults = NO_FAULTS) {
    this.#sched = sched;
    this.#rng = rng;
    this.#faults = faults;
  }

  setFaults(faults: Faults): void {
    this.#faults = faults;
  }

  /** Cuts the link between `a` and `b` in both directions until healed. */
  partition(a: Nation, b: Nation): void {
    this.#cut.add(linkKey(a, b));
  }

  heal(a: Nation, b: Nation): void {
    this.#cut.delete(linkKey(a, b));
  }

  healAll(): void {
    this.#cut.clear();
  }

  isCut(a: Nation, b: Nation): boolean {
    return this.#cut.has(linkKey(a, b));
  }

  listen(nation: Nation, deliver: Deliver): () => void {
    this.#listeners.set(nation, deliver);
    return () => {
      if (this.#listeners.get(nation) === deliver) this.#listeners.delete(nation);
    };
  }

  send(msg: WireMessage, callbacks: SendCallbacks): void {
    this.stats.sent++;
    const copy: WireMessage = {
      recipient: msg.recipient,
      sender: msg.sender,
      topic: msg.topic,
      id: msg.id,
      body: msg.body.slice(),
    };
    const copies = this.#rng.next() < this.#faults.duplicateRate ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) this.#carry(copy, callbacks);
  }

  #carry(msg: WireMessage, callbacks: SendCallbacks): void {
    if (this.#rng.next() < this.#faults.dropRate) {
      this.stats.dropped++;
      return;
    }
    this.#sched.after(this.#delay(), () => {
      const deliver = this.#listeners.get(msg.recipient);
      if (deliver === undefined || this.isCut(msg.sender, msg.recipient)) {
        this.stats.undeliverable++;
        return;
      }
      this.stats.delivered++;
      let acked = false;
      deliver(msg, () => {
        if (acked) return;
        acked = true;
        if (this.#rng.next() < this.#faults.dropRate) return;
        this.#sched.after(this.#delay(), () => {
          if (!this.isCut(msg.sender, msg.recipient)) callbacks.acked();
        });
      });
    });
  }

  #delay(): number {
    const { min, max } = this.#faults.delayMs;
    return min + (max - min) * this.#rng.next();
  }
}

function linkKey(a: Nation, b: Nation): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
