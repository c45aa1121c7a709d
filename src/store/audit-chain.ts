import * as nodeCrypto from 'node:crypto';
import { canonicalJson } from '../domain/index.js';
import type { AuditEntry } from './ports.js';

const ONE_SHOT = (nodeCrypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/**
 * The hash before the first record. A fixed, named value (not zeros) so that a chain from some
 * other tool can never be mistaken for a Concord audit chain.
 */
export const AUDIT_GENESIS_HASH = sha256Hex('concord/audit/v1/genesis');

/**
 * SHA-256 of `text` (UTF-8), hex. Node's one-shot `crypto.hash` (20.12+) where there is one: a
 * `createHash` object per record is a C++ object behind a weak handle, and on the link bench those
 * handles (with the random bytes' jobs) were half of each young-generation pause.
 */
function sha256Hex(text: string): string {
  return ONE_SHOT !== undefined
    ? ONE_SHOT('sha256', text, 'hex')
    : nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

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
  return sha256Hex(prevHash + canonicalJson(record));
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
  return sha256Hex(prevHash + json);
}
