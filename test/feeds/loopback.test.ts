import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AisFeed,
  attachAisFeeds,
  type FeedAddress,
  openAisFeed,
  parseAisFeedSpecs,
  replaySchedule,
  replayUdp,
  serveReplayTcp,
} from '../../src/feeds/index.js';

// Loopback only. UDP gives no delivery guarantee even there: the fixture goes at a modest rate
// (2,000 sentences/s, its 119 lines in about 60 ms), at which the kernel's buffers never fill.
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'ais', 'gpsd', 'sample.aivdm');
const fileLines = readFileSync(FIXTURE, 'latin1').split('\n');
const sentLines = fileLines
  .map((l) => l.replace(/\r$/, ''))
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const N = sentLines.length;
const at = (protocol: 'udp' | 'tcp', port: number): FeedAddress => ({
  protocol,
  host: '127.0.0.1',
  port,
  url: `${protocol}://127.0.0.1:${port}`,
});
const fast = { backoff: { baseMs: 20, maxMs: 100 } };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
const track = <T extends { close(): Promise<void> }>(x: T): T => {
  closers.push(() => x.close());
  return x;
};
const until = (f: () => boolean) =>
  vi.waitFor(() => expect(f()).toBe(true), { timeout: 10_000, interval: 10 });

function rawServer(onConnection: (s: Socket, n: number) => void): Promise<{ server: Server; port: number }> {
  let n = 0;
  const server = createServer((s) => {
    s.on('error', () => {});
    onConnection(s, n++);
  });
  closers.push(() => new Promise((r) => server.close(() => r())));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

describe('replay -> feed on loopback', () => {
  it('UDP: every line of the fixture arrives, in order, multi-sentence messages in one datagram', async () => {
    expect(N).toBe(119);
    const got: string[] = [];
    const sources = new Set<string>();
    const feed: AisFeed = track(
      openAisFeed(at('udp', 0), (line, _t, source) => {
        got.push(line);
        sources.add(source);
      }),
    );
    await feed.ready;
    const counts = await replayUdp(
      replaySchedule(fileLines, { ratePerS: 2_000 }),
      at('udp', feed.localPort()!),
    );
    expect(counts.lines).toBe(N);
    await until(() => got.length === N);
    expect(got).toEqual(sentLines);
    expect(feed.counters()).toMatchObject({ lines: N, garbage: 0, connects: 1, up: true });
    expect([...sources]).toEqual(['udp://127.0.0.1:0']);
  });

  it('TCP: the replay server serves the whole fixture, in order, to each client that connects', async () => {
    const server = track(await serveReplayTcp(replaySchedule(fileLines, { ratePerS: 5_000 }), at('tcp', 0)));
    const a: string[] = [];
    const b: string[] = [];
    const fa = track(openAisFeed(at('tcp', server.port), (l) => a.push(l), fast));
    const fb = track(openAisFeed(at('tcp', server.port), (l) => b.push(l), fast));
    await until(() => a.length === N && b.length === N);
    expect(a).toEqual(sentLines);
    expect(b).toEqual(sentLines);
    await until(() => server.served() === 2);
    expect(fa.counters()).toMatchObject({ connects: 1, reconnects: 0, garbage: 0, up: true });
    expect(fb.counters().lastLineAtMs).not.toBeNull();
  });
});

describe('a TCP feed under a bad server', () => {
  it('reconnects with back-off when the server drops it mid-file, and counts it', async () => {
    const half = sentLines.slice(0, 50);
    const { port } = await rawServer((s, n) => {
      if (n === 0) {
        // Half the file and a partial line, then the connection drops.
        s.write(`${half.join('\r\n')}\r\n!AIVDM,1,1,,A,13u`, () => s.destroy());
      } else {
        s.write(`${sentLines.join('\r\n')}\r\n`);
      }
    });
    const got: string[] = [];
    const feed = track(openAisFeed(at('tcp', port), (l) => got.push(l), fast));
    await until(() => got.length === 50 + N);
    expect(got).toEqual([...half, ...sentLines]);
    const c = feed.counters();
    expect(c.connects).toBeGreaterThanOrEqual(2);
    expect(c.reconnects).toBeGreaterThanOrEqual(1);
    // The partial line of the dropped connection is counted, never completed by the next one.
    expect(c.garbage).toBe(1);
  });

  it('counts garbage from a garbage-spewing server without throwing, and keeps its good lines', async () => {
    const { port } = await rawServer((s) => {
      s.write(Buffer.from([0, 1, 2, 0xff, 0xfe, 10])); // binary
      s.write(Buffer.from([0x21, 0xc3, 0x28, 13, 10])); // bad UTF-8
      s.write(`${'Z'.repeat(5_000)}\n`); // over-long
      s.write('!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\r\n');
      s.write(Buffer.alloc(10_000, 0x80)); // binary without any LF: over-long garbage
    });
    const got: string[] = [];
    const feed = track(openAisFeed(at('tcp', port), (l) => got.push(l), { ...fast, maxLineBytes: 200 }));
    await until(() => feed.counters().garbage === 4);
    expect(got).toEqual(['!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5C']);
    expect(feed.counters()).toMatchObject({ lines: 1, overlong: 2, up: true });
  });

  it('treats a silent connection as a stall and reconnects; a sink that throws is counted', async () => {
    const { port } = await rawServer((s, n) => {
      if (n > 0) s.write('!one\r\n!two\r\n');
    });
    const sink = vi.fn((line: string) => {
      if (line === '!one') throw new Error('desk bug');
    });
    const feed = track(openAisFeed(at('tcp', port), sink, { ...fast, stallMs: 150 }));
    await until(() => feed.counters().lines === 2);
    expect(feed.counters()).toMatchObject({ stalls: 1, sinkErrors: 1 });
    expect(sink.mock.calls.map((c) => c[0])).toEqual(['!one', '!two']);
  });

  it('keeps trying a refused address, and stops for good on close', async () => {
    const { port, server } = await rawServer(() => {});
    await new Promise((r) => server.close(r));
    const feed = openAisFeed(at('tcp', port), () => {}, fast);
    await until(() => feed.counters().reconnects >= 3);
    expect(feed.counters()).toMatchObject({ connects: 0, lastError: 'ECONNREFUSED', up: false });
    await feed.close();
    const after = feed.counters().reconnects;
    await new Promise((r) => setTimeout(r, 250));
    expect(feed.counters().reconnects).toBe(after);
  });
});

describe('attachAisFeeds', () => {
  it("sends each nation's lines to its sink and reports each feed on a status line", async () => {
    const server = track(
      await serveReplayTcp(replaySchedule(['!a', '!b'], { ratePerS: 1_000 }), at('tcp', 0)),
    );
    const jpn: string[] = [];
    const log: string[] = [];
    const attached = track(
      attachAisFeeds(
        parseAisFeedSpecs([
          `JPN=tcp://127.0.0.1:${server.port}`,
          'KOR=udp://127.0.0.1:0'.replace(':0', ':1'),
        ]).map((s) => (s.protocol === 'udp' ? { ...s, port: 0 } : s)),
        (n) => (line) => {
          if (n === 'JPN') jpn.push(line);
        },
        (t) => log.push(t),
        fast,
      ),
    );
    await attached.ready;
    await until(() => jpn.length === 2);
    expect(jpn).toEqual(['!a', '!b']);
    expect(attached.statusLines()).toEqual([
      `JPN AIS feed tcp://127.0.0.1:${server.port}: 2 lines, connected`,
      'KOR AIS feed udp://127.0.0.1:1: 0 lines, listening',
    ]);
    expect(log).toContain(`JPN AIS feed: connected to tcp://127.0.0.1:${server.port}`);
  });
});
