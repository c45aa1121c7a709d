import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Nation } from '../../src/domain/index.js';
import type { ExerciseRun } from '../../src/exercise/exercise.js';
import { exerciseResults } from '../../src/exercise/index.js';
import { exerciseReportHtml, exerciseReportMarkdown } from '../../src/exercise/report/index.js';
import type { SharingPolicy } from '../../src/link/index.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import { readBack } from '../support/report-readback.js';

const ROOT = join(import.meta.dirname, '..', '..');
const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
const BUNDLED = [
  'ecs-sanctions-evasion',
  'korea-hgv-glide',
  'korea-irbm-missed-ack',
  'korea-irbm-over-japan',
  'korea-kn23-depressed',
  'korea-lofted-icbm',
  'korea-srbm-salvo',
  'senkaku-incursion-drill',
  'taiwan-strait-2022-08',
];
const POLICIES: SharingPolicy[] = ['none', 'us-hub', 'trilateral'];
/** As the exercise rounds its figures: to 0.1 s. */
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Runs of a scenario's shape without running it: its nations, its missiles (a two-point ground
 * track from launch to aim), a warning with an ellipse, a consultation, maritime events when it has
 * ships; figures that differ per policy, seed and delay so a misplaced number shows.
 */
function syntheticRuns(sc: Scenario, seeds: number, relayReviews: number[]): ExerciseRun[] {
  const runs: ExerciseRun[] = [];
  for (let seed = 1; seed <= seeds; seed++)
    for (const relayReviewMs of relayReviews)
      POLICIES.forEach((policy, p) => {
        const k = seed * 10 + p + relayReviewMs / 10_000;
        const nations = Object.fromEntries(
          sc.nations.map((n, i) => [
            n,
            {
              firstDetectionS: sc.missiles.length ? r1(20 + i + k) : null,
              firstAwarenessS: sc.missiles.length ? r1(21.3 + i + k) : null,
              firstWarningS: sc.missiles.length ? r1(22.7 + i + k) : null,
              leadTimeS: sc.missiles.length && n === 'JPN' ? Math.round((300.1 - k) * 10) / 10 : null,
              physicalLimitLeadTimeS: sc.missiles.length && n === 'JPN' ? 310.4 : null,
              maritimeEvents: sc.maritime
                ? [
                    {
                      type: 'zone-entry',
                      mmsi: [413999101],
                      zone: 'senkaku-territorial-sea',
                      scenarioS: r1(-12.5 + i),
                    },
                  ]
                : [],
            },
          ]),
        ) as ExerciseRun['nations'];
        runs.push({
          policy,
          seed,
          delays: { linkLatencyMs: 50, relayReviewMs, releaseReviewMs: 0 },
          physicalLimitS: sc.missiles.length ? r1(18.2 + seed) : null,
          nations,
          missiles: sc.missiles.map((m) => ({
            id: m.id,
            launchS: m.launchAfterS - (sc.missiles[0]?.launchAfterS ?? 0),
            impactS: 400.5,
            impactArea: 'JPN eez',
            overflown: [],
            nations: {},
            groundTrack: [
              [m.launch.lonDeg, m.launch.latDeg],
              [m.target.lonDeg, m.target.latDeg],
            ],
          })),
          warnings: sc.missiles.slice(0, 1).map((m) => ({
            nation: 'JPN' as Nation,
            missile: m.id,
            reason: 'impact' as const,
            area: 'JPN EEZ',
            issuedS: r1(22.7 + k),
            eventS: 400.5,
            latDeg: m.target.latDeg,
            lonDeg: m.target.lonDeg,
            ellipse: { semiMajorM: 30_000, semiMinorM: 9_000, orientationDeg: 100 },
            withdrawnS: null,
          })),
          consultations: [
            {
              id: `JPN:${seed}:${p}`,
              level: 'ministerial',
              trigger: { kind: 'missile-warning', id: 'JPN:JPN:1', rules: ['r'] },
              participants: ['USA', 'JPN'],
              convener: 'JPN',
              convenedAtS: r1(30.1 + k),
              acknowledgedAtS: { JPN: r1(30.1 + k), USA: p === 0 ? null : r1(60.2 + k) },
              escalatedAtS: p === 0 ? 930.1 : null,
              missed: p === 0 ? ['USA'] : [],
              agreedAtS: p === 0 ? null : 400.3,
              status: 'open',
            },
          ],
        });
      });
  return runs;
}

function scenario(name: string): { sc: Scenario; text: string } {
  const text = readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8');
  return { sc: parseScenario(text, `${name}.yaml`, sites), text };
}

describe('the exercise report of every bundled scenario', () => {
  for (const name of BUNDLED) {
    it(`${name}: every figure report.html shows is the one in results.json`, () => {
      const { sc, text } = scenario(name);
      const results = exerciseResults({
        scenario: sc,
        source: name,
        fileText: text,
        nations: sc.nations,
        policies: POLICIES,
        runs: syntheticRuns(sc, 2, [0, 20_000]),
      });
      // What a reader of results.json sees: the file as written, not the objects in memory.
      const json = JSON.parse(JSON.stringify(results));
      const html = exerciseReportHtml(json);
      const pairs = readBack(html, json);
      for (const p of pairs)
        expect({ path: p.path, shown: p.shown }).toEqual({ path: p.path, shown: p.value });
      const paths = new Set(pairs.map((p) => p.path));
      // Every run's figures for every nation, and the sensitivity rows, are there to check.
      json.runs.forEach((_: unknown, i: number) => {
        for (const n of sc.nations)
          for (const f of ['firstDetectionS', 'firstAwarenessS', 'firstWarningS', 'leadTimeS'])
            expect(paths).toContain(`runs.${i}.nations.${n}.${f}`);
        expect(paths).toContain(`runs.${i}.consultations.0.convenedAtS`);
      });
      expect(json.sensitivity).toHaveLength(6);
      expect(paths).toContain(`sensitivity.5.nations.${sc.nations[0]}.firstAwarenessS`);
      // Charts are inline SVG (ECharts' server-side renderer); nothing to load, no script.
      expect(html).not.toMatch(/<script|<link|<img|@import|url\(http/i);
      expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(sc.missiles.length ? 6 : 4);
      if (sc.missiles.length > 0) {
        expect(paths).toContain('summary.2.nations.JPN.leadTimeS.mean');
        // The headline: JPN's mean lead time over the two seeds under trilateral sharing.
        expect(json.summary[2].nations.JPN.leadTimeS).toEqual({ mean: 283.1, min: 278.1, max: 288.1, n: 2 });
      } else {
        expect(html).toContain('the scenario has no missiles');
      }
      if (sc.maritime) expect(paths).toContain(`runs.0.nations.${sc.nations[0]}.maritimeEvents.0.scenarioS`);
      const md = exerciseReportMarkdown(json);
      expect(md).toContain(`# Exercise: ${name}`);
      expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBeGreaterThan(json.runs.length);
    });
  }

  it('says where each scenario comes from: historical reconstructions and hypothetical drills', () => {
    const kinds = Object.fromEntries(
      BUNDLED.map((name) => {
        const { sc, text } = scenario(name);
        const r = exerciseResults({
          scenario: sc,
          source: name,
          fileText: text,
          nations: sc.nations,
          policies: ['none'],
          runs: syntheticRuns(sc, 1, [20_000]).filter((x) => x.policy === 'none'),
        });
        return [name, r.provenance.kind];
      }),
    );
    expect(kinds).toMatchObject({
      'korea-irbm-over-japan': 'historical',
      'taiwan-strait-2022-08': 'historical',
      'senkaku-incursion-drill': 'hypothetical',
      'ecs-sanctions-evasion': 'hypothetical',
    });
  });
});
