import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { createUuidV7Generator } from '../../src/link/index.js';
import { CONVENE, useConsultApi } from '../support/consult-api.js';
import { MARKING } from '../support/embedded.js';

// A partner's consultation event must be dated when its signed item says it was made: a hostile
// Korea's acknowledgements stamped near 2^53, back-dated and forward-dated are refused everywhere,
// and the consultation goes on as if they had never been sent.

interface WsClient {
  on(event: 'message', f: (data: unknown) => void): void;
  on(event: 'close', f: () => void): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string) => WsClient;
};

const api = useConsultApi({ listen: true });
const { call, advance, audits } = api;
const ids = createUuidV7Generator();
const MIN = 60_000;

/** Korea's node signs and sends an acknowledgement dated `atMs`, whatever the time. */
function hostileAck(consultation: string, atMs: number, n: number): string {
  const now = api.net.sched.nowMs();
  const id = `KOR:hostile-ack-${n}`;
  api.net.nodes.get('KOR')!.link.publish(
    {
      id: ids.next(Math.floor(now)),
      originator: 'KOR',
      topic: 'consultation',
      marking: MARKING.KOR!,
      createdMs: now,
      concerning: api.net.scenario.launchState,
      payload: {
        kind: 'consultation-event',
        event: { id, consultation, author: 'KOR', atMs, kind: 'acknowledge', body: { nation: 'KOR' } },
      },
    },
    ['JPN', 'USA'],
  );
  return id;
}

const state = (n: Nation, id: string) => api.net.nodes.get(n)!.consult.get(id)!;
const timeRefusals = (n: Nation) =>
  audits
    .get(n)!
    .records.filter(
      (r) => r.kind === 'consult-event-refused' && (r.detail as { code: string }).code === 'event-time',
    );

describe("a partner's consultation event is dated by its signed item", () => {
  it('refuses acknowledgements stamped near 2^53, back-dated and forward-dated; deadlines, escalation, export and stream resumption are unchanged', async () => {
    const id: string = (await call('POST', '/api/JPN/consultations', 'JPN', CONVENE)).json().event.id;
    advance();
    const convenedMs = state('JPN', id).convenedAtMs!;
    expect((await call('POST', `/api/USA/consultations/${id}/acknowledge`, 'USA', {})).statusCode).toBe(200);
    advance();

    // Near 2^53: taken as sent, every later event anywhere would be dated past it, too big to write.
    const frozen = hostileAck(id, Number.MAX_SAFE_INTEGER - 1, 1);
    advance();
    for (const n of ['JPN', 'USA'] as const) {
      expect(state(n, id).applied).not.toContain(frozen);
      expect(timeRefusals(n)).toHaveLength(1);
      expect(api.net.nodes.get(n)!.status().refused.KOR?.byCode).toEqual({ 'event-time': 1 });
    }
    expect((timeRefusals('JPN')[0]!.detail as { reason: string }).reason).toMatch(
      /is dated 9007199254740990, \d+ ms from its item's signed creation time/,
    );
    // Honest events still append, dated now.
    const post = await call('POST', `/api/USA/consultations/${id}/posts`, 'USA', {
      text: 'still here',
      marking: MARKING.USA,
    });
    expect(post.statusCode).toBe(200);
    expect(post.json().event.atMs).toBeLessThan(api.net.sched.nowMs() + 1);
    advance();

    // Korea misses its deadline: Japan escalates, as it would have without the hostile event.
    advance(15 * MIN);
    const escalated = state('JPN', id);
    expect(escalated.level).toBe('ministerial');
    expect(escalated.levelHistory[1]).toMatchObject({
      by: 'JPN',
      cause: { kind: 'missed-ack', nations: ['KOR'] },
    });
    const history = escalated.levelHistory;
    const acks = escalated.acks;

    // Back-dated into the deadline (an acknowledgement "in time"), and forward-dated by six hours.
    hostileAck(id, convenedMs + MIN, 2);
    hostileAck(id, api.net.sched.nowMs() + 360 * MIN, 3);
    advance();
    for (const n of ['JPN', 'USA'] as const) {
      expect(timeRefusals(n)).toHaveLength(3);
      expect(state(n, id).levelHistory).toEqual(history);
      expect(state(n, id).acks).toEqual(acks);
    }

    // Korea's honest acknowledgement is taken everywhere (in time for the deadline the escalation set).
    expect((await call('POST', `/api/KOR/consultations/${id}/acknowledge`, 'KOR', {})).statusCode).toBe(200);
    advance();
    expect(state('JPN', id).acks.find((a) => a.nation === 'KOR')?.status).toBe('acked');

    // A statement is still agreed and exported.
    const version: string = (
      await call('POST', `/api/JPN/consultations/${id}/statements`, 'JPN', { text: 'We stand together.' })
    ).json().event.id;
    advance();
    for (const n of ['USA', 'JPN', 'KOR'] as const)
      expect((await call('POST', `/api/${n}/consultations/${id}/approve`, n, { version })).statusCode).toBe(
        200,
      );
    advance();
    const exported = await call(
      'GET',
      `/api/JPN/consultations/${id}/statements/joint/export?format=md`,
      'JPN',
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('We stand together.');

    // And the event stream resumes from the start, every event with a real time.
    const messages: { event?: { id: string; time: string } }[] = [];
    const ws = new WebSocket(`${api.address}/api/JPN/consultations/stream?token=jpn-token&after=0`);
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    const closed = new Promise<void>((resolve) => ws.on('close', resolve));
    for (let i = 0; i < 500 && !messages.some((m) => m.event?.id === version); i++)
      await new Promise((r) => setTimeout(r, 10));
    ws.close();
    await closed;
    const events = messages.filter((m) => m.event?.id.startsWith('KOR:'));
    expect(events.map((m) => m.event!.id)).not.toContain(frozen);
    expect(messages.some((m) => m.event?.id === version)).toBe(true);
    for (const m of messages) if (m.event) expect(Number.isNaN(Date.parse(m.event.time))).toBe(false);

    // The node's status, as its operators read it, counts Korea's refusals.
    const status = await call('GET', '/api/JPN/status', 'JPN');
    expect(status.statusCode).toBe(200);
    expect(status.json().refused).toEqual({ KOR: { total: 3, byCode: { 'event-time': 3 } } });
    expect(status.json().faults.total).toBe(0);
  });
});
