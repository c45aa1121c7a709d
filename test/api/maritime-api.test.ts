import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { envelopeCrypto, generateSigningKeyPair } from '../../src/link/index.js';
import { encodeSentences } from '../../src/maritime/ais/index.js';
import { NationNode } from '../../src/node/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { squareZone, testRef } from '../maritime/support.js';

// The maritime routes over one Japanese node fed AIS lines: the vessel picture, a vessel's history,
// events and their triage, the stream; every refusal the one `error`, bad queries naming the field.

const T0 = Date.parse('2026-03-01T00:00:00Z');
const GOV = 412000001;
const OTHER = 431000002;
const TOKEN = 'jpn-token';
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (
    url: string,
    protocols?: string[],
  ) => {
    on(event: 'message', f: (data: unknown) => void): void;
    close(): void;
  };
};

let node: NationNode;
let store: Store;
let app: FastifyInstance;
let now = T0;

const position = (mmsi: number, lat: number, lon: number) =>
  encodeSentences({ class: 'AIS', type: 1, mmsi, lat, lon, speed: 8, course: 90, heading: 90, status: 0 });

function sail(mmsi: number, lat: number, lon0: number, fixes: number, source: string): void {
  for (let i = 0; i < fixes; i++) {
    for (const l of position(mmsi, lat, lon0 + i * 0.02)) node.maritime.ingestNmea(l, now, source);
    now += 60_000;
  }
}

beforeAll(async () => {
  store = openStore(':memory:');
  const keys = generateSigningKeyPair();
  const registry = bundledRegistry();
  let n = 0;
  node = new NationNode({
    nation: 'JPN',
    partners: [],
    clock: { nowMs: () => now },
    timers: { after() {} },
    transport: { send() {}, listen: () => () => {} },
    store,
    crypto: envelopeCrypto({
      nation: 'JPN',
      privateKey: keys.privateKey,
      publicKeys: new Map([['JPN', keys.publicKey]]),
      freshnessMs: 86_400_000,
    }),
    registry: () => registry,
    trackMarking: '//JPN SECRET//REL TO USA, JPN',
    newId: () => `JPN-ev-${++n}`,
    maritime: { reference: testRef({ zones: [squareZone('ts', 'territorial-sea', 30, 125, 0.2)] }) },
  });
  for (const l of encodeSentences(
    {
      class: 'AIS',
      type: 5,
      mmsi: GOV,
      imo: 9_074_729,
      shipname: 'HAIJING 2301',
      callsign: 'BXYZ',
      shiptype: 55,
    },
    { sequenceId: 1 },
  ))
    node.maritime.ingestNmea(l, now, 'udp://0.0.0.0:10110');
  sail(GOV, 30, 124.6, 20, 'udp://0.0.0.0:10110');
  sail(OTHER, 35, 139.7, 3, 'tcp://127.0.0.1:10111');
  app = await buildApi({
    nodes: new Map([['JPN', node]]),
    clock: { nowMs: () => now },
    registry: () => registry,
    tokens: new Map([
      [TOKEN, 'JPN'],
      ['usa-token', 'USA'],
    ]),
    streamPeriodMs: 20,
  });
});

afterAll(async () => {
  await app?.close();
  node?.stop();
  store?.close();
});

const get = (url: string, token: string | null = TOKEN) =>
  app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const post = (url: string, payload: unknown = {}) =>
  app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${TOKEN}` },
    payload: payload as string,
  });

describe('the maritime routes', () => {
  it('list the vessel picture, narrowed by bbox and since', async () => {
    const all = (await get('/api/JPN/vessels')).json().vessels as { mmsi: number }[];
    expect(all.map((v) => v.mmsi).sort()).toEqual([GOV, OTHER]);
    const gov = (await get('/api/JPN/vessels?bbox=124,29,126,31')).json().vessels;
    expect(gov).toEqual([
      {
        mmsi: GOV,
        lat: 30,
        lon: expect.closeTo(124.98, 4),
        speed: 8,
        course: 90,
        heading: 90,
        name: 'HAIJING 2301',
        imo: 9_074_729,
        shipType: 55,
        lastSeen: new Date(T0 + 19 * 60_000).toISOString(),
        sources: ['udp://0.0.0.0:10110'],
      },
    ]);
    const since = new Date(T0 + 20 * 60_000).toISOString();
    expect(
      (await get(`/api/JPN/vessels?since=${since}`)).json().vessels.map((v: { mmsi: number }) => v.mmsi),
    ).toEqual([OTHER]);
  });

  it('refuse bad queries as 400 naming the parameter, and other nations', async () => {
    for (const bad of ['1,2,3', 'a,b,c,d', '0,10,1,5', '0,0,200,1'])
      expect((await get(`/api/JPN/vessels?bbox=${bad}`)).json(), bad).toMatchObject({
        code: 400,
        error: expect.stringMatching(/bad-(query|request)/),
        field: 'bbox',
      });
    expect((await get('/api/JPN/vessels?since=yesterday')).json()).toMatchObject({
      code: 400,
      field: 'since',
    });
    expect((await get('/api/JPN/maritime-events?status=closed')).json()).toMatchObject({
      code: 400,
      field: 'status',
    });
    expect((await get('/api/JPN/maritime-events?type=piracy')).json()).toMatchObject({
      code: 400,
      field: 'type',
    });
    expect((await get('/api/JPN/vessels/12x')).json()).toMatchObject({ code: 400, field: 'mmsi' });
    expect(
      (await get(`/api/JPN/vessels/${GOV}?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`)).json(),
    ).toMatchObject({ code: 400, field: 'from' });
    expect((await get('/api/JPN/vessels/999999999')).json()).toMatchObject({
      code: 404,
      error: 'unknown-vessel',
    });
    expect((await get('/api/JPN/vessels', 'usa-token')).statusCode).toBe(403);
    expect((await get('/api/JPN/maritime-events', null)).statusCode).toBe(401);
  });

  it("give a vessel's identities, kept track in a time range, and its events", async () => {
    const r = (
      await get(
        `/api/JPN/vessels/${GOV}?from=${new Date(T0 + 60_000).toISOString()}&to=${new Date(T0 + 180_000).toISOString()}`,
      )
    ).json();
    expect(r.identities).toEqual([
      expect.objectContaining({ imo: 9_074_729, name: 'HAIJING 2301', callsign: 'BXYZ', shipType: 55 }),
    ]);
    expect(r.track.map((p: { time: string }) => Date.parse(p.time) - T0)).toEqual([60_000, 120_000, 180_000]);
    expect(r.track[0]).toMatchObject({
      lat: 30,
      speed: 8,
      course: 90,
      heading: 90,
      source: 'udp://0.0.0.0:10110',
    });
    expect(r.events.map((e: { type: string }) => e.type)).toEqual(['zone-entry']);
  });

  it('list events by type, since and status, and triage them: stored, audited, illegal moves 409', async () => {
    const [e] = (await get('/api/JPN/maritime-events?type=zone-entry&status=new')).json().events;
    expect(e).toMatchObject({
      type: 'zone-entry',
      mmsi: [GOV],
      zone: 'ts',
      status: { state: 'new', holder: null },
    });
    expect(e.evidence).toContainEqual({
      kind: 'government-vessel',
      detail: expect.objectContaining({ territorialSea: true }),
    });
    const url = `/api/JPN/maritime-events/${e.id}`;
    expect((await post(`${url}/acknowledge`, { operator: 'Lt Sato' })).json()).toMatchObject({
      event: { status: { state: 'acknowledged' } },
      action: { action: 'acknowledge', by: 'api:JPN/Lt Sato' },
    });
    expect((await post(`${url}/acknowledge`)).json()).toMatchObject({
      code: 409,
      error: 'illegal-transition',
    });
    expect((await post(`${url}/dismiss`)).json()).toMatchObject({
      code: 400,
      error: 'missing-field',
      field: 'body.reason',
    });
    expect((await post(`${url}/hand-over`, { to: 'Naha watch' })).json().event.status.holder).toBe(
      'Naha watch',
    );
    expect((await post(`${url}/escalate`, { note: 'JCG HQ' })).statusCode).toBe(200);
    expect((await post(`${url}/annotate`, { text: 'second time this week' })).statusCode).toBe(200);
    expect((await post(`${url}/dismiss`, { reason: 'left' })).json().event.status.state).toBe('dismissed');
    expect((await post(`${url}/escalate`)).statusCode).toBe(409);
    expect((await post('/api/JPN/maritime-events/none/acknowledge')).json()).toMatchObject({
      code: 404,
      error: 'unknown-event',
    });
    expect((await get('/api/JPN/maritime-events?status=new')).json().events).toEqual([]);
    const page = (await get(url)).json();
    expect(page.triage.map((t: { action: string }) => t.action)).toEqual([
      'acknowledge',
      'hand-over',
      'escalate',
      'annotate',
      'dismiss',
    ]);
    expect(page.triage[4].detail).toEqual({ reason: 'left' });
    expect(store.audit.read(1, 1_000).filter((r) => r.kind === 'maritime-event-triaged')).toHaveLength(5);
  });

  it('count lines, records, garbage and events in the status', async () => {
    node.maritime.ingestNmea('$GPGGA,not,ais*00', now, 'udp://0.0.0.0:10110');
    const s = (await get('/api/JPN/status')).json();
    expect(s.maritime).toMatchObject({
      lines: 2 + 20 + 3 + 1,
      records: 24,
      garbage: 1,
      events: 1,
      vessels: 2,
    });
    expect(s.maritime.garbageByReason).toEqual({ notAis: 1 });
  });

  it('streams the vessels heard and each new event', async () => {
    const address = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http://', 'ws://');
    const ws = new WebSocket(`${address}/api/JPN/maritime/stream?bbox=139,34,141,36`, [
      'concord.v1',
      `concord.token.${TOKEN}`,
    ]);
    const messages: { type: string; vessels?: { mmsi: number }[]; event?: { type: string } }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    const until = async (f: () => boolean) => {
      for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => messages.length > 0);
    expect(messages[0]).toMatchObject({ type: 'vessels', vessels: [{ mmsi: OTHER }] });
    // An invalid MMSI in the box: the identity detector's event, then the vessel.
    for (const l of position(12345, 35, 140)) node.maritime.ingestNmea(l, now, 'rx');
    await until(
      () => messages.some((m) => m.type === 'event') && messages.some((m) => m.vessels?.[0]?.mmsi === 12345),
    );
    expect(messages.find((m) => m.type === 'event')?.event?.type).toBeDefined();
    ws.close();
  });
});

describe('maritime sharing over the routes', () => {
  const GOV2 = 412000009;
  const received = (payload: unknown, id: string) =>
    node.maritime.receive(
      {
        item: { id, originator: 'USA', topic: 'maritime', marking: 'UNCLASSIFIED', createdMs: now, payload },
        sender: 'USA',
        levelHere: 'UNCLASSIFIED',
        receivedMs: now,
      },
      () => {
        throw new Error('refused');
      },
      5_000,
    );

  it('escalate takes a marking (a bad one is 422 naming it) and says what was published to whom', async () => {
    sail(GOV2, 30, 124.6, 20, 'udp://0.0.0.0:10110');
    const [e] = (await get('/api/JPN/maritime-events?type=zone-entry&status=new')).json().events;
    expect(e).toMatchObject({ mmsi: [GOV2], originator: 'JPN', marking: null });
    const url = `/api/JPN/maritime-events/${e.id}`;
    expect((await post(`${url}/escalate`, { marking: '//JPN SECRET//FOO' })).json()).toMatchObject({
      code: 422,
      error: 'bad-marking',
      field: 'body.marking',
    });
    const r = (await post(`${url}/escalate`, { marking: '//JPN CONFIDENTIAL//REL TO USA, JPN' })).json();
    expect(r).toMatchObject({
      event: { marking: '//JPN CONFIDENTIAL//REL TO USA, JPN', status: { state: 'escalated' } },
      action: { detail: { marking: '//JPN CONFIDENTIAL//REL TO USA, JPN' } },
      // This node has no partners: published, to no one.
      published: { kind: 'maritime-event', decisions: [] },
    });
    expect((await post(`${url}/dismiss`, { reason: 'left' })).json().published.kind).toBe(
      'maritime-event-withdrawal',
    );
  });

  it("list a partner's events with originator and marking, read-only (409), and its vessels as the partner's", async () => {
    const startMs = Math.floor(now) - 60_000;
    received(
      {
        kind: 'maritime-event',
        id: 'us-ev-1',
        type: 'dark',
        mmsi: [],
        startMs,
        endMs: null,
        latDeg: 30.1,
        lonDeg: 125,
        confidence: 0.8,
        evidence: [{ kind: 'contact', sensor: 'sar' }],
      },
      'item-1',
    );
    received(
      {
        kind: 'vessel-state-batch',
        states: [
          {
            kind: 'vessel-state',
            mmsi: 440_000_001,
            tMs: startMs,
            latDeg: 30.2,
            lonDeg: 125.1,
            speedKn: 1,
            courseDeg: null,
            headingDeg: null,
          },
        ],
      },
      'item-2',
    );
    const [theirs] = (await get('/api/JPN/maritime-events?type=dark')).json().events;
    expect(theirs).toMatchObject({
      id: 'USA:us-ev-1',
      originator: 'USA',
      marking: 'UNCLASSIFIED',
      start: new Date(startMs).toISOString(),
      evidence: [{ kind: 'contact', detail: { sensor: 'sar' } }],
      status: { state: 'escalated', holder: null },
    });
    expect((await get('/api/JPN/maritime-events/USA:us-ev-1')).json().triage).toEqual([]);
    expect(
      (await post('/api/JPN/maritime-events/USA:us-ev-1/dismiss', { reason: 'x' })).json(),
    ).toMatchObject({
      code: 409,
      error: 'partner-event',
    });
    // A partner's event is never in an own triage state.
    const fresh = (await get('/api/JPN/maritime-events?status=new')).json().events as {
      originator: string;
    }[];
    expect(fresh.every((e) => e.originator === 'JPN')).toBe(true);
    expect((await get('/api/JPN/vessels?bbox=125,30,125.2,30.3')).json().vessels).toEqual([
      expect.objectContaining({ mmsi: 440_000_001, sources: ['partner:USA'], positionSource: 'partner:USA' }),
    ]);
    received({ kind: 'maritime-event-withdrawal', id: 'us-ev-1', tMs: Math.floor(now) }, 'item-3');
    expect(
      (await get('/api/JPN/maritime-events?status=withdrawn')).json().events.map((e: { id: string }) => e.id),
    ).toEqual(['USA:us-ev-1']);
    expect((await get('/api/JPN/maritime-events?status=escalated&type=dark')).json().events).toEqual([]);
  });
});
