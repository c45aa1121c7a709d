import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { raiseIncident } from '../../src/exercise/incidents.js';
import { WATCH_PATIENCE_S } from '../../src/exercise/watch.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import {
  parseScenario,
  parseSensorSites,
  type Scenario,
  type ScenarioIncident,
} from '../../src/sim/index.js';
import { plans, rules } from '../consult/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const load = (name: string) =>
  parseScenario(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8'), `${name}.yaml`, sites);
// The bundled drill's incursion is detected from its ships now (test/exercise/senkaku-ships.test.ts);
// a scenario may still script one by hand, as the drill did: these tests add that incident back,
// and their network feeds no ships.
const INCURSION: ScenarioIncident = {
  id: 'senkaku-incursion-1',
  atS: 60,
  kind: 'maritime-incursion',
  nation: 'JPN',
  zone: 'senkaku-territorial-sea',
  coastalNation: 'JPN',
  vesselFlag: 'CHN',
  description: 'Drill inject: four China Coast Guard vessels enter the territorial sea.',
  assumption: true,
};
const bundledDrill = load('senkaku-incursion-drill');
const drill: Scenario = { ...bundledDrill, incidents: [INCURSION, ...bundledDrill.incidents] };
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));

function run(scenario: Scenario, untilS = scenario.durationS): EmbeddedNetwork {
  const net = memoryNetwork({ scenario, keys, consultRules: rules, contingencyPlans: plans });
  net.runUntil(scenario.startMs + untilS * 1000);
  return net;
}
const list = (net: EmbeddedNetwork, n: Nation) => net.nodes.get(n)!.consult.list();

describe('scripted incidents raise triggers into the named node’s rules', () => {
  it('the Senkaku drill: Japan convenes the US and Japan on the incursion, the US the three at leaders level on the armed attack', () => {
    const net = run(drill);
    const [senkaku, attack] = list(net, 'USA');
    expect(list(net, 'USA')).toHaveLength(2);
    expect(senkaku).toMatchObject({
      convener: 'JPN',
      participants: ['USA', 'JPN'],
      level: 'working',
      contingency: 'east-china-sea',
      trigger: {
        kind: 'maritime-incursion',
        id: 'senkaku-incursion-1',
        rules: ['senkaku-territorial-sea-incursion'],
      },
    });
    expect(senkaku!.convenedAtMs).toBe(drill.startMs + 60_000);
    expect(senkaku!.closed).not.toBeNull();
    expect(senkaku!.statements[0]?.agreed).toBeTruthy();
    expect(attack).toMatchObject({
      convener: 'USA',
      participants: ['USA', 'JPN', 'KOR'],
      level: 'leaders',
      contingency: 'taiwan-strait',
      closed: null,
      trigger: {
        kind: 'armed-attack',
        id: 'taiwan-armed-attack-1',
        rules: ['taiwan-contingency-armed-attack'],
      },
    });
    expect(attack!.convenedAtMs).toBe(drill.startMs + 600_000);
    expect(attack!.acks.map((a) => a.status)).toEqual(['acked', 'acked', 'acked']);
    expect(attack!.statements[0]?.agreed?.approvals.map((a) => a.nation).sort()).toEqual([
      'JPN',
      'KOR',
      'USA',
    ]);
    // Korea is no party to the bilateral incursion consultation.
    expect(list(net, 'KOR').map((c) => c.id)).toEqual([attack!.id]);
    net.close();
  });

  it('without the incidents nothing convenes, and the watch officers find nothing to act in', () => {
    const net = run({ ...drill, incidents: [] });
    for (const n of TRILATERAL) expect(list(net, n)).toEqual([]);
    net.close();
  });

  it('a node that is not the rule’s convener convenes nothing; a trigger is acted on once', () => {
    const net = run({ ...drill, incidents: [], watch: [] }, 1);
    const attack = drill.incidents.find((i) => i.kind === 'armed-attack')!;
    expect(raiseIncident(net.nodes.get('JPN')!, attack)).toEqual([]);
    const first = raiseIncident(net.nodes.get('USA')!, attack);
    expect(first.map((r) => r.ok)).toEqual([true]);
    expect(raiseIncident(net.nodes.get('USA')!, attack)).toEqual([]);
    net.runUntil(drill.startMs + 5_000);
    expect(list(net, 'JPN')).toHaveLength(1);
    net.close();
  });

  it('a watch action with `rule` acts in that rule’s consultation, not the latest one', () => {
    const net = run({
      ...drill,
      // The incursion consultation stays open; the US posts to it after the armed attack convened.
      watch: [
        ...drill.watch.filter((a) => a.action !== 'close'),
        {
          atS: 1000,
          nation: 'USA',
          action: 'post',
          rule: 'senkaku-territorial-sea-incursion',
          text: 'late post',
          marking: 'SECRET//REL TO USA, JPN',
        },
        { atS: 1000, nation: 'USA', action: 'post', text: 'latest', marking: 'SECRET//REL TO USA, JPN, KOR' },
      ],
    });
    const [senkaku, attack] = list(net, 'JPN');
    expect(senkaku!.timeline.map((t) => t.text)).toContain('late post');
    expect(attack!.timeline.map((t) => t.text)).toContain('latest');
    expect(attack!.timeline.map((t) => t.text)).not.toContain('late post');
    net.close();
  });
});

describe('the Taiwan Strait 2022-08 watch script', () => {
  it('acknowledges both consultations, agrees the US–Japan statement and closes both (warning raised by hand, no flight simulated)', () => {
    const taiwan = load('taiwan-strait-2022-08');
    // The first impact warning convenes at ~433 s on seed 1; here its trigger is raised at that
    // instant on Japan's node, without the missiles and radars that take minutes to simulate.
    const scenario = { ...taiwan, missiles: [], sensors: [] };
    const net = run(scenario, 433);
    const raised = net.nodes.get('JPN')!.consult.raise(
      {
        kind: 'missile-warning',
        id: 'JPN:JPN:1:impact',
        launchNation: 'CHN',
        impactNation: 'JPN',
        impactZone: 'eez',
        overflownNations: [],
      },
      'warning: impact of JPN EEZ',
    );
    expect(raised.map((r) => r.ok)).toEqual([true, true]);
    net.runUntil(taiwan.startMs + taiwan.durationS * 1000);
    const [trilateral, bilateral] = list(net, 'USA');
    expect(trilateral!.participants).toEqual(['USA', 'JPN', 'KOR']);
    expect(bilateral!.participants).toEqual(['USA', 'JPN']);
    for (const c of [trilateral!, bilateral!]) {
      expect(c.acks.every((a) => a.status === 'acked' && !a.late)).toBe(true);
      expect(c.levelHistory).toHaveLength(1);
      expect(c.closed).not.toBeNull();
    }
    expect(bilateral!.statements[0]?.agreed?.approvals.map((a) => a.nation).sort()).toEqual(['JPN', 'USA']);
    expect(trilateral!.timeline.some((t) => t.author === 'KOR')).toBe(true);
    net.close();
  });
});

describe('a scripted watch officer waits for what it acts on', () => {
  it('acknowledges a consultation that reaches its node after the scripted moment, and gives up after WATCH_PATIENCE_S', () => {
    const senkaku = drill.incidents.find((i) => i.kind === 'maritime-incursion')!;
    // The US officer is scripted to acknowledge 20 s before the incursion is raised; a Korean one
    // waits for a version of a statement in a consultation that never comes.
    const scenario: Scenario = {
      ...drill,
      incidents: [senkaku],
      watch: [
        { atS: senkaku.atS - 20, nation: 'USA', action: 'acknowledge' },
        { atS: 30, nation: 'KOR', action: 'approve' },
      ],
    };
    const outcomes: { nation: Nation; ok: boolean; code?: string; atMs: number }[] = [];
    const net = memoryNetwork({
      scenario,
      keys,
      consultRules: rules,
      contingencyPlans: plans,
      onWatchAction: (nation, _a, o) =>
        outcomes.push({ nation, ok: o.ok, ...(o.ok ? {} : { code: o.code }), atMs: net.sched.nowMs() }),
    });
    net.runUntil(scenario.startMs + 200_000);
    const [c] = list(net, 'USA');
    expect(c?.acks.find((a) => a.nation === 'USA')?.status).toBe('acked');
    const usa = outcomes.find((o) => o.nation === 'USA')!;
    expect(usa.ok).toBe(true);
    expect(usa.atMs).toBeGreaterThanOrEqual(scenario.startMs + senkaku.atS * 1000);
    expect(usa.atMs).toBeLessThanOrEqual(scenario.startMs + (senkaku.atS + 2) * 1000);
    expect(outcomes.find((o) => o.nation === 'KOR')).toEqual({
      nation: 'KOR',
      ok: false,
      code: 'no-consultation',
      atMs: scenario.startMs + (30 + WATCH_PATIENCE_S) * 1000,
    });
    net.close();
  });
});
