import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { AisGenResult, AisRecord } from '../../sim/traffic/index.js';

export interface AisGenFiles {
  /** Where to write the records: one line each from `line(record)` (NDJSON by default; the command passes `nmeaLines`). */
  readonly out?: string;
  readonly truth?: string;
  readonly contacts?: string;
  /** The scenario's watch list as CSV (`scenarioWatchlistCsv`). */
  readonly watchlist?: { readonly path: string; readonly text: string };
  readonly line?: (r: AisRecord) => string;
}

/**
 * Writes `concord ais gen`'s files from `aisGen`'s result (src/sim/traffic), streaming the records
 * in chunks so memory stays flat. Returns the number of records written.
 */
export function writeAisGen(result: AisGenResult, files: AisGenFiles): number {
  if (files.truth !== undefined) writeFileSync(files.truth, result.truthJson);
  if (files.contacts !== undefined) writeFileSync(files.contacts, result.contactsCsv);
  if (files.watchlist !== undefined) writeFileSync(files.watchlist.path, files.watchlist.text);
  if (files.out === undefined) return 0;
  const line = files.line ?? ((r: AisRecord) => JSON.stringify(r));
  const fd = openSync(files.out, 'w');
  let n = 0;
  try {
    let chunk: string[] = [];
    for (const r of result.reports()) {
      chunk.push(line(r));
      n++;
      if (chunk.length === 10_000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return n;
}
