import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { parseInstant } from '../../domain/index.js';
import {
  type Contact,
  DEFAULT_PARAMS,
  DetectionEngine,
  type DetectParams,
  type EngineStats,
  type GpsdAisLike,
  type LandIndex,
  landIndex,
  type MaritimeReference,
  parseContactsCsv,
  parsePlaces,
  parseShore,
  parseWatchlist,
  parseZones,
  placeIndex,
  type ShoreGeometry,
  shoreFromLand,
  shoreIndex,
  toNdjson,
  watchIndex,
  withParams,
  zoneIndex,
} from '../../maritime/index.js';
import { readText } from '../io.js';
import { ROOT } from '../paths.js';
import { UsageError } from '../usage.js';
import type { DetectOptions } from './ais-detect-options.js';

export { addDetectOptions, type DetectOptions } from './ais-detect-options.js';

export const BUNDLED_MARITIME = {
  zones: join(ROOT, 'data', 'maritime', 'zones.geojson'),
  ports: join(ROOT, 'data', 'maritime', 'ports.geojson'),
  anchorages: join(ROOT, 'data', 'maritime', 'anchorages.geojson'),
  watchlist: join(ROOT, 'data', 'maritime', 'watchlist.yaml'),
} as const;

/** Everything `runDetect` needs besides the records. */
export interface DetectInputs {
  readonly ref: MaritimeReference;
  readonly contacts: readonly Contact[];
  /** Set when --start/--rate were given: the time of line `i` (0-based) is `startMs + i * 1000 / rate`. */
  readonly lineClock: { readonly startMs: number; readonly ratePerS: number } | null;
  readonly params: DetectParams;
}

let bundledLand: { land: FeatureCollection; shore: ShoreGeometry } | undefined;

/** Natural Earth 1:50m land (public domain) from the world-atlas package, and its coastline. */
export function naturalEarthLand(): { land: FeatureCollection; shore: ShoreGeometry } {
  if (!bundledLand) {
    const require = createRequire(import.meta.url);
    const topology = require('world-atlas/land-50m.json') as Topology<{ land: GeometryCollection }>;
    const land = feature(topology, topology.objects.land) as unknown as FeatureCollection;
    bundledLand = { land, shore: shoreFromLand(land) };
  }
  return bundledLand;
}

/**
 * Reads and checks every input file (bundled defaults for those not given). A bad file is an
 * InputError naming it and the feature or line (exit 2); nothing is half-loaded.
 */
export function loadDetectInputs(o: DetectOptions, read: (path: string) => string = readText): DetectInputs {
  const lineClock = parseLineClock(o);
  const ne = naturalEarthLand();
  const zonesFile = o.zones ?? BUNDLED_MARITIME.zones;
  const portsFile = o.ports ?? BUNDLED_MARITIME.ports;
  const anchFile = o.anchorages ?? BUNDLED_MARITIME.anchorages;
  const watchFile = o.watchlist ?? BUNDLED_MARITIME.watchlist;
  const zones = parseZones(read(zonesFile), zonesFile);
  const ports = parsePlaces(read(portsFile), portsFile);
  const anchorages = parsePlaces(read(anchFile), anchFile);
  const watch = parseWatchlist(read(watchFile), watchFile);
  const shoreGeom = o.shore === undefined ? ne.shore : parseShore(read(o.shore), o.shore);
  const contacts = o.contacts === undefined ? [] : parseContactsCsv(read(o.contacts), o.contacts);
  const params = DEFAULT_PARAMS;
  const shore = shoreIndex(shoreGeom);
  // Land for "position on land" is always Natural Earth's; its margin is measured to that same coast.
  const land: LandIndex = landIndex(
    ne.land,
    o.shore === undefined ? shore : shoreIndex(ne.shore),
    params.identity.landMarginM,
  );
  return {
    ref: {
      shore,
      land,
      ports: placeIndex(ports),
      anchorages: placeIndex(anchorages),
      zones: zoneIndex(zones),
      watch: watchIndex(watch),
    },
    contacts,
    lineClock,
    params,
  };
}

function parseLineClock(o: DetectOptions): DetectInputs['lineClock'] {
  if (o.start === undefined && o.rate === undefined) return null;
  if (o.start === undefined || o.rate === undefined)
    throw new UsageError(
      '--start and --rate go together (times from line order for input without tag blocks)',
    );
  const startMs = parseInstant(o.start, { input: '--start' });
  const ratePerS = Number(o.rate);
  if (!(ratePerS > 0) || !Number.isFinite(ratePerS))
    throw new UsageError(`--rate must be a positive number of lines per second, not '${o.rate}'`);
  return { startMs, ratePerS };
}

/** The time of 0-based line `index` under --start/--rate: independent of how fast the file is read. */
export function lineTimeMs(clock: { startMs: number; ratePerS: number }, index: number): number {
  return clock.startMs + Math.round((index * 1000) / clock.ratePerS);
}

/**
 * Runs every detector over time-ordered AIS records (with their tag-block times) and the loaded
 * contacts, writing one NDJSON event per line to `out` as each is decided.
 * @example await runDetect(records, loadDetectInputs({}), process.stdout)
 */
export async function runDetect(
  records:
    | AsyncIterable<{ tMs: number; record: GpsdAisLike }>
    | Iterable<{ tMs: number; record: GpsdAisLike }>,
  inputs: DetectInputs,
  out: { write(line: string): unknown },
): Promise<EngineStats> {
  const engine = new DetectionEngine(inputs.ref, inputs.params ?? withParams({}));
  const contacts = inputs.contacts;
  let k = 0;
  for await (const { tMs, record } of records) {
    while (k < contacts.length && contacts[k]!.tMs <= tMs)
      for (const e of engine.pushContact(contacts[k++]!)) out.write(toNdjson(e));
    for (const e of engine.pushAis(tMs, record)) out.write(toNdjson(e));
  }
  while (k < contacts.length) for (const e of engine.pushContact(contacts[k++]!)) out.write(toNdjson(e));
  for (const e of engine.finish()) out.write(toNdjson(e));
  return engine.stats;
}
