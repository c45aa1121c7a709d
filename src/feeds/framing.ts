/**
 * NMEA line framing over a byte stream (TCP) or a datagram (UDP): lines end in LF (a CR before it
 * is dropped). A line is garbage — counted, never passed on — when it holds a byte NMEA 0183 does
 * not allow (control characters other than TAB, or anything above 0x7E: binary and every
 * non-ASCII byte, so bad UTF-8 too) or when it grows past `maxLineBytes` (the rest of such a line,
 * up to the next LF, is dropped with it). Pure: bytes in, lines and counts out.
 */

/** NMEA 0183 limits a sentence to 82 characters; a tag block adds up to a few dozen. */
export const DEFAULT_MAX_LINE_BYTES = 1_024;

export interface FramerCounts {
  /** Lines passed on. */
  lines: number;
  /** Lines dropped: a forbidden byte, or over-long. */
  garbage: number;
  /** Of `garbage`, the over-long ones. */
  overlong: number;
}

export class LineFramer {
  readonly counts: FramerCounts = { lines: 0, garbage: 0, overlong: 0 };
  private readonly buf: Buffer;
  private len = 0;
  /** The current line has a forbidden byte. */
  private bad = false;
  /** The current line overflowed: drop everything up to the next LF. */
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    if (!(Number.isInteger(maxLineBytes) && maxLineBytes > 0))
      throw new RangeError(`maxLineBytes must be a positive integer, not ${maxLineBytes}`);
    this.buf = Buffer.allocUnsafe(maxLineBytes);
  }

  /** Feeds bytes; calls `onLine` for each complete good line, in order. */
  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 10) {
        this.endLine();
        continue;
      }
      if (this.skipping) continue;
      if (this.len === this.maxLineBytes) {
        this.counts.garbage++;
        this.counts.overlong++;
        this.skipping = true;
        this.len = 0;
        this.bad = false;
        continue;
      }
      if ((b < 32 && b !== 9 && b !== 13) || b > 126) this.bad = true;
      this.buf[this.len++] = b;
    }
  }

  /** Ends the pending partial line as if an LF came (a datagram's last line, a closed stream). */
  flush(): void {
    if (this.len > 0 || this.bad) this.endLine();
    this.skipping = false;
  }

  /**
   * Drops a partial line, counting it as garbage (a connection lost mid-line: its end will not
   * come, and the next connection's bytes must not complete it).
   */
  discardPartial(): void {
    if (this.len > 0 || this.bad) this.counts.garbage++;
    this.len = 0;
    this.bad = false;
    this.skipping = false;
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    let end = this.len;
    if (end > 0 && this.buf[end - 1] === 13) end--;
    const bad = this.bad;
    this.len = 0;
    this.bad = false;
    if (bad) {
      this.counts.garbage++;
      return;
    }
    // CRs inside a line are forbidden too: only the one before LF is framing.
    for (let i = 0; i < end; i++) {
      if (this.buf[i] === 13) {
        this.counts.garbage++;
        return;
      }
    }
    if (end === 0) return; // blank lines (keep-alives, CRLF CRLF) are neither lines nor garbage
    this.counts.lines++;
    this.onLine(this.buf.toString('latin1', 0, end));
  }
}
