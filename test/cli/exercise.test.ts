import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBack } from '../support/report-readback.js';
import { concord } from './run.js';

describe('concord exercise', () => {
  it('measures how much sooner Japan knows of the IRBM under each sharing policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-exercise-'));
    const r = concord('exercise', 'korea-irbm-over-japan', '--report', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.scenario).toBe('korea-irbm-over-japan');
    // Its times count from the first launch, which is T+120s in concord start's time base.
    expect(results.timeBase).toMatchObject({
      from: 'first-launch',
      missile: 'irbm-1',
      at: '2022-10-03T22:22:00.000Z',
      scenarioS: 120,
    });
    expect(r.stdout).toContain("add 120 for concord start's T+<s>s");
    type Run = {
      policy: string;
      seed: number;
      delays: Record<string, number>;
      physicalLimitS: number;
      nations: Record<
        string,
        {
          firstDetectionS: number | null;
          firstAwarenessS: number | null;
          firstWarningS: number | null;
          leadTimeS: number | null;
        }
      >;
      missiles: {
        id: string;
        launchS: number;
        impactS: number;
        nations: Record<string, { firstAwarenessS: number | null }>;
      }[];
    };
    const runs = results.runs as Run[];
    expect(runs.map((x) => x.policy)).toEqual(['none', 'us-hub', 'trilateral']);
    const aware = (policy: string, nation: string) =>
      runs.find((x) => x.policy === policy)!.nations[nation]!.firstAwarenessS!;
    // Japan learns of the launch from Korea's radars first under the real-time mechanism, later
    // through the US hub (its review), and last from its own radars alone.
    expect(aware('trilateral', 'JPN')).toBeLessThan(aware('us-hub', 'JPN'));
    expect(aware('us-hub', 'JPN')).toBeLessThan(aware('none', 'JPN'));
    const tri = runs.find((x) => x.policy === 'trilateral')!;
    for (const n of ['USA', 'JPN', 'KOR']) {
      expect(tri.nations[n]!.firstAwarenessS! - tri.physicalLimitS).toBeLessThanOrEqual(1);
    }
    // Without sharing, awareness never precedes the nation's own first detection.
    const none = runs.find((x) => x.policy === 'none')!;
    for (const n of ['USA', 'JPN', 'KOR']) {
      expect(none.nations[n]!.firstAwarenessS!).toBeGreaterThanOrEqual(none.nations[n]!.firstDetectionS!);
    }
    // Japan is warned of the overflight (as on 2022-10-04), minutes ahead, within seconds of
    // knowing of the launch; no Korean or US warning concerns a real event (while the missile
    // boosts, each may be told of a possible impact in its areas, withdrawn once it coasts).
    for (const run of runs) {
      const jpn = run.nations.JPN!;
      expect(jpn.firstWarningS).not.toBeNull();
      expect(jpn.firstWarningS!).toBeGreaterThanOrEqual(jpn.firstAwarenessS!);
      expect(jpn.firstWarningS! - jpn.firstAwarenessS!).toBeLessThan(5);
      expect(jpn.leadTimeS!).toBeGreaterThan(120);
      expect(run.nations.KOR!.leadTimeS).toBeNull();
      expect(run.nations.USA!.leadTimeS).toBeNull();
    }
    // The question: Japan's warning time gained by sharing, with the default delays.
    const lead = (policy: string) => runs.find((x) => x.policy === policy)!.nations.JPN!.leadTimeS!;
    expect(lead('trilateral')).toBeGreaterThan(lead('us-hub'));
    expect(lead('us-hub')).toBeGreaterThan(lead('none'));
    expect(tri.missiles[0]).toMatchObject({
      id: 'irbm-1',
      launchS: 0,
      overflown: ['JPN'],
      impactArea: 'high seas',
    });
    expect(tri.missiles[0]!.impactS).toBeGreaterThan(1_300);
    expect(tri.delays).toMatchObject({ relayReviewMs: 20_000 });

    // Japan's overflight warning convenes the three at ministerial level; the scenario's watch officers
    // (T+300 s, T+330 s: launch at T+120 s) acknowledge and agree a statement, Japan closes.
    type Consultation = {
      level: string;
      trigger: { kind: string; rules: string[] };
      participants: string[];
      convenedAtS: number;
      acknowledgedAtS: Record<string, number | null>;
      escalatedAtS: number | null;
      missed: string[];
      agreedAtS: number | null;
      status: string;
    };
    const consultations = (policy: string) =>
      (runs.find((x) => x.policy === policy) as unknown as { consultations: Consultation[] }).consultations;
    const c = consultations('trilateral');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      level: 'ministerial',
      trigger: { kind: 'missile-warning', rules: ['missile-overflight-japan'] },
      participants: ['USA', 'JPN', 'KOR'],
      acknowledgedAtS: { USA: 180, KOR: 210 },
      escalatedAtS: null,
      missed: [],
      agreedAtS: 400,
      status: 'closed',
    });
    expect(c[0]!.acknowledgedAtS.JPN).toBe(c[0]!.convenedAtS);
    // After the boost-phase possible overflight (which does not convene), on the overflight warning.
    expect(c[0]!.convenedAtS).toBeGreaterThan(tri.nations.JPN!.firstWarningS!);
    expect(c[0]!.convenedAtS).toBeLessThan(200);
    // Without sharing the consultation never leaves Japan: both partners miss the deadline and Japan
    // escalates to leaders 15 minutes after convening.
    const alone = consultations('none')[0]!;
    expect(alone).toMatchObject({
      level: 'leaders',
      acknowledgedAtS: { USA: null, KOR: null },
      missed: ['USA', 'KOR'],
      status: 'closed',
    });
    expect(alone.escalatedAtS! - alone.convenedAtS).toBeCloseTo(900, 0);

    // Extended, not renamed: the ground track from the launch near Mupyong-ni past Aomori, the
    // warnings with their missile and area, the headline per policy and where the scenario comes from.
    const track = (tri.missiles[0] as unknown as { groundTrack: [number, number][] }).groundTrack;
    expect(track[0]![0]).toBeCloseTo(126.43, 1);
    expect(track[0]![1]).toBeCloseTo(40.61, 1);
    expect(Math.max(...track.map((p) => p[0]))).toBeGreaterThan(141);
    const warnings = (
      tri as unknown as { warnings: { nation: string; missile: string; reason: string; area: string }[] }
    ).warnings;
    expect(warnings).toContainEqual(
      expect.objectContaining({ nation: 'JPN', missile: 'irbm-1', reason: 'overflight', area: 'JPN land' }),
    );
    expect(results.policies).toEqual(['none', 'us-hub', 'trilateral']);
    expect(results.provenance).toMatchObject({ kind: 'historical', source: 'korea-irbm-over-japan' });
    expect(results.provenance.notes).toContain('Hwasong-12');
    for (const [i, policy] of ['none', 'us-hub', 'trilateral'].entries()) {
      expect(results.summary[i].policy).toBe(policy);
      expect(results.summary[i].nations.JPN.leadTimeS).toEqual({
        mean: lead(policy),
        min: lead(policy),
        max: lead(policy),
        n: 1,
      });
      // The most a warning could give: the overflight counted from the physical limit.
      expect(results.summary[i].nations.JPN.physicalLimitLeadTimeS.mean).toBeGreaterThanOrEqual(
        lead('trilateral'),
      );
    }
    // report.html shows those figures and no others.
    const pairs = readBack(readFileSync(join(dir, 'report.html'), 'utf8'), results);
    expect(pairs.length).toBeGreaterThan(50);
    for (const p of pairs) expect({ path: p.path, shown: p.shown }).toEqual({ path: p.path, shown: p.value });
  }, 120_000);

  it('sweeps a delay into a sensitivity table: a slower US review delays Japan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-exercise-'));
    const r = concord(
      'exercise',
      'korea-irbm-over-japan',
      '--policy',
      'us-hub',
      '--delays',
      'relayReviewMs=0/10000',
      '--report',
      dir,
    );
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const rows = results.sensitivity as {
      delays: { relayReviewMs: number };
      nations: { JPN: { firstAwarenessS: number } };
    }[];
    expect(rows.map((x) => x.delays.relayReviewMs)).toEqual([0, 10_000]);
    const gained = rows[1]!.nations.JPN.firstAwarenessS - rows[0]!.nations.JPN.firstAwarenessS;
    expect(gained).toBeGreaterThan(9);
    expect(gained).toBeLessThan(11);
  }, 120_000);

  it('refuses an unknown policy or delay (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-exercise-'));
    expect(concord('exercise', 'korea-irbm-over-japan', '--policy', 'bilateral', '--report', dir).code).toBe(
      2,
    );
    expect(concord('exercise', 'korea-irbm-over-japan', '--delays', 'coffeeMs=5', '--report', dir).code).toBe(
      2,
    );
    const r = concord('exercise', 'korea-irbm-over-japan', '--format', 'pdf', '--report', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--format: 'pdf' is not one of html, md");
  });

  it('refuses a scenario that gives a watch action to a nation with no node (exit 2, the file named)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-exercise-'));
    const file = join(dir, 'with-australia.yaml');
    const bundled = readFileSync(
      join(import.meta.dirname, '..', '..', 'scenarios', 'korea-irbm-over-japan.yaml'),
      'utf8',
    );
    writeFileSync(
      file,
      bundled.replace('watch:\n', 'watch:\n  - { atS: 310, nation: AUS, action: acknowledge }\n'),
    );
    const r = concord('exercise', file, '--report', join(dir, 'report'));
    expect(r.code).toBe(2);
    // The file, the line and column of the action, the nation, and the nations that run nodes.
    expect(r.stderr).toMatch(/^concord: .*with-australia\.yaml:\d+:\d+ \(watch\[0\]\.nation\): /);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(
      "the watch action at 310 s (acknowledge) is AUS's, but AUS runs no node in this scenario (nations: USA, JPN, KOR): add AUS to nations",
    );
    expect(existsSync(join(dir, 'report', 'results.json'))).toBe(false);
  });
});
