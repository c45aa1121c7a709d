import { errorOf } from './auth.js';

// A WebSocket stream holds memory at the node for as long as its client lets it: what the client
// does not read waits in the server's buffer. A client that stops reading (or reads slower than the
// node writes) is therefore disconnected once that buffer passes a bound, and one token may hold only
// so many streams at once, so that neither a slow client nor a leaked token can exhaust a node.

export interface StreamLimits {
  /** Bytes a stream may leave unsent (beyond what the operating system buffers) before it is dropped. */
  readonly maxBufferedBytes: number;
  /** Streams one token may hold open at once, over all of the API's streams. */
  readonly maxStreamsPerToken: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxBufferedBytes: 4 * 1024 * 1024,
  maxStreamsPerToken: 8,
};

/** What the guard uses of a server-side WebSocket (the `ws` library's). */
export interface StreamSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Bytes queued by the library and not yet handed to the operating system. */
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Destroys the connection at once. */
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The close code of a refusal (as for an authentication refusal: policy violation). */
const REFUSED = 1008;

export class StreamGuard {
  readonly limits: StreamLimits;
  /** Token -> its open streams. */
  readonly #open = new Map<string, number>();
  /** The streams open now. */
  readonly #sockets = new Set<StreamSocket>();
  /** Streams dropped for falling behind, since start. */
  dropped = 0;

  constructor(limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
    if (
      !(limits.maxBufferedBytes > 0) ||
      !(Number.isInteger(limits.maxStreamsPerToken) && limits.maxStreamsPerToken > 0)
    )
      throw new Error(`invariant: stream limits ${JSON.stringify(limits)}`);
    this.limits = limits;
  }

  /**
   * Admits a stream of an authenticated `token`, or refuses it when the token already holds the
   * most it may (an `error` message `too-many-streams`, code 1008, then close 1008). An admitted
   * stream counts until it closes.
   */
  admit(socket: StreamSocket, token: string): boolean {
    const open = this.#open.get(token) ?? 0;
    if (open >= this.limits.maxStreamsPerToken) {
      socket.send(
        JSON.stringify(
          errorOf({
            status: REFUSED,
            error: 'too-many-streams',
            message: `this token already holds ${open} streams, the most one token may (close one first)`,
            field: 'token',
          }),
        ),
      );
      socket.close(REFUSED, 'too-many-streams');
      return false;
    }
    this.#open.set(token, open + 1);
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      const n = (this.#open.get(token) ?? 1) - 1;
      if (n > 0) this.#open.set(token, n);
      else this.#open.delete(token);
    });
    return true;
  }

  /** Closes every open stream with `code` and `reason` (e.g. the network re-ran: 1012). */
  closeAll(code: number, reason: string): void {
    for (const socket of [...this.#sockets]) socket.close(code, reason);
  }

  /**
   * Sends `data` on `socket`, unless its client has fallen behind by more than maxBufferedBytes:
   * then the connection is dropped at once (a close frame would queue behind what the client is
   * not reading) and its buffer freed. Returns whether `data` was sent.
   */
  send(socket: StreamSocket, data: string): boolean {
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.dropped++;
      socket.terminate();
      return false;
    }
    socket.send(data);
    return true;
  }
}
