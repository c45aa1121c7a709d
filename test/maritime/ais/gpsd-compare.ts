/**
 * Compares our records with `gpsdecode -j` output, field by field, at the precision gpsd printed
 * each number with (its JSON text is read for that, since parsing loses "12.30" vs "12.3").
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface GpsdRecord {
  /** The record as parsed. */
  value: Record<string, Json>;
  /** Decimal places of each number, in depth-first order of the parsed value. */
  decimals: number[];
  /** The line in gpsd's output (1-based), for messages. */
  line: number;
}

/** Parses gpsd's NDJSON output (lines that are not AIS records are skipped). */
export function parseGpsdOutput(text: string): GpsdRecord[] {
  const out: GpsdRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('{')) return;
    const value = JSON.parse(line) as Record<string, Json>;
    if (value.class !== 'AIS') return;
    const decimals: number[] = [];
    for (const m of line.matchAll(/"[A-Za-z0-9_]+":(-?\d+(?:\.(\d+))?)(?=[,}\]])/g)) {
      decimals.push(m[2] ? m[2].length : 0);
    }
    out.push({ value, decimals, line: i + 1 });
  });
  return out;
}

/** Fields gpsd writes that are not part of the message (the input device name). */
const NOT_COMPARED = new Set(['device']);

/**
 * Differences between gpsd's record and ours, as readable strings (empty when they agree).
 * gpsd 3.22 squares the rate of turn without its sign, so `turn` is compared by magnitude.
 */
export function diffRecord(gpsd: GpsdRecord, ours: Record<string, unknown>): string[] {
  const problems: string[] = [];
  let d = 0;
  const walk = (path: string, want: Json, got: unknown): void => {
    if (typeof want === 'number') {
      const decimals = gpsd.decimals[d++] ?? 0;
      let value = got;
      if (path === 'turn' && typeof got === 'number') value = Math.abs(got);
      const tolerance = 0.5 * 10 ** -decimals + 1e-9;
      if (typeof value !== 'number' || Math.abs(value - want) > tolerance) {
        problems.push(`${path}: gpsd ${want}, ours ${JSON.stringify(got)}`);
      }
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(got) || got.length !== want.length) {
        problems.push(`${path}: gpsd ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
        // Keep the decimal cursor in step with gpsd's numbers.
        d += countNumbers(want);
        return;
      }
      for (let i = 0; i < want.length; i++) walk(`${path}[${i}]`, want[i]!, got[i]);
      return;
    }
    if (want !== null && typeof want === 'object') {
      if (got === null || typeof got !== 'object') {
        problems.push(`${path}: gpsd ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
        d += countNumbers(want);
        return;
      }
      for (const [k, w] of Object.entries(want)) {
        if (path === '' && NOT_COMPARED.has(k)) continue;
        walk(path === '' ? k : `${path}.${k}`, w, (got as Record<string, unknown>)[k]);
      }
      return;
    }
    if (want !== got) problems.push(`${path}: gpsd ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
  };
  walk('', gpsd.value, ours);
  return problems;
}

function countNumbers(v: Json): number {
  if (typeof v === 'number') return 1;
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + countNumbers(x), 0);
  if (v !== null && typeof v === 'object')
    return Object.values(v).reduce<number>((n, x) => n + countNumbers(x), 0);
  return 0;
}

/**
 * Every gpsd record must be matched, in order, by one of ours with the same type and MMSI and
 * equal fields; ours may have extra records in between. Returns the problems found.
 */
export function compareStreams(gpsd: GpsdRecord[], ours: Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  let j = 0;
  for (const g of gpsd) {
    let k = j;
    while (k < ours.length && (ours[k]!.type !== g.value.type || ours[k]!.mmsi !== g.value.mmsi)) k++;
    if (k === ours.length) {
      problems.push(`gpsd line ${g.line} (type ${g.value.type}, mmsi ${g.value.mmsi}): no matching record`);
      continue;
    }
    const diff = diffRecord(g, ours[k]!);
    if (diff.length > 0) problems.push(`gpsd line ${g.line} (type ${g.value.type}): ${diff.join('; ')}`);
    j = k + 1;
  }
  return problems;
}
