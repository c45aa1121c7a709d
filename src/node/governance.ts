import {
  type CompiledRegistry,
  canonicalJson,
  compileRegistry,
  membersAt,
  type Nation,
} from '../domain/index.js';
import {
  type ActKind,
  type ActRejection,
  foldGovernance,
  type GovernanceAct,
  type GovernanceState,
  parseAct,
} from '../governance/index.js';
import {
  type AuditPort,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  type JsonValue,
  type LinkItem,
  type ReceivedItem,
} from '../link/index.js';
import type { GovernanceActRecord, GovernanceActs } from '../store/index.js';

/** The topic governance acts travel under (the diplomatic channel: see decide()). */
export const GOVERNANCE_TOPIC = 'governance' as const;

/** What a node sends for each act; the link signs it as the author's. */
export interface GovernancePayload {
  readonly kind: 'governance-act';
  readonly act: JsonValue;
}

/** Refusals that no later act can undo, for an act on an agreement of the file (see receive). */
const PERMANENT: ReadonlySet<string> = new Set(['not-party', 'before-signature', 'unknown-level']);

/** Acts are unclassified notes between governments. */
const ACT_MARKING = 'UNCLASSIFIED';

export type GovernanceResult =
  | {
      readonly ok: true;
      readonly act: GovernanceAct;
      readonly state: GovernanceState;
      readonly to: readonly Nation[];
    }
  | {
      readonly ok: false;
      readonly code: ActRejection['code'];
      readonly field: string;
      readonly reason: string;
    };

/** Why a partner's act was refused before the fold saw it. */
export type PartnerActRefusalCode = 'malformed' | 'bad-id' | 'not-author' | 'act-time' | 'refused';

export interface GovernanceDeskOptions {
  readonly nation: Nation;
  readonly partners: readonly Nation[];
  readonly clock: { nowMs(): number };
  /** The registry as read from the agreements file: the acts are folded onto it. */
  readonly base: () => CompiledRegistry;
  readonly acts: GovernanceActs;
  readonly audit: AuditPort;
  readonly publish: (item: LinkItem, recipients: readonly Nation[]) => void;
  readonly transaction?: <T>(fn: () => T) => T;
  readonly newId: (nowMs: number) => string;
  /** How far an act's `atMs` may be from its item's signed creation time, ms (default the link's skew). */
  readonly maxSkewMs?: number;
  readonly onPartnerRefused?: (partner: Nation, code: PartnerActRefusalCode, reason: string) => void;
  /** Told of each act newly held (own or a partner's), once stored, with the state it leads to. */
  readonly onAct?: (act: GovernanceAct, state: GovernanceState, from: 'own' | 'partner') => void;
}

/**
 * A node's governance desk: the acts on agreements and coalitions this nation makes (signed by the
 * link as its own) and those its partners send, stored, audited, and folded onto the agreements file
 * into the registry every gate of the node reads. Only the parties concerned are sent an act; a
 * partner's act is taken only if the link verified it as that nation's, and whether it stands is the
 * fold's decision, the same on every node that holds the same acts.
 */
export class GovernanceDesk {
  readonly #o: GovernanceDeskOptions;
  #cached: { baseVersion: number; count: number; state: GovernanceState; registry: CompiledRegistry } | null =
    null;
  #count = -1;

  constructor(o: GovernanceDeskOptions) {
    this.#o = o;
  }

  /** The registry the node's gates read: the agreements file with every act held folded in. */
  registry(): CompiledRegistry {
    return this.#folded().registry;
  }

  /** The fold of every act held: what each did, proposals and their signatures, refusals. */
  state(): GovernanceState {
    return this.#folded().state;
  }

  #folded(): { state: GovernanceState; registry: CompiledRegistry } {
    const base = this.#o.base();
    if (this.#count < 0) this.#count = this.#o.acts.list().length;
    const c = this.#cached;
    if (c && c.baseVersion === base.version && c.count === this.#count) return c;
    const records = this.#o.acts.list();
    this.#count = records.length;
    // With no act, the node reads the file's own compiled registry (and its decision caches).
    const state = foldGovernance(
      base,
      records.map((r) => r.act),
    );
    const registry = records.length === 0 ? base : compileRegistry(state.registry);
    this.#cached = { baseVersion: base.version, count: records.length, state, registry };
    return this.#cached;
  }

  /**
   * An act of this nation's administrator (`actor` names who, for the audit): refused, with the
   * field at fault, when the fold would refuse it; otherwise stored, audited and sent to the other
   * parties among the node's partners, in one commit.
   */
  act(kind: ActKind, target: string, body: unknown, actor: string): GovernanceResult {
    const nowMs = this.#o.clock.nowMs();
    const atMs = Math.floor(nowMs);
    const raw = {
      id: `${this.#o.nation}:${this.#o.newId(atMs)}`,
      author: this.#o.nation,
      atMs,
      kind,
      target,
      body: body ?? {},
    };
    const parsed = parseAct(raw);
    if (!parsed.ok) return this.#refuse(actor, raw, parsed.code, parsed.field, parsed.problem);
    let act: JsonValue;
    try {
      act = JSON.parse(canonicalJson(raw)) as JsonValue;
    } catch {
      return this.#refuse(actor, raw, 'malformed', 'body', 'the body is not plain JSON');
    }
    const held = this.#o.acts.list().map((r) => r.act);
    const state = foldGovernance(this.#o.base(), [...held, act]);
    const rejection = state.rejected.find((r) => r.id === raw.id);
    if (rejection) return this.#refuse(actor, raw, rejection.code, rejection.field, rejection.reason);
    const to = partiesOf(parsed.act, state).filter(
      (n) => n !== this.#o.nation && this.#o.partners.includes(n),
    );
    const item: LinkItem = {
      id: this.#o.newId(atMs),
      originator: this.#o.nation,
      topic: GOVERNANCE_TOPIC,
      marking: ACT_MARKING,
      createdMs: nowMs,
      payload: { kind: 'governance-act', act } satisfies GovernancePayload,
    };
    const write = () => {
      this.#o.acts.insert({ id: raw.id, author: this.#o.nation, atMs, act }, nowMs);
      this.#count = -1;
      this.#o.audit.append({
        tMs: nowMs,
        kind: 'governance-act',
        actor: this.#o.nation,
        subject: raw.id,
        detail: { kind, target, by: actor, to, summary: summaryOf(state, raw.id) },
      });
      if (to.length > 0) this.#o.publish(item, to);
    };
    if (this.#o.transaction) this.#o.transaction(write);
    else write();
    const after = this.state();
    this.#o.onAct?.(parsed.act, after, 'own');
    return { ok: true, act: parsed.act, state: after, to };
  }

  /** Takes a partner's governance item; returns false when the item is not one. Never throws. */
  receive(r: ReceivedItem): boolean {
    const p = r.item.payload as Partial<GovernancePayload> | null;
    if (r.item.topic !== GOVERNANCE_TOPIC || p?.kind !== 'governance-act') return false;
    const nowMs = this.#o.clock.nowMs();
    const refuse = (code: PartnerActRefusalCode, reason: string, detail: Record<string, JsonValue> = {}) => {
      this.#o.audit.append({
        tMs: nowMs,
        kind: 'governance-act-refused',
        actor: r.item.originator,
        subject: r.item.id,
        detail: { ...detail, code, reason, sender: r.sender },
      });
      this.#o.onPartnerRefused?.(r.item.originator, code, reason);
      return true;
    };
    const parsed = parseAct(p.act);
    if (!parsed.ok) return refuse(parsed.code, parsed.problem, { field: parsed.field });
    const a = parsed.act;
    // The link verified the originator's signature: that nation, and only it, made the act.
    if (a.author !== r.item.originator)
      return refuse(
        'not-author',
        `act ${a.id} claims author ${a.author} but was signed by ${r.item.originator}`,
        { field: 'author' },
      );
    // The act's date is the fold's order: it must agree with the item's signed creation time.
    const skewMs = this.#o.maxSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    if (Math.abs(a.atMs - r.item.createdMs) > skewMs)
      return refuse(
        'act-time',
        `act ${a.id} is dated ${a.atMs}, ${a.atMs - r.item.createdMs} ms from its item's signed creation time (allowed ${skewMs} ms)`,
        { field: 'atMs' },
      );
    let act: JsonValue;
    try {
      act = JSON.parse(canonicalJson(p.act)) as JsonValue;
    } catch (err) {
      return refuse(
        'malformed',
        `act ${a.id} is not storable JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    // An act no other act can make valid (a non-party's act on an agreement of the file, one
    // dated before its signature, an unknown level) is refused and not stored; any other refusal
    // may be undone by acts still on their way (a signature before its proposal), so it is kept:
    // every node must fold the same set.
    const trial = foldGovernance(this.#o.base(), [
      ...this.#o.acts.list().map((x) => x.act),
      act,
    ]).rejected.find((x) => x.id === a.id);
    if (
      trial &&
      PERMANENT.has(trial.code) &&
      a.kind !== 'sign' &&
      a.kind !== 'leave' &&
      this.#o.base().agreement(a.target)
    )
      return refuse('refused', trial.reason, { field: trial.field, rule: trial.code });
    const record: GovernanceActRecord = { id: a.id, author: a.author, atMs: a.atMs, act };
    if (this.#o.acts.insert(record, nowMs) === 'duplicate') return true;
    this.#count = -1;
    const state = this.state();
    const rejection = state.rejected.find((x) => x.id === a.id);
    // Kept even when the fold refuses it now: a refusal may depend on acts still on their way
    // (a signature before its proposal), and every node must fold the same set.
    this.#o.audit.append({
      tMs: nowMs,
      kind: rejection ? 'governance-act-refused' : 'governance-act-received',
      actor: a.author,
      subject: a.id,
      detail: rejection
        ? {
            code: rejection.code,
            field: rejection.field,
            reason: rejection.reason,
            sender: r.sender,
            kept: true,
          }
        : { kind: a.kind, target: a.target, sender: r.sender, summary: summaryOf(state, a.id) },
    });
    if (rejection) this.#o.onPartnerRefused?.(a.author, 'refused', rejection.reason);
    this.#o.onAct?.(a, state, 'partner');
    return true;
  }

  /** Audits a refusal made before the desk (the API refusing an operator's token or a bad body). */
  auditRefusal(actor: string, subject: string, code: string, field: string, reason: string): void {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'governance-act-refused',
      actor: this.#o.nation,
      subject,
      detail: { by: actor, code, field, reason },
    });
  }

  #refuse(
    actor: string,
    raw: { id: string; kind: string; target: string },
    code: ActRejection['code'],
    field: string,
    reason: string,
  ): GovernanceResult {
    this.#o.audit.append({
      tMs: this.#o.clock.nowMs(),
      kind: 'governance-act-refused',
      actor: this.#o.nation,
      subject: raw.target,
      detail: { by: actor, kind: raw.kind, code, field, reason },
    });
    return { ok: false, code, field, reason };
  }
}

function summaryOf(state: GovernanceState, id: string): string {
  return state.applied.find((a) => a.id === id)?.summary ?? '';
}

/**
 * Who must hear of an act: the parties of the agreement it acts on (of a new one, its parties), the
 * members of the coalition (and the nation admitted), the parties of the proposal signed.
 */
export function partiesOf(act: GovernanceAct, state: GovernanceState): Nation[] {
  const reg = state.registry;
  if (act.kind === 'sign') return [...(state.proposals.find((p) => p.id === act.target)?.parties ?? [])];
  if (act.kind === 'propose') {
    const p = state.proposals.find((x) => x.id === act.id);
    if (p) return [...p.parties];
  }
  const a = reg.agreements.find((x) => x.id === act.target);
  if (a) return [...a.parties];
  const c = reg.coalitions.find((x) => x.id === act.target);
  if (c) return [...new Set([...membersAt(c, act.atMs), ...c.members.map((m) => m.nation)])];
  return [];
}

/** Acts kept in memory, for nodes without a store (tests, the in-process exercises). */
export class MemoryGovernanceActs implements GovernanceActs {
  readonly #rows: { record: GovernanceActRecord; key: string }[] = [];
  insert(a: GovernanceActRecord): 'new' | 'duplicate' {
    const key = `${a.id}|${canonicalJson(a.act)}`;
    if (this.#rows.some((r) => r.key === key)) return 'duplicate';
    this.#rows.push({ record: a, key });
    return 'new';
  }
  list(): GovernanceActRecord[] {
    return this.#rows.map((r) => r.record);
  }
}
