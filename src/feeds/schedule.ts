import { parseTagBlock, type TagBlock } from '../maritime/ais/index.js';

/** One message to send: its lines (several for a multi-sentence message, kept together) and when. */
export interface ScheduledMessage {
  /** Milliseconds after the replay starts. */
  readonly atMs: number;
  /** The message's lines joined by LF, without a final LF. */
  readonly text: string;
  readonly lines: number;
}

export interface ScheduleOptions {
  /** Tag-block times run this many times faster. */
  readonly speed?: number;
  /** Sentences per second for a file without tag-block times. */
  readonly ratePerS?: number;
}

export const DEFAULT_REPLAY_RATE_PER_S = 1_000;

/**
 * When to send each message of an NMEA file, as `concord ais replay` does. With tag-block times
 * (`\c:...\`), a message goes at its time minus the first (divided by `speed`); the messages of
 * one whole second (tag times are usually whole seconds) are spread evenly over it rather than
 * sent in one burst, and a time earlier than the one before is taken as the one before (a merged
 * feed's receivers disagree a little). Without them, sentences go at `ratePerS`. A
 * multi-sentence message (`!AIVDM,2,1,...` then `2,2`) is one entry, its lines in order. Blank
 * lines and `#` comments (as in gpsd's test logs) are dropped; every other line is sent as it is,
 * garbage included (a replay is a test). A contacts CSV (its first line a header naming `time`
 * and `kind`, or a row whose first cell is an ISO time, as `ais gen --contacts` writes) goes one
 * row a message at its `time` column, the header first.
 *
 * @example replaySchedule(['!AIVDM,1,1,,A,13u?et...,0*5C'], { ratePerS: 10 }) // [{ atMs: 0, ... }]
 */
export function replaySchedule(lines: readonly string[], o: ScheduleOptions = {}): ScheduledMessage[] {
  const speed = o.speed ?? 1;
  const rate = o.ratePerS ?? DEFAULT_REPLAY_RATE_PER_S;
  if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`speed must be positive, not ${speed}`);
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`rate must be positive, not ${rate}`);
  const messages = isContactsCsv(lines) ? csvMessages(lines) : groupMessages(lines);
  const timed = messages.some((m) => m.timeS !== undefined);
  const out: ScheduledMessage[] = [];
  if (!timed) {
    let sentences = 0;
    for (const m of messages) {
      out.push({ atMs: (sentences * 1000) / rate, text: m.lines.join('\n'), lines: m.lines.length });
      sentences += m.lines.length;
    }
    return out;
  }
  // Times: each message's own, or the one before's; never going back.
  const times: number[] = [];
  let last = messages.find((m) => m.timeS !== undefined)!.timeS!;
  const t0 = last;
  for (const m of messages) {
    if (m.timeS !== undefined && m.timeS > last) last = m.timeS;
    times.push(last);
  }
  for (let i = 0; i < messages.length; ) {
    let j = i;
    while (j < messages.length && times[j] === times[i]) j++;
    // The run i..j-1 shares one time: spread it over the time to the next (at most a second).
    const span = j < messages.length ? Math.min(1, times[j]! - times[i]!) : 1;
    for (let k = i; k < j; k++) {
      const tS = times[k]! - t0 + (span * (k - i)) / (j - i);
      const m = messages[k]!;
      out.push({ atMs: (tS * 1000) / speed, text: m.lines.join('\n'), lines: m.lines.length });
    }
    i = j;
  }
  return out;
}

interface Message {
  lines: string[];
  timeS: number | undefined;
}

/** Groups lines into messages: the fragments of a multi-sentence message, in order, go together. */
function groupMessages(lines: readonly string[]): Message[] {
  const out: Message[] = [];
  const tag: TagBlock = { ok: false, timeS: undefined, source: undefined, group: undefined };
  let open: { m: Message; total: number; next: number; seq: string } | undefined;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) continue;
    let body = 0;
    let timeS: number | undefined;
    if (line.startsWith('\\')) {
      const end = line.indexOf('\\', 1);
      if (end > 0) {
        parseTagBlock(line, 1, end, tag);
        if (tag.ok) timeS = tag.timeS;
        body = end + 1;
      }
    }
    const f = line.slice(body).split(',', 4);
    const total = Number(f[1]);
    const num = Number(f[2]);
    const seq = f[3] ?? '';
    const fragment = f.length === 4 && Number.isInteger(total) && Number.isInteger(num) && total > 1;
    if (open && fragment && num === open.next && total === open.total && seq === open.seq) {
      open.m.lines.push(line);
      open.next++;
      if (open.next > open.total) open = undefined;
      continue;
    }
    open = undefined;
    const m: Message = { lines: [line], timeS };
    out.push(m);
    if (fragment && num === 1) open = { m, total, next: 2, seq };
  }
  return out;
}

/** A contacts CSV rather than NMEA: its first line is a header with `time` and `kind`, or starts with an ISO time. */
function isContactsCsv(lines: readonly string[]): boolean {
  const first = lines.find((l) => l.trim() !== '' && !l.startsWith('#'));
  if (first === undefined) return false;
  const cells = first.split(',').map((c) => c.trim().toLowerCase());
  return (cells.includes('time') && cells.includes('kind')) || isoTimeS(cells[0]!) !== undefined;
}

/** Seconds since the epoch of an ISO 8601 time with a date (`2026-03-01T00:00:00Z`), or undefined. */
function isoTimeS(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/i.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** A contacts CSV's rows, each a message at its `time` (by the header's column, else the first). */
function csvMessages(lines: readonly string[]): Message[] {
  const out: Message[] = [];
  let timeColumn = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim().toLowerCase());
    const header = cells.indexOf('time');
    if (header >= 0) {
      timeColumn = header;
      out.push({ lines: [line], timeS: undefined });
      continue;
    }
    // Quoted names may hold commas: the time, left of them in every file `ais gen` writes, is
    // read from the unquoted split; a row whose time cannot be read goes with the one before.
    out.push({ lines: [line], timeS: isoTimeS(line.split(',')[timeColumn] ?? '') });
  }
  return out;
}
