// The node's public face: a nation's node, its desks and what the commands that run it need.
// `cli`, `api`, `exercise` and `bench/` import the node through this file only.

export {
  type AreaHit,
  type AreaZone,
  type Base,
  type LatLon,
  loadProtectedAreas,
  type ProtectedAreas,
  parseBases,
  protectedAreas,
} from './areas.js';
export type { AuditReader } from './audit-reader.js';
export {
  CommitmentDesk,
  type CommitmentDeskOptions,
  type CommitmentEditResult,
  MemoryCommitmentEdits,
} from './commitments.js';
export { BUILD_CONSOLE_HINT, CONSOLE_CSP, registerConsole } from './console.js';
export {
  type AuthoredKind,
  ConsultationDesk,
  type ConsultationPayload,
  type DeskListener,
  type DeskOptions,
  type DeskRefusalCode,
  type DeskResult,
  latestVersion,
  MemoryConsultEvents,
  type OperatorAction,
  type OperatorActionName,
  performAction,
} from './consultations.js';
export {
  GOVERNANCE_TOPIC,
  GovernanceDesk,
  type GovernanceDeskOptions,
  type GovernancePayload,
  type GovernanceResult,
  MemoryGovernanceActs,
  type PartnerActRefusalCode,
  partiesOf,
} from './governance.js';
export { type FaultCounts, FaultGuard, type NodeFault } from './guard.js';
export { LANDING_HTML, registerLanding } from './landing.js';
export {
  COMPUTED_ZONES_NOTE,
  type ComputedZoneProperties,
  type ComputedZones,
  computeZones,
  parseComputedZones,
  ZONES_THEATRE,
} from './map-zones.js';
export {
  DEFAULT_EVENT_MARKING,
  DEFAULT_SHARE,
  decideTriage,
  emptyReference,
  MAX_LINE_CHARS,
  MAX_PARTNER_VESSELS,
  type MaritimeCounts,
  MaritimeDesk,
  type MaritimeDeskOptions,
  type MaritimeSettings,
  MemoryMaritimeHistory,
  type OtherIdentity,
  PARTNER_VESSEL_MAX_AGE_MS,
  type Published,
  type ShareCounts,
  type ShareSettings,
  splitPartnerId,
  TRIAGE_ACTIONS,
  type TriageAction,
  type TriageBody,
  type TriageResult,
  type VesselView,
} from './maritime/index.js';
export {
  DEFAULT_PICTURE_RETENTION,
  ENDED_TRACK_MAX_AGE_MS,
  ENDED_TRACKS_PER_NATION,
  type ImpactFact,
  MAX_PARTNER_TRACKS,
  NationNode,
  type NodeOptions,
  type NodeRetained,
  type NodeStatus,
  type Notice,
  type PictureRetention,
  type SensorMeasurement,
  type WithdrawalCause,
} from './node.js';
export { OBJECT_ID_MAX_AGE_MS, OBJECT_ID_SOURCES_PER_NATION, ObjectIds } from './object-ids.js';
export { PerNationMap } from './per-nation-map.js';
export { fusePicture, type NationTrack, type PictureTrack, predictTo } from './picture.js';
export { ScenarioClock } from './realtime.js';
export { type PartnerRefusals, RefusalCounter } from './refusals.js';
export {
  keepStoreBounded,
  MARITIME_KEEP_MS,
  NODE_FRESHNESS_MS,
  NODE_PRUNE_EVERY_MS,
  type Pruned,
  pruneAll,
  pruneStep,
  type RetentionOptions,
} from './retention.js';
export { NODE_RUNTIME_FLAGS } from './runtime-flags.js';
export { loadTerritories, TERRITORIES_SOURCE } from './territories.js';
export {
  DEFAULT_STALENESS,
  type Staleness,
  type TrackFate,
  type TrackImpact,
  trackFate,
} from './track-life.js';
export {
  type AuditRef,
  type PartnerTrackSource,
  PartnerTrackSources,
  TRACK_ADMITTED,
} from './track-sources.js';
export { TRAIL_SAMPLES, TRAILS_PER_NATION, type TrailSample, Trails } from './trails.js';
export {
  type AssessOptions,
  assessTrack,
  BOOST_POWER_W_PER_KG,
  DEFAULT_CORRIDOR_RANGE_M,
  type FlightPhase,
  jacobiEnergy,
  PHASES_PER_NATION,
  PhaseTracker,
  PICTURE_STATE_MAX_AGE_MS,
  possibleArrivalS,
  SWEEPS_PER_NATION,
  SweepCache,
  type Warning,
  type WarningReason,
} from './warnings.js';
