// The bundled data's public face: where it lives (data/, scenarios/, resolved from the package root
// whether run from src/ or dist/) and the reading of it — bundled scenarios, the maritime reference
// with its Natural Earth land. Light on purpose: `concord ais`'s fast entry imports it, so nothing
// here may load the node, the link, the store or the API.

export {
  type AisReceiverSite,
  type FeedsByNationOptions,
  feedsByNation,
  type HeardContact,
  type HeardRecord,
  type HeardShipRecord,
  loadAisReceivers,
  type ShipsByNationOptions,
  scenarioReceivers,
  shipsByNation,
} from './ais-receivers.js';
export { naturalEarthLand } from './land.js';
export { loadMaritimeInputs, type MaritimeFiles } from './maritime.js';
export {
  BUNDLED_AGREEMENTS,
  BUNDLED_AIS_RECEIVERS,
  BUNDLED_COMPUTED_ZONES,
  BUNDLED_MARITIME,
  BUNDLED_US_BASES,
  CONSOLE_DIR,
  ROOT,
  SCENARIOS_DIR,
  SENSOR_SITES,
} from './paths.js';
export { readText } from './read-text.js';
export { bundledScenarios, readScenario, scenarioPath } from './scenarios.js';
