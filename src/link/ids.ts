import { randomFillSync } from 'node:crypto';

/** Fills `bytes` with random bytes. Injected so that a seeded simulation produces the same ids. */
export type RandomFill = (bytes: Uint8Array) => void;

/**
 * The operating system's CSPRNG: the default outside simulations. Drawn 4 KiB at a time and handed
 * out from that pool (as Node's own `randomUUID` does): each `randomFillSync` call makes a C++ job
 * object behind a weak handle, and with several calls per item those handles were a large part of
 * every young-generation pause on the link bench. Bytes are never handed out twice.
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;
export const cryptoRandomFill: RandomFill = (bytes) => {
  if (bytes.length > POOL_BYTES) {
    randomFillSync(bytes);
    return;
  }
  if (poolAt + bytes.length > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  bytes.set(pool.subarray(poolAt, poolAt + bytes.length));
  pool.fill(0, poolAt, poolAt + bytes.length);
  poolAt += bytes.length;
};

/** UUIDv7 timestamps are 48-bit Unix milliseconds. */
const MAX_TIMESTAMP_MS = 2 ** 48 - 1;
// 42 counter bits: rand_a (12) and the top 30 bits of rand_b (RFC 9562 §6.2, method 1). The
// remaining 32 bits of rand_b are fresh randomness on every id, so ids stay unguessable.
const COUNTER_BITS = 42;
const COUNTER_LIMIT = 2 ** COUNTER_BITS;
// A new millisecond seeds the counter below half its range, leaving 2^41 increments of headroom
// before the timestamp has to be pushed forward.
const COUNTER_SEED_LIMIT = 2 ** (COUNTER_BITS - 1);

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface UuidV7Generator {
  /**
   * A UUIDv7 for time `nowMs`. Ids from one generator are strictly increasing (as strings and
   * as 128-bit numbers), even when `nowMs` repeats or steps backwards: a repeated millisecond
   * increments the counter, and an earlier `nowMs` reuses the last timestamp. The embedded
   * timestamp is therefore `max(nowMs, every earlier nowMs)`, or 1 ms past it in the (2^41 ids
   * in one millisecond) case where the counter runs out.
   */
  next(nowMs: number): string;
}

/**
 * A UUIDv7 generator (RFC 9562) on injected time and randomness.
 * @example
 * const ids = createUuidV7Generator();
 * ids.next(Date.UTC(2025, 0, 1)) // '01941f29-7c00-7...'
 */
export function createUuidV7Generator(random: RandomFill = cryptoRandomFill): UuidV7Generator {
  let lastMs = -1;
  let counter = 0;
  const seed = new Uint8Array(6);
  const tail = new Uint8Array(4);

  const seedCounter = (): number => {
    random(seed);
    // 41 bits: 5 whole bytes plus the low bit of the sixth.
    let c = seed[5]! & 0x01;
    for (let i = 0; i < 5; i++) c = c * 256 + seed[i]!;
    if (!(c >= 0 && c < COUNTER_SEED_LIMIT)) throw new Error(`UUIDv7: counter seed ${c} out of range`);
    return c;
  };

  return {
    next(nowMs: number): string {
      if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIMESTAMP_MS) {
        throw new RangeError(`UUIDv7: time must be an integer in [0, 2^48) ms, got ${nowMs}`);
      }
      if (nowMs > lastMs) {
        lastMs = nowMs;
        counter = seedCounter();
      } else {
        counter += 1;
        if (counter >= COUNTER_LIMIT) {
          // RFC 9562 §6.2: on counter overflow, move the timestamp ahead rather than repeat an id.
          lastMs += 1;
          if (lastMs > MAX_TIMESTAMP_MS) throw new RangeError('UUIDv7: timestamp space exhausted');
          counter = seedCounter();
        }
      }
      if (!(counter >= 0 && counter < COUNTER_LIMIT))
        throw new Error(`UUIDv7: counter ${counter} out of range`);
      random(tail);
      return format(lastMs, counter, tail);
    },
  };
}

function format(timestampMs: number, counter: number, tail: Uint8Array): string {
  const b = new Uint8Array(16);
  let t = timestampMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  // Counter bits 41..30 go to rand_a, 29..24 below the variant, 23..0 into bytes 9..11.
  const high = Math.floor(counter / 2 ** 30); // 12 bits
  const low = counter % 2 ** 30; // 30 bits
  b[6] = 0x70 | (high >>> 8);
  b[7] = high & 0xff;
  b[8] = 0x80 | (low >>> 24);
  b[9] = (low >>> 16) & 0xff;
  b[10] = (low >>> 8) & 0xff;
  b[11] = low & 0xff;
  b.set(tail, 12);
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True for a lowercase, hyphenated UUID with version 7 and the RFC 9562 variant. */
export function isUuidV7(s: unknown): s is string {
  return typeof s === 'string' && UUID_V7.test(s);
}

/**
 * The Unix-millisecond timestamp in a UUIDv7, or null when `s` is not one (never throws: ids come
 * from partners).
 * @example uuidV7TimeMs('01941f29-7c00-7000-8000-000000000000') // 1735689600000
 */
export function uuidV7TimeMs(s: unknown): number | null {
  if (!isUuidV7(s)) return null;
  return Number.parseInt(s.slice(0, 8) + s.slice(9, 13), 16);
}
