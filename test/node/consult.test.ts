import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsultationState } from '../../src/consult/index.js';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { loadProtectedAreas } from '../../src/node/areas.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import type { MemoryAudit } from '../../src/testing/memory-ports.js';
import { plans, rules } from '../consult/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const scenario = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'korea-irbm-over-japan.yaml'), 'utf8'),
  'korea-irbm-over-japan.yaml',
  sites,
);
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const MIN = 60_000;

const trilateral = {
  subject: 'Launch over Japan',
  trigger: { kind: 'manual', note: 'watch officer' },
  coalition: 'us-jpn-kor-trilateral',
  level: 'working',
  participants: ['USA', 'JPN', 'KOR'],
  ackWithinMs: 15 * MIN,
};

function setUp() {
  const audits = new Map<Nation, MemoryAudit>();
  // Without the scenario's watch officers: these tests act themselves.
  const net = memoryNetwork({ scenario: { ...scenario, watch: [] }, keys, audits });
  const node = (n: Nation) => net.nodes.get(n)!.consult;
  let t = scenario.startMs;
  const advance = (ms: number) => {
    t += ms;
    net.runUntil(t);
  };
  return { net, node, advance, audits };
}

/** What must be equal on every node holding the same events. */
const essence = (s: ConsultationState | null) =>
  s && {
    applied: s.applied,
    level: s.level,
    acks: s.acks,
    statements: s.statements,
    closed: s.closed,
    levelHistory: s.levelHistory,
  };

const sameOnAll = (net: EmbeddedNetwork, id: string) => {
  const states = [...net.nodes.values()].map((n) => essence(n.consult.get(id)));
  expect(states[0]).not.toBeNull();
  for (const s of states) expect(s).toEqual(states[0]);
  return states[0]!;
};

describe('the consultation desk of each node', () => {
  it('convenes, acknowledges, agrees a statement and closes across the three nodes over the link', () => {
    const { net, node, advance } = setUp();
    advance(1_000);
    const c = node('JPN').convene(trilateral, 'test');
    expect(c.ok).toBe(true);
    const id = c.ok ? c.event.id : '';
    expect(id.startsWith('JPN:')).toBe(true);
    advance(1_000);
    expect(node('KOR').get(id)?.convener).toBe('JPN');
    expect(
      node('USA')
        .list()
        .map((s) => s.id),
    ).toEqual([id]);
    expect(node('KOR').act(id, 'acknowledge', { nation: 'KOR' }, 'test').ok).toBe(true);
    expect(node('USA').act(id, 'acknowledge', { nation: 'USA' }, 'test').ok).toBe(true);
    advance(1_000);
    const p = node('USA').act(
      id,
      'propose-statement-version',
      { statement: 'joint', text: 'We condemn the launch.' },
      'test',
    );
    expect(p.ok).toBe(true);
    const version = p.ok ? p.event.id : '';
    advance(1_000);
    for (const n of TRILATERAL) {
      expect(node(n).act(id, 'approve-version', { version, nation: n }, 'test').ok).toBe(true);
    }
    advance(1_000);
    expect(node('JPN').act(id, 'close', { outcome: 'statement agreed' }, 'test').ok).toBe(true);
    advance(1_000);
    const s = sameOnAll(net, id);
    expect(s.acks.map((a) => a.status)).toEqual(['acked', 'acked', 'acked']);
    expect(s.statements[0]!.agreed?.version).toBe(version);
    expect(s.closed?.by).toBe('JPN');
    expect(s.applied).toHaveLength(8);
  });

  it("refuses, with the fold's reason, and audits another nation's event, a stale version, a close by a non-convener", () => {
    const { node, advance, audits } = setUp();
    advance(1_000);
    const c = node('JPN').convene(trilateral, 'test');
    const id = c.ok ? c.event.id : '';
    advance(1_000);
    const forOther = node('JPN').act(id, 'acknowledge', { nation: 'KOR' }, 'op-jpn');
    expect(forOther).toMatchObject({ ok: false, code: 'not-own' });
    expect(node('KOR').act(id, 'close', {}, 'op-kor')).toMatchObject({ ok: false, code: 'not-convener' });
    const v1 = node('JPN').act(id, 'propose-statement-version', { statement: 'joint', text: 'one' }, 'op');
    const v1id = v1.ok ? v1.event.id : '';
    advance(1_000);
    expect(
      node('JPN').act(
        id,
        'propose-statement-version',
        { statement: 'joint', text: 'two', replaces: v1id },
        'op',
      ).ok,
    ).toBe(true);
    advance(1_000);
    expect(node('KOR').act(id, 'approve-version', { version: v1id, nation: 'KOR' }, 'op')).toMatchObject({
      ok: false,
      code: 'stale-version',
    });
    expect(node('KOR').act('JPN:nope', 'acknowledge', { nation: 'KOR' }, 'op')).toMatchObject({
      ok: false,
      code: 'unknown-consultation',
    });
    expect(node('KOR').act(id, 'post', { entry: 'message', text: '' }, 'op')).toMatchObject({
      ok: false,
      code: 'malformed',
    });
    // A post some participant may not see is refused: NOFORN never leaves Korea.
    expect(
      node('KOR').act(id, 'post', { entry: 'message', text: 'ours', marking: '//KOR SECRET//NOFORN' }, 'op'),
    ).toMatchObject({ ok: false, code: 'not-releasable' });
    const refusals = audits.get('KOR')!.records.filter((r) => r.kind === 'consult-refused');
    expect(refusals.map((r) => (r.detail as { code: string }).code)).toEqual([
      'not-convener',
      'stale-version',
      'unknown-consultation',
      'malformed',
      'not-releasable',
    ]);
    // None of the refused events reached anyone.
    advance(1_000);
    expect(node('USA').get(id)?.applied).toHaveLength(3);
  });

  it('takes a partner event only when its signer is its author, and survives garbage', () => {
    const { node, advance, audits } = setUp();
    advance(1_000);
    const c = node('JPN').convene(trilateral, 'test');
    const id = c.ok ? c.event.id : '';
    advance(1_000);
    const forged = {
      id: 'KOR:x1',
      consultation: id,
      author: 'KOR',
      atMs: scenario.startMs + 5_000,
      kind: 'acknowledge',
      body: { nation: 'KOR' },
    };
    const received = (originator: Nation, payload: unknown) => ({
      item: {
        id: `i-${Math.random()}`,
        originator,
        topic: 'consultation' as const,
        marking: 'SECRET//REL TO USA, JPN, KOR',
        // Signed when the event says it was made (the desk refuses an event dated otherwise).
        createdMs: forged.atMs,
        payload,
      },
      sender: originator,
      levelHere: 'SECRET',
      receivedMs: 0,
    });
    expect(node('USA').receive(received('JPN', { kind: 'consultation-event', event: forged }))).toBe(true);
    // A partner may sign anything: a member the reader drops that is not plain JSON is refused, not stored.
    const infinite = { ...forged, id: 'JPN:x2', author: 'JPN', extra: Number.POSITIVE_INFINITY };
    for (const junk of [
      null,
      7,
      { kind: 'consultation-event', event: infinite },
      { kind: 'consultation-event' },
      { kind: 'consultation-event', event: { id: 1 } },
    ])
      expect(() => node('USA').receive(received('JPN', junk))).not.toThrow();
    expect(
      node('USA')
        .get(id)
        ?.acks.find((a) => a.nation === 'KOR')?.status,
    ).toBe('pending');
    const refused = audits.get('USA')!.records.filter((r) => r.kind === 'consult-event-refused');
    expect(refused.length).toBe(4);
    expect(String((refused[0]!.detail as { reason: string }).reason)).toMatch(/signed by JPN/);
    expect(node('USA').receive(received('KOR', { kind: 'consultation-event', event: forged }))).toBe(true);
    expect(
      node('USA')
        .get(id)
        ?.acks.find((a) => a.nation === 'KOR')?.status,
    ).toBe('acked');
  });

  it("escalates on the convener's node when a participant misses its deadline, visible to all", () => {
    const { net, node, advance } = setUp();
    advance(1_000);
    const c = node('JPN').convene(trilateral, 'test');
    const id = c.ok ? c.event.id : '';
    advance(1_000);
    node('USA').act(id, 'acknowledge', { nation: 'USA' }, 'test');
    advance(14 * MIN);
    expect(node('KOR').get(id)?.level).toBe('working');
    advance(2 * MIN);
    const s = sameOnAll(net, id);
    expect(s.level).toBe('ministerial');
    expect(s.levelHistory[1]).toMatchObject({ by: 'JPN', cause: { kind: 'missed-ack', nations: ['KOR'] } });
    // A fresh deadline at the new level; missing it again goes to leaders.
    expect(s.acks.find((a) => a.nation === 'KOR')?.status).toBe('pending');
    advance(16 * MIN);
    expect(sameOnAll(net, id).level).toBe('leaders');
  });
});

describe('consultations convened by the rules from warnings', () => {
  const areas = loadProtectedAreas(join(ROOT, 'data', 'us-bases.yaml'));

  it('on the IRBM over Japan: Japan convenes a trilateral ministerial consultation from the overflight warning', () => {
    const net = memoryNetwork({ scenario, keys, areas, consultRules: rules, contingencyPlans: plans });
    net.runUntil(scenario.startMs + 400_000);
    const jpn = net.nodes.get('JPN')!;
    const overflight = jpn.warnings().find((w) => w.reason === 'overflight')!;
    expect(overflight).toBeDefined();
    const list = jpn.consult.list();
    expect(list).toHaveLength(1);
    const c = list[0]!;
    expect(c).toMatchObject({
      convener: 'JPN',
      level: 'ministerial',
      participants: ['USA', 'JPN', 'KOR'],
      trigger: { kind: 'missile-warning', rules: ['missile-overflight-japan'] },
    });
    // Convened at the warning's instant (to the ms).
    expect(c.convenedAtMs).toBe(Math.floor(overflight.issuedMs));
    for (const n of ['USA', 'KOR'] as const)
      expect(net.nodes.get(n)!.consult.get(c.id!)?.applied).toEqual(c.applied);
    // No possible overflight (boost corridor) or short impact under thrust convened anything else.
    expect(jpn.warnings().length).toBeGreaterThan(1);
    net.close();
  });

  it('on the Taiwan Strait salvo: a trilateral and a US–Japan consultation under the Taiwan Strait plan; further impacts join them', () => {
    const taiwan = parseScenario(
      readFileSync(join(ROOT, 'scenarios', 'taiwan-strait-2022-08.yaml'), 'utf8'),
      'taiwan-strait-2022-08.yaml',
      sites,
    );
    const net = memoryNetwork({
      scenario: taiwan,
      keys,
      areas,
      consultRules: rules,
      contingencyPlans: plans,
    });
    net.runUntil(taiwan.startMs + taiwan.durationS * 1000);
    const list = net.nodes.get('JPN')!.consult.list();
    expect(list.map((c) => [c.participants.join(','), c.contingency, c.plan?.id ?? null])).toEqual([
      ['USA,JPN,KOR', null, null],
      ['USA,JPN', 'taiwan-strait', 'taiwan-strait'],
    ]);
    const impacts = net.nodes
      .get('JPN')!
      .warnings()
      .filter((w) => w.reason === 'impact' && w.zone === 'eez');
    // One consultation per group; each later impact warning is an item on its timeline.
    for (const c of list)
      expect(c.timeline.filter((t) => t.text.startsWith('Further warning'))).toHaveLength(impacts.length - 1);
    expect(
      net.nodes
        .get('KOR')!
        .consult.list()
        .map((c) => c.id),
    ).toEqual([list[0]!.id]);
    expect(
      net.nodes
        .get('USA')!
        .consult.list()
        .map((c) => c.id),
    ).toEqual(list.map((c) => c.id));
    net.close();
  }, 240_000);
});
