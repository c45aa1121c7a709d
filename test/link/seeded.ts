import type { RandomFill } from '../../src/link/index.js';

/** A seeded byte source (mulberry32), so ids replay exactly. */
export function seededFill(seed: number): RandomFill {
  let a = seed >>> 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      bytes[i] = (t ^ (t >>> 14)) & 0xff;
    }
  };
}
