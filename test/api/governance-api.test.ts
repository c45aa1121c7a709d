import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { registerAgreements } from '../../src/cli/commands/agreements.js';
import type { Nation } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

// Governance acts over the API, on the nodes of the IRBM scenario (2022-10-03).

const ROOT = join(import.meta.dirname, '..', '..');
const tokens = new Map<string, Nation>([
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const adminTokens = new Map<string, Nation>([
  ['jpn-admin', 'JPN'],
  ['kor-admin', 'KOR'],
]);
const GSOMIA = 'jpn-kor-gsomia-2016';
let net: EmbeddedNetwork;
let app: Awaited<ReturnType<typeof buildApi>>;
const audits = new Map<Nation, MemoryAudit>();
let startMs = 0;

beforeAll(async () => {
  const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
  const scenario = parseScenario(
    readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
    'irbm',
    sites,
  );
  startMs = scenario.startMs;
  net = memoryNetwork({
    scenario: { ...scenario, watch: [], incidents: [], missiles: [], sensors: [] },
    audits,
  });
  net.runUntil(startMs + 1_000);
  const agreements = bundledRegistry();
  app = await buildApi({
    nodes: net.nodes,
    clock: net.sched,
    registry: () => agreements,
    tokens,
    adminTokens,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  net?.close();
});

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  });

interface AgreementRow {
  id: string;
  state: string;
  inForce: boolean;
  detail: string;
  acts: { id: string; author: string; kind: string; effective: string; summary: string }[];
}
const row = async (nation: string, token: string, at?: string) =>
  (
    (
      await call('GET', `/api/${nation}/agreements${at ? `?at=${encodeURIComponent(at)}` : ''}`, token)
    ).json() as {
      agreements: AgreementRow[];
    }
  ).agreements.find((a) => a.id === GSOMIA)!;

describe('governance over the API', () => {
  it("an administrator's suspension reaches the other party, whose agreements route shows it with the act", async () => {
    expect((await row('JPN', 'jpn-token')).state).toBe('in-force');
    const r = await call('POST', '/api/KOR/governance/acts', 'kor-admin', {
      kind: 'suspend',
      target: GSOMIA,
      body: { note: 'exercise' },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { act: { id: string; summary: string }; to: string[] };
    expect(body.to).toEqual(['JPN']);
    net.runUntil(startMs + 3_000);
    const jpn = await row('JPN', 'jpn-token');
    expect(jpn).toMatchObject({ state: 'suspended', inForce: false });
    expect(jpn.acts).toEqual([expect.objectContaining({ id: body.act.id, author: 'KOR', kind: 'suspend' })]);
    // Before the act, standing as it was, and no act listed.
    const before = await row('JPN', 'jpn-token', '2022-10-01');
    expect(before).toMatchObject({ state: 'in-force', acts: [] });
    const gov = (await call('GET', '/api/JPN/governance', 'jpn-token')).json() as { acts: { id: string }[] };
    expect(gov.acts.map((a) => a.id)).toEqual([body.act.id]);
  });

  it('refuses, naming the field and auditing it, an operator, a non-party and an unknown level; nothing is stored', async () => {
    const operator = await call('POST', '/api/JPN/governance/acts', 'jpn-token', {
      kind: 'resume',
      target: GSOMIA,
    });
    expect(operator.statusCode).toBe(403);
    expect(operator.json()).toMatchObject({ error: 'not-administrator', field: 'token' });
    const nonParty = await call('POST', '/api/JPN/governance/acts', 'jpn-admin', {
      kind: 'notice',
      target: 'us-kor-gsomia-1987',
    });
    expect(nonParty.statusCode).toBe(422);
    expect(nonParty.json()).toMatchObject({ error: 'not-party', field: 'author' });
    const level = await call('POST', '/api/JPN/governance/acts', 'jpn-admin', {
      kind: 'narrow',
      target: 'tisa-2014',
      body: { maxLevel: 'COSMIC' },
    });
    expect(level.json()).toMatchObject({ error: 'unknown-level', field: 'body.maxLevel' });
    // An act dated (now, on the node's clock: 2022-10-03) before the agreement was signed (2022-11-13).
    const early = await call('POST', '/api/JPN/governance/acts', 'jpn-admin', {
      kind: 'suspend',
      target: 'trilateral-missile-warning-2023',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ error: 'before-signature', field: 'atMs' });
    expect((early.json() as { message: string }).message).toMatch(
      /before trilateral-missile-warning-2023 was signed/,
    );
    // Only KOR may resume what KOR suspended.
    const resume = await call('POST', '/api/JPN/governance/acts', 'jpn-admin', {
      kind: 'resume',
      target: GSOMIA,
    });
    expect(resume.json()).toMatchObject({ error: 'not-suspender', field: 'author' });
    const held = (await call('GET', '/api/JPN/governance', 'jpn-token')).json() as { acts: unknown[] };
    expect(held.acts).toHaveLength(1);
    expect(audits.get('JPN')!.records.filter((x) => x.kind === 'governance-act-refused')).toHaveLength(5);
  });

  it('`concord agreements act` reports the refusal with its field, and nothing is stored', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const act = (...args: string[]) => {
      const program = new Command().exitOverride();
      registerAgreements(program);
      return program.parseAsync(['node', 'concord', 'agreements', 'act', ...args, '--node', address]);
    };
    const admin = ['--token', 'jpn-admin', '--nation', 'JPN'];
    await expect(act('notice', 'us-kor-gsomia-1987', ...admin)).rejects.toThrow(
      /refused the act \(422\).*"error":"not-party".*"field":"author"/,
    );
    await expect(act('suspend', 'trilateral-missile-warning-2023', ...admin)).rejects.toThrow(
      /refused the act \(422\).*"error":"before-signature".*"field":"atMs"/,
    );
    await expect(act('narrow', 'tisa-2014', '--max-level', 'COSMIC', ...admin)).rejects.toThrow(
      /refused the act \(422\).*"error":"unknown-level".*"field":"body.maxLevel"/,
    );
    const held = (await call('GET', '/api/JPN/governance', 'jpn-token')).json() as { acts: unknown[] };
    expect(held.acts).toHaveLength(1);
  });
});

describe('the HYPOTHETICAL lapse of gsomia-2019 over the API', () => {
  it("reads the Japan–ROK GSOMIA terminated from 2019-11-23 00:00 KST, with Korea's notice of 2019-08-23", async () => {
    const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
    const lapse = parseScenario(
      readFileSync(join(ROOT, 'scenarios', 'gsomia-2019-lapse.yaml'), 'utf8'),
      'gsomia-2019-lapse',
      sites,
    );
    const net2 = memoryNetwork({ scenario: { ...lapse, missiles: [], sensors: [] } });
    net2.runUntil(lapse.startMs + 1_000);
    const agreements = bundledRegistry();
    const app2 = await buildApi({ nodes: net2.nodes, clock: net2.sched, registry: () => agreements, tokens });
    try {
      const read = async (nation: string, token: string, at: string) =>
        (
          (
            await app2.inject({
              method: 'GET',
              url: `/api/${nation}/agreements?at=${encodeURIComponent(at)}`,
              headers: { authorization: `Bearer ${token}` },
            })
          ).json() as { agreements: AgreementRow[] }
        ).agreements.find((a) => a.id === GSOMIA)!;
      for (const [nation, token] of [
        ['JPN', 'jpn-token'],
        ['KOR', 'kor-token'],
      ] as const) {
        expect(await read(nation, token, '2019-11-22T23:59:59+09:00')).toMatchObject({
          state: 'in-force-notice-pending',
          inForce: true,
        });
        const after = await read(nation, token, '2019-11-23T00:00:00+09:00');
        expect(after).toMatchObject({ state: 'terminated', inForce: false });
        expect(after.detail).toMatch(/termination notice of 2019-08-23 took effect/);
        expect(await read(nation, token, '2024-01-01')).toMatchObject({ state: 'terminated' });
      }
    } finally {
      await app2.close();
      net2.close();
    }
  });

  it("serves the agreements' dated events: the file's and the acts folded in at run time, the party's only", async () => {
    interface Event {
      agreement: string;
      kind: string;
      at: string;
      by?: string;
      act?: string;
    }
    const r = await call('GET', '/api/JPN/agreements/events', 'jpn-token');
    expect(r.statusCode).toBe(200);
    const { nation, events } = r.json() as { nation: string; events: Event[] };
    expect(nation).toBe('JPN');
    const gsomia = events.filter((e) => e.agreement === GSOMIA).map((e) => [e.kind, e.at.slice(0, 10), e.by]);
    // The file's story (docs/sources.md), with Korea's suspension made over the API in the first
    // test (on the scenario's day, 2022-10-03) in its place in time.
    expect(gsomia).toEqual([
      ['signed', '2016-11-23', undefined],
      ['termination-notice', '2019-08-23', 'KOR'],
      ['notice-suspended', '2019-11-22', 'KOR'],
      ['suspended', new Date(startMs).toISOString().slice(0, 10), 'KOR'],
      ['notice-withdrawn', '2023-03-21', 'KOR'],
    ]);
    const gov = (await call('GET', '/api/JPN/governance', 'jpn-token')).json() as { acts: { id: string }[] };
    expect(events.find((e) => e.agreement === GSOMIA && e.kind === 'suspended')!.act).toBe(gov.acts[0]!.id);
    // Entry into force later than the signature is an event of its own.
    expect(
      events
        .filter((e) => e.agreement === 'trilateral-missile-warning-2023')
        .map((e) => [e.kind, e.at.slice(0, 10)]),
    ).toEqual([
      ['signed', '2022-11-13'],
      ['in-force', '2023-12-19'],
    ]);
    // In time order; only agreements Japan is party to (not the US-ROK GSOMIA).
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    expect(events.some((e) => e.agreement === 'us-kor-gsomia-1987')).toBe(false);
    const kor = (await call('GET', '/api/KOR/agreements/events', 'kor-token')).json() as { events: Event[] };
    expect(kor.events.some((e) => e.agreement === 'us-kor-gsomia-1987')).toBe(true);
    // Another nation's token is refused.
    expect((await call('GET', '/api/KOR/agreements/events', 'jpn-token')).statusCode).toBe(403);
  });
});
