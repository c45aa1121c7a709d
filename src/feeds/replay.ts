import { createSocket } from 'node:dgram';
import { createServer, isIPv6, type Socket } from 'node:net';
import type { ScheduledMessage } from './schedule.js';
import type { FeedAddress } from './url.js';

/** Fits a UDP payload in one Ethernet frame (1,500 - 20 IPv4 - 8 UDP), so nothing is fragmented. */
export const MAX_DATAGRAM_BYTES = 1_472;

export interface ReplayCounts {
  messages: number;
  lines: number;
  /** UDP: datagrams sent. TCP: clients served. */
  sends: number;
}

/**
 * Runs a schedule against the clock: `send(batch)` gets every message due, in order, as soon as
 * it is due (a late timer sends the overdue ones together). Resolves when all are sent or
 * `signal` aborts.
 */
async function runSchedule(
  schedule: readonly ScheduledMessage[],
  send: (batch: readonly ScheduledMessage[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  const start = performance.now();
  let i = 0;
  while (i < schedule.length && !signal?.aborted) {
    const waitMs = schedule[i]!.atMs - (performance.now() - start);
    if (waitMs > 1) await sleep(Math.min(waitMs, 1_000), signal);
    if (signal?.aborted) return;
    const now = performance.now() - start;
    let j = i;
    while (j < schedule.length && schedule[j]!.atMs <= now + 1) j++;
    if (j > i) await send(schedule.slice(i, j));
    i = j;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Packs messages into datagrams of at most `maxBytes`, in order, each message whole in one
 * datagram (a message longer than `maxBytes` goes alone), lines separated and ended by CRLF.
 */
export function packDatagrams(batch: readonly ScheduledMessage[], maxBytes = MAX_DATAGRAM_BYTES): string[] {
  const out: string[] = [];
  let cur = '';
  for (const m of batch) {
    const text = `${m.text.replaceAll('\n', '\r\n')}\r\n`;
    if (cur.length > 0 && cur.length + text.length > maxBytes) {
      out.push(cur);
      cur = '';
    }
    cur += text;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Sends a schedule as UDP datagrams to `to` (as an AIS receiver does to a plotter or a node). */
export async function replayUdp(
  schedule: readonly ScheduledMessage[],
  to: FeedAddress,
  signal?: AbortSignal,
): Promise<ReplayCounts> {
  const counts: ReplayCounts = { messages: 0, lines: 0, sends: 0 };
  const socket = createSocket(isIPv6(to.host) ? 'udp6' : 'udp4');
  // An unreachable port answers with ICMP, which surfaces as an error on a later send: a replay
  // keeps sending (the listener may come up), as a receiver would.
  socket.on('error', () => {});
  try {
    await runSchedule(
      schedule,
      async (batch) => {
        for (const d of packDatagrams(batch)) {
          await new Promise<void>((resolve) =>
            socket.send(Buffer.from(d, 'latin1'), to.port, to.host, () => resolve()),
          );
          counts.sends++;
        }
        for (const m of batch) {
          counts.messages++;
          counts.lines += m.lines;
        }
      },
      signal,
    );
  } finally {
    socket.close();
  }
  return counts;
}

export interface ReplayServer {
  /** The port listened on (useful when asked for port 0). */
  readonly port: number;
  /** Clients served the whole file so far. */
  served(): number;
  /** Clients connected now. */
  clients(): number;
  close(): Promise<void>;
}

/**
 * Listens on `at` as an NMEA TCP server (as AIS-catcher and gpsd are) and sends the schedule to
 * every client that connects, from the start, at the schedule's pace. After the last message the
 * connection stays open, quiet, until the client leaves or the server closes (a client that
 * reconnects gets the file again from the start).
 */
export async function serveReplayTcp(
  schedule: readonly ScheduledMessage[],
  at: FeedAddress,
  events: { onServed?: (client: string, lines: number) => void; onClient?: (client: string) => void } = {},
): Promise<ReplayServer> {
  const sockets = new Set<Socket>();
  const stop = new AbortController();
  let served = 0;
  const server = createServer((s) => {
    sockets.add(s);
    const who = `${s.remoteAddress}:${s.remotePort}`;
    events.onClient?.(who);
    const gone = new AbortController();
    const onAbort = () => gone.abort();
    stop.signal.addEventListener('abort', onAbort, { once: true });
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      gone.abort();
      stop.signal.removeEventListener('abort', onAbort);
    });
    let lines = 0;
    void runSchedule(
      schedule,
      async (batch) => {
        if (s.destroyed) return;
        const text = batch.map((m) => `${m.text.replaceAll('\n', '\r\n')}\r\n`).join('');
        for (const m of batch) lines += m.lines;
        // Back-pressure: a slow client slows its own replay, not the others'.
        if (!s.write(text, 'latin1')) await new Promise<void>((r) => s.once('drain', r).once('close', r));
      },
      gone.signal,
    ).then(() => {
      if (!gone.signal.aborted) {
        served++;
        events.onServed?.(who, lines);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : at.port;
  return {
    port,
    served: () => served,
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
