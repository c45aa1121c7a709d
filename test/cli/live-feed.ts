// A running node fed live, end to end, as the live-feed tests share it: `concord ais replay` serving
// a file over TCP, `concord start` with JPN's feed listening on UDP and KOR's connected to that
// server, and the same file replayed to JPN's port.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { freeUdpPort, type Proc, runInBackground, stop } from './run.js';

export interface LiveFeeds {
  /** The node's process (`concord start`) and its API's address. */
  readonly node: Proc;
  readonly api: string;
  /** Each nation's operator token (the data directory's tokens.json). */
  readonly tokens: Record<string, string>;
  /** JPN's feed listens on this UDP port; KOR's connects to the TCP server on this one. */
  readonly udpPort: number;
  readonly tcpPort: number;
}

/**
 * Runs `body` once the node's feeds (`--ais` or `--contacts`) are up and the replay to JPN's UDP port
 * has ended; stops the node, the sender and the server however it went. `serve` and `send` are the
 * server's and the sender's pace (`--rate`, `--speed`). Answers the node's process, stopped.
 */
export async function withLiveFeeds(
  o: {
    feed: 'ais' | 'contacts';
    file: string;
    dir: string;
    serve: readonly string[];
    send: readonly string[];
  },
  body: (feeds: LiveFeeds) => Promise<void>,
): Promise<Proc> {
  const server = runInBackground(['ais', 'replay', o.file, '--to', 'tcp://127.0.0.1:0', ...o.serve]);
  let node: Proc | undefined;
  let sender: Proc | undefined;
  try {
    await vi.waitFor(() => expect(server.out()).toMatch(/on tcp:\/\/127\.0\.0\.1:\d+/), {
      timeout: 30_000,
      interval: 100,
    });
    const tcpPort = Number(/on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(server.out())![1]);
    const udpPort = await freeUdpPort();
    node = runInBackground([
      'start',
      '--port',
      '0',
      '--speed',
      '1',
      '--data-dir',
      o.dir,
      `--${o.feed}`,
      `JPN=udp://127.0.0.1:${udpPort}`,
      `--${o.feed}`,
      `KOR=tcp://127.0.0.1:${tcpPort}`,
    ]);
    const n = node;
    const listening = new RegExp(`JPN ${o.feed === 'ais' ? 'AIS' : 'contacts'} feed: listening on udp`);
    await vi.waitFor(() => expect(n.out()).toMatch(listening), { timeout: 60_000, interval: 200 });
    const api = /API (http:\/\/\S+)/.exec(n.out())![1]!;
    const tokens = JSON.parse(readFileSync(join(o.dir, 'tokens.json'), 'utf8')) as Record<string, string>;
    sender = runInBackground(['ais', 'replay', o.file, '--to', `udp://127.0.0.1:${udpPort}`, ...o.send]);
    const s = sender;
    await vi.waitFor(() => expect(s.child.exitCode).toBe(0), { timeout: 30_000, interval: 100 });
    await body({ node: n, api, tokens, udpPort, tcpPort });
  } finally {
    if (node) await stop(node);
    if (sender) await stop(sender);
    await stop(server);
  }
  return node;
}
