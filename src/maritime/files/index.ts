/**
 * Loaders for the maritime input files, from text handed in (the CLI reads the disk). Each
 * throws a DataFileError naming the file and the place: the feature (index and id) for GeoJSON,
 * the line and column for YAML and CSV.
 */
export {
  CONTACT_REQUIRED_COLUMNS,
  contactOfRow,
  DEFAULT_CONTACT_SIGMA_M,
  parseContactsCsv,
} from './contacts.js';
export type { CsvCell, CsvRow } from './csv.js';
export { headerOf, readCsv } from './csv.js';
export { featureId, parsePlaces, parseShore, parseZones, shoreFromLand } from './geojson.js';
export { parseJsonText } from './json.js';
export { isValidImo, parseWatchlist, parseWatchlistCsv, parseWatchlistYaml } from './watchlist.js';
