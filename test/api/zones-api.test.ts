import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type MapZones } from '../../src/api/index.js';
import { loadMaritimeInputs } from '../../src/bundled/index.js';
import { bundledMapZones } from '../../src/cli/map-zones.js';
import type { Nation } from '../../src/domain/index.js';
import { envelopeCrypto, generateSigningKeyPair } from '../../src/link/index.js';
import { NationNode, parseBases } from '../../src/node/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { bundledRegistry } from '../domain/fixtures.js';

// GET /api/:nation/zones: the zones the console's map draws are the nodes' own — the computed
// territorial seas and EEZs of data/computed-zones.geojson, the bases of data/us-bases.yaml, the
// maritime desk's zones — as GeoJSON the OpenAPI document describes; refusals are the one `error`.

const ROOT = join(import.meta.dirname, '..', '..');
const BASES = join(ROOT, 'data', 'us-bases.yaml');
const TOKENS = new Map<string, Nation>([
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let stores: Store[] = [];
let ids = 0;
let app: FastifyInstance;
let bare: FastifyInstance;

function node(nation: Nation): NationNode {
  const store = openStore(':memory:');
  stores.push(store);
  const keys = generateSigningKeyPair();
  const registry = bundledRegistry();
  return new NationNode({
    nation,
    partners: [],
    clock: { nowMs: () => 0 },
    timers: { after() {} },
    transport: { send() {}, listen: () => () => {} },
    store,
    crypto: envelopeCrypto({
      nation,
      privateKey: keys.privateKey,
      publicKeys: new Map([[nation, keys.publicKey]]),
      freshnessMs: 86_400_000,
    }),
    registry: () => registry,
    trackMarking: `//${nation} SECRET`,
    newId: () => `${nation}-${++ids}`,
  });
}

beforeAll(async () => {
  const nodes = new Map<Nation, NationNode>([
    ['JPN', node('JPN')],
    ['KOR', node('KOR')],
  ]);
  const base = { nodes, clock: { nowMs: () => 0 }, registry: bundledRegistry, tokens: TOKENS };
  const bases = parseBases(readFileSync(BASES, 'utf8'), BASES);
  app = await buildApi({
    ...base,
    mapZones: bundledMapZones(bases, loadMaritimeInputs({}).ref.zones.zones),
  });
  bare = await buildApi(base);
});

afterAll(async () => {
  await app?.close();
  await bare?.close();
  for (const s of stores) s.close();
  stores = [];
});

const get = (a: FastifyInstance, url: string, token?: string) =>
  a.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/:nation/zones', () => {
  it('serves the computed zones, the bases and the maritime zones as the documented GeoJSON', async () => {
    const r = await get(app, '/api/JPN/zones', 'jpn-token');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(() => checkGeoJson(r.body)).not.toThrow();
    const doc = r.json() as MapZones;
    // As the OpenAPI document describes it.
    const openapi = (await get(app, '/openapi.json')).json() as object;
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    ajv.addSchema(openapi, 'doc');
    const ok = ajv.validate(
      {
        $ref: 'doc#/paths/~1api~1%7Bnation%7D~1zones/get/responses/200/content/application~1geo%2Bjson/schema',
      },
      doc,
    );
    expect(ok, ajv.errorsText(ajv.errors)).toBe(true);
    expect(doc.nation).toBe('JPN');
    expect(doc.note).toMatch(/approximations, not claimed or agreed boundaries/);

    // The computed zones are the shipped file's, polygon for polygon.
    const file = JSON.parse(readFileSync(join(ROOT, 'data', 'computed-zones.geojson'), 'utf8')) as {
      grid: unknown;
      features: { id: string; geometry: { coordinates: unknown } }[];
    };
    expect(doc.grid).toEqual(file.grid);
    const computed = doc.features.filter((f) => f.properties.kind === 'computed-zone');
    expect(computed.map((f) => f.id)).toEqual(file.features.map((f) => `zone/${f.id}`));
    expect(computed.map((f) => f.geometry.coordinates)).toEqual(
      file.features.map((f) => f.geometry.coordinates),
    );
    for (const id of ['zone/JPN/eez', 'zone/JPN/territorial-sea', 'zone/KOR/eez', 'zone/USA/eez'])
      expect(computed.map((f) => f.id)).toContain(id);

    // Every base warnings protect, as a point with its radius.
    const bases = parseBases(readFileSync(BASES, 'utf8'), BASES);
    const served = doc.features.filter((f) => f.properties.kind === 'base');
    expect(served.map((f) => f.id)).toEqual(bases.map((b) => `base/${b.id}`));
    const misawa = served.find((f) => f.id === 'base/misawa-ab')!;
    expect(misawa.geometry).toEqual({ type: 'Point', coordinates: [141.368, 40.703] });
    expect(misawa.properties).toMatchObject({ nation: 'USA', host: 'JPN', radiusM: 5000 });

    // The maritime desk's zones.
    expect(doc.features.filter((f) => f.properties.kind === 'maritime-zone').map((f) => f.id)).toEqual([
      'maritime-zone/senkaku-territorial-sea',
      'maritime-zone/senkaku-contiguous-zone',
    ]);

    // The same features for another nation's operator, named for that nation.
    const kor = (await get(app, '/api/KOR/zones', 'kor-token')).json() as MapZones;
    expect(kor.nation).toBe('KOR');
    expect(kor.features).toEqual(doc.features);
  });

  it('refuses as every route does: no token, another nation, no such node; 404 on a node without zones', async () => {
    const cases: [FastifyInstance, string, string | undefined, number, string][] = [
      [app, '/api/JPN/zones', undefined, 401, 'refused'],
      [app, '/api/KOR/zones', 'jpn-token', 403, 'refused'],
      [app, '/api/USA/zones', 'jpn-token', 404, 'refused'],
      [bare, '/api/JPN/zones', 'jpn-token', 404, 'not-found'],
    ];
    for (const [a, url, token, status, error] of cases) {
      const r = await get(a, url, token);
      expect(r.statusCode, `${url} ${token}: ${r.body}`).toBe(status);
      const body = r.json() as { error: string; code: number; message: string };
      expect(body.error).toBe(error);
      expect(body.code).toBe(status);
      expect(body.message.length).toBeGreaterThan(10);
    }
    expect((await get(bare, '/api/JPN/zones', 'jpn-token')).json().message).toMatch(/no map zones/);
  });
});
