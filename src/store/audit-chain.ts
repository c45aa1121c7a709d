import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/index.js';
import type { AuditEntry } from './ports.js';

/**
 * The hash before the first record. A fixed, named value (not zeros) so that a chain from some
 * other tool can never be mistaken for a Concord audit chain.
 */
export const AUDIT_GENESIS_HASH = createHash('sha256').update('concord/audit/v1/genesis').digest('hex');

/**
 * hash = SHA-256(prevHash + canonical JSON of { seq, tMs, kind, actor, subject, detail }), hex.
 * `seq` is inside the hashed record, so records cannot be reordered or renumbered unnoticed.
 */
export function auditRecordHash(prevHash: string, seq: number, entry: AuditEntry): string {
  const record = {
    seq,
    tMs: entry.tMs,
    kind: entry.kind,
    actor: entry.actor,
    subject: entry.subject,
    detail: entry.detail,
  };
  return createHash('sha256')
    .update(prevHash + canonicalJson(record), 'utf8')
    .digest('hex');
}
