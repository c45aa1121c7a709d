import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMaritimeInputs, shipsByNation } from '../../src/bundled/index.js';
import { type Nation, TRILATERAL } from '../../src/domain/index.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import type { MaritimeEventRecord } from '../../src/store/index.js';
import { memoryNetwork } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const drill = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'senkaku-incursion-drill.yaml'), 'utf8'),
  'senkaku-incursion-drill.yaml',
  sites,
);
const untilMs = drill.startMs + 2_400_000;
const quiet: Scenario = { ...drill, incidents: [], watch: [] };
const maritime = { reference: loadMaritimeInputs({}).ref };

/** The drill with its patrol aircraft operated by `nation` (or by nobody). */
function operatedBy(nation: 'JPN' | 'KOR' | undefined): Scenario {
  const m = drill.maritime!;
  const sensors = m.sensors.map((s) => {
    const { nation: _, ...rest } = s;
    return nation === undefined ? rest : { ...rest, nation };
  });
  return { ...quiet, maritime: { ...m, sensors } };
}

function run(scenario: Scenario) {
  const events: [string, MaritimeEventRecord][] = [];
  const ships = shipsByNation(scenario, 1, { nations: TRILATERAL, untilMs });
  const net = memoryNetwork({ scenario, maritime, ships, onMaritimeEvent: (n, e) => events.push([n, e]) });
  net.runUntil(untilMs);
  const contacts = new Map(TRILATERAL.map((n) => [n, net.nodes.get(n)!.maritime.counts().contacts]));
  const dark = new Map(
    TRILATERAL.map((n) => [n, events.filter(([m, e]) => m === n && e.type === 'dark').length]),
  );
  net.close();
  return { ships, contacts, dark };
}

/** The contacts among a nation's feed (the rest are AIS records its receivers heard). */
const contactsOf = (ships: ReturnType<typeof shipsByNation>, n: Nation) =>
  (ships.get(n) ?? []).filter((h) => 'contact' in h);

describe("a scenario's maritime sensors feed the desk of the nation that operates them", () => {
  it('Korea operating the patrol aircraft: its desk takes the contacts, finds them dark (it hears none of those ships), and no other desk sees them', () => {
    const kor = run(operatedBy('KOR'));
    const fed = contactsOf(kor.ships, 'KOR');
    expect(fed.length).toBeGreaterThan(0);
    expect(new Set(fed.map((h) => h.source))).toEqual(new Set(['jcg-patrol-aircraft']));
    // Merged with the AIS records in time order (the feeder's precondition), each at its own time.
    const all = kor.ships.get('KOR')!;
    expect(all.every((h, i) => i === 0 || all[i - 1]!.tMs <= h.tMs)).toBe(true);
    expect(kor.contacts).toEqual(
      new Map([
        ['USA', 0],
        ['JPN', 0],
        ['KOR', fed.length],
      ]),
    );
    expect(kor.dark.get('KOR')).toBeGreaterThan(0);
    expect(kor.dark.get('JPN')).toBe(0);
    expect(kor.dark.get('USA')).toBe(0);
  });

  it('Japan operating it (as the drill has it): its desk takes them, its AIS picture explains them; nobody else gets them', () => {
    const jpn = run(operatedBy('JPN'));
    const fed = contactsOf(jpn.ships, 'JPN').length;
    expect(fed).toBeGreaterThan(0);
    expect(jpn.contacts).toEqual(
      new Map([
        ['USA', 0],
        ['JPN', fed],
        ['KOR', 0],
      ]),
    );
    expect([...jpn.dark.values()]).toEqual([0, 0, 0]);
  });

  it('a sensor without a nation feeds no desk', () => {
    const ships = shipsByNation(operatedBy(undefined), 1, { nations: TRILATERAL, untilMs });
    for (const n of TRILATERAL) expect(contactsOf(ships, n)).toEqual([]);
  });
});
