import type { Nation } from '../domain/index.js';
import type { JsonValue } from '../link/index.js';
import type { AuditPort, InboxPort, OutboxEntry, OutboxPort, StreamKey } from '../link/ports.js';

// The storage a node uses. The link's ports (src/link/ports.ts, defined by their consumer) are
// extended here with what operators and tests need. Every method is synchronous and durable when
// it returns: a node acknowledges nothing to a producer or partner before the store has it
// (principle 4).

export type { OutboxEntry, StreamKey };

export interface OutboxCounts {
  /** Not yet delivered, held ones included. */
  readonly undelivered: number;
  readonly held: number;
  readonly delivered: number;
}

/**
 * Envelopes waiting for their partner, one queue per recipient, as opaque encoded bytes beside
 * the facts the delivery-time re-check needs. An entry is named by (recipient, id).
 * `pending` lists undelivered entries in enqueue order, held ones included: the link decides at
 * each delivery whether a held entry may go now, so a hold never drops anything.
 */
export interface Outbox extends OutboxPort {
  get(recipient: Nation, id: string): (OutboxEntry & { readonly delivered: boolean }) | undefined;
  /** Held entries for `recipient`, in enqueue order. */
  held(recipient: Nation): OutboxEntry[];
  counts(recipient: Nation): OutboxCounts;
  /**
   * Deletes delivered entries, those with `afterSeq < seq <= throughSeq` when a range is given (a
   * bounded step however many undelivered entries lie in it); returns how many.
   */
  pruneDelivered(range?: { readonly afterSeq: number; readonly throughSeq: number }): number;
  /** The highest seq in the outbox (0 when empty). */
  maxSeq(): number;
}

/** Items received, named by (originator, id), for dedupe, with where they came from. */
export interface Inbox extends InboxPort {
  has(originator: Nation, id: string): boolean;
  /**
   * Forgets ids received before `beforeMs`. Safe once `beforeMs` is older than now minus the
   * verifier's freshness window and clock skew: an envelope that old is refused as stale anyway.
   * At most `limit` (default all), earliest received first; returns how many.
   */
  pruneReceivedBefore(beforeMs: number, limit?: number): number;
}

export interface TrackRecord {
  /** The nation whose tracker made the track (own tracks carry the node's own nation). */
  readonly origin: Nation;
  readonly trackId: string;
  /** Time of the track state (not of its arrival). */
  readonly updatedMs: number;
  readonly state: JsonValue;
}

export interface Tracks {
  /**
   * Latest state wins by `updatedMs`: an update older than the stored one is `stale` and changes
   * nothing, so reordered or replayed deliveries cannot move a track back in time.
   */
  upsert(track: TrackRecord): 'inserted' | 'updated' | 'stale';
  get(origin: Nation, trackId: string): TrackRecord | undefined;
  /** By track id; every nation's when `origin` is omitted. */
  list(origin?: Nation): TrackRecord[];
  remove(origin: Nation, trackId: string): boolean;
}

export interface WarningRecord {
  readonly id: string;
  readonly origin: Nation;
  readonly issuedMs: number;
  readonly body: JsonValue;
}

export interface WarningQuery {
  readonly origin?: Nation;
  /** Inclusive. */
  readonly fromMs?: number;
  /** Exclusive. */
  readonly toMs?: number;
  readonly limit?: number;
}

export interface Warnings {
  /** Idempotent by (origin, id): an id names a warning only within its origin. */
  insert(warning: WarningRecord): 'new' | 'duplicate';
  /** In issue order (then origin, then id). */
  list(query?: WarningQuery): WarningRecord[];
}

/** One consultation event as this node holds it (its own, or a partner's after verification). */
export interface ConsultEventRecord {
  readonly id: string;
  readonly consultation: string;
  readonly author: Nation;
  readonly atMs: number;
  /** The event itself, as signed (canonical JSON when stored). */
  readonly event: JsonValue;
}

/** The node's copy of every consultation's replicated event log (a set: order is the fold's job). */
export interface ConsultEvents {
  /** Idempotent by the event's content: the same event twice is `duplicate`. */
  insert(e: ConsultEventRecord, storedMs: number): 'new' | 'duplicate';
  /** One consultation's events, in the order stored. */
  list(consultation: string): ConsultEventRecord[];
  /** Ids of every consultation with at least one event, in the order first stored. */
  consultations(): string[];
  /** The place of the last event stored (0 when none); places only grow. A stream client resumes after it. */
  lastSeq(): number;
  /** The events stored after place `afterSeq`, in the order stored, each with its place. */
  since(afterSeq: number): (ConsultEventRecord & { readonly seq: number })[];
}

/** A status edit of the commitments registry made at this node (see src/commitments/edits.ts). */
export interface CommitmentEditRecord {
  readonly entry: string;
  readonly nation: Nation;
  /** Who made it, e.g. `api:JPN` (an administrator's token). */
  readonly by: string;
  /** The edit as checked: `{entry, nation, status, asOf, note?, evidence}`. */
  readonly edit: JsonValue;
  readonly storedMs: number;
}

export interface GovernanceActRecord {
  readonly id: string;
  readonly author: Nation;
  readonly atMs: number;
  /** The act itself, as signed (canonical JSON when stored). */
  readonly act: JsonValue;
}

/** The node's copy of the governance acts it holds (a set: order is the fold's job). */
export interface GovernanceActs {
  /** Idempotent by the act's content: the same act twice is `duplicate`. */
  insert(a: GovernanceActRecord, storedMs: number): 'new' | 'duplicate';
  /** Every act, in the order stored. */
  list(): GovernanceActRecord[];
}

/** Commitment status edits, append-only: never updated, never deleted. */
export interface CommitmentEdits {
  append(e: CommitmentEditRecord): void;
  /** Every edit, in the order made. */
  list(): CommitmentEditRecord[];
}

export interface AuditEntry {
  /** Milliseconds since the epoch; fractional in the simulation's virtual time. */
  readonly tMs: number;
  /** What happened, e.g. `release-decision`, `envelope-received`. */
  readonly kind: string;
  /** Who did it: a nation, an operator, a component. */
  readonly actor: string;
  /** What it concerned, e.g. an envelope id. */
  readonly subject: string;
  /** Any JSON-encodable value; stored as canonical JSON (undefined properties dropped). */
  readonly detail: unknown;
}

export interface AuditRecord extends AuditEntry {
  readonly detail: JsonValue;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last record's position and hash: worth publishing elsewhere to anchor the chain. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export type AuditFailureReason =
  /** A record is missing (deleted, or its seq changed). */
  | 'gap'
  /** A record's prevHash is not the previous record's hash. */
  | 'bad-prev-hash'
  /** A record's hash does not match its content. */
  | 'bad-hash'
  /** A record cannot be read back as written (a column of the wrong type, detail not canonical JSON). */
  | 'bad-record'
  /** Records are missing from the end. */
  | 'truncated'
  /** The stored head disagrees with the chain. */
  | 'head-mismatch'
  /** The chain disagrees with an externally kept head. */
  | 'anchor-mismatch';

export type AuditVerifyResult =
  | { readonly ok: true; readonly count: number; readonly head: AuditHead }
  | {
      readonly ok: false;
      readonly firstBadSeq: number;
      readonly reason: AuditFailureReason;
      readonly detail: string;
    };

/** Append-only, hash-chained log of decisions (principle 2). */
export interface AuditLog extends AuditPort {
  /**
   * Appends a record; returns the new head (its seq and hash). Not the record: the link appends
   * two or three per item and uses none, and a record built per append, its detail parsed back from
   * the canonical JSON, was a fifth of what survived each young-generation collection (`read` has
   * the records).
   */
  append(entry: AuditEntry): AuditHead;
  head(): AuditHead;
  /** Records from `fromSeq` on, in order. */
  read(fromSeq: number, limit: number): AuditRecord[];
  /**
   * Checks every record and the stored head. With `anchor` (a head kept outside this database)
   * it also detects a rewrite that recomputed every hash and the head.
   */
  verify(anchor?: AuditHead): AuditVerifyResult;
}

/** All ports, bound to one database. */
export interface Store {
  readonly outbox: Outbox;
  readonly inbox: Inbox;
  readonly tracks: Tracks;
  readonly warnings: Warnings;
  readonly consultations: ConsultEvents;
  readonly commitmentEdits: CommitmentEdits;
  readonly governance: GovernanceActs;
  /** Vessel positions, identities, maritime events and their triage. */
  readonly maritime: MaritimeHistory;
  readonly audit: AuditLog;
  /** The schema version after migrations. */
  readonly schemaVersion: number;
  /**
   * Runs `fn` as one transaction: every write in it commits together or not at all. For steps
   * that must not be split by a crash, e.g. accepting an envelope and queueing its relay copy.
   * Nests (inner calls become savepoints). `fn` must not be async.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** One kept AIS position of a vessel (the store keeps it scaled to integers: see migration 7). */
export interface VesselPositionRecord {
  readonly mmsi: number;
  /** Reception time, ms since the epoch (kept to the millisecond). */
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly speedKn: number | null;
  readonly courseDeg: number | null;
  readonly headingDeg: number | null;
  /** The feed or receiver it came from, e.g. `udp://0.0.0.0:10110` or `scenario:JPN-ishigaki`. */
  readonly source: string;
}

/** One identity a vessel broadcast (a distinct MMSI, IMO, name, call sign, ship type), and when. */
export interface VesselIdentityRecord {
  readonly mmsi: number;
  readonly imo: number | null;
  readonly name: string | null;
  readonly callsign: string | null;
  readonly shipType: number | null;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
}

/** A maritime event's triage state: `new` until a watch officer acts on it. */
export type MaritimeEventState = 'new' | 'acknowledged' | 'escalated' | 'dismissed';

/** One detector event as the node holds it, with its triage state. */
export interface MaritimeEventRecord {
  readonly id: string;
  readonly type: string;
  readonly mmsi: readonly number[];
  /** When the node decided it (its clock), ms. */
  readonly detectedMs: number;
  /** The detector's output, as `toEventJson` writes it (start, end, lat, lon, zone, confidence, evidence). */
  readonly detector: JsonValue;
  readonly state: MaritimeEventState;
  /** The watch or operator the event was last handed over to; null if never. */
  readonly holder: string | null;
  /** When the state or holder last changed (detectedMs until then), ms. */
  readonly updatedMs: number;
  /** The marking the event was shared with when escalated (this nation's words); absent if never shared. */
  readonly marking?: string | null;
  /** The link item that carried it to partners; absent if never shared. */
  readonly sharedItemId?: string | null;
}

/** A partner's maritime event as this node received it (read-only here: its triage is the partner's). */
export interface PartnerMaritimeEventRecord {
  /** The nation whose watch officer escalated and shared it. */
  readonly originator: string;
  /** The originator's id for the event (unique only within the originator). */
  readonly id: string;
  readonly type: string;
  readonly mmsi: readonly number[];
  /** The link item that carried it. */
  readonly itemId: string;
  /** As the originator marked it, and the level it is held at here. */
  readonly marking: string;
  readonly levelHere: string;
  readonly receivedMs: number;
  /** The checked `maritime-event` payload. */
  readonly event: JsonValue;
  /** When the originator withdrew it (dismissed after sharing); null while it stands. */
  readonly withdrawnMs: number | null;
}

export interface PartnerMaritimeEventQuery {
  readonly type?: string;
  /** Received at or after. */
  readonly sinceMs?: number;
  /** Only withdrawn ones (true) or only standing ones (false). */
  readonly withdrawn?: boolean;
  readonly mmsi?: number;
  readonly limit?: number;
}

/** One triage action taken on an event, as stored (append-only). */
export interface TriageRecord {
  readonly eventId: string;
  readonly action: string;
  /** Who: `api:<NATION>`, with the operator's name after a slash when given. */
  readonly by: string;
  readonly atMs: number;
  /** The action's body: reason, text, to, note. */
  readonly detail: JsonValue;
}

export interface MaritimeEventQuery {
  readonly type?: string;
  /** Detected at or after. */
  readonly sinceMs?: number;
  readonly state?: MaritimeEventState;
  readonly mmsi?: number;
  readonly limit?: number;
}

export interface PositionQuery {
  readonly mmsi?: number;
  /** [west, south, east, north] degrees; west > east crosses the antimeridian. */
  readonly bbox?: readonly [number, number, number, number];
  /** Inclusive. */
  readonly fromMs?: number;
  /** Inclusive. */
  readonly toMs?: number;
  readonly limit?: number;
}

/** What one retention step removed from the maritime history. */
export interface MaritimePruned {
  readonly positions: number;
  readonly identities: number;
  readonly events: number;
}

/**
 * The node's maritime history: vessel positions (kept compact), the identities vessels broadcast,
 * and detector events with their triage. Writes come in batches (one transaction each).
 */
export interface MaritimeHistory {
  /** Positions (a repeat of one MMSI and time is ignored) and identities (first and last seen widened) in one transaction. */
  writeBatch(positions: readonly VesselPositionRecord[], identities: readonly VesselIdentityRecord[]): void;
  positions(q: PositionQuery): VesselPositionRecord[];
  /** Every identity of `mmsi`, latest last seen first. */
  identities(mmsi: number): VesselIdentityRecord[];
  /** Identities with this IMO number, or whose name contains `name` (case-insensitive), latest first. */
  findIdentities(q: {
    readonly imo?: number;
    readonly name?: string;
    readonly limit?: number;
  }): VesselIdentityRecord[];
  /** Idempotent by id. */
  insertEvent(e: MaritimeEventRecord): 'new' | 'duplicate';
  event(id: string): MaritimeEventRecord | undefined;
  /** Latest detected first. */
  events(q: MaritimeEventQuery): MaritimeEventRecord[];
  /** Records a triage action and the event's state after it (call inside a transaction with its audit record). */
  triage(t: TriageRecord, state: MaritimeEventState, holder: string | null): void;
  /** An event's triage actions, in the order taken. */
  triageOf(eventId: string): TriageRecord[];
  /** Records that an own event was shared (its marking and the item that carried it). */
  setShared(id: string, marking: string, itemId: string): void;
  /** Idempotent by (originator, id): a second copy is a duplicate and changes nothing. */
  insertPartnerEvent(e: PartnerMaritimeEventRecord): 'new' | 'duplicate';
  partnerEvent(originator: string, id: string): PartnerMaritimeEventRecord | undefined;
  /** Latest received first. */
  partnerEvents(q: PartnerMaritimeEventQuery): PartnerMaritimeEventRecord[];
  /** Marks a partner's event withdrawn by its originator; false when unknown or already withdrawn. */
  withdrawPartnerEvent(originator: string, id: string, atMs: number): boolean;
  /** How many events of `originator` are held. */
  partnerEventCount(originator: string): number;
  /** Forgets the `count` events of `originator` received first; returns how many went. */
  dropOldestPartnerEvents(originator: string, count: number): number;
  /** Forgets positions, identities last seen and events detected (partners' events: received) before `beforeMs`, at most `limit` of each. */
  pruneBefore(beforeMs: number, limit: number): MaritimePruned;
}
