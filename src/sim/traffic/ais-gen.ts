import { InputError } from '../../domain/errors.js';
import type { Scenario } from '../scenario.js';
import type { AisRecord } from './ais.js';
import { contactsCsv } from './contacts.js';
import { generateTraffic, type Traffic } from './generate.js';
import type { Truth } from './truth.js';

/**
 * What `concord ais gen SCENARIO --out FILE.nmea [--truth FILE.json] [--contacts FILE.csv]` makes,
 * less the NMEA encoding (src/maritime/ais) and the files (the command): the scenario's traffic as
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
 * const g = aisGen(readScenario('ecs-sanctions-evasion').scenario, { seed: 3 });
 * for (const r of g.reports()) out.write(`${nmeaLines(r)}\n`);
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
