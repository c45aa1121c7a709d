/**
 * Maritime domain awareness: the AIS codec, the vessel picture, the detectors (whole or partitioned),
 * reference geometry, input files and the partner payloads.
 */

export * from './detect/index.js';
export * from './files/index.js';
export * from './partition/index.js';
// Partner payloads: what nodes share, checked before use.
export {
  checkMaritimePayload,
  MARITIME_PAYLOAD_KINDS,
  MARITIME_PAYLOAD_TOPIC,
  MAX_VESSEL_STATES_PER_BATCH,
  type MaritimeEventPayload,
  type MaritimeEventWithdrawalPayload,
  type MaritimePayload,
  type MaritimePayloadCheck,
  type MaritimePayloadKind,
  type MaritimeRefusalCode,
  maritimeEventSchema,
  maritimeEventWithdrawalSchema,
  type SensorContactPayload,
  sensorContactSchema,
  type VesselStateBatchPayload,
  type VesselStatePayload,
  vesselStateBatchSchema,
  vesselStateSchema,
} from './payloads.js';
export * from './picture/index.js';
export * from './reference/index.js';
