/**
 * NMEA 4.0 tag blocks (`\s:station,c:1700000000,g:1-2-42*hh\` before a sentence): the receive
 * time, the source station and the sentence group, checked against the block's own checksum.
 */
export interface TagBlock {
  /** False when the checksum is wrong or a field cannot be read; the other fields are then unset. */
  ok: boolean;
  /** `c:` as unix seconds (values over 10^11 are taken as milliseconds). */
  timeS: number | undefined;
  /** `s:` source station. */
  source: string | undefined;
  /** `g:` group id (the third number of `sentence-of-total-id`), which keys fragment assembly. */
  group: string | undefined;
}

/** Parses the tag block between `from` and `to` (exclusive, without the backslashes) into `out`. */
export function parseTagBlock(text: string, from: number, to: number, out: TagBlock): void {
  out.ok = false;
  out.timeS = undefined;
  out.source = undefined;
  out.group = undefined;
  let sum = 0;
  let star = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 42) {
      star = i;
      break;
    }
    sum ^= c;
  }
  const bodyEnd = star < 0 ? to : star;
  if (star >= 0) {
    const want = Number.parseInt(text.slice(star + 1, to), 16);
    if (to - star !== 3 || want !== sum) return;
  }
  let at = from;
  while (at < bodyEnd) {
    let comma = text.indexOf(',', at);
    if (comma < 0 || comma > bodyEnd) comma = bodyEnd;
    if (text.charCodeAt(at + 1) !== 58 /* : */) return;
    const key = text.charCodeAt(at);
    const value = text.slice(at + 2, comma);
    if (key === 99 /* c */) {
      const n = Number(value);
      if (!Number.isFinite(n) || value === '') return;
      out.timeS = n > 1e11 ? n / 1000 : n;
    } else if (key === 115 /* s */) {
      out.source = value;
    } else if (key === 103 /* g */) {
      const parts = value.split('-');
      if (parts.length !== 3) return;
      out.group = parts[2];
    }
    at = comma + 1;
  }
  out.ok = true;
}
