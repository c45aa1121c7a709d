// The Quad scenario shows what it is for: each nation's desk sees the ships its own receivers hear
// (the run sits inside the traffic, after a lead-in), detects the first ship-to-ship transfer
// during the run, and the partners get Japan's unclassified picture as the agreements allow.

import { describe, expect, it } from 'vitest';
import { loadMaritimeInputs, shipsByNation } from '../../src/bundled/index.js';
import type { Nation } from '../../src/domain/index.js';
import { EmbeddedNetwork, loadScenario, nodeTrackMarking } from '../../src/exercise/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import type { MaritimeEventRecord } from '../../src/store/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

// Fewer background ships than the scenario's 300 (a lean test): who hears the scripted ships, and
// what the desks make of them, does not depend on the lanes' traffic.
const bundled = loadScenario('ecs-sanctions-evasion');
const scenario = {
  ...bundled,
  maritime: { ...bundled.maritime!, background: { ...bundled.maritime!.background!, ships: 20 } },
};
const endMs = scenario.startMs + scenario.durationS * 1000;
const DESIGNATED = 445999001;
const SILVER_LAKE = 352999002;
const FAKE_MID = 199999030;

describe('the Quad scenario’s maritime picture, per nation by coverage', () => {
  it('Japan detects the first transfer during the run, Korea what its own vessel hears; the IPMDA partners get Japan’s picture, Korea under the Japan-ROK GSOMIA', () => {
    const registry = bundledRegistry();
    const ships = shipsByNation(scenario, 1, { nations: scenario.nations, untilMs: endMs });
    const events: [Nation, MaritimeEventRecord][] = [];
    const decisions: { recipient: string; agreement: string | null; allow: boolean }[] = [];
    const net = new EmbeddedNetwork({
      scenario,
      seed: 1,
      nations: scenario.nations,
      keys: new Map(scenario.nations.map((n) => [n, generateSigningKeyPair()])),
      openStore: () => ({
        outbox: new MemoryOutbox(),
        inbox: new MemoryInbox(),
        audit: new MemoryAudit(),
        close() {},
      }),
      registry: () => registry,
      trackMarking: (n) => nodeTrackMarking(n, scenario.nations),
      maritime: { reference: loadMaritimeInputs({}).ref },
      ships,
      onMaritimeEvent: (n, e) => events.push([n, e]),
    });
    try {
      const jpnNode = net.nodes.get('JPN')!;
      const publish = jpnNode.link.publish.bind(jpnNode.link);
      jpnNode.link.publish = (item, to) => {
        const out = publish(item, to);
        if (item.topic === 'maritime')
          for (const d of out)
            decisions.push({
              recipient: d.recipient,
              agreement: d.decision.agreement,
              allow: d.decision.allow,
            });
        return out;
      };
      net.runUntil(endMs);
      const of = (n: Nation) => events.filter(([m]) => m === n).map(([, e]) => e);
      const inRun = (e: MaritimeEventRecord) => e.detectedMs >= scenario.startMs && e.detectedMs <= endMs;
      const jpn = of('JPN');
      // Japan's patrol aircraft hears the tankers: the transfer is found in the run, not before it.
      const encounter = jpn.find(
        (e) => e.type === 'encounter' && e.mmsi.includes(DESIGNATED) && e.mmsi.includes(SILVER_LAKE),
      );
      expect(encounter, JSON.stringify(jpn.map((e) => [e.type, e.mmsi]))).toBeDefined();
      expect(inRun(encounter!)).toBe(true);
      const loitering = jpn.filter((e) => e.type === 'loitering' && inRun(e)).flatMap((e) => e.mmsi);
      expect(loitering).toEqual(expect.arrayContaining([DESIGNATED, SILVER_LAKE]));
      // Korea's patrol vessel hears another part of the sea: the unallocated MID, not the transfer.
      const kor = of('KOR');
      expect(kor.some((e) => e.type === 'identity' && e.mmsi.includes(FAKE_MID))).toBe(true);
      expect(kor.some((e) => e.mmsi.includes(DESIGNATED) && e.type === 'encounter')).toBe(false);
      // No receiver of the US, Australia or India reaches the area: their desks detect nothing.
      for (const n of ['USA', 'AUS', 'IND'] as const) expect(of(n), n).toEqual([]);

      // Japan's picture (unclassified raw AIS): the IPMDA parties take it; Korea under the GSOMIA.
      const by = (r: string) =>
        new Set(decisions.filter((d) => d.recipient === r && d.allow).map((d) => d.agreement));
      expect(decisions.length).toBeGreaterThan(0);
      for (const n of ['AUS', 'IND'] as const) expect(by(n), n).toEqual(new Set(['ipmda-2022']));
      expect(by('KOR')).toEqual(new Set(['jpn-kor-gsomia-2016']));
      // ...and each sees the tankers through it, under Japan's name.
      for (const n of ['USA', 'KOR', 'AUS', 'IND'] as const) {
        const v = net.nodes.get(n)!.maritime.vessel(DESIGNATED);
        expect(v?.sources, n).toContain('partner:JPN');
      }
    } finally {
      net.close();
    }
  }, 60_000);
});
