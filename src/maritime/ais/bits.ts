/**
 * AIS payload bits. A payload is kept as its 6-bit armour values (one per character, most
 * significant bit first), which is what the radio sent; fields are read straight out of them by
 * absolute bit position, as ITU-R M.1371 numbers them. Positions past the payload read as zero,
 * like gpsd's zero-filled buffer, so a short message decodes its missing tail as zeros.
 */

/** The largest payload gpsd accepts (its 2,048-bit assembly buffer); longer ones are rejected. */
export const MAX_PAYLOAD_BITS = 2048;
/** Cells in a payload buffer: enough for MAX_PAYLOAD_BITS and for reads a little past its end. */
export const PAYLOAD_CELLS = Math.ceil(MAX_PAYLOAD_BITS / 6) + 32;

/** The 6-bit value of armour character code `c`, as gpsd computes it (no validity check). */
export function sixbitOf(c: number): number {
  let v = (c - 48) & 0xff;
  if (v >= 40) v = (v - 8) & 0xff;
  return v & 0x3f;
}

/** The armour character for 6-bit value `v` (0..63). */
export function armourChar(v: number): string {
  return String.fromCharCode(v < 40 ? v + 48 : v + 56);
}

/** Unsigned field of `len` bits (up to 52) at bit `at`. */
export function ubits(six: Uint8Array, at: number, len: number): number {
  let acc = 0;
  let pos = at;
  const end = at + len;
  while (pos < end) {
    const cell = (pos / 6) | 0;
    const off = pos - cell * 6;
    const avail = 6 - off;
    const take = end - pos < avail ? end - pos : avail;
    const v = (six[cell]! >> (avail - take)) & ((1 << take) - 1);
    acc = acc * (1 << take) + v;
    pos += take;
  }
  return acc;
}

/** Two's-complement signed field of `len` bits at bit `at`. */
export function sbits(six: Uint8Array, at: number, len: number): number {
  const u = ubits(six, at, len);
  const half = 2 ** (len - 1);
  return u >= half ? u - 2 * half : u;
}

const SIXBIT_ASCII = '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?';

/** `chars` six-bit characters from bit `at`, stopping at the first '@' (gpsd: untrimmed). */
export function sixbitTextUntrimmed(six: Uint8Array, at: number, chars: number): string {
  let s = '';
  for (let i = 0; i < chars; i++) {
    const v = ubits(six, at + 6 * i, 6);
    if (v === 0) break;
    s += SIXBIT_ASCII[v];
  }
  return s;
}

/** Trailing spaces and '@' removed, as gpsd trims text fields. */
export function trimRight(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c !== 32 && c !== 64) break;
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}

/** A text field: `chars` six-bit characters from bit `at`, cut at '@' and right-trimmed. */
export function sixbitText(six: Uint8Array, at: number, chars: number): string {
  return trimRight(sixbitTextUntrimmed(six, at, chars));
}

const HEX = '0123456789abcdef';

/**
 * gpsd's `"bits:hex"` rendering of binary data: `count` bits from bit `at`, as whole bytes in
 * lowercase hex. Bits at or past `availEnd` read as zero (where gpsd copied fewer bytes or masked
 * the last one).
 */
export function hexData(six: Uint8Array, at: number, count: number, availEnd: number): string {
  let s = `${count}:`;
  const bytes = Math.ceil(count / 8);
  for (let b = 0; b < bytes; b++) {
    const start = at + 8 * b;
    let v = ubits(six, start, 8);
    if (start + 8 > availEnd) {
      const keep = availEnd - start;
      v = keep <= 0 ? 0 : v & (0xff << (8 - keep));
    }
    s += HEX[v >> 4]! + HEX[v & 15]!;
  }
  return s;
}

/** Bits written in order, for the encoder: one byte per bit, grown as needed. */
export class BitWriter {
  private bits = new Uint8Array(512);
  length = 0;

  /** Appends `value` as `len` bits, most significant first (two's complement if negative). */
  put(value: number, len: number): void {
    const limit = 2 ** len;
    const v = value < 0 ? value + limit : value;
    if (!(v >= 0 && v < limit) || v !== Math.floor(v)) {
      throw new RangeError(`value ${value} does not fit in ${len} bits`);
    }
    this.reserve(len);
    const bits = this.bits;
    const at = this.length;
    if (len <= 31) {
      for (let i = 0; i < len; i++) bits[at + i] = (v >>> (len - 1 - i)) & 1;
    } else {
      let rest = v;
      for (let i = len - 1; i >= 0; i--) {
        const bit = rest % 2;
        bits[at + i] = bit;
        rest = (rest - bit) / 2;
      }
    }
    this.length += len;
  }

  /** Writes `value` at bit `at`, which must already be written (used for fields laid out out of order). */
  putAt(at: number, value: number, len: number): void {
    const saved = this.length;
    this.length = at;
    this.put(value, len);
    this.length = Math.max(saved, at + len);
  }

  /** Appends `text` as `chars` six-bit characters, padded with '@' (value 0). */
  putText(text: string, chars: number): void {
    for (let i = 0; i < chars; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 64;
      const v = SIXBIT_ASCII.indexOf(String.fromCharCode(c >= 97 && c <= 122 ? c - 32 : c));
      this.put(v < 0 ? 0 : v, 6);
    }
  }

  /** Pads with zero bits to `len` if shorter. */
  padTo(len: number): void {
    if (this.length >= len) return;
    this.reserve(len - this.length);
    this.bits.fill(0, this.length, len);
    this.length = len;
  }

  /** The payload armour and its fill-bit count (0..5). */
  armour(): { payload: string; fill: number } {
    const fill = (6 - (this.length % 6)) % 6;
    this.reserve(fill);
    let payload = '';
    for (let i = 0; i < this.length + fill; i += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) v = v * 2 + (i + j < this.length ? this.bits[i + j]! : 0);
      payload += armourChar(v);
    }
    return { payload, fill };
  }

  private reserve(more: number): void {
    if (this.length + more <= this.bits.length) return;
    const next = new Uint8Array(Math.max(this.bits.length * 2, this.length + more));
    next.set(this.bits.subarray(0, this.length));
    this.bits = next;
  }
}
