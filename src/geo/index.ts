/**
 * Geodesy for Concord: WGS84, ECEF, local ENU frames, radar geometry (range/azimuth/elevation),
 * 4/3-Earth radio horizon, great-circle and ellipsoidal distances, and the Earth-fixed dynamics
 * (J2 gravity, Coriolis, centrifugal) shared by the missile simulator and the tracker.
 *
 * Conventions: angles in degrees at the interface (radians only inside Jacobians, where the
 * name says so), lengths in metres, ECEF = WGS84 Earth-centred Earth-fixed, azimuth clockwise
 * from true north in [0, 360), elevation above the local geodetic horizontal plane.
 *
 * - `ecefFromGeodetic`, `geodeticFromEcef` — exact forward; Bowring iteration back (< 1 nm).
 * - `siteFromGeodetic` -> `Site` — a precomputed reference point for the local-frame functions.
 * - `enuFromEcef`, `ecefFromEnu` (positions), `enuVectorFromEcef`, `ecefVectorFromEnu`
 *   (velocities and other free vectors), `enuRotation` (3x3 for covariances).
 * - `raeFromEcef`, `ecefFromRae`, `ecefFromRaeJacobian`, `ecefCovarianceFromRae`.
 * - `convertedEcefFromRae` — a noisy polar measurement to ECEF, placed so that a filter fusing many is
 *   unbiased, with the covariance of its error (what the simulated radar processor outputs).
 * - `radioHorizonM`, `isAboveRadioHorizon`, `apparentElevationDeg` — 4/3-Earth line of sight.
 * - `haversineDistanceM`, `initialBearingDeg`, `destinationPoint` — sphere of the IUGG mean
 *   radius; `vincentyDistanceM` — WGS84 ellipsoid (Vincenty 1975 inverse).
 * - `gravityJ2`, `ecefAcceleration` — hot-path dynamics on plain numbers writing into `out`.
 * - `territoryIndex` (land by nation), `maritimeZones` (territorial sea and EEZ by equidistance),
 *   `zonePolygons` (those zones as polygons, sampled on a grid, for a map).
 */

export { type ConvertedMeasurement, convertedEcefFromRae } from './converted-rae.js';
export { ecefAcceleration, gravityJ2 } from './dynamics.js';
export {
  ecefFromEnu,
  ecefVectorFromEnu,
  enuFromEcef,
  enuRotation,
  enuVectorFromEcef,
  type Vec3,
} from './enu.js';
export { ecefFromGeodetic, geodeticFromEcef } from './geodetic.js';
export {
  destinationPoint,
  haversineDistanceM,
  initialBearingDeg,
  vincentyDistanceM,
} from './great-circle.js';
export {
  apparentElevationDeg,
  EFFECTIVE_EARTH_FACTOR,
  isAboveRadioHorizon,
  radioHorizonM,
} from './horizon.js';
export { type HorizontalEllipse, horizontalEllipse } from './position-ellipse.js';
export { ecefCovarianceFromRae, ecefFromRae, ecefFromRaeJacobian, type Rae, raeFromEcef } from './rae.js';
export { type Site, siteFromGeodetic } from './site.js';
export { type TerritoryIndex, territoryIndex, wrapLonDeg } from './territory.js';
export {
  GM_M3PS2,
  J2,
  MEAN_EARTH_RADIUS_M,
  OMEGA_EARTH_RADPS,
  WGS84_A_M,
  WGS84_B_M,
  WGS84_E2,
  WGS84_EP2,
  WGS84_F,
} from './wgs84.js';
export {
  DRAWN_ZONES,
  type DrawnZone,
  traceCells,
  type ZoneGrid,
  type ZonePolygon,
  type ZonePolygonsResult,
  zonePolygons,
} from './zone-polygons.js';
export {
  EEZ_M,
  MARITIME_ZONES,
  type MaritimeZone,
  maritimeZones,
  NAUTICAL_MILE_M,
  TERRITORIAL_SEA_M,
  type ZoneHit,
  type ZoneIndex,
} from './zones.js';
