import { z } from 'zod';
import { InputError, isNation, type Nation, parseYaml } from '../domain/index.js';
import { type AisRecord as GpsdAisRecord, nmeaLines } from '../maritime/ais/index.js';
import type { Contact } from '../maritime/index.js';
import type { Scenario } from '../sim/index.js';
import {
  type AisReceiver,
  aisGen,
  byCoverage,
  type AisRecord as SimAisRecord,
  type Contact as SimContact,
} from '../sim/traffic/index.js';
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

/**
 * The receivers a scenario's ships are heard by: the bundled coastal ones (or `base`) and the
 * scenario's own (`maritime.receivers`). An InputError naming the scenario and field when one of
 * its own has a bundled receiver's id.
 */
export function scenarioReceivers(scenario: Scenario, base?: readonly AisReceiver[]): AisReceiver[] {
  const own = scenario.maritime?.receivers ?? [];
  const receivers = [...(base ?? loadAisReceivers()), ...own];
  own.forEach((r, i) => {
    if (receivers.filter((x) => x.id === r.id).length > 1)
      throw new InputError(
        { input: scenario.name, field: `maritime.receivers[${i}].id` },
        `'${r.id}' is also a bundled receiver's id`,
      );
  });
  return receivers;
}

/** One AIS message as one nation's receiver heard it, at the time the ship sent it. */
export interface HeardShipRecord {
  /** When the ship sent it (scenario time, ms since the epoch). */
  readonly tMs: number;
  /** The receiver's id (what a feed's tag block `s:` names). */
  readonly source: string;
  /** gpsd's record, as the AIS codec decodes it. */
  readonly record: GpsdAisRecord;
}

/** One contact of a sensor a nation operates (radar, patrol aircraft, satellite), at its own time. */
export interface HeardContact {
  /** When the sensor saw the ship (scenario time, ms since the epoch). */
  readonly tMs: number;
  /** The sensor's id. */
  readonly source: string;
  /** As the desk takes it (`ingestContact`). */
  readonly contact: Contact;
}

/** What a nation's desk is fed from a scenario: an AIS record one of its receivers heard, or a contact of one of its sensors. */
export type HeardRecord = HeardShipRecord | HeardContact;

/** A generated contact as a desk takes it; `k` (its index among the scenario's contacts) keeps ids unique. */
function deskContact(c: SimContact, k: number): Contact {
  return {
    id: `${c.sensorId}:${k}`,
    sensor: c.kind,
    tMs: c.tMs,
    latDeg: c.latDeg,
    lonDeg: c.lonDeg,
    errorM: c.sigmaM,
  };
}

export interface ShipsByNationOptions {
  /** Default: the bundled receivers; the scenario's `maritime.receivers` are added either way. */
  readonly receivers?: readonly AisReceiver[];
  /** Only these nations' receivers listen (default every nation with a receiver). */
  readonly nations?: readonly Nation[];
  /** Messages after this instant are not generated (default: the traffic's end). */
  readonly untilMs?: number;
}

/**
 * What each nation's receivers hear of a scenario's ships (as `feedsByNation`), as records at their
 * own times rather than NMEA lines, merged in time order with the contacts of the scenario's sensors
 * that nation operates (`maritime.sensors[].nation`; a sensor without one feeds no nation): what
 * `concord start`, `node`, `network up` and `exercise` feed each node's maritime desk. Generation
 * stops at `untilMs`, so a 20-minute drill does not pay for its traffic's 12 hours. A scenario
 * without a maritime block hears nothing (an empty map); a nation with neither receiver nor sensor
 * has no entry.
 *
 * @example shipsByNation(readScenario('senkaku-incursion-drill').scenario, 1, { nations: ['JPN'] }).get('JPN')
 */
export function shipsByNation(
  scenario: Scenario,
  seed: number,
  options: ShipsByNationOptions = {},
): Map<Nation, HeardRecord[]> {
  const out = new Map<Nation, HeardRecord[]>();
  if (!scenario.maritime) return out;
  const wanted = options.nations ? new Set<string>(options.nations) : null;
  const receivers = scenarioReceivers(scenario, options.receivers).filter(
    (r) => wanted === null || wanted.has(r.nation),
  );
  for (const r of receivers) {
    if (!isNation(r.nation)) throw new RangeError(`invariant: receiver ${r.id}: unknown nation ${r.nation}`);
    out.set(r.nation, []);
  }
  const sensorNation = new Map<string, Nation>();
  for (const s of scenario.maritime.sensors) {
    if (s.nation === undefined || (wanted !== null && !wanted.has(s.nation))) continue;
    if (!isNation(s.nation)) throw new RangeError(`invariant: sensor ${s.id}: unknown nation ${s.nation}`);
    sensorNation.set(s.id, s.nation);
  }
  if (receivers.length === 0 && sensorNation.size === 0) return out;
  const { traffic } = aisGen(scenario, { seed });
  const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
  const ships = new Map<Nation, HeardShipRecord[]>();
  function* upTo(): Generator<SimAisRecord> {
    for (const r of traffic.reports()) {
      if (r.tMs > untilMs) return;
      yield r;
    }
  }
  if (receivers.length > 0)
    for (const h of byCoverage(upTo(), receivers)) {
      const { tMs, ...fields } = h.record;
      const nation = h.nation as Nation;
      if (!ships.has(nation)) ships.set(nation, []);
      ships.get(nation)!.push({
        tMs,
        source: h.receiver.id,
        record: { class: 'AIS', repeat: 0, scaled: true, ...fields },
      });
    }
  const contacts = new Map<Nation, HeardContact[]>([...sensorNation.values()].map((n) => [n, []]));
  traffic.contacts.forEach((c, k) => {
    const nation = sensorNation.get(c.sensorId);
    if (nation === undefined || c.tMs > untilMs) return;
    contacts.get(nation)!.push({ tMs: c.tMs, source: c.sensorId, contact: deskContact(c, k) });
  });
  for (const nation of new Set([...ships.keys(), ...contacts.keys()]))
    out.set(nation, mergeByTime(ships.get(nation) ?? [], contacts.get(nation) ?? []));
  return out;
}

/** Two time-ordered lists as one (a record before a contact of the same instant: stable). */
function mergeByTime(a: readonly HeardRecord[], b: readonly HeardRecord[]): HeardRecord[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: HeardRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i]!.tMs <= b[j]!.tMs) ? a[i++]! : b[j++]!);
  return out;
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
  const receivers = scenarioReceivers(scenario, options.receivers);
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
