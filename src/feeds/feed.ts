import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import { type BackoffOptions, backoffMs, DEFAULT_BACKOFF } from './backoff.js';
import { type FeedCounters, zeroCounters } from './counters.js';
import { DEFAULT_MAX_LINE_BYTES, LineFramer } from './framing.js';
import { type FeedAddress, parseFeedUrl } from './url.js';

/**
 * Takes one NMEA line as received. The node's maritime desk has this shape
 * (`node.maritime.ingestNmea(line, receivedAtMs, source)`).
 */
export type NmeaSink = (line: string, receivedAtMs: number, source: string) => void;

export interface AisFeedOptions {
  /** Passed to the sink with every line; default the feed's URL. */
  readonly source?: string;
  readonly maxLineBytes?: number;
  /** TCP: no byte for this long (connecting included) drops the connection and reconnects. */
  readonly stallMs?: number;
  readonly backoff?: BackoffOptions;
  /** Receive times; default `Date.now`. */
  readonly nowMs?: () => number;
  /** Back-off jitter; default `Math.random`. */
  readonly random?: () => number;
  /** Told of connects, losses and socket errors (one line each, no trailing newline). */
  readonly log?: (text: string) => void;
}

/** A feed running: `counters()` reads it, `close()` stops it (no reconnects after). */
export interface AisFeed {
  readonly address: FeedAddress;
  counters(): FeedCounters;
  /** Resolves once the feed is listening (UDP) or has made its first attempt to connect (TCP). */
  readonly ready: Promise<void>;
  /** UDP: the port bound (useful when asked for port 0); TCP: undefined. */
  localPort(): number | undefined;
  close(): Promise<void>;
}

export const DEFAULT_STALL_MS = 60_000;

/**
 * Opens an AIS feed. `udp://HOST:PORT` binds there and reads NMEA datagrams (several sentences
 * each allowed, as AIS receivers and OpenCPN send them); `tcp://HOST:PORT` connects to an NMEA TCP
 * server (AIS-catcher, gpsd, `concord ais replay --to tcp://...`) and keeps reconnecting with
 * exponential back-off and jitter, a stall (no byte for `stallMs`) counting as a loss. Every good
 * line goes to `sink`; garbage is counted and skipped; nothing received throws.
 *
 * @example
 * const feed = openAisFeed('udp://0.0.0.0:10110', (line, atMs, src) => desk.ingestNmea(line, atMs, src));
 * await feed.ready; ... feed.counters().lines ...; await feed.close();
 */
export function openAisFeed(
  url: string | FeedAddress,
  sink: NmeaSink,
  options: AisFeedOptions = {},
): AisFeed {
  const address = typeof url === 'string' ? parseFeedUrl(url, 'feed') : url;
  return address.protocol === 'udp' ? udpFeed(address, sink, options) : tcpFeed(address, sink, options);
}

/** The counting around a framer: lines to the sink with their receive time, sink errors caught. */
function lineHandler(
  c: FeedCounters,
  sink: NmeaSink,
  source: string,
  nowMs: () => number,
  log: (t: string) => void,
) {
  return (line: string) => {
    const at = nowMs();
    c.lines++;
    c.lastLineAtMs = at;
    try {
      sink(line, at, source);
    } catch (err) {
      // The sink's bug must not take the feed down; say so once in a while, count always.
      if (c.sinkErrors++ % 1000 === 0)
        log(`sink failed (${err instanceof Error ? err.message : String(err)})`);
    }
  };
}

function syncCounts(c: FeedCounters, f: LineFramer, base: { garbage: number; overlong: number }): void {
  c.garbage = base.garbage + f.counts.garbage;
  c.overlong = base.overlong + f.counts.overlong;
}

function udpFeed(address: FeedAddress, sink: NmeaSink, o: AisFeedOptions): AisFeed {
  const c = zeroCounters();
  const log = o.log ?? (() => {});
  const onLine = lineHandler(c, sink, o.source ?? address.url, o.nowMs ?? Date.now, log);
  const framer = new LineFramer(onLine, o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const none = { garbage: 0, overlong: 0 };
  const socket: UdpSocket = createSocket(isIPv6(address.host) ? 'udp6' : 'udp4');
  let closed = false;
  socket.on('message', (msg) => {
    c.bytes += msg.length;
    // A datagram is whole: its last line ends with it, and nothing carries to the next one.
    framer.push(msg);
    framer.flush();
    syncCounts(c, framer, none);
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('listening', () => {
      c.connects++;
      c.up = true;
      log(`listening on ${address.url}`);
      resolve();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      c.lastError = err.code ?? err.message;
      log(`${address.url}: ${err.message}`);
      if (!c.up) reject(err);
    });
  });
  // The caller awaits `ready` to learn of a bind failure; unawaited, it must not be unhandled.
  ready.catch(() => {});
  socket.bind(address.port, address.host);
  return {
    address,
    counters: () => ({ ...c }),
    ready,
    localPort: () => (c.up ? socket.address().port : undefined),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        c.up = false;
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // never bound
        }
      }),
  };
}

function tcpFeed(address: FeedAddress, sink: NmeaSink, o: AisFeedOptions): AisFeed {
  const c = zeroCounters();
  const log = o.log ?? (() => {});
  const stallMs = o.stallMs ?? DEFAULT_STALL_MS;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const random = o.random ?? Math.random;
  const onLine = lineHandler(c, sink, o.source ?? address.url, o.nowMs ?? Date.now, log);
  const base = { garbage: 0, overlong: 0 };
  let framer = new LineFramer(onLine, o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let socket: Socket | undefined;
  let stallTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let closed = false;
  let firstAttempt: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    firstAttempt = resolve;
  });

  const armStall = (s: Socket) => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      c.stalls++;
      log(`${address.url}: no data for ${stallMs} ms, reconnecting`);
      lost(s);
    }, stallMs);
  };

  const lost = (s: Socket) => {
    if (s !== socket) return; // an old socket's late event
    socket = undefined;
    clearTimeout(stallTimer);
    s.destroy();
    // A partial line of a dropped connection is never completed: count it, start clean.
    framer.discardPartial();
    base.garbage += framer.counts.garbage;
    base.overlong += framer.counts.overlong;
    framer = new LineFramer(onLine, framer.maxLineBytes);
    syncCounts(c, framer, base);
    if (c.up) log(`${address.url}: connection lost`);
    c.up = false;
    if (closed) return;
    c.reconnects++;
    const delay = backoffMs(attempt++, backoff, random);
    retryTimer = setTimeout(open, delay);
  };

  const open = () => {
    retryTimer = undefined;
    if (closed) return;
    const s = connect({ host: address.host, port: address.port });
    socket = s;
    s.setNoDelay(true);
    armStall(s);
    let linesAtConnect = c.lines;
    s.on('connect', () => {
      linesAtConnect = c.lines;
      c.connects++;
      c.up = true;
      log(`connected to ${address.url}`);
    });
    s.on('data', (chunk: Buffer) => {
      c.bytes += chunk.length;
      framer.push(chunk);
      syncCounts(c, framer, base);
      // Back-off restarts once a connection has proved useful, not merely been accepted.
      if (c.lines > linesAtConnect) attempt = 0;
      armStall(s);
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      c.lastError = err.code ?? err.message;
    });
    s.on('close', () => lost(s));
    firstAttempt();
  };
  open();

  return {
    address,
    counters: () => ({ ...c }),
    ready,
    localPort: () => undefined,
    close: async () => {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(stallTimer);
      const s = socket;
      socket = undefined;
      c.up = false;
      if (s && !s.destroyed) {
        await new Promise<void>((resolve) => {
          s.once('close', () => resolve());
          s.destroy();
        });
      }
    },
  };
}
