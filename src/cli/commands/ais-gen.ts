import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../domain/index.js';
import { encodeSentences, encodeStaticParts, toSentences } from '../../maritime/ais/index.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../sim/index.js';
import {
  type AisRecord,
  contactsCsv,
  generateTraffic,
  type Traffic,
  type Truth,
} from '../../sim/traffic/index.js';
import { readText } from '../io.js';
import { ROOT } from '../paths.js';

/**
 * `concord ais gen SCENARIO --out FILE.nmea [--truth FILE.json] [--contacts FILE.csv]`, less the
 * NMEA encoding (src/maritime/ais, wired by the command's registration): the scenario's traffic as
 * neutral AIS records (gpsd field names), the ground truth and the contacts CSV.
 */
export interface AisGenOptions {
  /** Overrides the scenario's `maritime.seed`. */
  readonly seed?: number;
  /** Overrides `maritime.background.ships`. */
  readonly backgroundShips?: number;
  /** The scenario file, named in errors. */
  readonly source?: string;
}

export interface AisGenResult {
  /** Received AIS messages in time order, produced lazily: iterate once per pass (each call restarts). */
  readonly reports: () => Iterable<AisRecord>;
  readonly truth: Truth;
  /** The truth file's text: `truth` as indented JSON. */
  readonly truthJson: string;
  /** `time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m`. */
  readonly contactsCsv: string;
  readonly traffic: Traffic;
}

/**
 * Generates a loaded scenario's traffic. Throws an InputError when the scenario has no maritime
 * block, or when its itineraries cannot be sailed or do not produce its injected events.
 *
 * @example
 * const g = aisGen(loadScenario('ecs-sanctions-evasion'), { seed: 3 });
 * for (const r of g.reports()) out.write(encodeAis(r)); // the encoder lands with src/maritime/ais
 */
export function aisGen(scenario: Scenario, options: AisGenOptions = {}): AisGenResult {
  const source = options.source ?? scenario.name;
  if (!scenario.maritime)
    throw new InputError(
      { input: source, field: 'maritime' },
      'the scenario has no maritime block: no ships to generate',
    );
  const traffic = generateTraffic(scenario.maritime, scenario, {
    source,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.backgroundShips !== undefined ? { backgroundShips: options.backgroundShips } : {}),
  });
  return {
    reports: () => traffic.reports(),
    truth: traffic.truth,
    truthJson: `${JSON.stringify(traffic.truth, null, 2)}\n`,
    contactsCsv: contactsCsv(traffic.contacts),
    traffic,
  };
}

export interface AisGenFiles {
  /** Where to write the records: one line each from `line(record)` (NMEA once the encoder lands; NDJSON by default). */
  readonly out?: string;
  readonly truth?: string;
  readonly contacts?: string;
  /** The scenario's watch list as CSV (`scenarioWatchlistCsv`). */
  readonly watchlist?: { readonly path: string; readonly text: string };
  readonly line?: (r: AisRecord) => string;
}

/**
 * Writes the result's files, streaming the records in chunks so memory stays flat. Returns the
 * number of records written.
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

/** The tag block's `s:` (source station) on generated sentences. */
export const GEN_SOURCE = 'concord-sim';

/**
 * One received message as NMEA lines, each with a tag block carrying its receive time in unix
 * seconds (`\\c:1772323200,s:concord-sim*hh\\!AIVDM,...`). Type 24 records are one part each
 * (`partno`), as class B transponders send them; long messages (type 5) take two sentences, which
 * rotate through the sequential message ids 0-9 (`seq` carries the rotation between calls).
 */
export function nmeaLines(r: AisRecord, seq: { id: number } = { id: 0 }): string {
  const options = { sequenceId: seq.id };
  // The simulator's record is gpsd's fields plus `tMs`, which the encoder ignores.
  const fields = r as unknown as Record<string, unknown>;
  const sentences =
    r.type === 24
      ? toSentences(encodeStaticParts(fields)[r.partno ?? 0], options)
      : encodeSentences(fields, options);
  if (sentences.length > 1) seq.id = (seq.id + 1) % 10;
  const body = `c:${Math.floor(r.tMs / 1000)},s:${GEN_SOURCE}`;
  const tag = `\\${body}*${checksum(body)}\\`;
  return sentences.map((s) => tag + s).join('\n');
}

function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * A scenario by file path or bundled name (as `concord start` resolves it), read through src/sim
 * directly: `cli/scenarios.ts` reaches the node, which `concord ais`'s light entry must not load.
 */
export function loadGenScenario(nameOrFile: string): { scenario: Scenario; file: string } {
  const bundled = join(ROOT, 'scenarios', `${nameOrFile}.yaml`);
  const file = existsSync(nameOrFile) || !existsSync(bundled) ? nameOrFile : bundled;
  const sitesFile = join(ROOT, 'data', 'sensor-sites.yaml');
  const sites = parseSensorSites(readText(sitesFile), sitesFile);
  return { scenario: parseScenario(readText(file), file, sites), file };
}

/**
 * The scenario's `maritime.watchList` as a watch-list CSV (`mmsi,imo,name,source`) for `concord
 * ais detect --watchlist`: the bundled scenarios' vessels of interest are fictitious stand-ins,
 * not in the bundled UN 1718 sample. Commas in a note become semicolons (the CSV has no quoting).
 */
export function scenarioWatchlistCsv(scenario: Scenario): string {
  const rows = (scenario.maritime?.watchList ?? []).map((w) =>
    [w.mmsi ?? '', w.imo ?? '', (w.name ?? '').replaceAll(',', ';'), w.note.replaceAll(',', ';')].join(','),
  );
  return `${['mmsi,imo,name,source', ...rows].join('\n')}\n`;
}
