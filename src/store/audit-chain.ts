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

/**
 * `auditRecordHash` for a record whose detail is already canonical JSON (the store has it to write
 * the row): the record's canonical JSON written in its key order (actor, detail, kind, seq,
 * subject, tMs) directly. `verify` recomputes with `auditRecordHash`, so any difference between
 * the two would show as a broken chain in the store's tests.
 */
export function auditRecordHashOfEncoded(
  prevHash: string,
  seq: number,
  entry: Omit<AuditEntry, 'detail'>,
  detailJson: string,
): string {
  const json =
    `{"actor":${canonicalJson(entry.actor)},"detail":${detailJson},"kind":${canonicalJson(entry.kind)},` +
    `"seq":${canonicalJson(seq)},"subject":${canonicalJson(entry.subject)},"tMs":${canonicalJson(entry.tMs)}}`;
  return createHash('sha256')
    .update(prevHash + json, 'utf8')
    .digest('hex');
}
