import { z } from 'zod';
import { InputError, isNation, type Nation, parseYaml } from '../domain/index.js';
import { nmeaLines } from '../maritime/ais/index.js';
import type { Scenario } from '../sim/index.js';
import { type AisReceiver, aisGen, byCoverage } from '../sim/traffic/index.js';
import { BUNDLED_AIS_RECEIVERS } from './paths.js';
import { readText } from './read-text.js';

const receiverSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only (it becomes a tag block field)'),
  nation: z.string().refine(isNation, { error: 'not a known nation code' }),
  name: z.string().min(1),
  latDeg: z.number().min(-90).max(90),
  lonDeg: z.number().min(-180).max(180),
  antennaHM: z.number().min(0).max(2_000),
  placed: z.boolean(),
  source: z.string().min(1),
});

const fileSchema = z.strictObject({ receivers: z.array(receiverSchema).min(1) });

export type AisReceiverSite = z.output<typeof receiverSchema> & AisReceiver;

/**
 * The coastal AIS receivers of `data/maritime/ais-receivers.yaml` (or `file`): an InputError
 * naming the file, line and field for a bad entry, or an id given twice.
 */
export function loadAisReceivers(file = BUNDLED_AIS_RECEIVERS): AisReceiverSite[] {
  const { receivers } = parseYaml(readText(file), file, fileSchema);
  const seen = new Set<string>();
  receivers.forEach((r, i) => {
    if (seen.has(r.id))
      throw new InputError({ input: file, field: `receivers[${i}].id` }, `'${r.id}' is given twice`);
    seen.add(r.id);
  });
  return receivers;
}

export interface FeedsByNationOptions {
  /** Default: the bundled receivers; the scenario's `maritime.receivers` are added either way. */
  readonly receivers?: readonly AisReceiver[];
  /** Overrides `maritime.background.ships`. */
  readonly backgroundShips?: number;
}

/**
 * What each nation's coastal AIS receivers (and the scenario's own, `maritime.receivers`) hear of a
 * scenario's ships: per nation, the NMEA lines
 * (tag block `\c:<unix s>,s:<receiver id>*hh\`) in time order, each message heard by the
 * nation's nearest receiver in range (src/sim/traffic/coverage.ts). Nations whose receivers hear
 * nothing have an empty list. Pure apart from reading the receivers file; the same scenario and
 * seed give the same lines. Throws the scenario's InputError when it has no maritime block.
 *
 * @example feedsByNation(readScenario('senkaku-incursion-drill').scenario, 1).get('JPN')
 */
export function feedsByNation(
  scenario: Scenario,
  seed: number,
  options: FeedsByNationOptions = {},
): Map<Nation, string[]> {
  const own = scenario.maritime?.receivers ?? [];
  const receivers = [...(options.receivers ?? loadAisReceivers()), ...own];
  own.forEach((r, i) => {
    if (receivers.filter((x) => x.id === r.id).length > 1)
      throw new InputError(
        { input: scenario.name, field: `maritime.receivers[${i}].id` },
        `'${r.id}' is also a bundled receiver's id`,
      );
  });
  const g = aisGen(scenario, {
    seed,
    ...(options.backgroundShips !== undefined ? { backgroundShips: options.backgroundShips } : {}),
  });
  const out = new Map<Nation, string[]>();
  const seqs = new Map<Nation, { id: number }>();
  for (const r of receivers) {
    if (!isNation(r.nation)) throw new RangeError(`invariant: receiver ${r.id}: unknown nation ${r.nation}`);
    out.set(r.nation, []);
    seqs.set(r.nation, { id: 0 });
  }
  for (const h of byCoverage(g.reports(), receivers)) {
    const nation = h.nation as Nation;
    out.get(nation)!.push(...nmeaLines(h.record, seqs.get(nation)!, h.receiver.id).split('\n'));
  }
  return out;
}
