import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { useApiNetwork } from '../support/api-network.js';

// Governance acts over the API, on the nodes of the IRBM scenario (2022-10-03).

const tokens = new Map<string, Nation>([
  ['jpn-token', 'JPN'],
  ['kor-token', 'KOR'],
]);
const adminTokens = new Map<string, Nation>([
  ['jpn-admin', 'JPN'],
  ['kor-admin', 'KOR'],
]);
const GSOMIA = 'jpn-kor-gsomia-2016';
const audits = new Map<Nation, MemoryAudit>();
const api = useApiNetwork({
  tokens,
  adminTokens,
  scenario: (s) => ({ ...s, watch: [], incidents: [], missiles: [], sensors: [] }),
  network: { audits },
  runMs: 1_000,
});

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  api.app.inject({
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
    api.net.runUntil(api.startMs + 3_000);
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
    // Only KOR may resume what KOR suspended.
    const resume = await call('POST', '/api/JPN/governance/acts', 'jpn-admin', {
      kind: 'resume',
      target: GSOMIA,
    });
    expect(resume.json()).toMatchObject({ error: 'not-suspender', field: 'author' });
    const held = (await call('GET', '/api/JPN/governance', 'jpn-token')).json() as { acts: unknown[] };
    expect(held.acts).toHaveLength(1);
    expect(audits.get('JPN')!.records.filter((x) => x.kind === 'governance-act-refused')).toHaveLength(4);
  });
});
