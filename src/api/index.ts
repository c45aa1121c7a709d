// The node's HTTP + WebSocket API (Fastify): one contract over a nation's node. Routes, payload
// schemas (zod, turned into the JSON Schemas that validate, serialise and make /openapi.json) and
// operator/administrator authentication live in this folder; this is its public face.
export { type ApiOptions, buildApi } from './api.js';
export { WS_PROTOCOL, WS_TOKEN_PREFIX } from './auth.js';
export { DEFAULT_HEARTBEAT_MS } from './heartbeat.js';
export {
  DEFAULT_REFUSAL_AUDIT_LIMITS,
  OTHER_SOURCES,
  type RefusalAuditLimits,
  type RefusalSummary,
} from './refusal-audit.js';
export type { ReplayControl } from './replay-api.js';
export { REPLAY_SPEEDS, type ReplayActionInput, type ReplayStateBody } from './replay-schemas.js';
export type { ErrorBody } from './schema.js';
export { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-limits.js';
export { type MapZonesSource, mapZonesDocument } from './zones-api.js';
export type { MapZones } from './zones-schemas.js';
