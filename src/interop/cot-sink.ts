// Where CoT events go: UDP datagrams (unicast, or a multicast group such as TAK's SA group
// 239.2.3.1:6969), one event each, or a TCP stream of events (a TAK server's CoT input). The I/O
// edge of `concord cot`: a lost peer costs a counter and a reconnect, never a throw.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv4, isIPv6, type Socket } from 'node:net';
import { type BackoffOptions, backoffMs, DEFAULT_BACKOFF } from '../feeds/backoff.js';
import { type FeedAddress, parseFeedUrl } from '../feeds/url.js';

/** What a sink has done so far. */
export interface CotSinkCounters {
  /** Events handed to the socket. */
  sent: number;
  bytes: number;
  /** Events dropped: TCP not connected, or its buffer full (a CoT stream is the state now, not a log). */
  dropped: number;
  /** UDP send errors, TCP connections lost. */
  errors: number;
  connects: number;
  lastError: string | null;
  up: boolean;
}

export interface CotSink {
  readonly address: FeedAddress;
  readonly multicast: boolean;
  /** Sends one event (one datagram over UDP; over TCP, followed by a newline). */
  send(xml: string): void;
  counters(): CotSinkCounters;
  /** Resolves once the UDP socket is bound, or the first TCP connection attempt has been made. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface CotSinkOptions {
  /** Multicast TTL (hops), default 1: the local network, as TAK's SA group is used. */
  readonly ttl?: number;
  /** TCP: bytes buffered before further events are dropped, default 1 MiB. */
  readonly maxBufferedBytes?: number;
  readonly backoff?: BackoffOptions;
  readonly log?: (text: string) => void;
}

/** An IPv4 address in 224.0.0.0/4, or an IPv6 one in ff00::/8. */
export function isMulticast(host: string): boolean {
  if (isIPv4(host)) {
    const first = Number(host.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return isIPv6(host) && host.toLowerCase().startsWith('ff');
}

/**
 * Opens `udp://HOST:PORT` or `tcp://HOST:PORT` (`input` names the option in errors) for CoT events.
 *
 * @example
 * const sink = openCotSink('udp://239.2.3.1:6969', '--to'); await sink.ready;
 * sink.send(cotEventXml(e)); await sink.close();
 */
export function openCotSink(url: string, input: string, o: CotSinkOptions = {}): CotSink {
  const address = parseFeedUrl(url, input);
  return address.protocol === 'udp' ? udpSink(address, o) : tcpSink(address, o);
}

function zero(): CotSinkCounters {
  return { sent: 0, bytes: 0, dropped: 0, errors: 0, connects: 0, lastError: null, up: false };
}

function udpSink(address: FeedAddress, o: CotSinkOptions): CotSink {
  const c = zero();
  const log = o.log ?? (() => {});
  const multicast = isMulticast(address.host);
  const socket: UdpSocket = createSocket(isIPv6(address.host) ? 'udp6' : 'udp4');
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('listening', () => {
      if (multicast) socket.setMulticastTTL(o.ttl ?? 1);
      c.up = true;
      c.connects++;
      resolve();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      c.errors++;
      c.lastError = err.code ?? err.message;
      if (!c.up) reject(err);
    });
  });
  ready.catch(() => {});
  socket.bind(0);
  let closed = false;
  // Datagrams handed to the socket and not yet out: closing waits for them (a last send is not lost).
  let pending = 0;
  let drained: () => void = () => {};
  return {
    address,
    multicast,
    send: (xml) => {
      if (closed) return;
      const buf = Buffer.from(xml, 'utf8');
      c.sent++;
      c.bytes += buf.length;
      pending++;
      socket.send(buf, address.port, address.host, (err) => {
        if (--pending === 0) drained();
        if (err) {
          // Told once in a while (an unreachable port answers every datagram), counted always.
          if (c.errors++ % 1000 === 0) log(`${address.url}: ${err.message}`);
          c.lastError = (err as NodeJS.ErrnoException).code ?? err.message;
        }
      });
    },
    counters: () => ({ ...c }),
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        const shut = () => {
          c.up = false;
          try {
            socket.close(() => resolve());
          } catch {
            resolve(); // never bound
          }
        };
        if (pending === 0) return shut();
        drained = shut;
        setTimeout(shut, 1_000).unref();
      }),
  };
}

function tcpSink(address: FeedAddress, o: CotSinkOptions): CotSink {
  const c = zero();
  const log = o.log ?? (() => {});
  const maxBuffered = o.maxBufferedBytes ?? 1 << 20;
  let socket: Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;
  let closed = false;
  let firstAttempt: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    firstAttempt = resolve;
  });
  const lost = (s: Socket) => {
    if (s !== socket) return;
    socket = undefined;
    s.destroy();
    if (c.up) {
      c.errors++;
      log(`${address.url}: connection lost`);
    }
    c.up = false;
    if (closed) return;
    retry = setTimeout(open, backoffMs(attempt++, o.backoff ?? DEFAULT_BACKOFF, Math.random));
  };
  const open = () => {
    retry = undefined;
    if (closed) return;
    const s = connect({ host: address.host, port: address.port });
    socket = s;
    s.setNoDelay(true);
    s.on('connect', () => {
      c.up = true;
      c.connects++;
      attempt = 0;
      log(`connected to ${address.url}`);
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      c.lastError = err.code ?? err.message;
    });
    // A TAK server may talk back (pings, other clients' events): read and discard.
    s.on('data', () => {});
    s.on('close', () => lost(s));
    firstAttempt();
  };
  open();
  return {
    address,
    multicast: false,
    send: (xml) => {
      const s = socket;
      if (closed || !s || !c.up || s.writableLength > maxBuffered) {
        c.dropped++;
        return;
      }
      const text = `${xml}\n`;
      c.sent++;
      c.bytes += Buffer.byteLength(text);
      s.write(text);
    },
    counters: () => ({ ...c }),
    ready,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const s = socket;
      socket = undefined;
      c.up = false;
      if (s && !s.destroyed)
        await new Promise<void>((resolve) => {
          s.once('close', () => resolve());
          s.end();
          setTimeout(() => s.destroy(), 1000).unref();
        });
    },
  };
}
