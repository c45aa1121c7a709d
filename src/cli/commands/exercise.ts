import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BUNDLED_US_BASES, loadMaritimeInputs, readScenario, shipsByNation } from '../../bundled/index.js';
import {
  DEFAULT_DELAYS,
  type ExerciseDelays,
  type ExerciseResults,
  type ExerciseRun,
  exerciseResults,
  loadReportRenderer,
  nodeTrackMarking,
  runExercise,
  type SharingPolicy,
} from '../../exercise/index.js';
import { generateSigningKeyPair, SHARING_POLICIES } from '../../link/index.js';
import { loadProtectedAreas } from '../../node/index.js';
import { simulate } from '../../sim/index.js';
import { openStore } from '../../store/index.js';
import { loadConsultData } from '../consult-data.js';
import { loadRegistry } from '../io.js';
import { terminalProgress } from '../progress.js';
import { UsageError } from '../usage.js';

interface Options {
  policy: string;
  seeds: string;
  report: string;
  delays?: string;
  format: string;
}

export function registerExercise(program: Command): void {
  program
    .command('exercise')
    .description(
      'run a scenario headless under sharing policies and seeds; write results.json and report.html',
    )
    .argument('<scenario>', 'scenario YAML file or bundled scenario name')
    .option(
      '--policy <list>',
      'comma-separated sharing policies: none, us-hub, trilateral',
      'none,us-hub,trilateral',
    )
    .option('--seeds <n>', 'number of seeds (1..n)', '1')
    .option(
      '--delays <list>',
      `policy delays in ms, e.g. relayReviewMs=5000,linkLatencyMs=20; several values separated by / sweep them (relayReviewMs=0/10000/30000) into a sensitivity table (defaults: ${JSON.stringify(DEFAULT_DELAYS)})`,
    )
    .requiredOption('--report <dir>', 'folder for results.json and report.html')
    .option(
      '--format <list>',
      'report formats, comma-separated: html (always written), md (also report.md and its charts as SVG)',
      'html',
    )
    .action(async (scenarioArg: string, o: Options) => {
      const formats = o.format.split(',').map((f) => f.trim());
      for (const f of formats)
        if (f !== 'html' && f !== 'md') throw new UsageError(`--format: '${f}' is not one of html, md`);
      const policies = o.policy.split(',').map((p) => p.trim());
      for (const p of policies) {
        if (!SHARING_POLICIES.includes(p as SharingPolicy))
          throw new UsageError(`--policy: '${p}' is not one of ${SHARING_POLICIES.join(', ')}`);
      }
      const seeds = Number(o.seeds);
      if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000)
        throw new UsageError(`--seeds must be a whole number from 1 to 1000, not '${o.seeds}'`);
      const settings = delaySettings(parseDelays(o.delays));
      const { scenario, file } = readScenario(scenarioArg);
      // A node for each nation the scenario names (the trilateral three unless it names others).
      const nations = scenario.nations;
      const registry = loadRegistry(undefined);
      const keys = new Map(nations.map((n) => [n, generateSigningKeyPair()]));
      const areas = loadProtectedAreas(BUNDLED_US_BASES);
      const consult = loadConsultData(registry);
      // A scenario with ships: each node's desk detects against the bundled zones, ports, watch list.
      const maritime = scenario.maritime ? { reference: loadMaritimeInputs({}).ref } : undefined;
      const endMs = scenario.startMs + scenario.durationS * 1000;
      const runs: ExerciseRun[] = [];
      const progress = terminalProgress(seeds * settings.length * policies.length);
      for (let seed = 1; seed <= seeds; seed++) {
        const simulation = simulate(scenario, seed);
        // What each nation's receivers hear, once per seed (the same for every policy and delay).
        const ships = maritime ? shipsByNation(scenario, seed, { nations, untilMs: endMs }) : undefined;
        for (const delays of settings)
          for (const policy of policies as SharingPolicy[]) {
            runs.push(
              runExercise({
                scenario,
                seed,
                policy,
                delays,
                nations,
                keys,
                registry: () => registry,
                openStore: () => openStore(':memory:'),
                trackMarking: (n) => nodeTrackMarking(n, nations),
                simulation,
                areas,
                ...consult,
                ...(maritime && ships ? { maritime, ships } : {}),
              }),
            );
            progress.tick();
          }
      }
      progress.done();
      const results = exerciseResults({
        scenario,
        source: scenarioArg,
        fileText: readFileSync(file, 'utf8'),
        nations,
        policies: policies as SharingPolicy[],
        runs,
      });
      const { timeBase } = results;
      mkdirSync(o.report, { recursive: true });
      writeFileSync(join(o.report, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      const written = ['results.json'];
      const report = await loadReportRenderer();
      writeFileSync(join(o.report, 'report.html'), report.exerciseReportHtml(results));
      written.push('report.html');
      if (formats.includes('md')) {
        const charts = reportCharts(report, results);
        for (const [name, svg] of Object.entries(charts.files)) writeFileSync(join(o.report, name), svg);
        writeFileSync(join(o.report, 'report.md'), report.exerciseReportMarkdown(results, charts.names));
        written.push('report.md', ...Object.keys(charts.files));
      }
      const lines = runs.map(
        (r) =>
          `${r.policy.padEnd(10)} seed ${r.seed}${settings.length > 1 ? ` relay review ${r.delays.relayReviewMs / 1000} s, link ${r.delays.linkLatencyMs} ms, release review ${r.delays.releaseReviewMs / 1000} s` : ''}: physical limit ${fmt(r.physicalLimitS)}  ` +
          nations
            .map(
              (n) =>
                `${n} aware ${fmt(r.nations[n]?.firstAwarenessS ?? null)} warned ${fmt(r.nations[n]?.firstWarningS ?? null)} lead ${fmt(r.nations[n]?.leadTimeS ?? null)}${maritime ? ` maritime events ${r.nations[n]?.maritimeEvents.length ?? 0}` : ''}`,
            )
            .join('  '),
      );
      process.stdout.write(
        `${scenario.name}: ${timeBase.note}\n${lines.join('\n')}\nwrote ${written.map((f) => join(o.report, f)).join(', ')}\n`,
      );
    });
}

type DelayKey = keyof ExerciseDelays;

/** `relayReviewMs=0/10000,linkLatencyMs=20` -> the values asked for each delay. */
function parseDelays(text: string | undefined): Partial<Record<DelayKey, number[]>> {
  if (!text) return {};
  const out: Partial<Record<DelayKey, number[]>> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!k || !(k in DEFAULT_DELAYS))
      throw new UsageError(
        `--delays: unknown delay '${k}' (known: ${Object.keys(DEFAULT_DELAYS).join(', ')})`,
      );
    const values = (v ?? '').split('/').map((x) => Number(x.trim()));
    for (const ms of values) {
      if (!(ms >= 0)) throw new UsageError(`--delays: ${k} must be milliseconds >= 0, not '${v}'`);
    }
    out[k as DelayKey] = values;
  }
  return out;
}

/** Every combination of the values asked for (at most 64 settings). */
function delaySettings(asked: Partial<Record<DelayKey, number[]>>): Partial<ExerciseDelays>[] {
  let settings: Partial<ExerciseDelays>[] = [{}];
  for (const [k, values] of Object.entries(asked) as [DelayKey, number[]][]) {
    settings = settings.flatMap((s) => values.map((v) => ({ ...s, [k]: v })));
  }
  if (settings.length > 64) throw new UsageError(`--delays: ${settings.length} combinations; at most 64`);
  return settings;
}

/** The charts report.md shows, as SVG files beside it. */
function reportCharts(r: Awaited<ReturnType<typeof loadReportRenderer>>, results: ExerciseResults) {
  const files: Record<string, string> = {};
  const names: Partial<Record<'leadTimes' | 'sensitivity' | 'map', string>> = {};
  if (results.summary.some((p) => Object.values(p.nations).some((f) => f?.leadTimeS))) {
    names.leadTimes = 'lead-times.svg';
    files[names.leadTimes] = r.renderSvg(r.leadTimeChart(results), 900, 360);
  }
  const sens = r.sensitivityChart(results);
  if (sens) {
    names.sensitivity = 'sensitivity.svg';
    files[names.sensitivity] = r.renderSvg(sens, 900, 380);
  }
  const policy = results.policies.includes('trilateral') ? 'trilateral' : results.policies.at(-1)!;
  const run = results.runs[r.representativeRun(results, policy)]!;
  if (run.missiles.length > 0) {
    names.map = 'map.svg';
    files[names.map] = r.renderSvg(r.mapChart(run, results.nations), 1000, 640);
  }
  return { files, names };
}

const fmt = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);
