import type { Command } from 'commander';
import { UsageError } from '../usage.js';

/** Benchmarks by name; each prints a table, or one JSON object with --json. */
const BENCHES: Record<string, (o: BenchOptions) => Promise<unknown>> = {
  releasability: async (o) => (await import('../../../bench/releasability.js')).run(o),
  tracker: async (o) => (await import('../../../bench/tracker.js')).run(o),
  warnings: async (o) => (await import('../../../bench/warnings.js')).run(o),
  link: async (o) => (await import('../../../bench/link.js')).run(o),
  dst: async (o) => (await import('../../../bench/dst.js')).run(o),
  traffic: async (o) => (await import('../../../bench/traffic.js')).run(o),
  ais: async (o) => (await import('../../../bench/ais.js')).run(o),
  'maritime-desk': async (o) => (await import('../../../bench/maritime-desk.js')).run(o),
  'partner-rate': async (o) => (await import('../../../bench/partner-rate.js')).run(o),
  'invented-ids': async (o) => (await import('../../../bench/invented-ids.js')).run(o),
  cot: async (o) => (await import('../../../bench/cot.js')).run(o),
  console: async (o) => (await import('../../../bench/console.js')).run(o),
};

export interface BenchOptions {
  json: boolean;
  check: boolean;
  cases?: number;
  /** link: items timed per row. */
  samples?: number;
  /** link: items sent before each row's timing starts. */
  warmUp?: number;
  seeds?: number;
  /** dst: run the long partition instead of the seeds. */
  cut: boolean;
  /** dst: run the Byzantine partner at the node level (hostile payloads) instead. */
  payloads: boolean;
  /** dst --payloads: on the test suite's light honest load instead of the full one. */
  light: boolean;
  /** dst: governance acts across three nodes that crash and restart, instead. */
  governance: boolean;
  rate?: number;
  cutMinutes?: number;
  /** ais: sentences in the generated file. */
  lines?: number;
  /** ais: vessels in the picture-memory figure. */
  vessels?: number;
  /** traffic: background ships in the precision/recall sweep. */
  background?: number;
  /** tracker: a peer measured in the same run, `stonesoup[=PATH]`. */
  peer?: string;
  /** invented-ids: track ids the partner invents. */
  ids?: number;
  /** console: seconds each figure is measured over. */
  seconds?: number;
  /** console: missiles in the raid. */
  missiles?: number;
  /** console: scenario seconds per wall-clock second. */
  speed?: number;
}

function positive(option: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n))
      throw new UsageError(`${option} must be a positive number, not '${v}'`);
    return n;
  };
}

function count(option: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${option} must be a whole number, 0 or more, not '${v}'`);
    return n;
  };
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run benchmarks and print their figures (${Object.keys(BENCHES).join(', ')}; default: all)`)
    .argument('[name]', 'benchmark name')
    .option('--json', 'print one JSON object with the figures', false)
    .option('--check', 'also run the differential check against the test oracle', false)
    .option('--cases <n>', 'number of cases for --check', (v) => Number.parseInt(v, 10))
    .option('--samples <n>', 'link: items timed per row (default 3,000)', positive('--samples'))
    .option(
      '--warm-up <n>',
      "link: items sent before each row's timing starts (default 2,000)",
      count('--warm-up'),
    )
    .option(
      '--seeds <n>',
      'number of seeds for dst (default 1000), traffic (default 1) and warnings (default 5)',
      (v) => Number.parseInt(v, 10),
    )
    .option(
      '--cut',
      'dst: one partner cut off for --cut-minutes while the originator publishes --rate items/s',
      false,
    )
    .option(
      '--payloads',
      'dst: the Byzantine partner at the node level instead (hostile payloads among honest traffic; default 1000 seeds)',
      false,
    )
    .option(
      '--governance',
      'dst: governance acts and probe items across three nodes on SQLite stores that crash and restart, on a faulty network (default 200 seeds)',
      false,
    )
    .option(
      '--light',
      "dst --payloads: the test suite's light honest load (tracks shared and pictures assessed every 5 s, swept regions on a 60 km grid) instead of the full one",
      false,
    )
    .option(
      '--rate <items/s>',
      'dst --cut: items published per second of virtual time (default 1000)',
      positive('--rate'),
    )
    .option(
      '--cut-minutes <m>',
      'dst --cut: virtual minutes of the cut (default 10)',
      positive('--cut-minutes'),
    )
    .option('--lines <n>', 'ais: sentences in the generated file (default 1,000,000)', positive('--lines'))
    .option(
      '--vessels <n>',
      'ais: vessels in the picture-memory figure (default 200,000); console: vessels in the maritime map (default 100,000)',
      positive('--vessels'),
    )
    .option(
      '--background <n>',
      'traffic: background ships in the precision/recall sweep (default 50)',
      count('--background'),
    )
    .option(
      '--peer <name>',
      'tracker: also run a peer on the same CSV files, side by side: stonesoup[=PATH] (PATH: Stone Soup source; default $STONESOUP_PATH)',
      (v) => {
        if (v !== 'stonesoup' && !v.startsWith('stonesoup='))
          throw new UsageError(`--peer must be stonesoup or stonesoup=PATH, not '${v}'`);
        return v;
      },
    )
    .option(
      '--ids <n>',
      'invented-ids: track ids the hostile partner invents (default 100,000)',
      positive('--ids'),
    )
    .option(
      '--seconds <s>',
      "console: seconds the picture stream's rate and each map's frame time are measured over (default 20)",
      positive('--seconds'),
    )
    .option('--missiles <n>', 'console: missiles in the raid (default 50)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 500)
        throw new UsageError(`--missiles must be a whole number from 1 to 500, not '${v}'`);
      return n;
    })
    .option('--speed <x>', 'console: scenario seconds per wall-clock second (default 1)', positive('--speed'))
    .action(async (name: string | undefined, o: BenchOptions) => {
      // dst is a test run rather than figures, invented-ids takes minutes a child, and console needs
      // Chromium: only when named.
      const only = ['dst', 'invented-ids', 'console'];
      const names = name === undefined ? Object.keys(BENCHES).filter((n) => !only.includes(n)) : [name];
      const results: Record<string, unknown> = {};
      for (const n of names) {
        const bench = BENCHES[n];
        if (!bench)
          throw new UsageError(`unknown benchmark '${n}' (known: ${Object.keys(BENCHES).join(', ')})`);
        results[n] = await bench(o);
      }
      if (o.json) process.stdout.write(`${JSON.stringify(name === undefined ? results : results[name])}\n`);
    });
}
