import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { openStore } from '../../src/store/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { irbmScenario, memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tokens = new Map<string, Nation>([
  ['usa-token', 'USA'],
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
let net: EmbeddedNetwork;
let app: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  const scenario = irbmScenario();
  const registry = bundledRegistry();
  net = memoryNetwork({ scenario, areas: loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml')) });

  // Run to a moment when Korea and the US track the missile but Japan's radars have not yet confirmed it.
  net.runUntil(scenario.startMs + 230_000);
  app = await buildApi({
    nodes: net.nodes,
    clock: net.sched,
    registry: () => registry,
    tokens,
    streamPeriodMs: 20,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  net?.close();
});

const get = (url: string, token?: string) =>
  app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('node API', () => {
  it('answers health without a token', async () => {
    const r = await get('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', nodes: TRILATERAL });
  });

  it("shows per partner what its rate let in: an honest partner's items, none held back", async () => {
    const r = await get('/api/JPN/status', 'jpn-token');
    expect(r.statusCode).toBe(200);
    const { rates } = r.json() as { rates: Record<string, Record<string, number>> };
    expect(Object.keys(rates).sort()).toEqual(['KOR', 'USA']);
    for (const partner of ['KOR', 'USA']) {
      expect(rates[partner]!.admittedItems).toBeGreaterThan(0);
      expect(rates[partner]).toMatchObject({ heldMessages: 0, refusedMessages: 0, refusedItems: 0 });
      expect(rates[partner]!.peakItemsPerS).toBeGreaterThan(0);
    }
  });

  it("shows an operator its own nation's picture, with partners' tracks in it", async () => {
    const r = await get('/api/JPN/picture', 'jpn-token');
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      tracks: { sources: { nation: string }[]; latDeg: number; altitudeM: number }[];
    };
    expect(body.tracks.length).toBe(1);
    expect(body.tracks[0]!.sources.map((s) => s.nation)).not.toContain('JPN');
    expect(body.tracks[0]!.latDeg).toBeGreaterThan(35);
    expect(body.tracks[0]!.altitudeM).toBeGreaterThan(20_000);
    const tracks = (await get('/api/JPN/tracks', 'jpn-token')).json() as {
      own: unknown[];
      partners: unknown[];
    };
    expect(tracks.own).toEqual([]);
    expect(tracks.partners.length).toBeGreaterThan(0);
  });

  it("gives an operator its nation's alerts: a notice of the launch and a boost-phase warning", async () => {
    const r = await get('/api/JPN/warnings', 'jpn-token');
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      notices: { trackId: string; sources: string[] }[];
      warnings: { reason: string; zone: string; area: string; phase: string; timeToEventS: number }[];
    };
    expect(body.notices).toEqual([expect.objectContaining({ trackId: 'KOR:1', sources: ['KOR'] })]);
    expect(body.warnings[0]).toMatchObject({
      reason: 'possible-overflight',
      zone: 'land',
      area: 'JPN land',
      phase: 'boost',
    });
    expect(body.warnings[0]!.timeToEventS).toBeGreaterThan(0);
    const kor = (await get('/api/KOR/warnings', 'kor-token')).json() as {
      warnings: { reason: string; phase: string }[];
      notices: unknown[];
    };
    // Korea, not on the missile's way, is at most told of a possible impact in its waters while the
    // missile boosts (the swept region of the burnouts still possible reaches the East Sea).
    for (const w of kor.warnings) {
      expect(w).toMatchObject({ reason: 'possible-impact', phase: 'boost' });
      // With the outline of the area swept.
      expect((w as { swept?: unknown[] }).swept?.length).toBeGreaterThan(4);
    }
    expect(kor.notices.length).toBe(1);
  });

  it('refuses a request without a valid token (401) and one for another nation (403)', async () => {
    expect((await get('/api/JPN/picture')).statusCode).toBe(401);
    expect((await get('/api/JPN/picture', 'forged')).statusCode).toBe(401);
    const r = await get('/api/JPN/picture', 'kor-token');
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toContain('KOR cannot read JPN');
    expect((await get('/api/AUS/picture', 'kor-token')).statusCode).toBe(404);
  });

  it('validates parameters by schema', async () => {
    expect((await get('/api/japan/picture', 'jpn-token')).statusCode).toBe(400);
  });

  it("lists the nation's agreements with their standing", async () => {
    const r = await get('/api/KOR/agreements', 'kor-token');
    const ids = (r.json() as { agreements: { id: string; inForce: boolean }[] }).agreements.map((a) => a.id);
    expect(ids).toContain('jpn-kor-gsomia-2016');
    expect(ids).not.toContain('ipmda-2022');
  });

  it('streams the picture over a WebSocket to an operator of that nation, and refuses another', async () => {
    // Listeners go on before the socket opens (onInit): the first message is sent at once.
    const firstMessage = (url: string, headers: Record<string, string>) =>
      new Promise<{ nation?: string; tracks?: unknown[]; error?: string }>((resolve) => {
        void app.injectWS(
          url,
          { headers },
          { onInit: (socket) => socket.once('message', (d: unknown) => resolve(JSON.parse(String(d)))) },
        );
      });
    const picture = await firstMessage('/api/JPN/stream', { authorization: 'Bearer jpn-token' });
    expect(picture).toMatchObject({ nation: 'JPN' });
    expect(picture.tracks!.length).toBe(1);
    const refused = await firstMessage('/api/JPN/stream?token=kor-token', {});
    expect(refused).toMatchObject({ error: 'refused' });
    expect(refused.tracks).toBeUndefined();
  });

  it("reads the nation's audit log, and answers 404 where a node keeps none", async () => {
    const store = openStore(':memory:');
    store.audit.append({
      tMs: 1,
      kind: 'egress-allow',
      actor: 'JPN',
      subject: 'x',
      detail: { rule: 'agreement' },
    });
    store.audit.append({
      tMs: 2,
      kind: 'egress-deny',
      actor: 'JPN',
      subject: 'y',
      detail: { rule: 'rel-to' },
    });
    const withAudit = await buildApi({
      nodes: net.nodes,
      clock: net.sched,
      registry: () => bundledRegistry(),
      tokens,
      audits: new Map([['JPN', store.audit]]),
    });
    const r = await withAudit.inject({
      method: 'GET',
      url: '/api/JPN/audit?from=2',
      headers: { authorization: 'Bearer jpn-token' },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { head: { seq: number }; records: { seq: number; kind: string }[] };
    expect(body.head.seq).toBe(2);
    expect(body.records.map((x) => [x.seq, x.kind])).toEqual([[2, 'egress-deny']]);
    expect(
      (
        await withAudit.inject({
          method: 'GET',
          url: '/api/JPN/audit',
          headers: { authorization: 'Bearer kor-token' },
        })
      ).statusCode,
    ).toBe(403);
    await withAudit.close();
    store.close();
    expect((await get('/api/JPN/audit', 'jpn-token')).statusCode).toBe(404);
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await get('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/{nation}/picture',
        '/api/{nation}/tracks',
        '/api/{nation}/agreements',
        '/api/{nation}/commitments',
        '/api/{nation}/commitments/{id}',
        '/api/{nation}/commitments/{id}/status',
        '/api/{nation}/consultations/stream',
        '/api/{nation}/consultations/{id}/statements/{statement}/export',
      ]),
    );
  });
});
