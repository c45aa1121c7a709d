import type { Nation, Topic } from '../domain/index.js';

/**
 * What the link needs from storage, defined here by the link (its consumer) and implemented in
 * src/store. Every method is synchronous: SQLite through better-sqlite3 is, and the deterministic
 * simulation needs every step to complete inside one scheduler event.
 */

/** One queued delivery of an item to one recipient. */
export interface OutboxEntry {
  /** Sequence number, increasing in enqueue order (the delivery order per stream). */
  readonly seq: number;
  /**
   * The entry's key for its recipient (see Link's outboxKey): the item id, prefixed with
   * `<originator>:` when another nation originated the item (a relay's copy: ids are unique only
   * within their originator), and suffixed with `><final recipient>` when the entry goes to a relay.
   */
  readonly id: string;
  readonly recipient: Nation;
  /** The nation whose item this is (signs it). */
  readonly originator: Nation;
  readonly topic: Topic;
  /** What the releasability re-check at delivery needs, kept beside the opaque envelope. */
  readonly marking: string;
  readonly concerning: Nation | null;
  /** The final recipient when this entry goes to a relay, or when this node relays it. */
  readonly relayTo: Nation | null;
  /** The encoded, signed envelope to put on the wire. */
  readonly body: Uint8Array;
  readonly attempts: number;
  /** Not to be sent before this time (retry backoff). */
  readonly nextAttemptMs: number;
  /** Why delivery is held (the releasability re-check refused it), or null. */
  readonly heldReason: string | null;
}

/** A stream: the entries of one originator on one topic, delivered in seq order. */
export interface StreamKey {
  readonly originator: Nation;
  readonly topic: Topic;
}

export interface OutboxPort {
  /** Stores the entry durably before returning; returns its seq. Enqueueing an id twice for one recipient is a no-op. */
  enqueue(
    e: Omit<OutboxEntry, 'seq' | 'attempts' | 'nextAttemptMs' | 'heldReason'> & {
      nowMs: number;
      /** Not to be sent before this time (a release review); default nowMs. */
      notBeforeMs?: number;
    },
  ): number;
  /** Undelivered entries for `recipient` in seq order, at most `limit`, after `afterSeq` if given. */
  pending(recipient: Nation, limit: number, afterSeq?: number): OutboxEntry[];
  /**
   * The head (first undelivered entry) of each of `recipient`'s streams (originator, topic), in no
   * particular order: a handful of rows however long the queue, so that a stream held behind
   * thousands of entries costs a scan no more than an empty one.
   */
  streamHeads(recipient: Nation): OutboxEntry[];
  /** Undelivered entries for `recipient` of the given streams only, in seq order, at most `limit`. */
  pendingIn(recipient: Nation, streams: readonly StreamKey[], limit: number): OutboxEntry[];
  markDelivered(recipient: Nation, id: string): void;
  markHeld(recipient: Nation, id: string, reason: string): void;
  /** Records a failed or timed-out attempt and when to try again; clears any hold. */
  markAttempt(recipient: Nation, id: string, nextAttemptMs: number): void;
  /** Number of undelivered entries per recipient. */
  depth(recipient: Nation): number;
}

export interface InboxPort {
  /**
   * Atomically records that item `id` of `e.originator` was accepted; 'duplicate' if it already
   * was. An item is named by (originator, id), never by id alone: ids are unique only within their
   * originator, and a partner may reuse another nation's id.
   */
  accept(
    id: string,
    e: { sender: Nation; originator: Nation; topic: Topic; receivedMs: number },
  ): 'new' | 'duplicate';
}

/** An append-only, tamper-evident record of every decision and rejection. */
export interface AuditPort {
  append(r: { tMs: number; kind: string; actor: Nation; subject: string; detail: unknown }): void;
  /**
   * The last record's place and hash (the store's log has it; a bare port may not): read right after
   * an append, in the same turn, it names the record just written, so that it can be found again.
   */
  head?(): { seq: number; hash: string };
}
