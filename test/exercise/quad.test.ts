// The Quad as a running network: ecs-sanctions-evasion names USA, JPN, KOR, AUS and IND, and the
// embedded network runs a node for each, sharing as the bundled agreements stand.

import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { Nation } from '../../src/domain/index.js';
import { EmbeddedNetwork, loadScenario, nodeTrackMarking, raiseIncident } from '../../src/exercise/index.js';
import { generateSigningKeyPair, type LinkItem } from '../../src/link/index.js';
import type { ScenarioIncident } from '../../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { plans, rules } from '../consult/fixtures.js';
import { bundledRegistry } from '../domain/fixtures.js';

const QUAD_PLUS: readonly Nation[] = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];

function quadNetwork() {
  const scenario = loadScenario('ecs-sanctions-evasion');
  const registry = bundledRegistry();
  const inboxes = new Map<Nation, MemoryInbox>();
  const net = new EmbeddedNetwork({
    scenario,
    seed: 1,
    nations: scenario.nations,
    keys: new Map(scenario.nations.map((n) => [n, generateSigningKeyPair()])),
    openStore: (nation) => {
      const inbox = new MemoryInbox();
      inboxes.set(nation, inbox);
      return { outbox: new MemoryOutbox(), inbox, audit: new MemoryAudit(), close() {} };
    },
    registry: () => registry,
    trackMarking: (n) => nodeTrackMarking(n, scenario.nations),
    consultRules: rules,
    contingencyPlans: plans,
  });
  /** Whether `nation`'s node accepted `item` over the link. */
  const holds = (nation: Nation, item: LinkItem) =>
    inboxes.get(nation)!.keys.has(`${item.originator}|${item.id}`);
  return { scenario, net, registry, holds };
}

/** An unclassified vessel report, as an IPMDA partner shares its AIS-derived picture. */
function vesselItem(originator: Nation, id: string, marking: string, createdMs: number): LinkItem {
  return {
    id,
    originator,
    topic: 'maritime',
    marking,
    createdMs,
    payload: {
      kind: 'vessel-state',
      mmsi: 412_000_001,
      tMs: createdMs,
      latDeg: 31.2,
      lonDeg: 124.5,
      speedKn: 0.4,
      courseDeg: null,
      headingDeg: null,
    },
  };
}

describe('the Quad as a running network (ecs-sanctions-evasion: USA, JPN, KOR, AUS, IND)', () => {
  it('runs a node per named nation, each answering its own operator only', async () => {
    const { scenario, net, registry } = quadNetwork();
    expect([...net.nodes.keys()]).toEqual(QUAD_PLUS);
    net.runUntil(scenario.startMs + 10_000);
    const tokens = new Map(QUAD_PLUS.map((n) => [`${n.toLowerCase()}-token`, n]));
    const api = await buildApi({ nodes: net.nodes, clock: net.sched, registry: () => registry, tokens });
    try {
      for (const n of QUAD_PLUS) {
        const r = await api.inject({
          method: 'GET',
          url: `/api/${n}/status`,
          headers: { authorization: `Bearer ${n.toLowerCase()}-token` },
        });
        expect(r.statusCode, n).toBe(200);
      }
      const other = await api.inject({
        method: 'GET',
        url: '/api/IND/status',
        headers: { authorization: 'Bearer aus-token' },
      });
      expect(other.statusCode).toBe(403);
    } finally {
      await api.close();
      net.close();
    }
  });

  it('shares a maritime item under ipmda-2022 with AUS and IND; Korea, no party, gets it only under its own agreements', () => {
    const { scenario, net, holds } = quadNetwork();
    const t0 = scenario.startMs + 1_000;
    net.runUntil(t0);
    const partners = (n: Nation) => QUAD_PLUS.filter((p) => p !== n);
    const decided = (d: { recipient: Nation; decision: { allow: boolean; agreement: string | null } }[]) =>
      Object.fromEntries(d.map((x) => [x.recipient, x.decision.allow ? x.decision.agreement : 'deny']));

    // Australia's picture: the Quad partners take it under IPMDA; Korea has no agreement with Australia on maritime.
    const aus = vesselItem('AUS', '01900000-0000-7000-8000-000000000001', 'UNCLASSIFIED', t0);
    expect(decided(net.nodes.get('AUS')!.link.publish(aus, partners('AUS')))).toEqual({
      USA: 'ipmda-2022',
      JPN: 'ipmda-2022',
      KOR: 'deny',
      IND: 'ipmda-2022',
    });
    // The US keeps an IPMDA product to the IPMDA parties by its marking.
    const usa = vesselItem(
      'USA',
      '01900000-0000-7000-8000-000000000002',
      'UNCLASSIFIED//REL TO USA, AUS, IND, JPN',
      t0,
    );
    const usaDecisions = decided(net.nodes.get('USA')!.link.publish(usa, partners('USA')));
    expect(usaDecisions).toMatchObject({ AUS: 'ipmda-2022', IND: 'ipmda-2022', KOR: 'deny' });
    // An unmarked unclassified US report reaches Korea as well, under the US-ROK GSOMIA, not IPMDA.
    const open = vesselItem('USA', '01900000-0000-7000-8000-000000000003', 'UNCLASSIFIED', t0);
    expect(decided(net.nodes.get('USA')!.link.publish(open, partners('USA')))).toMatchObject({
      AUS: 'ipmda-2022',
      IND: 'ipmda-2022',
      KOR: 'us-kor-gsomia-1987',
    });

    net.runUntil(t0 + 5_000);
    for (const n of ['USA', 'JPN', 'IND'] as const) expect(holds(n, aus), `${n} holds AUS's item`).toBe(true);
    expect(holds('KOR', aus)).toBe(false);
    for (const n of ['AUS', 'IND', 'JPN'] as const) expect(holds(n, usa), `${n} holds USA's item`).toBe(true);
    expect(holds('KOR', usa)).toBe(false);
    expect(holds('KOR', open)).toBe(true);
    net.close();
  });

  it('keeps a 2+2+2 consultation among the three allies: the Quad partners are not asked to acknowledge', () => {
    const { scenario, net } = quadNetwork();
    const attack: ScenarioIncident = {
      kind: 'armed-attack',
      id: 'quad-test-attack',
      atS: 1,
      nation: 'USA',
      description: 'an armed attack in a Taiwan Strait contingency (test)',
      contingency: 'taiwan-strait',
      assumption: true,
    };
    net.runUntil(scenario.startMs + 1_000);
    const [convened] = raiseIncident(net.nodes.get('USA')!, attack);
    expect(convened?.ok).toBe(true);
    net.runUntil(scenario.startMs + 60_000);
    for (const n of ['USA', 'JPN', 'KOR'] as const) {
      const [c] = net.nodes.get(n)!.consult.list();
      expect(c?.participants, n).toEqual(['USA', 'JPN', 'KOR']);
      expect(c?.acks.map((a) => a.nation).sort()).toEqual(['JPN', 'KOR', 'USA']);
    }
    for (const n of ['AUS', 'IND'] as const) expect(net.nodes.get(n)!.consult.list(), n).toEqual([]);
    net.close();
  });
});
