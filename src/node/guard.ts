import type { Nation } from '../domain/index.js';
import type { AuditPort, Deliver, LostMessages, OnLost, SendCallbacks, Transport } from '../link/index.js';

/** A failure caught in one of the node's callbacks (a timer, a transport callback, a stream push). */
export interface NodeFault {
  readonly atMs: number;
  /** Which callback failed, e.g. `timer`, `transport:deliver`, `api:picture-stream`. */
  readonly where: string;
  readonly error: string;
}

/** The faults a guard has caught: how many, by place, and the latest. */
export interface FaultCounts {
  readonly total: number;
  readonly byPlace: Readonly<Record<string, number>>;
  readonly last: NodeFault | null;
}

export interface FaultGuardOptions {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  readonly audit: AuditPort;
  /** Where a caught fault is logged (default: one line on stderr). */
  readonly log?: (fault: NodeFault) => void;
}

/**
 * Runs the node's callbacks so that none can throw out of them: nothing a partner or a feed sends
 * may make the process exit (an exception thrown from a timer or a socket callback would). A caught
 * failure is logged, audited (`node-fault`) and counted, and the node goes on: the callback's work
 * is lost, the next one runs. The timers and transport a node hands its link and desks go through
 * `timers` and `transport`, so every callback they schedule is guarded too.
 */
export class FaultGuard {
  readonly #o: FaultGuardOptions;
  readonly #byPlace = new Map<string, number>();
  #total = 0;
  #last: NodeFault | null = null;

  constructor(o: FaultGuardOptions) {
    this.#o = o;
  }

  /** Runs `fn`; a failure is recorded as a fault at `where` and `undefined` returned. */
  run<T>(where: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.#fault(where, err);
      return undefined;
    }
  }

  /** The same timers, each callback guarded. */
  timers(t: { after(delayMs: number, fn: () => void): void }): {
    after(delayMs: number, fn: () => void): void;
  } {
    return { after: (delayMs, fn) => t.after(delayMs, () => this.run('timer', fn)) };
  }

  /**
   * The same transport, its callbacks into the node guarded: a delivery that fails is not
   * acknowledged (the sender sends it again), a send's answer that fails is a lost answer (the
   * outbox retries after its timeout).
   */
  transport(t: Transport): Transport {
    return {
      send: (msg, callbacks: SendCallbacks) =>
        t.send(msg, {
          acked: () => this.run('transport:acked', () => callbacks.acked()),
          failed: (reason) => this.run('transport:failed', () => callbacks.failed(reason)),
        }),
      listen: (nation, deliver: Deliver, lost?: OnLost) =>
        t.listen(
          nation,
          (msg, ack) => this.run('transport:deliver', () => deliver(msg, ack)),
          ...(lost ? [(l: LostMessages) => this.run('transport:lost', () => lost(l))] : []),
        ),
    };
  }

  counts(): FaultCounts {
    return { total: this.#total, byPlace: Object.fromEntries(this.#byPlace), last: this.#last };
  }

  #fault(where: string, err: unknown): void {
    // Nothing here may throw in turn: a clock, log or audit that fails too is passed over.
    let atMs = Number.NaN;
    try {
      atMs = this.#o.clock.nowMs();
    } catch {}
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const fault: NodeFault = { atMs, where, error };
    this.#total++;
    this.#byPlace.set(where, (this.#byPlace.get(where) ?? 0) + 1);
    this.#last = fault;
    try {
      (this.#o.log ?? logToStderr)(fault);
    } catch {}
    try {
      this.#o.audit.append({
        tMs: Number.isFinite(atMs) ? atMs : 0,
        kind: 'node-fault',
        actor: this.#o.nation,
        subject: where,
        detail: { error },
      });
    } catch {}
  }
}

function logToStderr(f: NodeFault): void {
  process.stderr.write(`concord: a fault in ${f.where} was caught, the node goes on: ${f.error}\n`);
}
