import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { CONVENE, useConsultApi } from '../support/consult-api.js';

// Readouts, private positions, the statement export and the WebSocket stream of consultation events,
// through the API of the embedded three-nation network.

/** The `ws` client (a dependency of @fastify/websocket, without types here). */
interface WsClient {
  on(event: 'message', f: (data: unknown) => void): void;
  on(event: 'open' | 'close', f: () => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, options?: { headers?: Record<string, string> }) => WsClient;
};

const api = useConsultApi({ listen: true });
const { call, advance, audits } = api;
const convene = CONVENE;

const ALL: Nation[] = ['USA', 'JPN', 'KOR'];

/** Convenes (JPN), agrees `text` among the three, and returns the consultation id and version. */
async function agreed(subject: string, text: string): Promise<{ id: string; version: string }> {
  const id: string = (await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject })).json()
    .event.id;
  advance();
  const version: string = (
    await call('POST', `/api/JPN/consultations/${id}/statements`, 'JPN', { text })
  ).json().event.id;
  advance();
  for (const n of ALL) await call('POST', `/api/${n}/consultations/${id}/approve`, n, { version });
  advance();
  return { id, version };
}

interface Message {
  type?: string;
  error?: string;
  nation?: string;
  from?: string;
  seq?: number;
  event?: { kind: string; id: string; consultation: string; author: string; time: string };
  consultation?: { id: string; positions: { id: string }[] };
  consultations?: { id: string }[];
}

/** A real WebSocket client on the listening API, collecting every message. */
function connect(path: string, headers: Record<string, string> = {}) {
  const messages: Message[] = [];
  const ws = new WebSocket(`${api.address}${path}`, { headers });
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message));
  const closed = new Promise<void>((resolve) => ws.on('close', resolve));
  const waitFor = async (pred: (m: Message) => boolean, timeoutMs = 5_000): Promise<Message> => {
    const start = Date.now();
    for (;;) {
      const m = messages.find(pred);
      if (m) return m;
      if (Date.now() - start > timeoutMs) throw new Error(`no such message in ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { messages, waitFor, closed, close: () => ws.close() };
}

/**
 * A position of Japan's released to the US only, handed to Korea's desk as a signed item of Japan's
 * (however it came): held there, but not in Korea's view. Returns the event.
 */
function strayToKorea(consultation: string, id: string, text: string) {
  const t = api.net.sched.nowMs();
  const marking = '//JPN SECRET//REL TO USA, JPN';
  const event = {
    id,
    consultation,
    author: 'JPN',
    atMs: t,
    kind: 'record-position',
    body: { text, marking },
  };
  const held = api.net.nodes.get('KOR')!.consult.receive({
    item: {
      id: `item-${id}`,
      originator: 'JPN',
      topic: 'consultation',
      marking,
      createdMs: t,
      payload: { kind: 'consultation-event', event },
    },
    sender: 'JPN',
    levelHere: 'SECRET',
    receivedMs: t,
  });
  expect(held).toBe(true);
  return event;
}

describe('readouts and positions over the API', () => {
  it('publishes national readouts after the close, each shown only where its marking allows', async () => {
    const { id } = await agreed('readouts', 'The three condemn the launch. They will consult closely.');
    await call('POST', `/api/JPN/consultations/${id}/close`, 'JPN', { outcome: 'agreed' });
    advance();
    const usa = await call('POST', `/api/USA/consultations/${id}/readouts`, 'USA', {
      text: 'The three condemn the launch. The United States reaffirmed its ironclad commitment.',
    });
    expect(usa.statusCode).toBe(200);
    expect(usa.json().event).toMatchObject({ kind: 'publish-readout', author: 'USA' });
    expect(usa.json().event.body).toMatchObject({ statement: 'joint' });
    // A readout may be limited: Japan's view never shows Korea's readout for the US.
    const kor = await call('POST', `/api/KOR/consultations/${id}/readouts`, 'KOR', {
      text: 'The three condemn the launch.',
      marking: '//KOR SECRET//REL TO KOR, USA',
    });
    expect(kor.statusCode).toBe(200);
    const bad = await call('POST', `/api/KOR/consultations/${id}/readouts`, 'KOR', {
      text: 'x',
      marking: 'NOT A MARKING',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toBe('bad-marking');
    expect(
      audits
        .get('KOR')!
        .records.filter((r) => r.kind === 'consult-refused')
        .map((r) => (r.detail as { kind: string }).kind),
    ).toContain('publish-readout');
    expect((await call('POST', `/api/USA/consultations/${id}/readouts`, 'USA', {})).statusCode).toBe(400);
    advance();
    const readouts = async (n: Nation) =>
      (await call('GET', `/api/${n}/consultations/${id}`, n))
        .json()
        .readouts.map((r: { nation: string }) => r.nation)
        .sort();
    expect(await readouts('USA')).toEqual(['KOR', 'USA']);
    expect(await readouts('KOR')).toEqual(['KOR', 'USA']);
    expect(await readouts('JPN')).toEqual(['USA']);
    // The export shows the readouts the nation may see against the agreed text.
    const md = (await call('GET', `/api/USA/consultations/${id}/statements/joint/export`, 'USA')).body;
    expect(md).toContain('### USA');
    expect(md).toContain('### KOR');
    const jpnMd = (await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, 'JPN')).body;
    expect(jpnMd).not.toContain('### KOR');
  });

  it("keeps a nation's position private unless its marking and the agreements release it", async () => {
    const id: string = (
      await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'positions' })
    ).json().event.id;
    advance();
    const own = await call('POST', `/api/JPN/consultations/${id}/positions`, 'JPN', {
      text: 'Japan will not accept language on the EEZ impact.',
      marking: '//JPN SECRET//NOFORN',
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().event).toMatchObject({ kind: 'record-position', author: 'JPN' });
    const shared = await call('POST', `/api/JPN/consultations/${id}/positions`, 'JPN', {
      text: 'Japan seeks a US statement on extended deterrence.',
      marking: '//JPN SECRET//REL TO USA, JPN',
      about: 'joint',
    });
    expect(shared.statusCode).toBe(200);
    advance();
    const positions = async (n: Nation) =>
      (await call('GET', `/api/${n}/consultations/${id}`, n))
        .json()
        .positions.map((p: { text: string }) => p.text);
    expect(await positions('JPN')).toEqual([
      'Japan will not accept language on the EEZ impact.',
      'Japan seeks a US statement on extended deterrence.',
    ]);
    expect(await positions('USA')).toEqual(['Japan seeks a US statement on extended deterrence.']);
    expect(await positions('KOR')).toEqual([]);
    const list = (await call('GET', '/api/KOR/consultations', 'KOR')).json().consultations;
    expect(JSON.stringify(list)).not.toContain('extended deterrence');
    // Recorded for its own nation only: a Korean operator cannot record one on Japan's node.
    expect(
      (
        await call('POST', `/api/JPN/consultations/${id}/positions`, 'KOR', {
          text: 'x',
          marking: '//KOR SECRET//NOFORN',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('statement export', () => {
  it('exports the agreed text with who approved when, as Markdown and HTML', async () => {
    const { id, version } = await agreed('export', 'The three condemn the launch <b>today</b>.');
    const md = await call('GET', `/api/KOR/consultations/${id}/statements/joint/export?format=md`, 'KOR');
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain(`## Agreed text (version ${version},`);
    expect(md.body).toContain('> The three condemn the launch \\<b\\>today\\</b\\>.');
    for (const n of ALL) expect(md.body).toMatch(new RegExp(`^\\| ${n} \\| \\d{4}-\\d{2}-\\d{2}T`, 'm'));
    const html = await call('GET', `/api/USA/consultations/${id}/statements/joint/export?format=html`, 'USA');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<blockquote>The three condemn the launch &#60;b&#62;today&#60;/b&#62;.');
    expect(html.body.match(/<tr><td>(USA|JPN|KOR)<\/td>/g)).toHaveLength(3);
    // Markdown is the default format.
    expect(
      (await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, 'JPN')).headers[
        'content-type'
      ],
    ).toBe('text/markdown; charset=utf-8');
  });

  it('answers 404 for an unknown statement or consultation and 422 while not agreed', async () => {
    const id: string = (
      await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'draft' })
    ).json().event.id;
    const none = await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, 'JPN');
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toBe('unknown-statement');
    await call('POST', `/api/JPN/consultations/${id}/statements`, 'JPN', { text: 'draft text' });
    const draft = await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, 'JPN');
    expect(draft.statusCode).toBe(422);
    expect(draft.json()).toMatchObject({ error: 'not-agreed' });
    expect(draft.json().message).toContain("statement 'joint' is not agreed yet");
    expect(
      (await call('GET', '/api/JPN/consultations/JPN:none/statements/joint/export', 'JPN')).json().error,
    ).toBe('unknown-consultation');
    expect(
      (await call('GET', `/api/JPN/consultations/${id}/statements/joint/export?format=pdf`, 'JPN'))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, 'KOR')).statusCode,
    ).toBe(403);
  });
});

describe('consultation event stream (WebSocket)', () => {
  it('sends the current list, then each event the nation may see, own and partners', async () => {
    const before: string = (
      await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'before the stream' })
    ).json().event.id;
    advance();
    const kor = connect('/api/KOR/consultations/stream?token=kor-token');
    const usa = connect('/api/USA/consultations/stream', { authorization: 'Bearer usa-token' });
    const first = await kor.waitFor((m) => m.type === 'consultations');
    expect(first.nation).toBe('KOR');
    expect(first.consultations!.map((c) => c.id)).toContain(before);
    expect(kor.messages[0]!.type).toBe('consultations');
    await usa.waitFor((m) => m.type === 'consultations');

    const id: string = (
      await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'streamed' })
    ).json().event.id;
    advance();
    const convened = await kor.waitFor((m) => m.event?.id === id);
    expect(convened).toMatchObject({
      type: 'event',
      nation: 'KOR',
      from: 'partner',
      event: { kind: 'convene', consultation: id, author: 'JPN' },
      consultation: { id, viewer: 'KOR' },
    });
    expect(convened.event!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const ack = (await call('POST', `/api/KOR/consultations/${id}/acknowledge`, 'KOR', {})).json().event.id;
    expect(await kor.waitFor((m) => m.event?.id === ack)).toMatchObject({
      from: 'own',
      event: { kind: 'acknowledge', author: 'KOR' },
    });
    const secret = (
      await call('POST', `/api/JPN/consultations/${id}/positions`, 'JPN', {
        text: 'for the US only',
        marking: '//JPN SECRET//REL TO USA, JPN',
      })
    ).json().event.id;
    const open = (
      await call('POST', `/api/JPN/consultations/${id}/posts`, 'JPN', {
        text: 'for all',
        marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      })
    ).json().event.id;
    advance();
    const toUsa = await usa.waitFor((m) => m.event?.id === secret);
    expect(toUsa.consultation!.positions.map((p) => p.id)).toEqual([secret]);
    await kor.waitFor((m) => m.event?.id === open);
    await usa.waitFor((m) => m.event?.id === open);
    // Korea hears of the post but never of Japan's position for the US.
    expect(kor.messages.some((m) => m.event?.id === secret)).toBe(false);
    expect(JSON.stringify(kor.messages)).not.toContain('for the US only');
    // Even an event that does reach Korea's desk (as a signed item of Japan's, however it came) is
    // not streamed when Korea's view does not show it: here a position Japan released to the US only.
    const stray = strayToKorea(id, 'JPN:stray-position', 'strayed to Korea');
    expect(api.net.nodes.get('KOR')!.consult.get(id)!.applied).toContain(stray.id);
    const after = (
      await call('POST', `/api/KOR/consultations/${id}/posts`, 'KOR', {
        text: 'after the stray',
        marking: '//KOR SECRET//REL TO USA, JPN, KOR',
      })
    ).json().event.id;
    await kor.waitFor((m) => m.event?.id === after);
    expect(kor.messages.some((m) => m.event?.id === stray.id)).toBe(false);
    expect(JSON.stringify(kor.messages)).not.toContain('strayed to Korea');
    kor.close();
    usa.close();
    await Promise.all([kor.closed, usa.closed]);
  });

  it('refuses an operator of another nation, and stops sending once a client leaves', async () => {
    const refused = connect('/api/JPN/consultations/stream?token=kor-token');
    expect(await refused.waitFor(() => true)).toMatchObject({ error: 'refused' });
    await refused.closed;
    const jpn = connect('/api/JPN/consultations/stream?token=jpn-token');
    await jpn.waitFor((m) => m.type === 'consultations');
    jpn.close();
    await jpn.closed;
    await new Promise((r) => setTimeout(r, 50));
    // The desk no longer calls the departed client's listener: authoring still works, nothing is sent.
    const r = await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'after' });
    expect(r.statusCode).toBe(200);
    expect(jpn.messages.filter((m) => m.type === 'event')).toEqual([]);
  });

  it('resumes after the last seq received: only the events missed that the nation may see, in order, then new ones', async () => {
    const first = connect('/api/KOR/consultations/stream?token=kor-token');
    const list = await first.waitFor((m) => m.type === 'consultations');
    expect(list.seq).toEqual(expect.any(Number));
    first.close();
    await first.closed;

    // While Korea's client is away: Japan convenes, Korea acknowledges, Japan records a position
    // released to the US only (Korea's node never gets it) and posts for all.
    const id: string = (
      await call('POST', '/api/JPN/consultations', 'JPN', { ...convene, subject: 'while away' })
    ).json().event.id;
    advance();
    const ack = (await call('POST', `/api/KOR/consultations/${id}/acknowledge`, 'KOR', {})).json().event.id;
    const secret = (
      await call('POST', `/api/JPN/consultations/${id}/positions`, 'JPN', {
        text: 'missed, and for the US only',
        marking: '//JPN SECRET//REL TO USA, JPN',
      })
    ).json().event.id;
    const post = (
      await call('POST', `/api/JPN/consultations/${id}/posts`, 'JPN', {
        text: 'missed, for all',
        marking: '//JPN SECRET//REL TO USA, JPN, KOR',
      })
    ).json().event.id;
    advance();
    // And a position released to the US only that did reach Korea's desk (however it came): stored
    // there, not shown in Korea's view, so not replayed either.
    const stray = strayToKorea(id, 'JPN:stray-while-away', 'strayed while away');
    expect(
      api.net.nodes
        .get('KOR')!
        .consult.since(list.seq!)
        .map((r) => r.event.id),
    ).toContain(stray.id);

    const back = connect(`/api/KOR/consultations/stream?token=kor-token&after=${list.seq}`);
    const caughtUp = await back.waitFor((m) => m.event?.id === post);
    expect(back.messages.some((m) => m.type === 'consultations')).toBe(false);
    const missed = back.messages.filter((m) => m.event?.consultation === id);
    expect(missed.map((m) => [m.event!.id, m.from])).toEqual([
      [id, 'partner'],
      [ack, 'own'],
      [post, 'partner'],
    ]);
    expect(missed.every((m) => m.type === 'event' && m.nation === 'KOR')).toBe(true);
    const seqs = missed.map((m) => m.seq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seqs[0]).toBeGreaterThan(list.seq!);
    expect(caughtUp.consultation!.id).toBe(id);
    expect(JSON.stringify(back.messages)).not.toContain('for the US only');
    expect(JSON.stringify(back.messages)).not.toContain('strayed while away');
    expect(back.messages.some((m) => m.event?.id === secret)).toBe(false);

    // Then live, as a fresh client, and resuming from the last seq again replays nothing.
    const live = (
      await call('POST', `/api/KOR/consultations/${id}/posts`, 'KOR', {
        text: 'live',
        marking: '//KOR SECRET//REL TO USA, JPN, KOR',
      })
    ).json().event.id;
    const liveMsg = await back.waitFor((m) => m.event?.id === live);
    expect(liveMsg.seq).toBeGreaterThan(seqs[2]!);
    // Everything replayed was sent before the live event: the stray position was not among it.
    expect(back.messages.some((m) => m.event?.id === stray.id)).toBe(false);
    const again = connect(`/api/KOR/consultations/stream?token=kor-token&after=${liveMsg.seq}`);
    await new Promise((r) => setTimeout(r, 100));
    expect(again.messages).toEqual([]);
    back.close();
    again.close();
    await Promise.all([back.closed, again.closed]);
  });

  it("refuses an after that is not a seq, and sends the whole list for one past the node's last event", async () => {
    const bad = connect('/api/KOR/consultations/stream?token=kor-token&after=-1');
    expect(await bad.waitFor(() => true)).toEqual({
      error: 'bad-request',
      code: 1008,
      field: 'after',
      message: "after must be a whole number, the seq of the last event received, not '-1'",
    });
    await bad.closed;
    const replaced = connect('/api/KOR/consultations/stream?token=kor-token&after=999999999');
    const list = await replaced.waitFor(() => true);
    expect(list.type).toBe('consultations');
    expect(list.seq).toBeLessThan(999999999);
    replaced.close();
    await replaced.closed;
  });
});
