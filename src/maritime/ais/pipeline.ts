import { MAX_PAYLOAD_BITS, PAYLOAD_CELLS, sixbitOf } from './bits.js';
import { decodePayload, HELD, Type24Queue } from './decode.js';
import { type AisRecord, REJECT_REASONS, type RejectReason } from './record.js';
import { parseTagBlock, type TagBlock } from './tagblock.js';

/** One decoded message with where and when it was received. */
export interface AisMessage {
  /** gpsd's record, as `gpsdecode -j` would print it. */
  record: AisRecord;
  /** 1-based input line of the sentence that completed the message. */
  line: number;
  /** Receive time from the tag block's `c:` (unix seconds), if the message had one. */
  timeS?: number;
  /** Receiving station from the tag block's `s:`, if any. */
  source?: string;
}

export interface AisDecoderOptions {
  /** A multi-sentence message not completed within this many input lines is dropped as orphan (default 50). */
  fragmentTimeoutLines?: number;
  /** ...or whose fragments' tag-block times differ by more than this (default 60 s). */
  fragmentTimeoutS?: number;
  /** At most this many messages wait for fragments at once; the oldest is dropped beyond (default 1,000). */
  maxPending?: number;
}

export interface AisStats {
  /** Input lines seen, including blank and comment lines. */
  lines: number;
  /** Records emitted. */
  records: number;
  /** Records emitted by message type (index = type). */
  byType: number[];
  /** Type 24 parts decoded but not (yet) reported: gpsd reports part A and B merged. */
  held: number;
  /** Sentences or messages rejected, by reason. */
  rejected: Record<RejectReason, number>;
}

interface Pending {
  payloads: string[];
  fills: number[];
  firstLine: number;
  timeS: number | undefined;
  source: string | undefined;
}

const STAR = 42;
const COMMA = 44;
const BACKSLASH = 92;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * The AIS pipeline from NMEA lines to gpsd records: tag blocks, receiver prefixes and suffixes,
 * checksum, fragment assembly keyed by (channel, sequential id, tag-block group) with a timeout,
 * 6-bit unarmouring and decoding. Bad input is counted in `stats.rejected` and never thrown.
 *
 * ```ts
 * const d = new AisDecoder((m) => console.log(m.record.mmsi, m.record.lat, m.record.lon));
 * d.line('!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A');  // 371798000 48.3816333 -123.3953833
 * d.finish();
 * ```
 */
export class AisDecoder {
  readonly stats: AisStats = {
    lines: 0,
    records: 0,
    byType: new Array(28).fill(0),
    held: 0,
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
  };
  private readonly six = new Uint8Array(PAYLOAD_CELLS);
  private readonly queues = [new Type24Queue(), new Type24Queue()];
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutLines: number;
  private readonly timeoutS: number;
  private readonly maxPending: number;
  private readonly tag: TagBlock = { ok: false, timeS: undefined, source: undefined, group: undefined };

  constructor(
    private readonly emit: (message: AisMessage) => void,
    options: AisDecoderOptions = {},
  ) {
    this.timeoutLines = options.fragmentTimeoutLines ?? 50;
    this.timeoutS = options.fragmentTimeoutS ?? 60;
    this.maxPending = options.maxPending ?? 1000;
  }

  /** Feeds one input line (`text` from `start` to `end`, without its newline). */
  line(text: string, start = 0, end = text.length, lineNo = this.stats.lines + 1): void {
    const reason = this.take(text, start, end, lineNo);
    if (reason !== undefined) this.stats.rejected[reason]++;
  }

  /** Ends the input: messages still waiting for fragments are counted as orphans. */
  finish(): void {
    for (const p of this.pending.values()) this.stats.rejected.orphanFragment += p.payloads.length;
    this.pending.clear();
  }

  private take(text: string, start: number, end: number, lineNo: number): RejectReason | undefined {
    const stats = this.stats;
    stats.lines++;
    if (this.pending.size > 0 && (stats.lines & 63) === 0) this.expire(lineNo, undefined);
    while (end > start && text.charCodeAt(end - 1) <= 32) end--;
    while (start < end && text.charCodeAt(start) <= 32) start++;
    if (start === end || text.charCodeAt(start) === 35 /* # */) return undefined;

    let timeS: number | undefined;
    let source: string | undefined;
    let group: string | undefined;
    let pos = start;
    if (text.charCodeAt(start) === BACKSLASH) {
      const close = text.indexOf('\\', start + 1);
      if (close < 0 || close >= end) {
        this.reject('badTagBlock');
      } else {
        parseTagBlock(text, start + 1, close, this.tag);
        if (this.tag.ok) {
          timeS = this.tag.timeS;
          source = this.tag.source;
          group = this.tag.group;
        } else {
          this.reject('badTagBlock');
        }
        pos = close + 1;
      }
    }
    // Receiver prefixes (timestamps, station names) end where the sentence starts.
    const bang = text.indexOf('!', pos);
    if (bang < 0 || bang + 7 > end) return 'notAis';
    if (
      text.charCodeAt(bang + 3) !== 86 /* V */ ||
      text.charCodeAt(bang + 4) !== 68 /* D */ ||
      (text.charCodeAt(bang + 5) !== 77 /* M */ && text.charCodeAt(bang + 5) !== 79) /* O */ ||
      text.charCodeAt(bang + 6) !== COMMA
    ) {
      return 'notAis';
    }

    // One pass: checksum, field separators, and 7-bit cleanliness.
    let sum = 0;
    let star = -1;
    let c1 = -1;
    let c2 = -1;
    let c3 = -1;
    let c4 = -1;
    let c5 = -1;
    let c6 = -1;
    let commas = 1;
    for (let i = bang + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === STAR) {
        star = i;
        break;
      }
      if (c > 127) return 'badCharacter';
      sum ^= c;
      if (c === COMMA && i > bang + 6) {
        commas++;
        if (commas === 2) c1 = i;
        else if (commas === 3) c2 = i;
        else if (commas === 4) c3 = i;
        else if (commas === 5) c4 = i;
        else if (commas === 6) c5 = i;
        else if (commas === 7) c6 = i;
      }
    }
    // gpsd takes a sentence without '*' as one without a checksum; with one, it must match.
    // Text after the two checksum digits (receiver suffixes) is ignored.
    if (star >= 0) {
      if (star + 2 >= end) return 'checksum';
      const hi = hexValue(text.charCodeAt(star + 1));
      const lo = hexValue(text.charCodeAt(star + 2));
      if (hi < 0 || lo < 0 || ((hi << 4) | lo) !== sum) return 'checksum';
    } else {
      // Without a checksum, gpsd still wants the fill-bits field (7 fields): a cut line is malformed.
      if (c5 < 0) return 'malformed';
      star = end;
    }
    if (c4 < 0) return 'malformed';
    const c0 = bang + 6;
    // Fragment count and number: single digits 1..9.
    if (c1 !== c0 + 2 || c2 !== c1 + 2) return 'malformed';
    const total = text.charCodeAt(c0 + 1) - 48;
    const index = text.charCodeAt(c1 + 1) - 48;
    if (total < 1 || total > 9 || index < 1 || index > total) return 'malformed';

    let channel: number;
    if (c3 + 1 === c4) {
      channel = 0; // gpsd: an empty channel (usual for !AIVDO) counts as A.
    } else {
      const ch = text.charCodeAt(c3 + 1);
      if (ch === 65 /* A */ || ch === 49 /* 1 */) {
        if (ch === 49 && text.charCodeAt(c3 + 2) === 50 && c3 + 3 === c4) return 'badChannel';
        channel = 0;
      } else if (ch === 66 /* B */ || ch === 50 /* 2 */) {
        channel = 1;
      } else {
        return 'badChannel';
      }
    }
    const payloadEnd = c5 >= 0 ? c5 : star;
    const fillEnd = c6 >= 0 ? c6 : star;
    const fc = c5 >= 0 && fillEnd > c5 + 1 ? text.charCodeAt(c5 + 1) : 48;
    const fill = fc >= 48 && fc <= 57 ? fc - 48 : 0;

    if (total === 1) {
      if (this.pending.size > 0 && timeS !== undefined) this.expire(lineNo, timeS);
      return this.decode(text, c4 + 1, payloadEnd, fill, channel, lineNo, timeS, source);
    }
    const key = `${text.slice(c2 + 1, c3)}${channel === 0 ? '/A/' : '/B/'}${group ?? ''}`;
    return this.fragment(
      key,
      text.slice(c4 + 1, payloadEnd),
      total,
      index,
      fill,
      channel,
      lineNo,
      timeS,
      source,
    );
  }

  private reject(reason: RejectReason): void {
    this.stats.rejected[reason]++;
  }

  private fragment(
    key: string,
    payload: string,
    total: number,
    index: number,
    fill: number,
    channel: number,
    lineNo: number,
    timeS: number | undefined,
    source: string | undefined,
  ): RejectReason | undefined {
    const stats = this.stats;
    if (timeS !== undefined) this.expire(lineNo, timeS);
    let p = this.pending.get(key);
    if (p && lineNo - p.firstLine > this.timeoutLines) {
      stats.rejected.orphanFragment += p.payloads.length;
      this.pending.delete(key);
      p = undefined;
    }
    if (index === 1) {
      if (p) stats.rejected.orphanFragment += p.payloads.length;
      if (!p && this.pending.size >= this.maxPending) this.dropOldest();
      p = { payloads: [], fills: [], firstLine: lineNo, timeS, source };
      this.pending.set(key, p);
    } else if (!p || p.payloads.length !== index - 1) {
      stats.rejected.orphanFragment += 1 + (p ? p.payloads.length : 0);
      if (p) this.pending.delete(key);
      return undefined;
    }
    p.payloads.push(payload);
    p.fills.push(fill);
    if (p.timeS === undefined) p.timeS = timeS;
    if (p.source === undefined) p.source = source;
    if (index < total) return undefined;
    this.pending.delete(key);
    const joined = joinFragments(p.payloads, p.fills);
    return this.decode(
      joined.payload,
      0,
      joined.payload.length,
      joined.fill,
      channel,
      lineNo,
      p.timeS,
      p.source,
    );
  }

  private decode(
    text: string,
    from: number,
    to: number,
    fill: number,
    channel: number,
    lineNo: number,
    timeS: number | undefined,
    source: string | undefined,
  ): RejectReason | undefined {
    const cells = to - from;
    if (cells * 6 > MAX_PAYLOAD_BITS) return 'overlong';
    const six = this.six;
    for (let i = 0; i < cells; i++) six[i] = sixbitOf(text.charCodeAt(from + i));
    const result = decodePayload(six, cells * 6 - fill, this.queues[channel]!);
    six.fill(0, 0, cells);
    if (result === HELD) {
      this.stats.held++;
      return undefined;
    }
    if (typeof result === 'string') return result;
    this.stats.records++;
    this.stats.byType[result.type]!++;
    const message: AisMessage = { record: result, line: lineNo };
    if (timeS !== undefined) message.timeS = timeS;
    if (source !== undefined) message.source = source;
    this.emit(message);
    return undefined;
  }

  /** Drops messages whose fragments stopped coming (by line count, or by tag-block time when known). */
  private expire(lineNo: number, timeS: number | undefined): void {
    for (const [key, p] of this.pending) {
      const stale =
        lineNo - p.firstLine > this.timeoutLines ||
        (timeS !== undefined && p.timeS !== undefined && Math.abs(timeS - p.timeS) > this.timeoutS);
      if (stale) {
        this.stats.rejected.orphanFragment += p.payloads.length;
        this.pending.delete(key);
      }
    }
  }

  private dropOldest(): void {
    const first = this.pending.entries().next();
    if (first.done) return;
    const [key, p] = first.value;
    this.stats.rejected.orphanFragment += p.payloads.length;
    this.pending.delete(key);
  }
}

/**
 * Joins fragment payloads as gpsd does: each fragment's fill bits are dropped where it ends, so a
 * non-zero fill before the last fragment shifts the rest (done bit by bit, which is rare).
 */
function joinFragments(payloads: string[], fills: number[]): { payload: string; fill: number } {
  let inner = 0;
  for (let i = 0; i < fills.length - 1; i++) inner += fills[i]!;
  if (inner === 0) return { payload: payloads.join(''), fill: fills[fills.length - 1]! };
  const bits: number[] = [];
  payloads.forEach((p, i) => {
    for (let j = 0; j < p.length; j++) {
      const v = sixbitOf(p.charCodeAt(j));
      for (let k = 5; k >= 0; k--) bits.push((v >> k) & 1);
    }
    bits.length -= fills[i]!;
  });
  const fill = (6 - (bits.length % 6)) % 6;
  for (let i = 0; i < fill; i++) bits.push(0);
  let payload = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let k = 0; k < 6; k++) v = v * 2 + bits[i + k]!;
    payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return { payload, fill };
}
