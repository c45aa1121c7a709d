import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { InputError } from '../../domain/index.js';
import type { Scenario } from '../../sim/index.js';
import {
  type AisRecord,
  contactsCsv,
  generateTraffic,
  type Traffic,
  type Truth,
} from '../../sim/traffic/index.js';

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
  readonly line?: (r: AisRecord) => string;
}

/**
 * Writes the result's files, streaming the records in chunks so memory stays flat. Returns the
 * number of records written.
 */
export function writeAisGen(result: AisGenResult, files: AisGenFiles): number {
  if (files.truth !== undefined) writeFileSync(files.truth, result.truthJson);
  if (files.contacts !== undefined) writeFileSync(files.contacts, result.contactsCsv);
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
