import { loadMaritimeInputs, readText } from '../bundled/index.js';
import { AisDecoder, nmeaLines } from '../maritime/ais/index.js';
import { type GpsdAisLike, runDetect } from '../maritime/index.js';
import type { Scenario } from '../sim/index.js';
import {
  aisGen,
  type DetectedEvent,
  type Score,
  scenarioWatchlistCsv,
  scoreEvents,
  type Truth,
} from '../sim/traffic/index.js';

export interface PipelineRun {
  readonly truth: Truth;
  readonly detected: DetectedEvent[];
  readonly score: Score;
  /** NMEA lines generated and decoded. */
  readonly sentences: number;
}

/**
 * The whole maritime pipeline on one scenario and seed, in process, as a user runs it with the CLI:
 * `ais gen` (records -> NMEA with tag blocks, truth, contacts CSV, watch-list CSV) -> the decoder ->
 * `ais detect` (bundled zones, ports, anchorages, shore; the scenario's watch list; the contacts
 * read back through the CSV loader) -> `scoreEvents` against the truth.
 */
export async function runPipeline(
  scenario: Scenario,
  options: { seed: number; backgroundShips?: number },
): Promise<PipelineRun> {
  const gen = aisGen(scenario, options);
  const seq = { id: 0 };
  const timed: { tMs: number; record: GpsdAisLike }[] = [];
  let decodeError: string | undefined;
  const decoder = new AisDecoder((m) => {
    if (m.timeS === undefined) decodeError ??= `line ${m.line} has no tag-block time`;
    timed.push({ tMs: (m.timeS ?? 0) * 1000, record: m.record as GpsdAisLike });
  });
  let sentences = 0;
  for (const r of gen.reports()) {
    for (const line of nmeaLines(r, seq).split('\n')) {
      decoder.line(line);
      sentences++;
    }
  }
  decoder.finish();
  if (decodeError) throw new Error(decodeError);
  const files: Record<string, string> = {
    'gen:contacts.csv': gen.contactsCsv,
    'gen:watchlist.csv': scenarioWatchlistCsv(scenario),
  };
  const inputs = loadMaritimeInputs(
    {
      contacts: 'gen:contacts.csv',
      ...(scenario.maritime?.watchList.length ? { watchlist: 'gen:watchlist.csv' } : {}),
    },
    (path) => files[path] ?? readText(path),
  );
  const lines: string[] = [];
  await runDetect(timed, inputs, { write: (l: string) => lines.push(l) });
  const detected = lines.map((l) => JSON.parse(l) as DetectedEvent);
  return { truth: gen.truth, detected, score: scoreEvents(gen.truth, detected), sentences };
}
