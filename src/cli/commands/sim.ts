import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadScenario } from '../../exercise/index.js';
import { measurementsCsv, reportsCsv, simulate, truthCsv } from '../../sim/index.js';
import { UsageError } from '../usage.js';

interface Options {
  seed: string;
  out: string;
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run a scenario and write its sensor reports, measurements and truth as CSV')
    .argument(
      '<scenario>',
      'scenario YAML file, or the name of a bundled scenario (e.g. korea-irbm-over-japan)',
    )
    .requiredOption(
      '--seed <n>',
      'random seed: the same scenario and seed give the same files, byte for byte',
    )
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .action((scenarioArg: string, o: Options) => {
      const seed = Number(o.seed);
      if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, not '${o.seed}'`);
      const scenario = loadScenario(scenarioArg);
      const result = simulate(scenario, seed);
      mkdirSync(o.out, { recursive: true });
      writeFileSync(join(o.out, 'reports.csv'), reportsCsv(result.reports, scenario.startMs));
      writeFileSync(join(o.out, 'measurements.csv'), measurementsCsv(result.measurements, scenario.startMs));
      writeFileSync(join(o.out, 'truth.csv'), truthCsv(result.truth));
      const lines = [
        `${scenario.name}, seed ${seed}: ${result.reports.length} reports (${result.reports.filter((r) => r.truthId === null).length} false alarms) from ${scenario.sensors.length} sensors, ${result.truth.length} truth rows`,
        ...result.flights.map(
          (f) =>
            `  ${f.id}: range ${(f.rangeM / 1000).toFixed(0)} km, apogee ${(f.apogeeM / 1000).toFixed(0)} km, flight ${(f.flightTimeS / 60).toFixed(1)} min`,
        ),
        `wrote ${join(o.out, 'reports.csv')}, measurements.csv, truth.csv`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
