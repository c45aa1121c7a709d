import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileRegistry,
  DAY_MS,
  decide,
  type Nation,
  parseAgreementValue,
  parseMarking,
  statusAt,
  TRILATERAL,
} from '../../src/domain/index.js';
import { ACT_KINDS } from '../../src/governance/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { GOVERNANCE_ACT_KINDS, parseScenario, parseSensorSites } from '../../src/sim/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const GSOMIA = 'jpn-kor-gsomia-2016';

function setUp() {
  const audits = new Map<Nation, MemoryAudit>();
  const net = memoryNetwork({
    scenario: { ...scenario, watch: [], incidents: [], missiles: [], sensors: [] },
    keys,
    audits,
  });
  let t = scenario.startMs;
  const advance = (ms: number) => {
    t += ms;
    net.runUntil(t);
  };
  const gov = (n: Nation) => net.nodes.get(n)!.governance;
  return { net, gov, advance, audits, now: () => t };
}

const digest = (net: ReturnType<typeof setUp>['net']) =>
  [...net.nodes.values()].map((n) =>
    JSON.stringify({ reg: n.governance.state().registry.agreements, applied: n.governance.state().applied }),
  );

describe("each node's governance desk", () => {
  it('replicates a suspension to the parties, who fold the same registry; the gates obey it at once', () => {
    const { net, gov, advance, audits, now } = setUp();
    advance(1_000);
    const r = gov('KOR').act('suspend', GSOMIA, { note: 'test' }, 'admin');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.to).toEqual(['JPN']);
    advance(1_000);
    // JPN, a party, holds it; USA, not a party, was not sent it.
    const jpn = net.nodes.get('JPN')!;
    expect(jpn.governance.state().applied.map((a) => a.id)).toEqual([r.act.id]);
    expect(net.nodes.get('USA')!.governance.state().applied).toEqual([]);
    expect(statusAt(jpn.registry().agreement(GSOMIA)!, now()).state).toBe('suspended');
    const [kor, jp] = digest(net).slice(1);
    expect(jp).toBe(kor);
    // Japan's egress now refuses a direct SECRET track to Korea, which TISA still carries via the USA.
    const req = {
      marking: parseMarking('//JPN GOKUHI//REL TO USA, JPN, KOR', { input: 't' }),
      recipient: 'KOR' as const,
      topic: 'missile-warning' as const,
      concerning: 'PRK' as const,
      atMs: now(),
    };
    expect(decide(req, jpn.registry())).toMatchObject({ allow: false, rule: 'not-in-force' });
    expect(decide({ ...req, via: 'USA' }, jpn.registry()).allow).toBe(true);
    // And the node's link routes such an item through the USA rather than dropping it.
    const sent = jpn.link.publish(
      {
        id: '0190f5e0-0000-7000-8000-000000000001',
        originator: 'JPN',
        topic: 'missile-warning',
        marking: '//JPN GOKUHI//REL TO USA, JPN, KOR',
        concerning: 'PRK',
        createdMs: now(),
        payload: { kind: 'note' },
      },
      ['KOR'],
    );
    expect(sent[0]!.decision).toMatchObject({
      allow: true,
      route: ['JPN', 'USA', 'KOR'],
      agreement: 'tisa-2014',
    });
    // Korea's ingress refuses what Japan would send it directly under the suspended agreement.
    expect(decide({ ...req, atMs: now() + 1 }, net.nodes.get('KOR')!.registry()).allow).toBe(false);
    // Both ends audited the act.
    expect(
      audits.get('KOR')!.records.some((x) => x.kind === 'governance-act' && x.subject === r.act.id),
    ).toBe(true);
    expect(
      audits.get('JPN')!.records.some((x) => x.kind === 'governance-act-received' && x.subject === r.act.id),
    ).toBe(true);
  });

  it("refuses an administrator's bad act with the field, storing and sending nothing", () => {
    const { gov, advance, audits } = setUp();
    advance(1_000);
    const notParty = gov('USA').act('suspend', GSOMIA, {}, 'admin');
    expect(notParty).toMatchObject({ ok: false, code: 'not-party', field: 'author' });
    const level = gov('JPN').act('narrow', GSOMIA, { maxLevel: 'ULTRA' }, 'admin');
    expect(level).toMatchObject({ ok: false, code: 'unknown-level', field: 'body.maxLevel' });
    const shape = gov('JPN').act('notice', GSOMIA, { effective: 12 }, 'admin');
    expect(shape).toMatchObject({ ok: false, code: 'malformed', field: 'body.effective' });
    expect(gov('USA').state().applied).toEqual([]);
    expect(gov('JPN').state().applied).toEqual([]);
    advance(1_000);
    expect(gov('KOR').state().applied).toEqual([]);
    expect(audits.get('JPN')!.records.filter((x) => x.kind === 'governance-act-refused')).toHaveLength(2);
  });

  it('a new coalition member is admitted only once every member has signed, on every node', () => {
    const { net, gov, advance } = setUp();
    advance(1_000);
    // The trilateral admits no one in reality: a test of the mechanism.
    const p = gov('USA').act(
      'propose',
      'us-jpn-kor-trilateral',
      { change: { kind: 'admit', nation: 'AUS' } },
      'admin',
    );
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    advance(1_000);
    const members = (n: Nation) =>
      net.nodes
        .get(n)!
        .registry()
        .coalitions.find((c) => c.id === 'us-jpn-kor-trilateral')!
        .members.map((m) => m.nation);
    expect(members('JPN')).not.toContain('AUS');
    expect(gov('JPN').act('sign', p.act.id, {}, 'admin').ok).toBe(true);
    advance(1_000);
    expect(gov('KOR').state().proposals[0]!.missing).toEqual(['KOR', 'AUS']);
    expect(gov('KOR').act('sign', p.act.id, {}, 'admin').ok).toBe(true);
    advance(1_000);
    for (const n of TRILATERAL) expect(members(n)).not.toContain('AUS');
    expect(digest(net)[0]).toBe(digest(net)[1]);
  });

  it("plays a scenario's governance acts through the nodes at their instants; a refused one is reported", () => {
    expect([...GOVERNANCE_ACT_KINDS]).toEqual([...ACT_KINDS]);
    const results: { nation: Nation; ok: boolean; field?: string }[] = [];
    const net = memoryNetwork({
      scenario: {
        ...scenario,
        watch: [],
        incidents: [],
        missiles: [],
        sensors: [],
        governance: [
          { atS: 5, nation: 'KOR', kind: 'suspend', target: GSOMIA, label: 'hypothetical' },
          { atS: 6, nation: 'USA', kind: 'resume', target: GSOMIA },
        ],
      },
      keys,
      onGovernanceAct: (nation, _a, r) =>
        results.push({ nation, ok: r.ok, ...(r.ok ? {} : { field: r.field }) }),
    });
    const at = (s: number) => scenario.startMs + s * 1000;
    net.runUntil(at(4));
    expect(statusAt(net.nodes.get('JPN')!.registry().agreement(GSOMIA)!, at(4)).state).toBe('in-force');
    net.runUntil(at(8));
    expect(statusAt(net.nodes.get('JPN')!.registry().agreement(GSOMIA)!, at(8)).state).toBe('suspended');
    expect(results).toEqual([
      { nation: 'KOR', ok: true },
      { nation: 'USA', ok: false, field: 'author' },
    ]);
    net.close();
  });

  it("a party's notice in a run ends the agreement at the notice's effective date on every party's node", () => {
    // A test arrangement with one day's notice (the bundled agreements' periods are 90 days or none).
    const made = parseAgreementValue({
      id: 'jpn-kor-test-notice',
      title: 'Test arrangement with a short notice period',
      kind: 'arrangement',
      parties: ['JPN', 'KOR'],
      signed: '2020-01-01',
      inForce: '2020-01-01',
      noticePeriodDays: 1,
      binding: false,
      thirdParty: 'originator-consent',
      scope: { topics: ['pandemic-response'], maxLevel: 'CONFIDENTIAL' },
      equivalence: [{ label: 'CONFIDENTIAL', levels: { JPN: 'HI', KOR: 'GRADE III' } }],
      sources: [{ title: 'test' }],
    });
    if (!made.ok) throw new Error(made.problem);
    const base = bundledRegistry();
    const registry = compileRegistry({ ...base, agreements: [...base.agreements, made.agreement] });
    const net = memoryNetwork({
      scenario: { ...scenario, watch: [], incidents: [], missiles: [], sensors: [] },
      keys,
      registry,
    });
    let t = scenario.startMs + 1_000;
    net.runUntil(t);
    const r = net.nodes.get('KOR')!.governance.act('notice', 'jpn-kor-test-notice', {}, 'admin');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const effectiveMs = r.act.atMs + DAY_MS;
    expect(r.state.applied.find((a) => a.id === r.act.id)!.effectiveMs).toBe(effectiveMs);
    // Pandemic response at CONFIDENTIAL flows between Japan and Korea only under the test arrangement.
    const req = {
      marking: parseMarking('//JPN HI//REL TO JPN, KOR', { input: 't' }),
      recipient: 'KOR' as const,
      topic: 'pandemic-response' as const,
    };
    const standing = (n: Nation, atMs: number) =>
      statusAt(net.nodes.get(n)!.registry().agreement('jpn-kor-test-notice')!, atMs).state;
    t += 10_000;
    net.runUntil(t);
    for (const n of ['JPN', 'KOR'] as const) {
      expect(standing(n, effectiveMs - 1)).toBe('in-force-notice-pending');
      expect(standing(n, effectiveMs)).toBe('terminated');
      expect(decide({ ...req, atMs: effectiveMs - 1 }, net.nodes.get(n)!.registry()).allow).toBe(true);
      expect(decide({ ...req, atMs: effectiveMs }, net.nodes.get(n)!.registry()).allow).toBe(false);
    }
    // Not a party: the USA was not sent it.
    expect(net.nodes.get('USA')!.governance.state().applied).toEqual([]);
    // Once the notice has taken effect, no party can act on the agreement any more.
    net.runUntil(effectiveMs + 1_000);
    const late = net.nodes.get('JPN')!.governance.act('suspend', 'jpn-kor-test-notice', {}, 'admin');
    expect(late).toMatchObject({ ok: false, code: 'ended', field: 'target' });
    net.close();
  });
});
