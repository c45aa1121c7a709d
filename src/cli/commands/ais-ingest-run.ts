import { type ChildProcess, spawn } from 'node:child_process';
import {
  dealPartitions,
  type IngestResult,
  ingestRun,
  runWorkerAt,
  startLocalNats,
} from '../../ingest/index.js';
import { type PartitionScheme, partitionScheme } from '../../maritime/index.js';
import { UsageError } from '../usage.js';
import { loadDetectInputs, timedRecords } from './ais-detect.js';
import {
  type IngestOptions,
  REFERENCE_OPTIONS,
  type SchemeOptions,
  type WorkerOptions,
  wholeOption,
} from './ais-ingest.js';

function schemeOf(o: SchemeOptions, defaultPartitions: number): PartitionScheme {
  const partitions =
    o.partitions === undefined ? defaultPartitions : wholeOption('--partitions', o.partitions, 1, 1024);
  const num = (option: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x))
      throw new UsageError(`${option} must be a number, not '${text}'`);
    return x;
  };
  const cellDeg = num('--cell-deg', o.cellDeg);
  const bandM = num('--band-m', o.bandM);
  try {
    return partitionScheme({
      partitions,
      ...(cellDeg !== undefined ? { cellDeg } : {}),
      ...(bandM !== undefined ? { bandM } : {}),
    });
  } catch (err) {
    throw new UsageError(`--partitions/--cell-deg/--band-m: ${(err as Error).message}`);
  }
}

/** `concord ais ingest FILE`: dispatcher and collector here, workers as child processes. */
export async function runIngestCommand(file: string, o: IngestOptions): Promise<void> {
  const workers = wholeOption('--workers', o.workers, 0, 64);
  const scheme = schemeOf(o, Math.max(1, workers));
  if (workers > scheme.partitions)
    throw new UsageError(`--workers ${workers} is more than the ${scheme.partitions} partitions`);
  if (o.storage !== 'file' && o.storage !== 'memory')
    throw new UsageError(`--storage must be file or memory, not '${o.storage}'`);
  const inputs = loadDetectInputs(o);
  const run = o.run ?? `r${Date.now().toString(36)}${process.pid.toString(36)}`;
  const local = o.nats === undefined ? await startLocalNats() : null;
  const url = o.nats ?? local!.url;
  const children: ChildProcess[] = [];
  try {
    const failures: Promise<never>[] = [];
    if (workers > 0) {
      for (const take of dealPartitions(scheme.partitions, workers)) {
        const args = [
          process.argv[1]!,
          'ais',
          'worker',
          '--nats',
          url,
          '--run',
          run,
          '--take',
          take.join(','),
          '--partitions',
          String(scheme.partitions),
          '--cell-deg',
          String(scheme.cellDeg),
          '--band-m',
          String(scheme.bandM),
        ];
        for (const k of REFERENCE_OPTIONS) if (o[k] !== undefined) args.push(`--${k}`, o[k]!);
        const child = spawn(process.execPath, [...process.execArgv, ...args], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        children.push(child);
        failures.push(
          new Promise<never>((_, reject) => {
            child.once('error', reject);
            child.once('exit', (code, signal) => {
              if (code !== 0)
                reject(
                  new Error(`ingest worker for partitions ${take.join(',')} ended with ${signal ?? code}`),
                );
            });
          }),
        );
      }
    }
    const records = timedRecords(file, inputs.lineClock);
    const result = await ingestRun({
      url,
      run,
      scheme,
      records,
      contacts: inputs.contacts,
      setup: { storage: o.storage },
      ...(failures.length > 0 ? { failed: Promise.race(failures) } : {}),
    });
    for (const line of result.lines) process.stdout.write(line);
    if (o.stats) process.stderr.write(`${JSON.stringify(ingestSummary(result, workers))}\n`);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await local?.stop();
  }
}

/** `--stats`: throughput in total and per partition (records/s of the time it was busy detecting). */
export function ingestSummary(r: IngestResult, workers: number): Record<string, unknown> {
  const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : null);
  return {
    records: r.dispatch.records,
    skipped: r.dispatch.skipped,
    contacts: r.dispatch.contacts,
    identifiedContacts: r.dispatch.identified,
    copiedToBand: r.dispatch.copied,
    messages: r.dispatch.messages,
    workers,
    partitions: r.done.length,
    elapsedMs: r.elapsedMs,
    recordsPerS: rate(r.dispatch.records, r.elapsedMs),
    perPartition: r.done.map((d) => ({
      partition: d.partition,
      records: d.records,
      busyMs: d.busyMs,
      elapsedMs: d.elapsedMs,
      recordsPerBusyS: rate(d.records, d.busyMs),
      events: d.events,
      notOurs: d.notOurs,
    })),
    events: r.merge.events,
    duplicates: r.merge.duplicates,
    conflicts: r.merge.conflicts,
    supersededByIdentified: r.merge.superseded,
  };
}

/** `concord ais worker`: consumes the partitions `--take` of run `--run` until their end. */
export async function runWorkerCommand(o: WorkerOptions): Promise<void> {
  const scheme = schemeOf(o, 1);
  const take = o.take.split(',').map((t) => wholeOption('--take', t, 0, scheme.partitions - 1));
  if (new Set(take).size !== take.length) throw new UsageError(`--take lists a partition twice: '${o.take}'`);
  const { ref, params } = loadDetectInputs({ ...o, contacts: undefined, start: undefined, rate: undefined });
  const done = await runWorkerAt({ url: o.nats, run: o.run, scheme, partitions: take, ref, params });
  for (const d of done) process.stdout.write(`${JSON.stringify(d)}\n`);
}
