import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { AisDecoder, type AisRecord, type AisStats, nmeaLines } from '../../maritime/ais/index.js';
import { UsageError } from '../usage.js';
import { addDetectOptions, type DetectOptions } from './ais-detect-options.js';

// This module is loaded on `concord ais ...`'s fast path (bin/concord -> cli/ais-main): it may import
// commander, the maritime codec and small leaf modules, never the node, Fastify or SQLite.

interface DecodeOptions {
  stats: boolean;
}

/** Output is gathered into chunks of about this many characters before each write. */
const CHUNK_CHARS = 1 << 20;

export function registerAis(program: Command): void {
  // Usage errors end in a CommanderError (exit code 2 from main), at both levels of `ais decode`.
  const ais = program.command('ais').description('AIS (NMEA 0183 !AIVDM/!AIVDO) tools').exitOverride();
  ais
    .command('decode')
    .exitOverride()
    .description(
      "decode AIS sentences to NDJSON, one object per message, with gpsd's field names and scaling (gpsdecode -j)",
    )
    .argument('[file]', "input file, or '-' for standard input", '-')
    .option('--stats', 'print counts by message type and rejections by reason on stderr (JSON)', false)
    .action(async (file: string, o: DecodeOptions) => {
      // A reader that stops early (`| head`) ends the output, not the command with a stack trace.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(0);
        throw err;
      });
      const stats = await decodeStream(file, process.stdout);
      if (o.stats) process.stderr.write(`${JSON.stringify(statsSummary(stats))}\n`);
    });
  addDetectOptions(
    ais
      .command('detect')
      .exitOverride()
      .description(
        'detect maritime events (encounter, loitering, gap, identity, zone entry/exit, port visit, watch list, dark) in AIS sentences; NDJSON events on stdout',
      )
      .argument('[file]', "input file, or '-' for standard input", '-'),
  ).action(async (file: string, o: DetectOptions) => {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
    // Loaded on use: the reference data and geometry libraries are not for `ais decode`.
    const { loadDetectInputs, timedRecords } = await import('./ais-detect.js');
    const { runDetect } = await import('../../maritime/index.js');
    const inputs = loadDetectInputs(o);
    const timed = timedRecords(file, inputs.lineClock);
    await runDetect(timed, inputs, process.stdout);
  });
  registerGen(ais);
  registerReplay(ais);
}

interface ReplayOptions {
  to: string;
  speed: string;
  rate: string;
}

function registerReplay(ais: Command): void {
  ais
    .command('replay')
    .exitOverride()
    .description(
      'send a file of NMEA sentences (or a contacts CSV) as a live feed: UDP datagrams to HOST:PORT, or as a TCP server on HOST:PORT, at its tag-block (or time column) times or at --rate',
    )
    .argument(
      '<file>',
      "NMEA file (tag blocks '\\c:<unix s>\\' give the times) or contacts CSV (its time column gives them), or '-' for standard input",
    )
    .requiredOption(
      '--to <url>',
      'udp://HOST:PORT (send datagrams there) or tcp://HOST:PORT (listen there; each client gets the file from the start)',
    )
    .option('--speed <x>', 'tag-block (or contact) times run this many times faster', '1')
    .option('--rate <n>', 'lines per second for a file without times', '1000')
    .action(async (file: string, o: ReplayOptions) => {
      const speed = Number(o.speed);
      if (!(speed > 0 && Number.isFinite(speed)))
        throw new UsageError(`--speed must be a positive number, not '${o.speed}'`);
      const rate = Number(o.rate);
      if (!(rate > 0 && Number.isFinite(rate)))
        throw new UsageError(`--rate must be a positive number, not '${o.rate}'`);
      const { parseFeedUrl, replaySchedule, replayUdp, serveReplayTcp } = await import(
        '../../feeds/index.js'
      );
      // tcp://HOST:0 listens on any free port and says which.
      const to = parseFeedUrl(o.to, '--to', undefined, o.to.trim().startsWith('tcp:'));
      const input = file === '-' ? 'standard input' : file;
      const text = await readAll(file);
      const schedule = replaySchedule(text.split('\n'), { speed, ratePerS: rate });
      const lines = schedule.reduce((n, m) => n + m.lines, 0);
      const lastS = schedule.length > 0 ? schedule[schedule.length - 1]!.atMs / 1000 : 0;
      const say = (t: string) => process.stderr.write(`concord ais replay: ${t}\n`);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      if (to.protocol === 'udp') {
        say(
          `${input}: ${lines} lines in ${schedule.length} messages to ${to.url} over ${lastS.toFixed(1)} s`,
        );
        const c = await replayUdp(schedule, to, stop.signal);
        say(`sent ${c.lines} lines (${c.messages} messages) in ${c.sends} datagrams to ${to.url}`);
      } else {
        const server = await serveReplayTcp(schedule, to, {
          onClient: (who) => say(`${who} connected`),
          onServed: (who, n) => say(`served ${n} lines to ${who}`),
        }).catch((err: NodeJS.ErrnoException) => {
          throw new UsageError(`--to ${to.url}: cannot listen (${err.code ?? err.message})`);
        });
        say(
          `serving ${input} (${lines} lines, ${lastS.toFixed(1)} s) on tcp://${to.host}:${server.port} to every client that connects; Ctrl-C to stop`,
        );
        await new Promise<void>((resolve) =>
          stop.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await server.close();
      }
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
}

/** The whole of `file` ('-' = stdin) as latin1 text; an unreadable file is an InputError naming it. */
async function readAll(file: string): Promise<string> {
  const input: Readable = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of input)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      { input: file === '-' ? 'standard input' : file },
      code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`,
    );
  }
  return Buffer.concat(chunks).toString('latin1');
}

interface GenOptions {
  out: string;
  truth?: string;
  contacts?: string;
  watchlist?: string;
  seed?: string;
  background?: string;
}

function registerGen(ais: Command): void {
  ais
    .command('gen')
    .exitOverride()
    .description(
      "a maritime scenario's synthetic AIS traffic as NMEA with tag blocks, its ground truth and its sensor contacts",
    )
    .argument('<scenario>', 'scenario file or bundled name (ecs-sanctions-evasion, senkaku-incursion-drill)')
    .requiredOption('--out <file.nmea>', 'NMEA output (\\c:<unix s>,s:concord-sim*hh\\!AIVDM,...)')
    .option(
      '--truth <file.json>',
      'ground truth: the events a detector must find and the near misses it must not',
    )
    .option('--contacts <file.csv>', 'sensor contacts (radar, aircraft, SAR, RF) for `ais detect --contacts`')
    .option('--watchlist <file.csv>', "the scenario's watch list, for `ais detect --watchlist`")
    .option('--seed <n>', "traffic seed (default: the scenario's maritime.seed)")
    .option('--background <n>', "background ships (default: the scenario's maritime.background.ships)")
    .action(async (name: string, o: GenOptions) => {
      const { readScenario } = await import('../../bundled/index.js');
      const { aisGen, scenarioWatchlistCsv } = await import('../../sim/traffic/index.js');
      const { writeAisGen } = await import('./ais-gen.js');
      const seed = o.seed === undefined ? undefined : wholeNumber('--seed', o.seed);
      const backgroundShips =
        o.background === undefined ? undefined : wholeNumber('--background', o.background);
      const { scenario, file } = readScenario(name);
      const result = aisGen(scenario, {
        source: file,
        ...(seed !== undefined ? { seed } : {}),
        ...(backgroundShips !== undefined ? { backgroundShips } : {}),
      });
      const seq = { id: 0 };
      const n = writeAisGen(result, {
        out: o.out,
        ...(o.truth !== undefined ? { truth: o.truth } : {}),
        ...(o.contacts !== undefined ? { contacts: o.contacts } : {}),
        ...(o.watchlist !== undefined
          ? { watchlist: { path: o.watchlist, text: scenarioWatchlistCsv(scenario) } }
          : {}),
        line: (r) => nmeaLines(r, seq),
      });
      process.stderr.write(
        `${n} messages, ${result.truth.events.length} truth events, ${result.truth.mustNotFire.length} near misses -> ${o.out}\n`,
      );
    });
}

function wholeNumber(option: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`${option} must be a whole number, not '${text}'`);
  return n;
}

/**
 * Decodes `file` ('-' = stdin) and yields its messages in input order, one batch per chunk read.
 * Only an unreadable file is an error (InputError naming it); bad sentences are skipped.
 */
export async function* decodeMessages(
  file: string,
): AsyncGenerator<{ record: AisRecord; line: number; timeS?: number }[]> {
  let batch: { record: AisRecord; line: number; timeS?: number }[] = [];
  const decoder = new AisDecoder((m) => {
    batch.push(m.timeS === undefined ? { record: m.record, line: m.line } : m);
  });
  const input: Readable = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  let carry = '';
  const iterator = input[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await iterator.next();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(
        { input: file === '-' ? 'standard input' : file },
        code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`,
      );
    }
    if (next.done) break;
    const chunk = next.value;
    const text = carry + (typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1'));
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      decoder.line(text, start, nl);
      start = nl + 1;
    }
    carry = start === 0 ? text : text.slice(start);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (carry.length > 0) decoder.line(carry, 0, carry.length);
  decoder.finish();
  if (batch.length > 0) yield batch;
}

/** `--stats`: counts by type (only types seen) and rejections by reason (every reason). */
export function statsSummary(stats: AisStats): Record<string, unknown> {
  const byType: Record<string, number> = {};
  stats.byType.forEach((n, type) => {
    if (n > 0) byType[type] = n;
  });
  return { lines: stats.lines, records: stats.records, byType, held: stats.held, rejected: stats.rejected };
}

/**
 * Reads `file` ('-' = stdin) in large chunks, decodes every line and writes NDJSON to `out` in
 * large batches. Whatever the input holds, it returns the counts once the input is read; only an
 * unreadable file is an error (InputError naming it).
 */
export async function decodeStream(file: string, out: NodeJS.WritableStream): Promise<AisStats> {
  let buffered: string[] = [];
  let bufferedChars = 0;
  const decoder = new AisDecoder((m) => {
    const line = JSON.stringify(m.record);
    buffered.push(line);
    bufferedChars += line.length + 1;
  });
  const flush = async (): Promise<void> => {
    if (buffered.length === 0) return;
    const text = `${buffered.join('\n')}\n`;
    buffered = [];
    bufferedChars = 0;
    // Records are ASCII (six-bit text, digits, gpsd's legends): latin1 is the cheapest encoding.
    if (!out.write(Buffer.from(text, 'latin1')))
      await new Promise<void>((resolve) => out.once('drain', resolve));
  };

  const input: Readable = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  let carry = '';
  try {
    for await (const chunk of input) {
      const text = carry + (typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1'));
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        decoder.line(text, start, nl);
        start = nl + 1;
      }
      carry = start === 0 ? text : text.slice(start);
      if (bufferedChars >= CHUNK_CHARS) await flush();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      { input: file === '-' ? 'standard input' : file },
      code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`,
    );
  }
  if (carry.length > 0) decoder.line(carry, 0, carry.length);
  decoder.finish();
  await flush();
  return decoder.stats;
}
