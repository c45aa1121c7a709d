import type { Command } from 'commander';
import { UsageError } from '../usage.js';

/** Benchmarks by name; each prints a table, or one JSON object with --json. */
const BENCHES: Record<string, (o: BenchOptions) => Promise<unknown>> = {
  releasability: async (o) => (await import('../../../bench/releasability.js')).run(o),
  tracker: async (o) => (await import('../../../bench/tracker.js')).run(o),
  link: async (o) => (await import('../../../bench/link.js')).run(o),
  dst: async (o) => (await import('../../../bench/dst.js')).run(o),
};

export interface BenchOptions {
  json: boolean;
  check: boolean;
  cases?: number;
  seeds?: number;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run benchmarks and print their figures (${Object.keys(BENCHES).join(', ')}; default: all)`)
    .argument('[name]', 'benchmark name')
    .option('--json', 'print one JSON object with the figures', false)
    .option('--check', 'also run the differential check against the test oracle', false)
    .option('--cases <n>', 'number of cases for --check', (v) => Number.parseInt(v, 10))
    .option('--seeds <n>', 'number of seeds for dst (default 1000)', (v) => Number.parseInt(v, 10))
    .action(async (name: string | undefined, o: BenchOptions) => {
      // dst is a test run rather than figures, so it runs only when named.
      const names = name === undefined ? Object.keys(BENCHES).filter((n) => n !== 'dst') : [name];
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
