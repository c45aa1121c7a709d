import { loadMaritimeInputs } from '../../bundled/index.js';
import { InputError, parseInstant } from '../../domain/index.js';
import type { GpsdAisLike, MaritimeInputs } from '../../maritime/index.js';
import { UsageError } from '../usage.js';
import { decodeMessages } from './ais.js';
import type { DetectOptions } from './ais-detect-options.js';

export { addDetectOptions, type DetectOptions } from './ais-detect-options.js';

/** Everything `runDetect` needs besides the records, and the line clock of `--start`/`--rate`. */
export interface DetectInputs extends MaritimeInputs {
  /** Set when --start/--rate were given: the time of line `i` (0-based) is `startMs + i * 1000 / rate`. */
  readonly lineClock: { readonly startMs: number; readonly ratePerS: number } | null;
}

/**
 * The command's options read: `--start`/`--rate` checked first (UsageError, exit 2), then every
 * input file (bundled defaults for those not given; a bad file is an InputError naming it and the
 * feature or line, exit 2).
 */
export function loadDetectInputs(o: DetectOptions): DetectInputs {
  const lineClock = parseLineClock(o);
  return { ...loadMaritimeInputs(o), lineClock };
}

function parseLineClock(o: DetectOptions): DetectInputs['lineClock'] {
  if (o.start === undefined && o.rate === undefined) return null;
  if (o.start === undefined || o.rate === undefined)
    throw new UsageError(
      '--start and --rate go together (times from line order for input without tag blocks)',
    );
  const startMs = parseInstant(o.start, { input: '--start' });
  const ratePerS = Number(o.rate);
  if (!(ratePerS > 0) || !Number.isFinite(ratePerS))
    throw new UsageError(`--rate must be a positive number of lines per second, not '${o.rate}'`);
  return { startMs, ratePerS };
}

/** The time of 0-based line `index` under --start/--rate: independent of how fast the file is read. */
export function lineTimeMs(clock: { startMs: number; ratePerS: number }, index: number): number {
  return clock.startMs + Math.round((index * 1000) / clock.ratePerS);
}

/**
 * A file's AIS records with their times: the tag block's, or under --start/--rate the line's; a
 * record with neither is an InputError naming the file and line (exit 2).
 */
export async function* timedRecords(
  file: string,
  clock: DetectInputs['lineClock'],
): AsyncGenerator<{ tMs: number; record: GpsdAisLike }> {
  const input = file === '-' ? 'standard input' : file;
  for await (const batch of decodeMessages(file)) {
    for (const m of batch) {
      let tMs: number;
      if (m.timeS !== undefined) tMs = m.timeS * 1000;
      else if (clock) tMs = lineTimeMs(clock, m.line - 1);
      else
        throw new InputError(
          { input, line: m.line },
          'no tag-block time (\\c:...\\): give --start ISO --rate N to take times from line order',
        );
      yield { tMs, record: m.record as GpsdAisLike };
    }
  }
}
