// Storage: the ports a node uses, and their SQLite implementation.
export { AUDIT_GENESIS_HASH, auditRecordHash } from './audit-chain.js';
export type {
  AuditEntry,
  AuditFailureReason,
  AuditHead,
  AuditLog,
  AuditRecord,
  AuditVerifyResult,
  CommitmentEditRecord,
  CommitmentEdits,
  ConsultEventRecord,
  ConsultEvents,
  Inbox,
  Outbox,
  OutboxCounts,
  OutboxEntry,
  Store,
  TrackRecord,
  Tracks,
  WarningQuery,
  WarningRecord,
  Warnings,
} from './ports.js';
export { MIGRATIONS } from './sqlite/migrations.js';
export {
  type OpenStoreOptions,
  openStore,
  readCommitmentEditsFile,
  verifyAuditFile,
} from './sqlite/open.js';
