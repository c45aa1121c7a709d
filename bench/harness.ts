// Small helpers shared by the benchmarks: a seeded RNG, a timed loop, and a table printer.

/** mulberry32: a small seeded generator in [0, 1), enough for reproducible workloads. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Timing {
  calls: number;
  seconds: number;
  perS: number;
}

/** Calls `fn` over `items` repeatedly for at least `minMs` (after one warm-up pass) and reports calls per second. */
export function timeLoop<T>(items: readonly T[], fn: (item: T) => void, minMs = 1_000): Timing {
  for (const it of items) fn(it);
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (const it of items) fn(it);
    calls += items.length;
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { calls, seconds, perS: calls / seconds };
}

export function printTable(title: string, rows: string[][]): void {
  process.stdout.write(formatTable(title, rows));
}

/** The table `printTable` prints, as a string: first column left-aligned, the others right-aligned. */
export function formatTable(title: string, rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const out = [`${title}\n`];
  for (const r of rows) {
    out.push(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')}\n`);
  }
  return out.join('');
}
