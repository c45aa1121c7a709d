import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { AisDecoder, type AisStats } from '../../maritime/ais/index.js';

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
