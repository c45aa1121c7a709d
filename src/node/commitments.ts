import {
  type CommitmentsRegistry,
  foldRegistryEvents,
  ownerProblem,
  type ProposalState,
  proposalProblem,
  REGISTRY_TOPIC,
  type RegistryEvent,
  type RegistryFold,
  registryEventSchema,
  type StatusEdit,
  storedRegistryEvent,
  storedRegistryEvents,
} from '../commitments/index.js';
import type { Nation } from '../domain/index.js';
import {
  type AuditPort,
  canonicalJson,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  type JsonValue,
  type LinkItem,
  type ReceivedItem,
} from '../link/index.js';
import type { CommitmentEditRecord, CommitmentEdits } from '../store/index.js';

/** What a node sends for each registry event (topic `registry`); the link signs it as the author's. */
export interface RegistryPayload {
  readonly kind: 'registry-event';
  readonly event: JsonValue;
}

export interface CommitmentDeskOptions {
  readonly nation: Nation;
  readonly clock: { nowMs(): number };
  /** The registry as read from the data files. */
  readonly registry: () => CommitmentsRegistry;
  readonly edits: CommitmentEdits;
  readonly audit: AuditPort;
  readonly transaction?: <T>(fn: () => T) => T;
  /** The nations this node has a link with: every registry event goes to each (the link decides). */
  readonly partners?: readonly Nation[];
  /** Sends an item (the link decides, per recipient, whether it may go); none: edits stay here. */
  readonly publish?: (item: LinkItem, recipients: readonly Nation[]) => void;
  /** A new UUIDv7 for an event made at `nowMs` (default: a counter, for tests). */
  readonly newId?: (nowMs: number) => string;
  /** How far a partner event's `atMs` may be from its item's signed creation time (ms). */
  readonly maxSkewMs?: number;
  /** Told of each partner event refused (already audited), with the refusal's code. */
  readonly onPartnerRefused?: (partner: Nation, code: string, reason: string) => void;
}

export type CommitmentEditResult =
  | { readonly ok: true; readonly edit: StatusEdit; readonly proposal: ProposalState }
  | { readonly ok: false; readonly code: string; readonly field: string; readonly reason: string };

/** Why a partner's registry event was refused, before storing it. */
export type RegistryEventRefusalCode =
  | 'malformed'
  | 'not-author'
  | 'event-time'
  | 'replay'
  | 'unknown-entry'
  | 'not-owner'
  | 'invalid';

/**
 * A node's commitments registry as a shared record: the data files' registry with every status
 * edit its entries' owners made and approved, folded (foldRegistryEvents) from the registry events
 * this node holds — its own administrators' and those its partners sent over the link (topic
 * `registry`), each signed by its author nation, stored and audited. An edit to an entry with one
 * owner takes effect at once; one with several owners when each has approved it.
 */
export class CommitmentDesk {
  readonly #o: CommitmentDeskOptions;
  #cache: { rows: number; fold: RegistryFold } | null = null;
  #counter = 0;

  constructor(o: CommitmentDeskOptions) {
    this.#o = o;
  }

  /** The node's day (UTC) on its clock: the default `asOf` of a reading, and the latest an edit may take. */
  today(): string {
    return new Date(this.#o.clock.nowMs()).toISOString().slice(0, 10);
  }

  /** The registry events held, folded (kept until another is stored). */
  fold(): RegistryFold {
    const rows = this.#o.edits.list();
    if (this.#cache?.rows === rows.length) return this.#cache.fold;
    const fold = foldRegistryEvents(this.#o.registry(), storedRegistryEvents(rows));
    this.#cache = { rows: rows.length, fold };
    return fold;
  }

  registry(): CommitmentsRegistry {
    return this.fold().registry;
  }

  /** The rows stored here, in order, optionally of one entry (with who stored them and when). */
  edits(entry?: string): CommitmentEditRecord[] {
    return this.#o.edits.list().filter((r) => entry === undefined || r.entry === entry);
  }

  /** The registry events stored here, read, optionally of one entry, with who stored each and when. */
  events(entry?: string): { event: RegistryEvent; by: string; storedMs: number }[] {
    return this.#o.edits.list().flatMap((r, i) => {
      const event = storedRegistryEvent(r, i);
      return event !== null && (entry === undefined || event.entry === entry)
        ? [{ event, by: r.by, storedMs: r.storedMs }]
        : [];
    });
  }

  /** The proposals folded, optionally of one entry: the replicated history. */
  proposals(entry?: string): ProposalState[] {
    return this.fold().proposals.filter((p) => entry === undefined || p.entry === entry);
  }

  #newId(nowMs: number): string {
    // Without an id source (tests), the count of events stored makes the id unique to this store.
    const local = () => `e${this.#o.edits.list().length + ++this.#counter}-${Math.floor(nowMs)}`;
    return `${this.#o.nation}:${this.#o.newId?.(Math.floor(nowMs)) ?? local()}`;
  }

  /** After every event held, so that an approval never sorts before the proposal it names. */
  #atMs(nowMs: number): number {
    const held = storedRegistryEvents(this.#o.edits.list());
    return Math.max(Math.floor(nowMs), ...held.map((e) => Math.floor(e.atMs) + 1));
  }

  /**
   * Proposes `edit` (already authorised as an administrator of this node's nation): refused,
   * audited, when the nation does not own the entry or the edit could not take effect; otherwise
   * stored, audited and sent to the partners as one commit. In force at once when the nation is the
   * entry's only owner, else pending the other owners' approvals.
   */
  edit(by: string, edit: StatusEdit): CommitmentEditResult {
    if (edit.nation !== this.#o.nation)
      throw new Error(`invariant: ${this.#o.nation}'s desk given an edit by ${edit.nation}`);
    const now = this.#o.clock.nowMs();
    const event: RegistryEvent = {
      kind: 'propose-status',
      id: this.#newId(now),
      author: this.#o.nation,
      atMs: this.#atMs(now),
      entry: edit.entry,
      status: edit.status,
      asOf: edit.asOf,
      ...(edit.note !== undefined ? { note: edit.note } : {}),
      evidence: edit.evidence,
    };
    const problem = proposalProblem(this.#o.registry(), event);
    if (problem) return this.#refuseOwn(by, edit.entry, problem.code, problem.field, problem.reason);
    const r = this.#author(by, event);
    if (!r.ok) return r;
    return { ok: true, edit, proposal: r.proposal };
  }

  /**
   * Approves proposal `proposal` of entry `entry` as this node's nation (an administrator's act):
   * refused, audited, unless the nation owns the entry and has not approved it, and it is pending.
   */
  approve(by: string, entry: string, proposal: string): CommitmentEditResult {
    const now = this.#o.clock.nowMs();
    const e = this.#o.registry().entry(entry);
    if (!e) return this.#refuseOwn(by, entry, 'unknown-entry', 'id', `no entry '${entry}' in the registry`);
    const owner = ownerProblem(e, this.#o.nation);
    if (owner) return this.#refuseOwn(by, entry, owner.code, 'id', owner.reason);
    const event: RegistryEvent = {
      kind: 'approve-status',
      id: this.#newId(now),
      author: this.#o.nation,
      atMs: this.#atMs(now),
      entry,
      proposal,
    };
    const r = this.#author(by, event);
    if (!r.ok) return r;
    return { ok: true, edit: r.proposal.edit, proposal: r.proposal };
  }

  /** Stores, audits and sends an event of this nation, if the fold takes it. */
  #author(
    by: string,
    event: RegistryEvent,
  ): { ok: true; proposal: ProposalState } | Extract<CommitmentEditResult, { ok: false }> {
    const now = this.#o.clock.nowMs();
    const held = storedRegistryEvents(this.#o.edits.list());
    const fold = foldRegistryEvents(this.#o.registry(), [...held, event]);
    const refused = fold.refused.find((x) => x.id === event.id);
    if (refused) return this.#refuseOwn(by, event.entry, refused.code, refused.field, refused.reason);
    const proposalId = event.kind === 'propose-status' ? event.id : event.proposal;
    const proposal = fold.proposals.find((p) => p.id === proposalId)!;
    if (proposal.state === 'conflict')
      return this.#refuseOwn(by, event.entry, 'invalid', 'asOf', proposal.reason ?? 'conflict');
    const body = JSON.parse(canonicalJson(event as unknown as JsonValue)) as JsonValue;
    const recipients = (this.#o.partners ?? []).filter((n) => n !== this.#o.nation);
    const write = () => {
      this.#o.edits.append({ entry: event.entry, nation: event.author, by, edit: body, storedMs: now });
      this.#o.audit.append({
        tMs: now,
        kind: event.kind === 'propose-status' ? 'commitment-edited' : 'commitment-approved',
        actor: this.#o.nation,
        subject: event.entry,
        detail: {
          by,
          event: event.id,
          proposal: proposal.id,
          state: proposal.state,
          status: proposal.edit.status,
          asOf: proposal.edit.asOf,
          evidence: proposal.edit.evidence as unknown as JsonValue,
          to: recipients,
        },
      });
      if (this.#o.publish && recipients.length > 0) {
        this.#o.publish(
          {
            id: this.#o.newId?.(Math.floor(now)) ?? `${event.id}`,
            originator: this.#o.nation,
            topic: REGISTRY_TOPIC,
            marking: this.#o.nation === 'USA' ? 'UNCLASSIFIED' : `//${this.#o.nation} UNCLASSIFIED`,
            createdMs: Math.max(now, event.atMs - (this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS)),
            payload: { kind: 'registry-event', event: body } satisfies RegistryPayload,
          },
          recipients,
        );
      }
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
    return { ok: true, proposal };
  }

  /**
   * Takes a partner's registry item (the link verified its signature and that the agreements allow
   * it). Refused and audited, nothing stored: an event that does not read, one whose author is not
   * the nation that signed it (forged), one dated away from its item's signed time, an event id
   * already held (a replay), an edit of an entry the author does not own or that could never take
   * effect. Whether it takes effect is then the fold's decision, the same on every node. Never
   * throws; true when the event was stored.
   */
  receive(r: ReceivedItem): boolean {
    const p = r.item.payload as Partial<RegistryPayload> | null;
    const refuse = (code: RegistryEventRefusalCode, reason: string, subject = r.item.id) => {
      this.#o.audit.append({
        tMs: this.#o.clock.nowMs(),
        kind: 'registry-event-refused',
        actor: r.item.originator,
        subject,
        detail: { code, reason, sender: r.sender, item: r.item.id },
      });
      this.#o.onPartnerRefused?.(r.item.originator, code, reason);
      return false;
    };
    const parsed = registryEventSchema.safeParse(p?.event);
    if (r.item.topic !== REGISTRY_TOPIC || !parsed.success) {
      const issue = parsed.success ? null : parsed.error.issues[0]!;
      return refuse(
        'malformed',
        issue
          ? `not a registry event: ${issue.path.map(String).join('.') || 'event'}: ${issue.message}`
          : `a registry event travels under topic '${REGISTRY_TOPIC}', not '${r.item.topic}'`,
      );
    }
    const e = parsed.data;
    if (e.author !== r.item.originator)
      return refuse(
        'not-author',
        `event ${e.id} claims author ${e.author} but was signed by ${r.item.originator}`,
      );
    if (!e.id.startsWith(`${e.author}:`))
      return refuse('not-author', `event id ${e.id} is not one of ${e.author}'s (<AUTHOR>:<id>)`);
    const skewMs = this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    if (Math.abs(e.atMs - r.item.createdMs) > skewMs)
      return refuse(
        'event-time',
        `event ${e.id} is dated ${e.atMs}, ${Math.abs(e.atMs - r.item.createdMs)} ms from its item's signed time ${r.item.createdMs} (allowed ${skewMs} ms)`,
      );
    const held = storedRegistryEvents(this.#o.edits.list());
    if (held.some((x) => x.id === e.id))
      return refuse('replay', `event ${e.id} is already held: a replay`, e.id);
    const base = this.#o.registry();
    const entry = base.entry(e.entry);
    if (!entry) return refuse('unknown-entry', `no entry '${e.entry}' in the registry`, e.id);
    const problem = e.kind === 'propose-status' ? proposalProblem(base, e) : ownerProblem(entry, e.author);
    if (problem)
      return refuse(problem.code as RegistryEventRefusalCode, `${problem.field}: ${problem.reason}`, e.id);
    const now = this.#o.clock.nowMs();
    const write = () => {
      this.#o.edits.append({
        entry: e.entry,
        nation: e.author,
        by: `link:${r.sender}`,
        edit: JSON.parse(canonicalJson(e as unknown as JsonValue)) as JsonValue,
        storedMs: now,
      });
      const proposal = this.fold().proposals.find(
        (x) => x.id === (e.kind === 'propose-status' ? e.id : e.proposal),
      );
      this.#o.audit.append({
        tMs: now,
        kind: 'registry-event-received',
        actor: e.author,
        subject: e.entry,
        detail: {
          event: e.id,
          kind: e.kind,
          sender: r.sender,
          item: r.item.id,
          state: proposal?.state ?? 'refused-by-fold',
        },
      });
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
    return true;
  }

  #refuseOwn(
    by: string,
    entry: string,
    code: string,
    field: string,
    reason: string,
  ): Extract<CommitmentEditResult, { ok: false }> {
    // The API names the entry by its route's `id`.
    const named = field === 'entry' ? 'id' : field;
    this.refuse(by, entry, code, named, reason);
    return { ok: false, code, field: named, reason };
  }

  /**
   * Audits a refused edit (`field`: the input it is about, e.g. `status`, `evidence.date`, `token`);
   * `more` adds to the record's detail (the request's source, or the count of a summary).
   */
  refuse(
    by: string,
    entry: string,
    code: string,
    field: string,
    reason: string,
    more: Readonly<Record<string, JsonValue>> = {},
  ): void {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'commitment-edit-refused',
      actor: this.#o.nation,
      subject: entry,
      detail: { ...more, by, code, field, reason },
    });
  }
}

/** Edits kept in memory, for a node whose store keeps none (tests). */
export class MemoryCommitmentEdits implements CommitmentEdits {
  readonly #rows: CommitmentEditRecord[] = [];
  append(e: CommitmentEditRecord): void {
    this.#rows.push(e);
  }
  list(): CommitmentEditRecord[] {
    return [...this.#rows];
  }
}
