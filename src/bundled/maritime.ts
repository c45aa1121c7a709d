import {
  DEFAULT_PARAMS,
  type LandIndex,
  landIndex,
  type MaritimeInputs,
  parseContactsCsv,
  parsePlaces,
  parseShore,
  parseWatchlist,
  parseZones,
  placeIndex,
  shoreIndex,
  watchIndex,
  zoneIndex,
} from '../maritime/index.js';
import { naturalEarthLand } from './land.js';
import { BUNDLED_MARITIME } from './paths.js';
import { readText } from './read-text.js';

/** The maritime input files (paths); each one not given is the bundled one, the shore Natural Earth's. */
export interface MaritimeFiles {
  readonly zones?: string | undefined;
  readonly shore?: string | undefined;
  readonly anchorages?: string | undefined;
  readonly ports?: string | undefined;
  readonly watchlist?: string | undefined;
  /** Sensor contacts CSV; none when not given. */
  readonly contacts?: string | undefined;
}

/**
 * Reads and checks every maritime input file (bundled defaults for those not given). A bad file is
 * an InputError naming it and the feature or line; nothing is half-loaded.
 */
export function loadMaritimeInputs(
  o: MaritimeFiles = {},
  read: (path: string) => string = readText,
): MaritimeInputs {
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
    params,
  };
}
