/**
 * Maritime domain awareness: the AIS codec, the vessel picture and the detectors.
 */

// --- vessel picture, reference geometry, detectors, input files (mdet) ---
export * from './detect/index.js';
export * from './files/index.js';
// --- end mdet ---
// --- partner payloads (what nodes will share; checked before use) ---
export {
  checkMaritimePayload,
  MARITIME_PAYLOAD_KINDS,
  MARITIME_PAYLOAD_TOPIC,
  type MaritimeEventPayload,
  type MaritimePayload,
  type MaritimePayloadCheck,
  type MaritimePayloadKind,
  type MaritimeRefusalCode,
  maritimeEventSchema,
  type SensorContactPayload,
  sensorContactSchema,
  type VesselStatePayload,
  vesselStateSchema,
} from './payloads.js';
// --- partitioned detection (mpart) ---
export * from './partition/index.js';
// --- end mpart ---
export * from './picture/index.js';
export * from './reference/index.js';
