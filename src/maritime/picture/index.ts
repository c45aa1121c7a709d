/**
 * The vessel picture: per-MMSI state built from gpsd-style AIS records (latest kinematics, static
 * data, a packed 48-hour history, reception counts), a grid of latest positions, and the
 * association of non-AIS contacts (radar, aircraft, SAR, RF) with AIS vessels. Pure: time and
 * data are handed in.
 *
 * - `adaptGpsd(tMs, record)` -> fix and/or static report (the structural input type `GpsdAisLike`).
 * - `VesselPicture` -> `applyFix`, `applyStatic`, `get`, `near`; vessels live in typed columns by slot.
 * - `FixHistory` (12 bytes per kept fix in chunks from a `SlabPool`, one per 5 min, 48 h; a view of its slot in a `HistoryStore`), `ReceptionCounts` (hourly, 48 h).
 * - `associateContact(picture, contact, gate)` -> the vessel that explains it, or null (dark).
 */
export { type AdaptedRecord, adaptGpsd, cleanAisText } from './adapter.js';
export { type Association, type AssociationGate, associateContact, positionAt } from './associate.js';
export { SpatialGrid } from './grid.js';
export {
  BYTES_PER_FIX,
  FixHistory,
  HistoryStore,
  KEEP_INTERVAL_S,
  MAX_FIXES,
  WINDOW_S,
  WORDS_PER_FIX,
} from './history.js';
export { type FixUpdate, type StaticChange, VesselPicture, type VesselState } from './picture.js';
export { RECEPTION_HOURS, ReceptionCounts, ReceptionStore } from './reception.js';
export { FIXES_PER_CHUNK, SlabPool, sharedSlabPool } from './slab.js';
export {
  CONTACT_SENSORS,
  type Contact,
  type ContactSensor,
  type Fix,
  type GpsdAisLike,
  type StaticReport,
} from './types.js';
