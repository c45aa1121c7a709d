import {
  CanonicalJsonError,
  type CompiledRegistry,
  canonicalJson,
  compareRelTo,
  decide,
  formatMarking,
  isNation,
  type Marking,
  MarkingParseError,
  membersAt,
  type Nation,
  parseMarking,
  type Topic,
} from '../domain/index.js';
import { invariant } from './assert.js';
import { type ContingencyPlan, planFor } from './contingencies.js';
import { type Deadlines, deriveEscalation, levelRank, nextLevel } from './escalation.js';
import { compareEvents, parseEvent } from './events.js';
import type {
  AckStatus,
  AudienceEntry,
  ConsultationState,
  ConsultEvent,
  EventOf,
  Level,
  LevelChange,
  MinisterialForm,
  Position,
  Readout,
  RejectCode,
  Rejection,
  Stance,
  Statement,
  StatementVersion,
  TimelineEntry,
} from './model.js';
import { TRILATERAL } from './model.js';

export interface FoldOptions {
  /** The instant the state is read at: decides which acknowledgement deadlines have passed. */
  readonly nowMs: number;
  /** With a registry, posts get their audience and joint texts must be releasable to every participant. */
  readonly registry?: CompiledRegistry;
  /** Which consultation to fold when the events name several (default: the earliest convened). */
  readonly consultation?: string;
  /** Contingency plans, so that a consultation about a contingency shows its plan. */
  readonly plans?: readonly ContingencyPlan[];
}

/** The topic consultation traffic travels under in the agreements. */
export const CONSULTATION_TOPIC: Topic = 'consultation';

/** Records a rejection; returns false so that a handler can `return no(...)`. */
type Reject = (code: RejectCode, reason: string) => false;

/**
 * The state of one consultation as a pure function of the SET of its events and `nowMs`: events are
 * deduplicated by their canonical bytes and applied in (atMs, author, id) order, so every node that
 * holds the same events computes the same state, whatever order they arrived in and however often.
 * Events that break a rule are kept out of the state and listed in `rejected` with a reason; nothing a
 * partner sends makes this throw.
 */
export function foldConsultation(events: readonly unknown[], opts: FoldOptions): ConsultationState {
  const rejected: Rejection[] = [];

  // Identical copies are one event (at-least-once delivery, gossip).
  const distinct = new Map<string, unknown>();
  for (const raw of events) {
    try {
      distinct.set(canonicalJson(raw), raw);
    } catch (err) {
      if (!(err instanceof CanonicalJsonError)) throw err;
      rejected.push(rejectionOf(raw, 'malformed', `not JSON: ${err.message}`));
    }
  }

  const parsed: ConsultEvent[] = [];
  for (const raw of distinct.values()) {
    const p = parseEvent(raw);
    if (p.ok) parsed.push(p.event);
    else rejected.push(rejectionOf(raw, p.code, p.problem));
  }

  // Two different events under one id: the author equivocated (ids carry the author, so no one else
  // can cause this). Keeping either would depend on arrival order, so neither is kept.
  const byId = new Map<string, ConsultEvent[]>();
  for (const e of parsed) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  const unique: ConsultEvent[] = [];
  for (const [id, list] of byId) {
    if (list.length === 1) unique.push(list[0]!);
    else
      for (const e of list)
        rejected.push(reject(e, 'conflicting-id', `${list.length} different events carry the id '${id}'`));
  }

  const target = opts.consultation ?? chooseConsultation(unique, opts.registry);
  const mine: ConsultEvent[] = [];
  for (const e of unique) {
    if (e.consultation === target) mine.push(e);
    else rejected.push(reject(e, 'other-consultation', `belongs to consultation '${e.consultation}'`));
  }

  const convene = mine.find((e): e is EventOf<'convene'> => e.kind === 'convene') ?? null;
  const problem = convene === null ? null : conveneProblem(convene, opts.registry);
  if (convene === null || problem !== null) {
    if (convene !== null) rejected.push(reject(convene, 'invalid-convene', problem!));
    for (const e of mine) {
      if (e !== convene) rejected.push(reject(e, 'not-convened', `no valid convene event for '${target}'`));
    }
    return emptyState(target, opts.nowMs, rejected);
  }

  const folder = new Folder(convene, opts);
  const rest = mine.filter((e) => e !== convene).sort(compareEvents);
  for (const e of rest) {
    folder.apply(e, (code, reason) => {
      rejected.push(reject(e, code, reason));
      return false;
    });
  }
  return folder.state(rejected.sort(compareRejections), opts.plans ?? []);
}

/** The earliest valid convening among the events; failing that, any consultation they name. */
function chooseConsultation(events: readonly ConsultEvent[], registry?: CompiledRegistry): string | null {
  const convenes = events.filter((e): e is EventOf<'convene'> => e.kind === 'convene').sort(compareEvents);
  const valid = convenes.find((e) => conveneProblem(e, registry) === null);
  if (valid) return valid.id;
  const named = [...new Set(events.map((e) => e.consultation))].sort();
  return convenes[0]?.id ?? named[0] ?? null;
}

/** Groups raw events by the consultation they name (unreadable ones under `?`), for one fold each. */
export function groupByConsultation(events: readonly unknown[]): Map<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  for (const e of events) {
    const c = (e as { consultation?: unknown } | null)?.consultation;
    const key = typeof c === 'string' ? c : '?';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return groups;
}

function conveneProblem(e: EventOf<'convene'>, registry?: CompiledRegistry): string | null {
  const b = e.body;
  const ps = b.participants;
  if (new Set(ps).size !== ps.length) return 'a participant is listed twice';
  if (!ps.includes(e.author)) return `the convener ${e.author} must be a participant`;
  const form = formProblem(b.level, b.form, ps);
  if (form !== null) return form;
  for (const n of Object.keys(b.ackWithinMsBy ?? {})) {
    if (!ps.includes(n as Nation)) return `ackWithinMsBy names ${n}, who is not a participant`;
  }
  if (registry && b.coalition !== undefined) {
    const c = registry.coalitions.find((x) => x.id === b.coalition);
    if (!c) return `no coalition '${b.coalition}' in the agreements registry`;
    const members = membersAt(c, e.atMs);
    const outside = ps.filter((n) => !members.includes(n));
    if (outside.length > 0) return `${outside.join(', ')} not a member of '${b.coalition}' at the convening`;
  }
  return null;
}

function formProblem(level: Level, form: MinisterialForm | undefined, participants: readonly Nation[]) {
  if (form === undefined) return null;
  if (level !== 'ministerial') return `form '${form}' applies to the ministerial level only`;
  if (form === '2+2+2' && (participants.length !== 3 || !TRILATERAL.every((n) => participants.includes(n)))) {
    return 'the 2+2+2 form is the foreign and defence ministers of the USA, Japan and the ROK together';
  }
  return null;
}

interface VersionWork {
  readonly v: Omit<StatementVersion, 'supersededBy' | 'stances'>;
  readonly supersededBy: string[];
  readonly stances: Stance[];
}

interface StatementWork {
  readonly versions: string[];
  readonly current: Map<Nation, Stance>;
  agreed: Statement['agreed'];
}

/** The fold's working state. Mutable inside, but only `state()` leaves this module. */
class Folder {
  private readonly convene: EventOf<'convene'>;
  private readonly participants: readonly Nation[];
  private readonly registry: CompiledRegistry | undefined;
  private level: Level;
  private form: MinisterialForm | undefined;
  private readonly history: LevelChange[] = [];
  private readonly deadlines: Deadlines = new Map();
  private readonly acks = new Map<Nation, { atMs: number; deadlineMs: number }>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly versions = new Map<string, VersionWork>();
  private readonly statements = new Map<string, StatementWork>();
  private readonly readouts: Readout[] = [];
  private readonly positions: Position[] = [];
  private closed: ConsultationState['closed'] = null;
  private readonly applied: string[] = [];
  private readonly appliedIds = new Set<string>();
  private readonly nowMs: number;

  constructor(convene: EventOf<'convene'>, opts: FoldOptions) {
    this.convene = convene;
    this.registry = opts.registry;
    this.nowMs = opts.nowMs;
    this.participants = [...convene.body.participants].sort(compareRelTo);
    this.level = convene.body.level;
    this.form = convene.body.form;
    this.history.push({
      level: this.level,
      ...(this.form ? { form: this.form } : {}),
      atMs: convene.atMs,
      by: convene.author,
      event: convene.id,
      reason: convene.body.subject,
      cause: { kind: 'convened' },
    });
    for (const n of this.participants) this.deadlines.set(n, convene.atMs + this.within(n));
    // Convening is the convener's acknowledgement.
    this.acks.set(convene.author, { atMs: convene.atMs, deadlineMs: this.deadlines.get(convene.author)! });
    this.applied.push(convene.id);
    this.appliedIds.add(convene.id);
  }

  private within(n: Nation, override?: number): number {
    return override ?? this.convene.body.ackWithinMsBy?.[n] ?? this.convene.body.ackWithinMs;
  }

  /** Applies `e` if the rules allow it; otherwise `no` records why, and the state is unchanged. */
  apply(e: ConsultEvent, no: Reject): boolean {
    invariant(e.consultation === this.convene.id, 'only the consultation’s own events are applied');
    // Ids are unique once equivocations are removed, so nothing is applied twice.
    invariant(!this.appliedIds.has(e.id), `event ${e.id} is applied at most once`);
    const ok = this.dispatch(e, no);
    if (ok) {
      this.applied.push(e.id);
      this.appliedIds.add(e.id);
    }
    return ok;
  }

  private dispatch(e: ConsultEvent, no: Reject): boolean {
    if (e.kind === 'convene') return no('bad-id', 'the consultation is already convened');
    // A national readout is what a participant says afterwards, so it is the one event a close allows.
    if (this.closed !== null && e.kind !== 'publish-readout') {
      return no(
        'after-close',
        `the consultation was closed by ${this.closed.by} (event ${this.closed.event})`,
      );
    }
    if (!this.participants.includes(e.author)) {
      return no('not-participant', `${e.author} is not a participant (${this.participants.join(', ')})`);
    }
    switch (e.kind) {
      case 'acknowledge':
        return this.acknowledge(e, no);
      case 'post':
        return this.post(e, no);
      case 'propose-statement-version':
        return this.propose(e, no);
      case 'approve-version':
      case 'reject-version':
        return this.stance(e, no);
      case 'escalate-level':
        return this.escalate(e, no);
      case 'publish-readout':
        return this.readout(e, no);
      case 'record-position':
        return this.position(e, no);
      case 'close':
        if (e.author !== this.convene.author) {
          return no('not-convener', `only the convener ${this.convene.author} closes`);
        }
        this.closed = {
          atMs: e.atMs,
          by: e.author,
          event: e.id,
          ...(e.body.outcome !== undefined ? { outcome: e.body.outcome } : {}),
        };
        return true;
    }
  }

  private acknowledge(e: EventOf<'acknowledge'>, no: Reject): boolean {
    if (e.body.nation !== e.author)
      return no('not-own', `${e.author} cannot acknowledge for ${e.body.nation}`);
    const prior = this.acks.get(e.author);
    if (prior) return no('duplicate', `${e.author} already acknowledged`);
    this.acks.set(e.author, { atMs: e.atMs, deadlineMs: this.deadlines.get(e.author)! });
    return true;
  }

  /**
   * An event's marking, read with its author as the originator, as the link reads the item that
   * carries it: `SECRET` from Japan is Japan's, and `//KOR SECRET` from Japan is refused (a nation
   * cannot label its words as another's information to borrow that nation's release rules).
   */
  private marking(text: string, e: ConsultEvent, no: Reject): Marking | null {
    try {
      return parseMarking(text, { input: `event ${e.id} body.marking`, originator: e.author });
    } catch (err) {
      if (!(err instanceof MarkingParseError)) throw err;
      no('bad-marking', err.message);
      return null;
    }
  }

  /** Default marking of texts meant for publication: unclassified, in the author's own scheme. */
  private publicMarking(text: string | undefined, e: ConsultEvent, no: Reject): Marking | null {
    return this.marking(text ?? (e.author === 'USA' ? 'UNCLASSIFIED' : `//${e.author} UNCLASSIFIED`), e, no);
  }

  private audience(m: Marking, holder: Nation, atMs: number): AudienceEntry[] | undefined {
    if (!this.registry) return undefined;
    return audience(m, holder, this.participants, this.registry, atMs);
  }

  private post(e: EventOf<'post'>, no: Reject): boolean {
    const m = this.marking(e.body.marking, e, no);
    if (m === null) return false;
    const aud = this.audience(m, e.author, e.atMs);
    this.timeline.push({
      id: e.id,
      author: e.author,
      atMs: e.atMs,
      entry: e.body.entry,
      text: e.body.text,
      marking: formatMarking(m),
      ...(e.body.item ? { item: e.body.item } : {}),
      ...(aud ? { audience: aud } : {}),
    });
    return true;
  }

  private propose(e: EventOf<'propose-statement-version'>, no: Reject): boolean {
    const b = e.body;
    const st = this.statements.get(b.statement);
    if (st?.agreed)
      return no('already-agreed', `statement '${b.statement}' was agreed as ${st.agreed.version}`);
    if (b.replaces !== undefined) {
      const old = this.versions.get(b.replaces);
      if (!old || old.v.statement !== b.statement) {
        return no('unknown-version', `no earlier version '${b.replaces}' of statement '${b.statement}'`);
      }
    }
    const m = this.publicMarking(b.marking, e, no);
    if (m === null) return false;
    // Everyone must approve a joint text, so everyone must be allowed to read it.
    const denied = this.audience(m, e.author, e.atMs)?.filter((a) => !a.allow) ?? [];
    if (denied.length > 0) {
      return no(
        'not-releasable',
        `a joint text must be releasable to every participant: ${denied.map((d) => `${d.nation} (${d.reason})`).join('; ')}`,
      );
    }
    const v: VersionWork = {
      v: {
        id: e.id,
        statement: b.statement,
        author: e.author,
        atMs: e.atMs,
        text: b.text,
        marking: formatMarking(m),
        ...(b.replaces !== undefined ? { replaces: b.replaces } : {}),
      },
      supersededBy: [],
      stances: [],
    };
    this.versions.set(e.id, v);
    if (b.replaces !== undefined) this.versions.get(b.replaces)!.supersededBy.push(e.id);
    const work: StatementWork = st ?? { versions: [], current: new Map(), agreed: null };
    work.versions.push(e.id);
    this.statements.set(b.statement, work);
    return true;
  }

  private stance(e: EventOf<'approve-version'> | EventOf<'reject-version'>, no: Reject): boolean {
    const b = e.body;
    const verb = e.kind === 'approve-version' ? 'approve' : 'reject';
    if (b.nation !== e.author) return no('not-own', `${e.author} cannot ${verb} for ${b.nation}`);
    const v = this.versions.get(b.version);
    if (!v) return no('unknown-version', `no version '${b.version}' was proposed before this ${verb}al`);
    const st = this.statements.get(v.v.statement)!;
    if (st.agreed) {
      return no('already-agreed', `statement '${v.v.statement}' was agreed as ${st.agreed.version}`);
    }
    if (v.supersededBy.length > 0) {
      return no('stale-version', `version '${b.version}' was superseded by ${v.supersededBy.join(', ')}`);
    }
    const s: Stance = {
      nation: e.author,
      version: b.version,
      stance: verb,
      atMs: e.atMs,
      event: e.id,
      ...(e.kind === 'reject-version' ? { reason: e.body.reason } : {}),
    };
    v.stances.push(s);
    st.current.set(e.author, s);
    if (verb === 'approve') this.checkAgreement(st, v);
    return true;
  }

  /** Agreed the moment every participant's latest stance approves this very version. */
  private checkAgreement(st: StatementWork, v: VersionWork): void {
    const approvals: Stance[] = [];
    for (const n of this.participants) {
      const s = st.current.get(n);
      if (s?.stance !== 'approve') return;
      if (s.version !== v.v.id) return;
      approvals.push(s);
    }
    invariant(approvals.length === this.participants.length, 'an agreement has one approval per participant');
    st.agreed = {
      statement: v.v.statement,
      version: v.v.id,
      text: v.v.text,
      atMs: Math.max(...approvals.map((a) => a.atMs)),
      approvals,
    };
  }

  private escalate(e: EventOf<'escalate-level'>, no: Reject): boolean {
    const b = e.body;
    const form = formProblem(b.to, b.form, this.participants);
    if (form !== null) return no('invalid-form', form);
    if (levelRank(b.to, b.form) <= levelRank(this.level, this.form)) {
      return no('not-higher', `already at ${this.describeLevel()}; an escalation must go higher`);
    }
    if (b.cause.kind === 'missed-ack') {
      if (e.author !== this.convene.author) {
        return no(
          'not-convener',
          `escalations for missed deadlines are the convener's (${this.convene.author})`,
        );
      }
      const notMissed = b.cause.nations.filter((n) => !this.hadMissed(n, e.atMs));
      if (notMissed.length > 0) {
        return no('no-missed-ack', `${notMissed.join(', ')} had not missed an acknowledgement deadline then`);
      }
      if (b.to !== nextLevel(this.level)) {
        return no('not-higher', `a missed deadline escalates one level, to ${nextLevel(this.level)}`);
      }
    }
    this.level = b.to;
    this.form = b.form;
    this.history.push({
      level: b.to,
      ...(b.form ? { form: b.form } : {}),
      atMs: e.atMs,
      by: e.author,
      event: e.id,
      reason: b.reason,
      cause: b.cause,
    });
    // The new level must be engaged too: whoever has not acknowledged gets a fresh deadline.
    for (const n of this.participants) {
      if (!this.acks.has(n)) this.deadlines.set(n, e.atMs + this.within(n, b.ackWithinMs));
    }
    return true;
  }

  /** Whether `n`'s deadline had passed by `atMs` with no acknowledgement in time. */
  private hadMissed(n: Nation, atMs: number): boolean {
    const deadline = this.deadlines.get(n);
    if (deadline === undefined || deadline >= atMs) return false;
    const ack = this.acks.get(n);
    return ack === undefined || ack.atMs > ack.deadlineMs;
  }

  private describeLevel(): string {
    return this.form ? `${this.level} (${this.form})` : this.level;
  }

  private readout(e: EventOf<'publish-readout'>, no: Reject): boolean {
    const m = this.publicMarking(e.body.marking, e, no);
    if (m === null) return false;
    this.readouts.push({
      id: e.id,
      nation: e.author,
      statement: e.body.statement,
      atMs: e.atMs,
      text: e.body.text,
      marking: formatMarking(m),
    });
    return true;
  }

  private position(e: EventOf<'record-position'>, no: Reject): boolean {
    const m = this.marking(e.body.marking, e, no);
    if (m === null) return false;
    this.positions.push({
      id: e.id,
      nation: e.author,
      atMs: e.atMs,
      text: e.body.text,
      marking: formatMarking(m),
      ...(e.body.about !== undefined ? { about: e.body.about } : {}),
    });
    return true;
  }

  state(rejected: readonly Rejection[], plans: readonly ContingencyPlan[]): ConsultationState {
    const c = this.convene;
    const acks: AckStatus[] = this.participants.map((n) => {
      const ack = this.acks.get(n);
      if (ack)
        return {
          nation: n,
          status: 'acked',
          atMs: ack.atMs,
          deadlineMs: ack.deadlineMs,
          late: ack.atMs > ack.deadlineMs,
        };
      const deadlineMs = this.deadlines.get(n)!;
      return { nation: n, status: this.nowMs > deadlineMs ? 'missed' : 'pending', deadlineMs };
    });
    const escalation = deriveEscalation({
      convener: c.author,
      level: this.level,
      acks,
      closed: this.closed !== null,
      onMissedAck: c.body.onMissedAck ?? 'escalate',
      ackWithinMs: c.body.ackWithinMs,
    });
    const statements: Statement[] = [...this.statements.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, st]) => ({
        id,
        versions: st.versions.map((vid) => {
          const w = this.versions.get(vid)!;
          return { ...w.v, supersededBy: [...w.supersededBy], stances: [...w.stances] };
        }),
        current: this.participants.flatMap((n) => {
          const s = st.current.get(n);
          return s ? [s] : [];
        }),
        agreed: st.agreed,
      }));
    return {
      id: c.id,
      convened: true,
      subject: c.body.subject,
      trigger: c.body.trigger,
      convener: c.author,
      coalition: c.body.coalition ?? null,
      contingency: c.body.contingency ?? null,
      plan: planFor(plans, c.body.contingency ?? null),
      participants: this.participants,
      convenedAtMs: c.atMs,
      level: this.level,
      form: this.form ?? null,
      levelHistory: this.history,
      acks,
      escalation,
      timeline: this.timeline,
      statements,
      readouts: this.readouts,
      positions: this.positions,
      closed: this.closed,
      applied: this.applied,
      rejected,
      nowMs: this.nowMs,
    };
  }
}

/**
 * Per participant, whether an item with marking `m`, held by `holder`, may be shown to it at `atMs`:
 * the releasability decision under topic `consultation`.
 */
export function audience(
  m: Marking,
  holder: Nation,
  participants: readonly Nation[],
  registry: CompiledRegistry,
  atMs: number,
): AudienceEntry[] {
  return participants.map((nation) => {
    const d = decide({ marking: m, holder, recipient: nation, topic: CONSULTATION_TOPIC, atMs }, registry);
    return { nation, allow: d.allow, rule: d.rule, reason: d.reason };
  });
}

function emptyState(id: string | null, nowMs: number, rejected: Rejection[]): ConsultationState {
  return {
    id,
    convened: false,
    subject: '',
    trigger: null,
    convener: null,
    coalition: null,
    contingency: null,
    plan: null,
    participants: [],
    convenedAtMs: null,
    level: null,
    form: null,
    levelHistory: [],
    acks: [],
    escalation: { missed: [], due: null, effectiveLevel: null, note: null },
    timeline: [],
    statements: [],
    readouts: [],
    positions: [],
    closed: null,
    applied: [],
    rejected: rejected.sort(compareRejections),
    nowMs,
  };
}

function reject(e: ConsultEvent, code: RejectCode, reason: string): Rejection {
  return { id: e.id, author: e.author, kind: e.kind, atMs: e.atMs, code, reason };
}

/** A rejection for something that may not even be an object: take what can be read. */
function rejectionOf(raw: unknown, code: RejectCode, reason: string): Rejection {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const author = str(r.author);
  return {
    id: str(r.id) ?? '?',
    author: author !== null && isNation(author) ? author : null,
    kind: str(r.kind),
    atMs: typeof r.atMs === 'number' && Number.isFinite(r.atMs) ? r.atMs : null,
    code,
    reason,
  };
}

function compareRejections(a: Rejection, b: Rejection): number {
  return (
    (a.atMs ?? -1) - (b.atMs ?? -1) ||
    cmp(a.author ?? '', b.author ?? '') ||
    cmp(a.id, b.id) ||
    cmp(a.code, b.code) ||
    cmp(a.reason, b.reason) ||
    cmp(a.kind ?? '', b.kind ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
