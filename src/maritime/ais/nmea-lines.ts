import { encodeSentences, encodeStaticParts, toSentences } from './encode.js';

/** The tag block's `s:` (source station) on generated sentences. */
export const GEN_SOURCE = 'concord-sim';

/** A record to encode with its receive time: gpsd's fields plus `tMs`, which the encoder ignores. */
export interface TimedAisRecord {
  readonly tMs: number;
  readonly type: number;
  /** Type 24's part: 0 (name) or 1 (the rest). */
  readonly partno?: 0 | 1;
}

/**
 * One received message as NMEA lines, each with a tag block carrying its receive time in unix
 * seconds (`\\c:1772323200,s:concord-sim*hh\\!AIVDM,...`). Type 24 records are one part each
 * (`partno`), as class B transponders send them; long messages (type 5) take two sentences, which
 * rotate through the sequential message ids 0-9 (`seq` carries the rotation between calls).
 * `source` is the tag block's `s:` (the receiving station; printable ASCII without `,*\\`).
 */
export function nmeaLines(r: TimedAisRecord, seq: { id: number } = { id: 0 }, source = GEN_SOURCE): string {
  if (source !== GEN_SOURCE && (!/^[\x20-\x7e]+$/.test(source) || /[,*\\]/.test(source)))
    throw new RangeError(
      `invariant: a tag block's source must be printable ASCII without , * or \\: '${source}'`,
    );
  const options = { sequenceId: seq.id };
  const fields = r as unknown as Record<string, unknown>;
  const sentences =
    r.type === 24
      ? toSentences(encodeStaticParts(fields)[r.partno ?? 0], options)
      : encodeSentences(fields, options);
  if (sentences.length > 1) seq.id = (seq.id + 1) % 10;
  const body = `c:${Math.floor(r.tMs / 1000)},s:${source}`;
  const tag = `\\${body}*${checksum(body)}\\`;
  return sentences.map((s) => tag + s).join('\n');
}

function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}
