// A node's maritime desk: AIS and sensor contacts in, the vessel picture, detector events and
// their triage out, history kept in the node's store.
export {
  emptyReference,
  MAX_LINE_CHARS,
  type MaritimeCounts,
  MaritimeDesk,
  type MaritimeDeskOptions,
  type MaritimeSettings,
  type OtherIdentity,
  splitPartnerId,
  type TriageResult,
  type VesselView,
} from './desk.js';
export { inBox, MEMORY_MAX_EVENTS, MEMORY_MAX_POSITIONS, MemoryMaritimeHistory } from './memory-history.js';
export {
  MAX_PARTNER_EVENTS,
  MAX_PARTNER_VESSELS,
  PARTNER_VESSEL_MAX_AGE_MS,
  PartnerEventCap,
  PartnerPicture,
  type PartnerVessel,
  receiveMaritime,
} from './receive.js';
export {
  DEFAULT_EVENT_MARKING,
  DEFAULT_SHARE,
  type MaritimePublish,
  type Published,
  type ShareCounts,
  type ShareSettings,
} from './share.js';
export {
  decideTriage,
  TRIAGE_ACTIONS,
  type TriageAction,
  type TriageBody,
  type TriageDecision,
} from './triage.js';
