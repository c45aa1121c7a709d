import type { Command } from 'commander';
import { UsageError } from '../usage.js';
import { addDetectOptions, type DetectOptions } from './ais-detect-options.js';

// `concord ais ingest` and `concord ais worker`: registered on the light `ais` entry, so this
// module imports only commander and leaf modules; the ingest itself is loaded when a command runs.

interface SchemeOptions {
  partitions?: string;
  cellDeg?: string;
  bandM?: string;
}

interface IngestOptions extends DetectOptions, SchemeOptions {
  workers: string;
  nats?: string;
  run?: string;
  storage: string;
  stats: boolean;
}

interface WorkerOptions extends DetectOptions, SchemeOptions {
  nats: string;
  run: string;
  take: string;
}

/** The reference options a worker needs (contacts go through the dispatcher, line clocks stay with it). */
const REFERENCE_OPTIONS = ['zones', 'shore', 'anchorages', 'ports', 'watchlist'] as const;

function addSchemeOptions(cmd: Command): Command {
  return cmd
    .option('--partitions <n>', 'partitions the stream is cut into (default: the number of workers)')
    .option('--cell-deg <deg>', 'side of a spatial cell, degrees, dividing 360 (default 2)')
    .option('--band-m <m>', "overlap band around a partition's cells, m (default 50000)");
}

export function registerIngest(ais: Command): void {
  addSchemeOptions(
    addDetectOptions(
      ais
        .command('ingest')
        .exitOverride()
        .description(
          'detect maritime events with the stream partitioned over NATS JetStream: a dispatcher, N worker processes, a collector that merges their events; NDJSON events on stdout (the same events as `ais detect`)',
        )
        .argument('<file>', "input file (NMEA with tag-block times), or '-' for standard input")
        .option(
          '--workers <n>',
          'worker processes to start (0: workers started elsewhere with `ais worker`)',
          '2',
        )
        .option('--nats <url>', 'nats-server with JetStream (default: start a private one on loopback)')
        .option(
          '--run <id>',
          'name of this run on the server (letters, digits, - and _; default: a fresh one)',
        )
        .option('--storage <kind>', "where JetStream keeps the run's messages: file or memory", 'file')
        .option('--stats', 'print records, time and records/s per partition on stderr (JSON)', false),
    ),
  ).action(async (file: string, o: IngestOptions) => {
    const { runIngestCommand } = await import('./ais-ingest-run.js');
    await runIngestCommand(file, o);
  });

  addSchemeOptions(
    addDetectOptions(
      ais
        .command('worker')
        .exitOverride()
        .description(
          'one partitioned-ingest worker: consumes partitions of a run on a nats-server until their end (see `ais ingest --workers 0`)',
        )
        .requiredOption('--nats <url>', 'the nats-server the dispatcher publishes to')
        .requiredOption('--run <id>', "the run's name, as given to `ais ingest --run`")
        .requiredOption('--take <list>', 'the partitions this worker consumes, e.g. 0,2'),
    ),
  ).action(async (o: WorkerOptions) => {
    const { runWorkerCommand } = await import('./ais-ingest-run.js');
    await runWorkerCommand(o);
  });
}

/** A whole number from an option, or a UsageError naming the option. */
export function wholeOption(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not '${text}'`);
  return n;
}

export { type IngestOptions, REFERENCE_OPTIONS, type SchemeOptions, type WorkerOptions };
