/**
 * Reference geometry the detectors consult: the shore (distance to the nearest coast segment or
 * point), land (is a position inland), ports and anchorages (nearest place), and zones (which
 * zones contain a position). Built from data handed in; flatbush indexes the static geometry.
 */
export { bufferPoints, circleRing } from './buffer.js';
export { type LandIndex, landIndex } from './land.js';
export { type Place, type PlaceIndex, placeIndex } from './places.js';
export { SENKAKU_POINTS, senkakuZones } from './senkaku.js';
export { type ShoreGeometry, type ShoreIndex, shoreIndex } from './shore.js';
export { ZONE_KINDS, type Zone, type ZoneIndex, type ZoneKind, zoneIndex } from './zones.js';
