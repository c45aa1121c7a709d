import { createRequire } from 'node:module';
import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { Replay, replayRun } from '../../src/exercise/index.js';
import { encodeSentences } from '../../src/maritime/ais/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { bundled } from '../commitments/fixtures.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, memoryNetwork } from '../support/embedded.js';

// The API's contract: every route in /openapi.json has request and response schemas; every refusal
// the API makes — its own, Fastify's, a stream's — is one `error`; every answer is serialised whole
// (the response schemas drop nothing the handler returned); WebSocket tokens come as a subprotocol.

const TOKEN: Record<string, string> = { USA: 'usa-token', JPN: 'jpn-token', KOR: 'kor-token' };
const ADMIN: Record<string, string> = { USA: 'usa-admin', JPN: 'jpn-admin', KOR: 'kor-admin' };
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface WsClient {
  protocol: string;
  on(event: 'message', f: (data: unknown) => void): void;
  on(event: 'open' | 'close', f: () => void): void;
  on(event: 'close', f: (code: number) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (
    url: string,
    protocols?: string[],
    options?: { headers?: Record<string, string> },
  ) => WsClient;
};

/** One exchange as the app saw it: the payload a handler returned and the bytes it sent. */
interface Exchange {
  method: string;
  route: string;
  status: number;
  payload: unknown;
  sent: string;
}

let net: EmbeddedNetwork;
let app: FastifyInstance;
let store: Store;
let address = '';
const exchanges: Exchange[] = [];
const payloads = new WeakMap<object, unknown>();

beforeAll(async () => {
  const scenario = irbmScenario();
  const registry = bundled();
  net = memoryNetwork({ scenario: { ...scenario, watch: [] }, commitments: () => registry });
  net.runUntil(scenario.startMs + 230_000);
  store = openStore(':memory:');
  store.audit.append({
    tMs: 1,
    kind: 'egress-allow',
    actor: 'JPN',
    subject: 'x',
    detail: { rule: 'agreement' },
  });
  const agreements = bundledRegistry();
  app = await buildApi({
    nodes: net.nodes,
    clock: net.sched,
    registry: () => agreements,
    tokens: new Map(Object.entries(TOKEN).map(([n, t]) => [t, n as Nation])),
    adminTokens: new Map(Object.entries(ADMIN).map(([n, t]) => [t, n as Nation])),
    audits: new Map([['JPN', store.audit]]),
    streamPeriodMs: 20,
    // The replay of this network, its clock standing (a wall clock that does not move).
    replay: new Replay({
      scenarios: () => [
        {
          name: scenario.name,
          description: scenario.description,
          durationS: scenario.durationS,
          nations: scenario.nations,
        },
      ],
      scenario: scenario.name,
      build: () => replayRun(net, () => {}),
      speed: 1,
      wallNowMs: () => 0,
    }),
  });
  // What each handler returned, before serialisation, and what went out.
  app.addHook('preSerialization', async (req, _reply, payload) => {
    payloads.set(req, structuredClone(payload));
    return payload;
  });
  app.addHook('onSend', async (req, reply, sent) => {
    if (
      typeof sent === 'string' &&
      reply.getHeader('content-type')?.toString().startsWith('application/json')
    )
      exchanges.push({
        method: req.method,
        route: req.routeOptions.url ?? '(none)',
        status: reply.statusCode,
        payload: payloads.get(req),
        sent,
      });
    return sent;
  });
  address = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http://', 'ws://');
}, 60_000);

afterAll(async () => {
  await app?.close();
  net?.close();
  store?.close();
});

const call = (
  method: 'GET' | 'POST',
  url: string,
  token: string | null,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as string } : {}),
  });

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
type Operation = {
  parameters?: { name: string; in: string; schema?: unknown; deprecated?: boolean }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

async function openapi(): Promise<Doc> {
  return (await call('GET', '/openapi.json', null)).json() as Doc;
}

/** Ajv over the whole document, so that `#/components/schemas/...` references resolve. */
function validatorOf(doc: Doc) {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  ajv.addSchema(doc as object, 'doc');
  return (pointer: string, value: unknown): string | null => {
    const ok = ajv.validate({ $ref: `doc#${pointer}` }, value);
    return ok ? null : ajv.errorsText(ajv.errors);
  };
}

/** JSON pointer of an operation's response schema. */
const responsePointer = (path: string, method: string, status: string, media = 'application/json') =>
  ['', 'paths', path, method, 'responses', status, 'content', media, 'schema']
    .map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1')))
    .join('/');

/** Every schema object in `x` with its place, to look for what a documented payload may not hold. */
function* schemasIn(x: unknown, at = ''): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(x)) {
    for (const [i, v] of x.entries()) yield* schemasIn(v, `${at}/${i}`);
  } else if (x !== null && typeof x === 'object') {
    yield [at, x as Record<string, unknown>];
    for (const [k, v] of Object.entries(x)) yield* schemasIn(v, `${at}/${k}`);
  }
}

let mmsi = 1_000;
/**
 * AIS lines of a vessel with an invalid MMSI into Japan's node (whose desk has no reference data):
 * the identity detector's event, its id.
 */
function maritimeEvent(): string {
  const desk = net.nodes.get('JPN')!.maritime;
  const m = ++mmsi;
  for (const l of encodeSentences({
    class: 'AIS',
    type: 1,
    mmsi: m,
    lat: 30,
    lon: 125,
    speed: 5,
    course: 9,
    heading: 9,
  }))
    desk.ingestNmea(l, net.sched.nowMs(), 'udp://0.0.0.0:10110');
  return desk.events({ mmsi: m })[0]!.id;
}

/** Drives every refusal path the API has; returns the responses, each with what it is about. */
async function refusals(): Promise<[string, LightMyRequestResponse][]> {
  const jpn = TOKEN.JPN!;
  const out: [string, LightMyRequestResponse][] = [];
  const add = async (what: string, r: Promise<LightMyRequestResponse>) => out.push([what, await r]);
  // Fastify's own: no route, a parameter, a query, a body it cannot read or does not take.
  await add('no route', call('GET', '/nowhere', jpn));
  await add('bad nation parameter', call('GET', '/api/japan/picture', jpn));
  await add('bad audit query', call('GET', '/api/JPN/audit?from=0', jpn));
  await add(
    'broken JSON',
    call('POST', '/api/JPN/consultations', jpn, '{', { 'content-type': 'application/json' }),
  );
  await add(
    'not JSON',
    call('POST', '/api/JPN/consultations', jpn, '<convene/>', { 'content-type': 'application/xml' }),
  );
  await add('convene without subject', call('POST', '/api/JPN/consultations', jpn, { level: 'working' }));
  // Authentication, on a read and on an action.
  await add('no token', call('GET', '/api/JPN/picture', null));
  await add('forged token', call('GET', '/api/JPN/warnings', 'forged'));
  await add('other nation', call('GET', '/api/JPN/tracks', TOKEN.KOR!));
  await add('no node', call('GET', '/api/AUS/agreements', jpn));
  await add('no audit log', call('GET', '/api/KOR/audit', TOKEN.KOR!));
  await add('bad sharing instant', call('GET', '/api/JPN/sharing?at=2019-02-30', jpn));
  await add('action without token', call('POST', '/api/JPN/consultations/JPN:x1/acknowledge', null, {}));
  await add(
    'action on another node',
    call('POST', '/api/JPN/consultations/JPN:x1/acknowledge', TOKEN.USA!, {}),
  );
  // The consultation desk's refusals.
  const convene = {
    subject: 'contract',
    level: 'working',
    participants: ['USA', 'JPN', 'KOR'],
    ackWithinMs: 900_000,
  };
  const convened = await call('POST', '/api/JPN/consultations', jpn, convene);
  expect(convened.statusCode).toBe(200);
  const id = convened.json().event.id as string;
  await add('unknown consultation', call('GET', '/api/JPN/consultations/JPN:none', jpn));
  await add('action on unknown consultation', call('POST', '/api/JPN/consultations/JPN:none/close', jpn, {}));
  await add('post without marking', call('POST', `/api/JPN/consultations/${id}/posts`, jpn, { text: 'x' }));
  await add(
    'bad marking',
    call('POST', `/api/JPN/consultations/${id}/posts`, jpn, { text: 'x', marking: 'NOT A BANNER' }),
  );
  await add('approve nothing', call('POST', `/api/JPN/consultations/${id}/approve`, jpn, {}));
  await add('unknown statement', call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, jpn));
  await call('POST', `/api/JPN/consultations/${id}/statements`, jpn, { text: 'draft' });
  await add('not agreed', call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, jpn));
  await add(
    'bad export format',
    call('GET', `/api/JPN/consultations/${id}/statements/joint/export?format=pdf`, jpn),
  );
  await add('bad export format', call('GET', '/api/JPN/export?format=shapefile', jpn));
  await add('export of another nation', call('GET', '/api/KOR/export', jpn));
  // The commitments registry's.
  const admin = ADMIN.KOR!;
  const body = {
    status: 'met',
    asOf: '2022-10-01',
    evidence: { date: '2022-09-20', source: 'MOTIE press release', text: 'resumed' },
  };
  await add('bad asOf', call('GET', '/api/KOR/commitments?asOf=2022-02-30', TOKEN.KOR!));
  await add('bad kind', call('GET', '/api/KOR/commitments?kind=wish', TOKEN.KOR!));
  await add('unknown entry', call('GET', '/api/KOR/commitments/no-such-entry', TOKEN.KOR!));
  await add('not made yet', call('GET', '/api/KOR/commitments/tscf-2024', TOKEN.KOR!));
  const status = (entry: string, token: string | null, payload: unknown) =>
    call('POST', `/api/KOR/commitments/${entry}/status`, token, payload);
  await add('edit unauthenticated', status('rec-rok-cptpp', null, body));
  await add('edit by an operator', status('rec-rok-cptpp', TOKEN.KOR!, body));
  await add('edit by another nation', status('rec-rok-cptpp', ADMIN.JPN!, body));
  await add('edit body shape', status('rec-rok-cptpp', admin, { ...body, status: 'done' }));
  await add('edit day not real', status('rec-rok-cptpp', admin, { ...body, asOf: '2022-02-30' }));
  await add('edit not owner', status('jpn-export-curbs-2019', admin, body));
  await add(
    'approve unknown proposal',
    call('POST', '/api/KOR/commitments/us-kor-sma-11/approvals', admin, { proposal: 'USA:none' }),
  );
  await add('edit unknown entry', status('no-such-entry', admin, body));
  await add('edit invalid', status('rec-rok-cptpp', admin, { ...body, asOf: '2022-10-04' }));
  // The governance desk's.
  const act = (token: string | null, payload: unknown) =>
    call('POST', '/api/KOR/governance/acts', token, payload);
  await add('act by an operator', act(TOKEN.KOR!, { kind: 'suspend', target: 'jpn-kor-gsomia-2016' }));
  await add('act of unknown kind', act(admin, { kind: 'abrogate', target: 'jpn-kor-gsomia-2016' }));
  await add('act by a non-party', act(admin, { kind: 'suspend', target: 'us-jpn-gsomia-2007' }));
  await add(
    'act with an unknown level',
    act(admin, { kind: 'narrow', target: 'jpn-kor-gsomia-2016', body: { maxLevel: 'ULTRA' } }),
  );
  await add('bad agreements instant', call('GET', '/api/KOR/agreements?at=2019-02-30', TOKEN.KOR!));
  // The maritime desk's.
  const event = maritimeEvent();
  await add('bad bbox', call('GET', '/api/JPN/vessels?bbox=1,2,3', jpn));
  await add('unknown vessel', call('GET', '/api/JPN/vessels/999999999', jpn));
  await add('unknown event', call('POST', '/api/JPN/maritime-events/none/acknowledge', jpn, {}));
  await add('dismiss without reason', call('POST', `/api/JPN/maritime-events/${event}/dismiss`, jpn, {}));
  await call('POST', `/api/JPN/maritime-events/${event}/acknowledge`, jpn, {});
  await add('acknowledged twice', call('POST', `/api/JPN/maritime-events/${event}/acknowledge`, jpn, {}));
  return out;
}

describe('the API contract', () => {
  it('documents every route with request and response schemas, none open', async () => {
    const doc = await openapi();
    const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(23);
    for (const { path, method, op } of routes) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        expect(
          op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema,
          `${where} {${name}}`,
        ).toBeDefined();
      for (const p of op.parameters ?? []) expect(p.schema, `${where} ?${p.name}`).toBeDefined();
      if (method === 'post')
        expect(op.requestBody?.content['application/json']?.schema, `${where} body`).toBeDefined();
      const statuses = Object.keys(op.responses);
      expect(statuses.length, where).toBeGreaterThan(0);
      for (const s of statuses) {
        const content = Object.values(op.responses[s]!.content ?? {});
        expect(content.length, `${where} ${s}`).toBeGreaterThan(0);
        for (const c of content) expect(c.schema, `${where} ${s}`).toBeDefined();
      }
      // An HTTP route answers its refusals as `error`s; a stream sends them as messages.
      if (!statuses.includes('101'))
        for (const s of statuses.filter((x) => Number(x) >= 400))
          expect(op.responses[s]!.content!['application/json']!.schema, `${where} ${s}`).toEqual({
            $ref: '#/components/schemas/error',
          });
    }
    // No documented payload is open, and nothing came out of the zod schemas empty but the audit detail.
    for (const [at, s] of schemasIn(doc)) {
      expect(s.additionalProperties, at).not.toBe(true);
      if (at.endsWith('/schema') || at.includes('/properties/') || at.endsWith('/items'))
        if (Object.keys(s).length === 0) expect(at, 'an empty schema').toMatch(/\/detail$/);
    }
    for (const id of ['error', 'nation', 'marking', 'isoInstant'])
      expect(doc.components.schemas[id], id).toBeDefined();
    // The deprecated query token is marked so; the subprotocol is how to send it.
    for (const p of [
      '/api/{nation}/stream',
      '/api/{nation}/consultations/stream',
      '/api/{nation}/maritime/stream',
    ]) {
      const op = doc.paths[p]!.get!;
      expect(op.parameters!.find((x) => x.name === 'token')).toMatchObject({ in: 'query', deprecated: true });
      expect(JSON.stringify(op)).toContain('concord.token.<token>');
    }
  });

  it('answers every refusal as one `error`, its code the HTTP status', async () => {
    const doc = await openapi();
    const check = validatorOf(doc);
    const seen = new Set<string>();
    for (const [what, r] of await refusals()) {
      expect(r.statusCode, what).toBeGreaterThanOrEqual(400);
      const body = r.json() as { error: string; code: number; message: string; field?: string };
      expect(check('/components/schemas/error', body), what).toBeNull();
      expect(body.code, what).toBe(r.statusCode);
      expect(body.message.length, what).toBeGreaterThan(10);
      seen.add(`${r.statusCode} ${body.error}`);
    }
    // The machine-readable values clients switch on are today's.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        '404 not-found',
        '400 bad-request',
        '415 unsupported-media-type',
        '401 refused',
        '403 refused',
        '404 refused',
        '404 unknown-consultation',
        '422 bad-marking',
        '404 unknown-statement',
        '422 not-agreed',
        '400 bad-query',
        '404 unknown-entry',
        '404 not-made',
        '401 unauthenticated',
        '403 not-administrator',
        '403 other-nation',
        '400 bad-body',
        '403 not-owner',
        '422 unknown-proposal',
        '422 invalid',
        '404 unknown-vessel',
        '404 unknown-event',
        '400 missing-field',
        '409 illegal-transition',
      ]),
    );
  });

  it('names the field of a bad parameter, query or body', async () => {
    const jpn = TOKEN.JPN!;
    expect((await call('GET', '/api/japan/picture', jpn)).json()).toMatchObject({
      code: 400,
      field: 'nation',
    });
    expect((await call('GET', '/api/JPN/audit?limit=0', jpn)).json()).toMatchObject({ field: 'limit' });
    const r = await call('POST', '/api/JPN/consultations', jpn, {
      subject: 's',
      level: 'working',
      participants: ['JPN', 'USA'],
    });
    expect(r.json()).toMatchObject({ error: 'bad-request', field: 'ackWithinMs' });
    expect(r.json().message).toContain('ackWithinMs');
    const day = await call('POST', '/api/KOR/commitments/rec-rok-cptpp/status', ADMIN.KOR!, {
      status: 'met',
      asOf: '2022-02-30',
      evidence: { date: '2022-09-20', source: 'x', text: 'y' },
    });
    expect(day.json()).toMatchObject({ error: 'bad-body', field: 'asOf' });
    expect(day.json().message).toContain('2022-02-30');
  });

  it('answers a failure inside the node as an `error` 500, not its details', async () => {
    // A node whose registry fails (the agreements route reads the node's folded registry).
    const jpnNode = net.nodes.get('JPN')!;
    const failing = Object.assign(Object.create(jpnNode) as typeof jpnNode, {
      registry: () => {
        throw new Error('registry file vanished');
      },
    });
    const broken = await buildApi({
      nodes: new Map([['JPN', failing]]),
      clock: net.sched,
      registry: () => {
        throw new Error('registry file vanished');
      },
      tokens: new Map([['jpn-token', 'JPN']]),
    });
    const r = await broken.inject({
      method: 'GET',
      url: '/api/JPN/agreements',
      headers: { authorization: 'Bearer jpn-token' },
    });
    await broken.close();
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ error: 'internal', code: 500 });
    expect(r.json().message).not.toContain('vanished');
    expect(validatorOf(await openapi())('/components/schemas/error', r.json())).toBeNull();
  });

  it('serialises every answer whole, and each matches its documented schema', async () => {
    const doc = await openapi();
    const check = validatorOf(doc);
    exchanges.length = 0;
    // One success on every JSON route.
    const jpn = TOKEN.JPN!;
    for (const url of [
      '/health',
      '/api/JPN/picture',
      '/api/JPN/tracks',
      '/api/JPN/warnings',
      '/api/JPN/agreements',
      '/api/JPN/audit',
      '/api/JPN/status',
      '/api/JPN/sharing?at=2019-11-22',
      '/api/JPN/session',
      '/api/JPN/indicators',
      '/api/JPN/commitments?paper=wilson-2022',
    ])
      expect((await call('GET', url, jpn)).statusCode, url).toBe(200);
    const object = (await call('GET', '/api/JPN/picture', jpn)).json().tracks[0].id as string;
    expect((await call('GET', `/api/JPN/picture/${object}`, jpn)).statusCode).toBe(200);
    expect((await call('GET', '/api/JPN/trajectories', jpn)).statusCode).toBe(200);
    const convene = {
      subject: 'whole',
      level: 'working',
      participants: ['USA', 'JPN', 'KOR'],
      ackWithinMs: 900_000,
    };
    const id = (await call('POST', '/api/JPN/consultations', jpn, convene)).json().event.id as string;
    const act = async (nation: string, route: string, body: unknown) => {
      const r = await call('POST', `/api/${nation}/consultations/${id}/${route}`, TOKEN[nation]!, body);
      expect(r.statusCode, `${nation} ${route}: ${r.body}`).toBe(200);
      return r.json();
    };
    const advance = () => net.runUntil(net.sched.nowMs() + 2_000);
    advance();
    for (const n of ['USA', 'KOR']) await act(n, 'acknowledge', {});
    await act('JPN', 'posts', { text: 'the launch', marking: '//JPN SECRET//REL TO USA, JPN, KOR' });
    await act('JPN', 'posts', {
      entry: 'item',
      text: 'track file',
      marking: 'UNCLASSIFIED',
      item: { title: 'tracks.csv' },
    });
    await act('JPN', 'positions', { text: 'ours', marking: '//JPN SECRET//NOFORN', about: 'joint' });
    await act('JPN', 'statements', { text: 'We condemn the launch.' });
    advance();
    await act('USA', 'reject', { reason: 'too weak' });
    for (const n of ['USA', 'JPN', 'KOR']) await act(n, 'approve', {});
    advance();
    await act('USA', 'escalate', { to: 'ministerial', form: '2+2+2', reason: 'overflight' });
    await act('JPN', 'close', { outcome: 'agreed' });
    advance();
    await act('KOR', 'readouts', { text: 'Korea condemned the launch.' });
    advance();
    for (const url of [
      '/api/JPN/consultations',
      `/api/JPN/consultations/${id}`,
      `/api/KOR/consultations/${id}`,
    ])
      expect((await call('GET', url, TOKEN[url.slice(5, 8)]!)).statusCode, url).toBe(200);
    expect((await call('GET', `/api/JPN/consultations/${id}/statements/joint/export`, jpn)).statusCode).toBe(
      200,
    );
    expect((await call('GET', '/api/KOR/commitments?status=unmet', TOKEN.KOR!)).statusCode).toBe(200);
    const edit = await call('POST', '/api/KOR/commitments/rec-rok-cptpp/status', ADMIN.KOR!, {
      status: 'in-progress',
      asOf: '2022-09-20',
      note: 'resumed',
      evidence: {
        date: '2022-09-20',
        source: { title: 'MOTIE', url: 'https://example.org/x' },
        text: 'resumed',
      },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await call('GET', '/api/KOR/commitments/rec-rok-cptpp', TOKEN.KOR!)).statusCode).toBe(200);
    // An entry Korea shares with the USA: Korea proposes, the USA approves. The link would carry the
    // proposal; in 2022 no agreement carries topic `registry`, so it is handed to the USA's desk here.
    const shared = await call('POST', '/api/KOR/commitments/us-kor-sma-11/status', ADMIN.KOR!, {
      status: 'in-progress',
      asOf: '2022-09-20',
      evidence: { date: '2022-09-20', source: 'USFK', text: 'talks opened' },
    });
    expect(shared.statusCode, shared.body).toBe(200);
    const proposal = net.nodes.get('KOR')!.commitments!.events('us-kor-sma-11').at(-1)!.event;
    net.nodes.get('USA')!.commitments!.receive({
      item: {
        id: '0193a0b0-0000-7000-8000-000000000001',
        originator: 'KOR',
        topic: 'registry',
        marking: '//KOR UNCLASSIFIED',
        createdMs: proposal.atMs,
        payload: { kind: 'registry-event', event: proposal },
      },
      sender: 'KOR',
      levelHere: 'U',
      receivedMs: proposal.atMs,
    });
    const approved = await call('POST', '/api/USA/commitments/us-kor-sma-11/approvals', ADMIN.USA!, {
      proposal: proposal.id,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().proposal).toMatchObject({ state: 'in-force', owners: ['USA', 'KOR'] });
    // A proposal that needs signatures: it changes no flow.
    const proposed = await call('POST', '/api/KOR/governance/acts', ADMIN.KOR!, {
      kind: 'propose',
      target: 'us-jpn-kor-trilateral',
      body: { change: { kind: 'admit', nation: 'AUS' } },
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    advance();
    expect((await call('GET', '/api/JPN/governance', jpn)).statusCode).toBe(200);
    expect((await call('GET', '/api/JPN/replay', jpn)).statusCode).toBe(200);
    expect((await call('GET', '/api/JPN/replay/marks', jpn)).statusCode).toBe(200);
    const paused = await call('POST', '/api/JPN/replay', jpn, { action: 'pause' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect((await call('GET', '/api/JPN/agreements/events', jpn)).statusCode).toBe(200);
    const event = maritimeEvent();
    for (const url of [
      '/api/JPN/vessels?bbox=120,20,130,40',
      `/api/JPN/vessels/${mmsi}`,
      '/api/JPN/maritime-events?status=new',
      `/api/JPN/maritime-events/${event}`,
    ])
      expect((await call('GET', url, jpn)).statusCode, url).toBe(200);
    for (const [action, body] of [
      ['acknowledge', { operator: 'Lt Sato' }],
      ['annotate', { text: 'a note' }],
      ['hand-over', { to: 'Naha watch' }],
      ['escalate', { note: 'up' }],
      ['dismiss', { reason: 'test vessel' }],
    ] as const) {
      const r = await call('POST', `/api/JPN/maritime-events/${event}/${action}`, jpn, body);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }

    const answered = exchanges.filter((e) => e.status === 200);
    const routes = new Set(answered.map((e) => `${e.method} ${e.route}`));
    // Every documented JSON route but the streams and the export (text) was answered.
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.responses['200']?.content?.['application/json'])
        .map(([m]) => `${m.toUpperCase()} ${p.replaceAll(/\{(\w+)\}/g, ':$1')}`),
    );
    expect([...routes].sort()).toEqual(
      expect.arrayContaining(documented.filter((r) => r !== 'GET /openapi.json')),
    );
    for (const e of answered) {
      const where = `${e.method} ${e.route}`;
      // Nothing the handler returned was dropped or changed by the response schema.
      expect(JSON.parse(e.sent), where).toEqual(JSON.parse(JSON.stringify(e.payload)));
      const path = e.route.replaceAll(/:(\w+)/g, '{$1}');
      expect(
        check(responsePointer(path, e.method.toLowerCase(), '200'), JSON.parse(e.sent)),
        where,
      ).toBeNull();
    }
  });

  it("exports only what the nation's node holds: GeoJSON as documented, and the same as KML", async () => {
    const doc = await openapi();
    const check = validatorOf(doc);
    // A vessel only Japan's receivers heard: in Japan's export, not in Korea's.
    const event = maritimeEvent();
    const only = net.nodes.get('JPN')!.maritime.event(event)!.event.mmsi[0]!;
    const ids = new Map<string, Set<string>>();
    for (const n of ['JPN', 'KOR'] as const) {
      const r = await call('GET', `/api/${n}/export`, TOKEN[n]!);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(() => checkGeoJson(r.body)).not.toThrow();
      const g = r.json() as { nation: string; features: { id: string; properties: { kind: string } }[] };
      expect(
        check(responsePointer('/api/{nation}/export', 'get', '200', 'application/geo+json'), g),
      ).toBeNull();
      expect(g.nation).toBe(n);
      const node = net.nodes.get(n)!;
      const of = (kind: string) =>
        g.features
          .filter((f) => f.properties.kind === kind)
          .map((f) => f.id)
          .sort();
      expect(of('track')).toEqual(
        node
          .picture()
          .map((t) => `track/${t.id}`)
          .sort(),
      );
      expect(of('vessel')).toEqual(
        node.maritime
          .vessels()
          .map((v) => `vessel/${v.mmsi}`)
          .sort(),
      );
      expect(of('warning')).toHaveLength(node.warnings().length);
      ids.set(n, new Set(g.features.map((f) => f.id)));
      const kml = await call('GET', `/api/${n}/export?format=kml`, TOKEN[n]!);
      expect(kml.statusCode).toBe(200);
      expect(kml.headers['content-type']).toMatch(/^application\/vnd\.google-earth\.kml\+xml/);
      expect(XMLValidator.validate(kml.body)).toBe(true);
      const parsed = new XMLParser({ isArray: (name) => name === 'Placemark' || name === 'Folder' }).parse(
        kml.body,
      );
      const placemarks = parsed.kml.Document.Folder.flatMap(
        (f: { Placemark?: unknown[] }) => f.Placemark ?? [],
      );
      expect(placemarks).toHaveLength(g.features.length);
    }
    expect(ids.get('JPN')!.has(`vessel/${only}`)).toBe(true);
    expect(ids.get('JPN')!.has(`maritime-event/${event}`)).toBe(true);
    expect(ids.get('KOR')!.has(`vessel/${only}`)).toBe(false);
    expect(ids.get('KOR')!.size).toBeGreaterThan(0);
  });

  it('authenticates a stream by the subprotocol, answers concord.v1, and still takes the deprecated ?token=', async () => {
    const doc = await openapi();
    const check = validatorOf(doc);
    const open = (path: string, protocols?: string[]) =>
      new Promise<{ protocol: string; first: unknown; closeCode: number | null }>((resolve, reject) => {
        const ws = new WebSocket(`${address}${path}`, protocols);
        let first: unknown;
        ws.on('error', reject);
        ws.on('message', (d) => {
          if (first !== undefined) return;
          first = JSON.parse(String(d));
          if ((first as { error?: string }).error === undefined) {
            resolve({ protocol: ws.protocol, first, closeCode: null });
            ws.close();
          }
        });
        ws.on('close', (code: number) => resolve({ protocol: ws.protocol, first, closeCode: code }));
      });
    const streams = [
      ['/api/JPN/stream', '/components/schemas/picture'],
      ['/api/JPN/consultations/stream', '/components/schemas/consultation-stream-message'],
    ] as const;
    for (const [path, schema] of streams) {
      const sub = await open(path, ['concord.v1', 'concord.token.jpn-token']);
      expect(sub.protocol, path).toBe('concord.v1');
      expect((sub.first as { nation: string }).nation, path).toBe('JPN');
      expect(check(schema, sub.first), path).toBeNull();
      const query = await open(`${path}?token=jpn-token`);
      expect((query.first as { nation: string }).nation, path).toBe('JPN');
      for (const protocols of [['concord.v1', 'concord.token.kor-token'], ['concord.v1']]) {
        const refused = await open(path, protocols);
        expect(refused.first, path).toMatchObject({ error: 'refused', code: 1008, field: 'token' });
        expect(check('/components/schemas/error', refused.first), path).toBeNull();
        expect(refused.closeCode, path).toBe(1008);
      }
    }
    const bad = await open('/api/JPN/consultations/stream?after=x', [
      'concord.v1',
      'concord.token.jpn-token',
    ]);
    expect(bad.first).toMatchObject({ error: 'bad-request', code: 1008, field: 'after' });
    expect(check('/components/schemas/error', bad.first)).toBeNull();
  });
});
