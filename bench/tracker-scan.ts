// The tracker's per-scan cost on single missiles, and a digest of its output to check that a
// speed change leaves every bit of it alone. Run after `npm run build`:
//   node dist/bench/tracker-scan.js digest      one line per run: scenario, seed, rule, sha256 of its rows
//                                               (every bundled missile scenario, seeds 1-3, and the raid, seeds 1-2)
//   node dist/bench/tracker-scan.js time [N]    per scan: CPU time of a whole pass and wall time of the step,
//                                               medians of N passes (default 10)
//   node dist/bench/tracker-scan.js loop [S]    steps the single-missile scenarios for S seconds (for --cpu-prof)
import { createHash } from 'node:crypto';
import { simulate } from '../src/sim/index.js';
import { type RunTrackerOptions, runTracker, type TrackRow } from '../src/track/index.js';
import { raidRows } from './tracker.js';
import { type LabelledRow, loadBundledScenario, measurementRows } from './tracker-scenarios.js';

/** Every bundled missile scenario (the peer table's four, and the glide vehicle). */
export const DIGEST_SCENARIOS = [
  'korea-irbm-over-japan',
  'korea-lofted-icbm',
  'korea-srbm-salvo',
  'korea-kn23-depressed',
  'korea-hgv-glide',
] as const;
/** The single-missile scenarios timed (Stone Soup's per-scan time on them is 0.7-1.0 ms). */
export const SINGLE_MISSILE = ['korea-irbm-over-japan', 'korea-lofted-icbm', 'korea-kn23-depressed'] as const;

/** sha256 of the rows' every field, bit for bit (the doubles' bytes, not their decimal text). */
export function digestRows(rows: readonly TrackRow[]): string {
  const h = createHash('sha256');
  const buf = new Float64Array(8);
  for (const r of rows) {
    buf[0] = r.tS;
    buf[1] = r.track;
    buf[2] = r.x;
    buf[3] = r.y;
    buf[4] = r.z;
    buf[5] = r.vx;
    buf[6] = r.vy;
    buf[7] = r.vz;
    h.update(new Uint8Array(buf.buffer));
  }
  return h.digest('hex');
}

const cache = new Map<string, LabelledRow[]>();
/** The seed's measurement rows of a bundled scenario (simulated once per process). */
export function rowsOf(name: string, seed: number): LabelledRow[] {
  const key = `${name}/${seed}`;
  let rows = cache.get(key);
  if (!rows) {
    const sc = loadBundledScenario(name);
    rows = measurementRows(simulate(sc, seed), sc);
    cache.set(key, rows);
  }
  return rows;
}

/** One digest line per (scenario, seed, confirmation rule), then the raid's (seeds 1 and 2). */
export function digests(seeds: readonly number[] = [1, 2, 3], raid = true): string[] {
  const out: string[] = [];
  if (raid) {
    for (const seed of [1, 2]) {
      const rows = raidRows(seed).rows;
      for (const confirmation of ['m-of-n', 'sprt'] as const) {
        const res = runTracker(rows, { confirmation });
        out.push(
          `raid-50 seed ${seed} ${confirmation}: ${res.rows.length} rows, ${res.stats.confirmedTracks} confirmed, ${digestRows(res.rows)}`,
        );
      }
    }
  }
  for (const name of DIGEST_SCENARIOS) {
    for (const seed of seeds) {
      for (const confirmation of ['m-of-n', 'sprt'] as const) {
        const res = runTracker(rowsOf(name, seed), { confirmation });
        out.push(
          `${name} seed ${seed} ${confirmation}: ${res.rows.length} rows, ${res.stats.confirmedTracks} confirmed, ${digestRows(res.rows)}`,
        );
      }
    }
  }
  return out;
}

/**
 * Per scan, median over `passes` passes after one warm-up pass: the process's CPU time over the
 * whole pass (rows to detections, the steps, the output rows) and the wall time of `step` alone
 * (as `concord bench tracker` times it), µs.
 */
export function perScanUs(
  name: string,
  passes: number,
  options: RunTrackerOptions = {},
): { cpuUs: number; stepUs: number } {
  const rows = rowsOf(name, 1);
  runTracker(rows, options);
  const cpu: number[] = [];
  const step: number[] = [];
  for (let p = 0; p < passes; p++) {
    const c0 = process.cpuUsage();
    const res = runTracker(rows, options);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / res.stats.scans);
    const timed = runTracker(rows, { ...options, now: () => performance.now() });
    step.push((timed.stats.scanMsMean ?? Number.NaN) * 1000);
  }
  return { cpuUs: median(cpu), stepUs: median(step) };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(argv: string[]): void {
  const [cmd, arg] = argv;
  if (cmd === 'digest') {
    for (const line of digests()) process.stdout.write(`${line}\n`);
  } else if (cmd === 'time') {
    const passes = arg === undefined ? 10 : Number(arg);
    for (const name of [...SINGLE_MISSILE, 'korea-srbm-salvo']) {
      const t = perScanUs(name, passes);
      process.stdout.write(
        `${name}: ${t.cpuUs.toFixed(1)} µs CPU per scan (whole pass), ${t.stepUs.toFixed(1)} µs wall per step\n`,
      );
    }
  } else if (cmd === 'loop') {
    const seconds = arg === undefined ? 20 : Number(arg);
    const end = performance.now() + seconds * 1000;
    let scans = 0;
    while (performance.now() < end) {
      for (const name of SINGLE_MISSILE) scans += runTracker(rowsOf(name, 1)).stats.scans;
    }
    process.stdout.write(`${scans} scans\n`);
  } else {
    process.stderr.write('usage: node dist/bench/tracker-scan.js digest | time [passes] | loop [seconds]\n');
    process.exitCode = 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
