import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { useConsultApi } from '../support/consult-api.js';

// The quiet streams' heartbeat: between events the consultation stream, and the maritime stream
// while no vessel is heard, say they are alive every `streamHeartbeatMs`, so a client can tell a
// quiet stream from a stalled one. Here every 50 ms (10 s by default).

interface WsClient {
  on(event: 'message', f: (data: unknown) => void): void;
  on(event: 'close', f: () => void): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, options?: { headers?: Record<string, string> }) => WsClient;
};

const EVERY_MS = 50;
const api = useConsultApi({ listen: true, api: { streamHeartbeatMs: EVERY_MS } });

interface Message {
  type?: string;
  time?: string;
  everyMs?: number;
}

function connect(path: string, token: string) {
  const messages: Message[] = [];
  const ws = new WebSocket(`${api.address}${path}`, { headers: { authorization: `Bearer ${token}` } });
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message));
  const closed = new Promise<void>((resolve) => ws.on('close', resolve));
  return { messages, closed, close: () => ws.close() };
}

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const heartbeats = (ms: Message[]) => ms.filter((m) => m.type === 'heartbeat');

describe('stream heartbeats', () => {
  it('the consultation stream sends a heartbeat between events, with its interval and the node time', async () => {
    const s = connect('/api/JPN/consultations/stream', 'jpn-token');
    await until('three heartbeats', () => heartbeats(s.messages).length >= 3);
    // The first message is still the list; heartbeats follow it.
    expect(s.messages[0]!.type).toBe('consultations');
    for (const h of heartbeats(s.messages)) {
      expect(h).toEqual({ type: 'heartbeat', time: expect.any(String), everyMs: EVERY_MS });
      expect(h.time).toBe(new Date(api.net.sched.nowMs()).toISOString());
    }
    s.close();
    await s.closed;
  });

  it('so does a resumed stream with nothing to resume, and the maritime stream while no vessel is heard', async () => {
    const list = connect('/api/KOR/consultations/stream', 'kor-token');
    await until('the list', () => list.messages.length > 0);
    const seq = (list.messages[0] as { seq: number }).seq;
    list.close();
    const resumed = connect(`/api/KOR/consultations/stream?after=${seq}`, 'kor-token');
    const maritime = connect('/api/USA/maritime/stream', 'usa-token');
    await until(
      'heartbeats on both',
      () => heartbeats(resumed.messages).length >= 2 && heartbeats(maritime.messages).length >= 2,
    );
    // Nothing but heartbeats on the resumed stream: nothing happened since `seq`.
    expect(resumed.messages.every((m) => m.type === 'heartbeat')).toBe(true);
    expect(heartbeats(maritime.messages)[0]!.everyMs).toBe(EVERY_MS);
    resumed.close();
    maritime.close();
    await Promise.all([resumed.closed, maritime.closed]);
  });

  it('the OpenAPI document lists the heartbeat among both streams’ messages', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).json();
    for (const path of ['/api/{nation}/consultations/stream', '/api/{nation}/maritime/stream']) {
      const get = doc.paths[path].get;
      expect(JSON.stringify(get.responses[101])).toContain('#/components/schemas/stream-heartbeat');
      expect(get.description).toContain('heartbeat');
    }
    expect(doc.components.schemas['stream-heartbeat'].properties.type.enum).toEqual(['heartbeat']);
  });

  it('refuses a heartbeat interval that is not a whole number of ms above 0', async () => {
    const base = {
      nodes: new Map(),
      clock: { nowMs: () => 0 },
      registry: () => undefined as never,
      tokens: new Map(),
    };
    await expect(buildApi({ ...base, streamHeartbeatMs: 0 } as never)).rejects.toThrow(/streamHeartbeatMs/);
    await expect(buildApi({ ...base, streamHeartbeatMs: 2.5 } as never)).rejects.toThrow(/streamHeartbeatMs/);
  });
});
