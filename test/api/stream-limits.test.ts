import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CONVENE, TOKEN, useConsultApi } from '../support/consult-api.js';

// The bounds of the WebSocket streams, with real `ws` clients on a listening API: a client that does
// not read is dropped once the node holds more than maxBufferedBytes for it, and a token holds at
// most maxStreamsPerToken streams.

/** The `ws` client (a dependency of @fastify/websocket, without types here). */
interface WsClient {
  on(event: 'message', f: (data: unknown) => void): void;
  on(event: 'close', f: (code: number) => void): void;
  on(event: 'open', f: () => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  pause(): void;
  resume(): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, options?: { headers?: Record<string, string> }) => WsClient;
};

const MAX_BUFFERED_BYTES = 64 * 1024;
const api = useConsultApi({
  listen: true,
  api: { streamLimits: { maxBufferedBytes: MAX_BUFFERED_BYTES, maxStreamsPerToken: 2 } },
});

interface Message {
  type?: string;
  error?: string;
  code?: number;
  field?: string;
}

/** A real client as Korea's operator (or `token`'s), collecting every message; `closed` resolves with the close code. */
function connect(path: string, token: string = TOKEN.KOR) {
  const messages: Message[] = [];
  const ws = new WebSocket(`${api.address}${path}`, { headers: { authorization: `Bearer ${token}` } });
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message));
  ws.on('error', () => {}); // a dropped connection is what some tests want
  const opened = new Promise<void>((resolve) => ws.on('open', resolve));
  const closed = new Promise<number>((resolve) => ws.on('close', resolve));
  return { ws, messages, opened, closed };
}

async function until(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('WebSocket stream limits', () => {
  it('refuses a token its third stream (too-many-streams, close 1008), and admits it again once one closes', async () => {
    const a = connect('/api/KOR/stream');
    const b = connect('/api/KOR/consultations/stream');
    await until(() => a.messages.length > 0 && b.messages.length > 0, 'the first two streams');
    const c = connect('/api/KOR/stream');
    expect(await c.closed).toBe(1008);
    expect(c.messages).toEqual([
      expect.objectContaining({ error: 'too-many-streams', code: 1008, field: 'token' }),
    ]);
    // Another token is not affected.
    const usa = connect('/api/USA/stream', TOKEN.USA);
    await until(() => usa.messages.length > 0, "the US operator's stream");
    a.ws.close();
    await a.closed;
    const d = connect('/api/KOR/stream');
    await until(() => d.messages.length > 0, 'a stream after one closed');
    expect(d.messages[0]!.error).toBeUndefined();
    for (const x of [b, d, usa]) x.ws.close();
    await Promise.all([b.closed, d.closed, usa.closed]);
  });

  it('drops a client that stops reading once the node holds more than the bound for it; a reading client gets everything', async () => {
    const c = (
      await api.call('POST', '/api/JPN/consultations', 'JPN', { ...CONVENE, subject: 'slow' })
    ).json().event.id as string;
    api.advance();
    // Both on the US node, which authors the posts: the slow client and the reader hold the token's two streams.
    const slow = connect('/api/USA/consultations/stream', TOKEN.USA);
    const reader = connect('/api/USA/consultations/stream', TOKEN.USA);
    await until(() => slow.messages.length > 0 && reader.messages.length > 0, 'both streams');
    slow.ws.pause(); // reads nothing more: what the node sends piles up in the kernel, then in the node
    let dropped = false;
    void slow.closed.then(() => {
      dropped = true;
    });
    // Every post sends the consultation as the nation sees it, its timeline growing by 4,000
    // characters a post: the operating system's buffers fill within some dozens of posts.
    const text = `${'Status of the second launch. '.repeat(150)}`.slice(0, 4_000);
    let posts = 0;
    const connections = () =>
      new Promise<number>((resolve) => api.app.server.getConnections((_e, n) => resolve(n)));
    const before = await connections();
    while (posts < 400 && (await connections()) >= before) {
      const r = await api.call('POST', `/api/USA/consultations/${c}/posts`, 'USA', {
        text,
        marking: 'UNCLASSIFIED',
      });
      expect(r.statusCode).toBe(200);
      posts++;
    }
    expect(posts).toBeLessThan(400);
    // The reader got every post, all of them after the slow client was dropped too.
    const events = () => reader.messages.filter((m) => m.type === 'event').length;
    await until(() => events() === posts, 'every post at the reading client');
    // The slow client, reading again, finds the connection ended (no close frame: 1006) after
    // fewer posts than were made.
    slow.ws.resume();
    expect(await slow.closed).toBe(1006);
    expect(dropped).toBe(true);
    expect(slow.messages.filter((m) => m.type === 'event').length).toBeLessThan(posts);
    reader.ws.close();
    await reader.closed;
  }, 60_000);
});
