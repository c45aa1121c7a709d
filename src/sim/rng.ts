/**
 * A small, fast, seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic
 * generator, 128-bit state, passes PractRand), seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Same seed, same numbers, on every platform: only 32-bit integer arithmetic.
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal (mean 0, variance 1), Marsaglia polar method. */
  normal(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Poisson-distributed count with mean `lambda`. */
  poisson(lambda: number): number;
}

/**
 * A generator for `seed`, optionally split into an independent stream by `label` (a sensor id,
 * say), so adding one sensor to a scenario does not change the noise any other sensor draws.
 *
 * @example
 * const a = createRng(42, 'jp-fps5-sado');
 * const b = createRng(42, 'jp-fps5-sado');
 * a.next() === b.next() // true
 */
export function createRng(seed: number, label = ''): Rng {
  let s = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  // Fold the high bits of seeds beyond 2^32 in as well.
  s = (s ^ Math.trunc(seed / 4294967296)) >>> 0;
  s = (s ^ fnv1a(label)) >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // The first outputs of sfc32 still echo the seed; the reference implementation discards 12.
  for (let i = 0; i < 12; i++) u32();

  let spare: number | null = null;
  const next = () => u32() / 4294967296;
  return {
    next,
    normal() {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      let v = 0;
      let r2 = 0;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        r2 = u * u + v * v;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      spare = v * f;
      return u * f;
    },
    int(n) {
      return Math.floor(next() * n);
    },
    poisson(lambda) {
      if (!(lambda > 0)) return 0;
      if (lambda > 30) {
        // Knuth's product method needs e^-lambda; past ~30 the normal approximation is adequate for clutter counts.
        return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
      }
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
  };
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
