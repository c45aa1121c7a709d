import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMaritimeInputs, shipsByNation } from '../../src/bundled/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { type ExerciseRun, runExercise } from '../../src/exercise/exercise.js';
import { exerciseResults } from '../../src/exercise/index.js';
import { exerciseReportHtml } from '../../src/exercise/report/index.js';
import { generateSigningKeyPair } from '../../src/link/index.js';
import { parseScenario, parseSensorSites } from '../../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { plans, registry, rules } from '../consult/fixtures.js';
import { MARKING } from '../support/embedded.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** report.html of `runs`, through results.json's shape as the CLI writes it. */
function report(name: string, runs: ExerciseRun[]): string {
  const scenario = { name, description: 'a test', startMs: 0, missiles: [] };
  return exerciseReportHtml(
    exerciseResults({
      scenario,
      source: name,
      fileText: '',
      nations: TRILATERAL,
      policies: [runs[0]!.policy],
      runs,
    }),
  );
}
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const drill = parseScenario(
  readFileSync(join(ROOT, 'scenarios', 'senkaku-incursion-drill.yaml'), 'utf8'),
  'senkaku-incursion-drill.yaml',
  sites,
);

/** The rows of the consultations table, cells as text (line breaks kept as <br>). */
function consultationCells(html: string): string[][] {
  const table = html.slice(html.indexOf('<h2>Consultations</h2>'));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<(?!br>)[^>]*>/g, '')),
  );
}

describe('the exercise report', () => {
  it('shows each run’s consultations: the Senkaku drill’s two (the incursion convened by Japan’s detection of the ships), times from the start (no missile)', () => {
    const run = runExercise({
      scenario: drill,
      seed: 1,
      policy: 'trilateral',
      nations: TRILATERAL,
      keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
      registry: () => registry,
      openStore: () => ({
        outbox: new MemoryOutbox(),
        inbox: new MemoryInbox(),
        audit: new MemoryAudit(),
        close() {},
      }),
      trackMarking: (n) => MARKING[n]!,
      consultRules: rules,
      contingencyPlans: plans,
      // The incursion is detected by Japan's node from the ships its receivers hear.
      maritime: { reference: loadMaritimeInputs({}).ref },
      ships: shipsByNation(drill, 1, {
        nations: TRILATERAL,
        untilMs: drill.startMs + drill.durationS * 1000,
      }),
    });
    // Japan's first confirmed entry of a government ship into the territorial sea convenes, at the
    // end of the feeding step (1 s) that holds it.
    const jpn = run.nations.JPN!.maritimeEvents;
    const entries = jpn.filter((e) => e.type === 'zone-entry' && e.zone === 'senkaku-territorial-sea');
    expect(entries.map((e) => e.mmsi[0]).sort()).toEqual([413999101, 413999102, 413999103, 413999104]);
    expect(entries[0]!.scenarioS).toBeGreaterThan(0);
    const convenedS = Math.ceil(entries[0]!.scenarioS);
    expect(run.consultations.map((c) => [c.convenedAtS, c.level, c.status, c.agreedAtS])).toEqual([
      [convenedS, 'working', 'closed', 340],
      [600, 'leaders', 'open', 930],
    ]);
    // No US or Korean receiver hears the islands: their nodes detect nothing there.
    for (const n of ['USA', 'KOR'] as const)
      expect(run.nations[n]!.maritimeEvents.filter((e) => e.zone?.startsWith('senkaku'))).toEqual([]);
    const rows = consultationCells(report(drill.name, [run]));
    expect(rows).toHaveLength(2);
    const [senkaku, attack] = rows;
    const trigger = run.consultations[0]!.trigger as { kind: string; id: string };
    expect(trigger.id).toMatch(/^zone-entry:/);
    expect(senkaku!.slice(0, 5)).toEqual([
      'trilateral',
      '1',
      run.consultations[0]!.id,
      'working',
      `maritime-incursion ${trigger.id} (senkaku-territorial-sea-incursion)`,
    ]);
    expect(senkaku!.slice(5)).toEqual([
      'USA, JPN (convener JPN)',
      `${convenedS.toFixed(1)}`,
      `USA 120.0<br>JPN ${convenedS.toFixed(1)}`,
      '–',
      '340.0',
      'closed',
    ]);
    expect(attack![3]).toBe('leaders');
    expect(attack![4]).toBe('armed-attack taiwan-armed-attack-1 (taiwan-contingency-armed-attack)');
    expect(attack![7]).toBe('USA 600.0<br>JPN 660.0<br>KOR 700.0');
    expect(attack![10]).toBe('open');
  });

  it('escapes what a scenario or a partner wrote, and shows a missed deadline and an escalation', () => {
    const run: ExerciseRun = {
      policy: 'none',
      seed: 2,
      delays: { linkLatencyMs: 50, relayReviewMs: 20_000, releaseReviewMs: 0 },
      physicalLimitS: null,
      nations: {},
      missiles: [],
      warnings: [],
      consultations: [
        {
          id: 'JPN:<script>alert(1)</script>',
          level: 'leaders',
          trigger: { kind: 'maritime-incursion', id: 'x"><img src=x onerror=alert(2)>', rules: ["r&'s"] },
          participants: ['USA', 'JPN'],
          convener: 'JPN',
          convenedAtS: 10,
          acknowledgedAtS: { JPN: 10, USA: null },
          escalatedAtS: 910,
          missed: ['USA'],
          agreedAtS: null,
          status: 'open',
        },
      ],
    };
    const html = report('<b>name</b>', [run]);
    expect(html).not.toMatch(/<script>|<img|<b>name/);
    const [row] = consultationCells(html);
    expect(row![2]).toBe('JPN:&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(row![4]).toBe('maritime-incursion x&#34;&#62;&#60;img src=x onerror=alert(2)&#62; (r&#38;&#39;s)');
    expect(row![7]).toBe('USA – (missed)<br>JPN 10.0');
    expect(row![8]).toBe('910.0');
  });
});
