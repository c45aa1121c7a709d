import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HeardRecord, loadMaritimeInputs, shipsByNation } from '../../src/bundled/index.js';
import { type ConveneRule, parseRules } from '../../src/consult/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import type { MaritimeEventRecord } from '../../src/store/index.js';
import { plans, RULES_FILE, registry, rules } from '../consult/fixtures.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const drill = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'senkaku-incursion-drill.yaml'), 'utf8'),
  'senkaku-incursion-drill.yaml',
  sites,
);
const endMs = drill.startMs + drill.durationS * 1000;
const CCG = [413999101, 413999102, 413999103, 413999104];
const ships = shipsByNation(drill, 1, { nations: TRILATERAL, untilMs: endMs });
/** The AIS records of a nation's feed (it also holds the contacts of the sensors it operates). */
const aisOf = (hs: readonly HeardRecord[]) => hs.flatMap((h) => ('record' in h ? [h] : []));
const maritime = { reference: loadMaritimeInputs({}).ref };
// The drill's only scripted incident is the armed attack; the incursion comes from the ships.
const noScripts: Scenario = { ...drill, incidents: [], watch: [] };

describe('scenario ships feed each nation by its receivers’ coverage', () => {
  it('Japan hears the China Coast Guard ships only through the patrol vessel on station; no coastal receiver reaches them', () => {
    const jpn = ships.get('JPN')!;
    const ccg = aisOf(jpn).filter((h) => CCG.includes(h.record.mmsi));
    expect(new Set(ccg.map((h) => h.record.mmsi))).toEqual(new Set(CCG));
    expect(new Set(ccg.map((h) => h.source))).toEqual(new Set(['jcg-patrol-vessel-senkaku']));
    // Records carry the ships' own times, in order, and none after the drill's end.
    expect(jpn.every((h, i) => i === 0 || jpn[i - 1]!.tMs <= h.tMs)).toBe(true);
    expect(jpn.at(-1)!.tMs).toBeLessThanOrEqual(endMs);
    // Without the scenario's receiver, Japan's coastal stations hear none of them.
    const coastal = shipsByNation({ ...drill, maritime: { ...drill.maritime!, receivers: [] } }, 1, {
      nations: ['JPN'],
      untilMs: endMs,
    });
    expect(aisOf(coastal.get('JPN')!).filter((h) => CCG.includes(h.record.mmsi))).toEqual([]);
    // Each nation's picture differs: the US has no receiver on the East China Sea.
    expect(ships.get('USA')).toEqual([]);
    expect(aisOf(ships.get('KOR')!).some((h) => CCG.includes(h.record.mmsi))).toBe(false);
  });
});

describe('maritime detections raise consultation triggers (the Senkaku drill without a human in the loop)', () => {
  it('Japan’s node detects the ships entering the territorial sea and the rule convenes the US and Japan, once', () => {
    const events: [string, MaritimeEventRecord][] = [];
    const net = memoryNetwork({
      scenario: noScripts,
      consultRules: rules,
      contingencyPlans: plans,
      maritime,
      ships,
      onMaritimeEvent: (n, e) => events.push([n, e]),
    });
    net.runUntil(drill.startMs + 200_000);
    const entries = events.filter(
      ([n, e]) =>
        n === 'JPN' &&
        e.type === 'zone-entry' &&
        JSON.stringify(e.detector).includes('"senkaku-territorial-sea"'),
    );
    expect(entries).toHaveLength(4);
    expect(events.every(([n]) => n !== 'USA')).toBe(true);
    const [c, ...more] = net.nodes.get('USA')!.consult.list();
    expect(more).toEqual([]);
    const first = entries[0]![1];
    expect(c).toMatchObject({
      convener: 'JPN',
      participants: ['USA', 'JPN'],
      trigger: {
        kind: 'maritime-incursion',
        id: `zone-entry:${first.id}`,
        rules: ['senkaku-territorial-sea-incursion'],
      },
    });
    // Convened at the end of the feeding second that held the detection.
    expect(c!.convenedAtMs).toBe(Math.ceil(first.detectedMs / 1000) * 1000);
    // The other three entries are added to its timeline, not convened again.
    const jpn = net.nodes.get('JPN')!.consult.get(c!.id!)!;
    expect(jpn.timeline.filter((t) => t.text?.startsWith('Further maritime: zone-entry'))).toHaveLength(3);
    net.close();
  });

  it('under a rule that waits for assessment, nothing convenes until a watch officer escalates the event', () => {
    const text = readFileSync(RULES_FILE, 'utf8').replace('      detection: raw\n', '');
    const assessed: readonly ConveneRule[] = parseRules(text, RULES_FILE, registry);
    const net = memoryNetwork({
      scenario: noScripts,
      consultRules: assessed,
      contingencyPlans: plans,
      maritime,
      ships,
    });
    net.runUntil(drill.startMs + 200_000);
    const jpn = net.nodes.get('JPN')!;
    expect(jpn.consult.list()).toEqual([]);
    const [entry] = jpn.maritime
      .events({ type: 'zone-entry' })
      .filter((e) => JSON.stringify(e.detector).includes('"senkaku-territorial-sea"'));
    expect(jpn.maritime.triage(entry!.id, 'acknowledge', {}, 'api:JPN').ok).toBe(true);
    expect(jpn.consult.list()).toEqual([]);
    expect(jpn.maritime.triage(entry!.id, 'escalate', { note: 'CCG inside 12 nm' }, 'api:JPN').ok).toBe(true);
    const [c] = jpn.consult.list();
    expect(c).toMatchObject({
      convener: 'JPN',
      trigger: { kind: 'maritime-incursion', id: `zone-entry:${entry!.id}:assessed` },
    });
    net.close();
  });
});
