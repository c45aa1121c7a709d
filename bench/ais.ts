// `concord bench ais`: AIS decoding against gpsd's `gpsdecode` (Debian gpsd-clients) on the same
// generated file in the same run. Rows are a list so that later rows (the vessel picture, the
// detectors) can be added beside these ones.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMaritimeInputs, readScenario } from '../src/bundled/index.js';
import { AisDecoder, nmeaLines } from '../src/maritime/ais/index.js';
import { DetectionEngine, type GpsdAisLike } from '../src/maritime/index.js';
import { aisGen } from '../src/sim/traffic/index.js';
import { generateAisLines } from '../src/testing/ais-traffic.js';
import { printTable } from './harness.js';

export interface Options {
  json: boolean;
  /** Sentences (lines) in the generated file (default 1,000,000). */
  lines?: number;
  /** Vessels in the picture-memory child (default 200,000). */
  vessels?: number;
}

/** The scenario whose generated traffic the pipeline row reads (its full background density). */
const PIPELINE_SCENARIO = 'ecs-sanctions-evasion';
const PICTURE_VESSELS = 200_000;

/** Bump when the generator changes, so that a cached file is not reused across versions. */
const TRAFFIC_VERSION = 1;
const SEED = 7;
const RUNS = 3;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'concord');

export interface BenchContext {
  file: string;
  lines: number;
  text: string;
}

/** One figure: its JSON key, a label, its unit, and how to measure it (null when it cannot be). */
export interface Row {
  key: string;
  label: string;
  unit: string;
  measure: (ctx: BenchContext) => number | null;
}

/** Best (shortest) wall time of `RUNS` runs of a command reading `file` on stdin or as argument. */
function commandSeconds(cmd: string, args: string[], stdinFile: string | null): number | null {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const input = stdinFile === null ? 'ignore' : openSync(stdinFile, 'r');
    const sink = openSync('/dev/null', 'w');
    const start = performance.now();
    const r = spawnSync(cmd, args, { stdio: [input, sink, 'pipe'] });
    const seconds = (performance.now() - start) / 1000;
    if (typeof input === 'number') closeSync(input);
    closeSync(sink);
    if (r.error || r.status !== 0) return null;
    best = Math.min(best, seconds);
  }
  return best;
}

/** In-process decoding of the whole text to record objects (no output), best of `RUNS`. */
function decodeSeconds(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    let records = 0;
    const decoder = new AisDecoder(() => {
      records++;
    });
    const start = performance.now();
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      decoder.line(text, from, nl);
      from = nl + 1;
    }
    decoder.finish();
    best = Math.min(best, (performance.now() - start) / 1000);
    if (records === 0) throw new Error('bench ais: the generated file decoded to no records');
  }
  return best;
}

const perS = (ctx: BenchContext, seconds: number | null) => (seconds === null ? null : ctx.lines / seconds);

/**
 * The first `lines` NMEA lines `concord ais gen ecs-sanctions-evasion --seed 1` writes (cached in
 * the temporary directory): real ship tracks with tag-block times, which the detectors need.
 */
export function scenarioFile(lines: number): string {
  const file = join(
    tmpdir(),
    `concord-bench-ais-pipeline-v${TRAFFIC_VERSION}-${PIPELINE_SCENARIO}-${lines}.nmea`,
  );
  if (!existsSync(file)) {
    const gen = aisGen(readScenario(PIPELINE_SCENARIO).scenario, { seed: 1 });
    const out: string[] = [];
    const seq = { id: 0 };
    for (const r of gen.reports()) {
      for (const line of nmeaLines(r, seq).split('\n')) out.push(line);
      if (out.length >= lines) break;
    }
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, `${out.slice(0, lines).join('\n')}\n`, 'latin1');
    spawnSync('mv', [tmp, file]);
  }
  return file;
}

/**
 * Decode + picture + every detector, in process, on the generated scenario file: best of `RUNS`
 * wall times, the reference data (coastline, ports, zones) loaded once before the clock starts.
 */
function pipelineSeconds(lines: number): { seconds: number; sentences: number; events: number } {
  const text = readFileSync(scenarioFile(lines), 'latin1');
  const inputs = loadMaritimeInputs({});
  let best = Number.POSITIVE_INFINITY;
  let sentences = 0;
  let events = 0;
  for (let i = 0; i < RUNS; i++) {
    const engine = new DetectionEngine(inputs.ref, inputs.params);
    let n = 0;
    const decoder = new AisDecoder((m) => {
      n += engine.pushAis((m.timeS ?? 0) * 1000, m.record as GpsdAisLike).length;
    });
    const start = performance.now();
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      decoder.line(text, from, nl);
      from = nl + 1;
    }
    decoder.finish();
    n += engine.finish().length;
    best = Math.min(best, (performance.now() - start) / 1000);
    sentences = decoder.stats.lines;
    events = n;
    if (decoder.stats.records === 0) throw new Error('bench ais: the scenario file decoded to no records');
  }
  return { seconds: best, sentences, events };
}

/** The most lines the partitioned-ingest rows read (one run each: they start a nats-server and processes). */
const INGEST_MAX_LINES = 200_000;

interface IngestFigure {
  workers: number;
  records: number;
  wallS: number;
  recordsPerS: number;
  /** Records per second of each worker's busy time (decoding its batches and detecting), by partition. */
  perWorkerRecordsPerBusyS: (number | null)[];
  /** Records each partition handled (fixes in the overlap band go to both sides). */
  perWorkerRecords: number[];
  events: number;
}

/**
 * `concord ais ingest FILE --workers N --stats` (a private nats-server, N worker processes) and,
 * as the peer in the same run, `concord ais detect FILE` (one process), on the scenario file's
 * first `lines` lines: wall time of one run each.
 */
function ingestFigures(lines: number): {
  detect: { wallS: number; recordsPerS: number } | null;
  ingest: IngestFigure[];
} {
  const file = scenarioFile(lines);
  const wall = (args: string[]) => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { r, s: (performance.now() - start) / 1000 };
  };
  const ingest: IngestFigure[] = [];
  for (const workers of [1, 2]) {
    const { r, s } = wall(['ais', 'ingest', file, '--workers', String(workers), '--stats']);
    if (r.status !== 0) {
      process.stderr.write(`bench ais: ais ingest --workers ${workers} failed: ${r.stderr}\n`);
      continue;
    }
    const st = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as {
      records: number;
      events: number;
      perPartition: { records: number; recordsPerBusyS: number | null }[];
    };
    ingest.push({
      workers,
      records: st.records,
      wallS: s,
      recordsPerS: st.records / s,
      perWorkerRecordsPerBusyS: st.perPartition.map((p) => p.recordsPerBusyS),
      perWorkerRecords: st.perPartition.map((p) => p.records),
      events: st.events,
    });
  }
  const d = wall(['ais', 'detect', file]);
  const records = ingest[0]?.records ?? null;
  const detect = d.r.status === 0 && records !== null ? { wallS: d.s, recordsPerS: records / d.s } : null;
  return { detect, ingest };
}

/** The picture filled with `vessels` vessels and full history, measured in a child process. */
interface PictureMemory {
  rssBeforeBytes: number;
  rssAfterBytes: number;
  liveBytes: number;
  fixes: number;
}

function pictureMemory(vessels: number): PictureMemory | null {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', join(import.meta.dirname, 'picture-memory.js'), String(vessels)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) {
    process.stderr.write(`bench ais: picture-memory child failed: ${r.stderr}\n`);
    return null;
  }
  return JSON.parse(r.stdout) as PictureMemory;
}

export const ROWS: Row[] = [
  {
    key: 'gpsdecodeJsonSentencesPerS',
    label: 'gpsdecode -j < FILE > /dev/null',
    unit: 'sentences/s',
    measure: (ctx) => perS(ctx, commandSeconds('gpsdecode', ['-j'], ctx.file)),
  },
  {
    key: 'endToEndSentencesPerS',
    label: 'concord ais decode FILE > /dev/null',
    unit: 'sentences/s',
    measure: (ctx) =>
      perS(
        ctx,
        commandSeconds(process.execPath, ['--max-semi-space-size=64', BIN, 'ais', 'decode', ctx.file], null),
      ),
  },
  {
    key: 'gpsdecodeSentencesPerS',
    label: 'gpsdecode -u -c < FILE > /dev/null',
    unit: 'sentences/s',
    measure: (ctx) => perS(ctx, commandSeconds('gpsdecode', ['-u', '-c'], ctx.file)),
  },
  {
    key: 'decodeSentencesPerS',
    label: 'AisDecoder in process, to objects',
    unit: 'sentences/s',
    measure: (ctx) => perS(ctx, decodeSeconds(ctx.text)),
  },
];

/** The generated file for `lines` (cached in the temporary directory; same seed, same content). */
export function trafficFile(lines: number): string {
  const file = join(tmpdir(), `concord-bench-ais-v${TRAFFIC_VERSION}-${SEED}-${lines}.nmea`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, `${generateAisLines({ lines, seed: SEED }).join('\n')}\n`, 'latin1');
    spawnSync('mv', [tmp, file]);
  }
  return file;
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const lines = o.lines ?? 1_000_000;
  const file = trafficFile(lines);
  const ctx: BenchContext = { file, lines, text: readFileSync(file, 'latin1') };
  const figures: Record<string, number | null> = {};
  for (const row of ROWS) figures[row.key] = row.measure(ctx);
  const pipeline = pipelineSeconds(lines);
  figures.pipelineSentencesPerS = pipeline.sentences / pipeline.seconds;
  const ingestLines = Math.min(lines, INGEST_MAX_LINES);
  const partitioned = ingestFigures(ingestLines);
  const byWorkers = (w: number) => partitioned.ingest.find((x) => x.workers === w) ?? null;
  figures.ingest1WorkerRecordsPerS = byWorkers(1)?.recordsPerS ?? null;
  figures.ingest2WorkersRecordsPerS = byWorkers(2)?.recordsPerS ?? null;
  figures.detectOneProcessRecordsPerS = partitioned.detect?.recordsPerS ?? null;
  const vessels = o.vessels ?? PICTURE_VESSELS;
  const memory = pictureMemory(vessels);
  figures.bytesPerVessel = memory === null ? null : (memory.rssAfterBytes - memory.rssBeforeBytes) / vessels;
  figures.liveBytesPerVessel = memory === null ? null : memory.liveBytes / vessels;
  figures.pictureRssBytes = memory === null ? null : memory.rssAfterBytes;
  figures.rssBytesAt200kVessels = vessels === PICTURE_VESSELS ? figures.pictureRssBytes : null;
  const ratio = (a: string, b: string) => {
    const x = figures[a];
    const y = figures[b];
    return x == null || y == null ? null : x / y;
  };
  const result: Record<string, unknown> = {
    sentences: lines,
    ...figures,
    endToEndRatio: ratio('endToEndSentencesPerS', 'gpsdecodeJsonSentencesPerS'),
    decodeRatio: ratio('decodeSentencesPerS', 'gpsdecodeSentencesPerS'),
    pipelineRatio: ratio('pipelineSentencesPerS', 'decodeSentencesPerS'),
    pipelineEvents: pipeline.events,
    ingestLines,
    ingest: partitioned.ingest,
    ingestRatio2to1: ratio('ingest2WorkersRecordsPerS', 'ingest1WorkerRecordsPerS'),
    ingestRatioToOneProcess: ratio('ingest2WorkersRecordsPerS', 'detectOneProcessRecordsPerS'),
    ingestNote:
      'one run each; a private nats-server, the dispatcher, the collector and the workers share this machine (2 vCPUs, shared with other work): it cannot show scaling with workers, only the cost per worker',
    pictureVessels: vessels,
    pictureFixes: memory?.fixes ?? null,
    note: `best of ${RUNS} runs each, wall time; gpsdecode figures are null when it is not installed (apt-get install gpsd-clients)`,
  };
  if (!o.json) {
    const fmt = (v: number | null) => (v === null ? 'n/a' : Math.round(v).toLocaleString('en-US'));
    printTable(`AIS decoding, ${lines.toLocaleString('en-US')} generated sentences (${file})`, [
      ['', 'sentences/s'],
      ...ROWS.map((r) => [r.label, fmt(figures[r.key] ?? null)]),
      [
        'end-to-end ratio (concord / gpsdecode -j)',
        String((result.endToEndRatio as number | null)?.toFixed(2) ?? 'n/a'),
      ],
      [
        'decode ratio (in process / gpsdecode -u -c)',
        String((result.decodeRatio as number | null)?.toFixed(2) ?? 'n/a'),
      ],
      [
        `decode + picture + detectors in process (${PIPELINE_SCENARIO}, seed 1)`,
        fmt(figures.pipelineSentencesPerS ?? null),
      ],
      [
        'pipeline ratio (pipeline / decode alone)',
        String((result.pipelineRatio as number | null)?.toFixed(2) ?? 'n/a'),
      ],
    ]);
    const ing = (w: number) => byWorkers(w);
    const perWorker = (w: number) =>
      ing(w)
        ?.perWorkerRecordsPerBusyS.map((x) => (x === null ? 'n/a' : fmt(x)))
        .join(' / ') ?? 'n/a';
    printTable(
      `partitioned ingest over NATS JetStream, ${ingestLines.toLocaleString('en-US')} lines of ${PIPELINE_SCENARIO} (one run each)`,
      [
        ['', 'records/s'],
        ['concord ais detect FILE (one process, the peer)', fmt(figures.detectOneProcessRecordsPerS ?? null)],
        ['concord ais ingest FILE --workers 1: total', fmt(figures.ingest1WorkerRecordsPerS ?? null)],
        ['  per worker (busy time)', perWorker(1)],
        ['concord ais ingest FILE --workers 2: total', fmt(figures.ingest2WorkersRecordsPerS ?? null)],
        ['  per worker (busy time)', perWorker(2)],
        [
          'ratio 2 workers / 1 worker',
          String((result.ingestRatio2to1 as number | null)?.toFixed(2) ?? 'n/a'),
        ],
        [
          'ratio 2 workers / one process',
          String((result.ingestRatioToOneProcess as number | null)?.toFixed(2) ?? 'n/a'),
        ],
        [
          'note',
          'this machine has 2 vCPUs shared by nats-server, the dispatcher and the workers: no scaling can show',
        ],
      ],
    );
    const mib = (v: number | null | undefined) => (v == null ? 'n/a' : `${(v / 2 ** 20).toFixed(0)} MiB`);
    printTable(
      `vessel picture, ${vessels.toLocaleString('en-US')} vessels with 48 h history (child process)`,
      [
        ['', ''],
        ['bytes per vessel (RSS growth / vessels)', fmt(figures.bytesPerVessel ?? null)],
        ['live bytes per vessel (JS heap in use + slabs)', fmt(figures.liveBytesPerVessel ?? null)],
        ['RSS of the filled process', mib(figures.pictureRssBytes)],
        ['target: RSS at 200,000 vessels', '<= 2048 MiB'],
      ],
    );
  }
  return result;
}
