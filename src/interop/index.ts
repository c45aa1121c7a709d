// Interoperability: a nation's picture in the formats other tools read. Pure writers of a plain
// NationExport (GeoJSON per RFC 7946, KML 2.2), and the one reader of a node into it.

export { exportZones, type GatherOptions, MAX_EXPORT_EVENTS, nationExport } from './gather.js';
export { toGeoJson } from './geojson.js';
export { toKml } from './kml.js';
export { decimal } from './numbers.js';
export type {
  ExportMaritimeEvent,
  ExportTrack,
  ExportVessel,
  ExportWarning,
  ExportZone,
  LatLonDeg,
  NationExport,
} from './picture.js';
export { ellipseOutline, polygonRings, signedArea } from './rings.js';

/** The formats `concord export` and `GET /api/:nation/export` write. */
export const EXPORT_FORMATS = ['geojson', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type of each format. */
export const EXPORT_MEDIA_TYPE: Readonly<Record<ExportFormat, string>> = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
};

// Cursor on Target (TAK): events of a picture, their XML, and the sockets they go to.
export { type ApiBodies, exportFromApi } from './api-picture.js';
export { isotropicErrorsM, type PointErrorsM, pointErrorsM } from './cot-errors.js';
export { COT_UNKNOWN, type CotEvent, cotEventXml } from './cot-event.js';
export { type CotReading, DEFAULT_COT_ERROR_M, MAX_COT_EVENT_BYTES, readCotEvent } from './cot-in.js';
export { type CotOptions, cotEventsOf, cotUid } from './cot-picture.js';
export {
  type CotSink,
  type CotSinkCounters,
  type CotSinkOptions,
  isMulticast,
  openCotSink,
} from './cot-sink.js';
export { COT_TYPES, flagOf, type VesselAffiliation, vesselAffiliation } from './cot-types.js';
export { aivdmOfVessel } from './nmea-out.js';
