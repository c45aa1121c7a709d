import {
  type Agreement,
  type AgreementStatus,
  addYearsUtc,
  CanonicalJsonError,
  type Coalition,
  canonicalJson,
  DateError,
  formatInstant,
  type Membership,
  membersAt,
  type Nation,
  noticeEffectiveMs,
  parseAgreementValue,
  parseInstant,
  type Registry,
  type Scope,
  type ScopeAmendment,
  type StatusEvent,
  scopeAt,
  statusAt,
} from '../domain/index.js';
import { compareActs, parseAct } from './acts.js';
import type {
  ActOf,
  ActRejectCode,
  ActRejection,
  AppliedAct,
  Change,
  GovernanceAct,
  GovernanceState,
  ProposalState,
} from './model.js';

type Work = { -readonly [K in keyof Agreement]: Agreement[K] } & {
  history: StatusEvent[];
  amendments: ScopeAmendment[];
};
type CoalitionWork = Omit<Coalition, 'members'> & { members: Membership[] };

interface ProposalWork {
  readonly act: ActOf<'propose'>;
  readonly parties: readonly Nation[];
  readonly signatures: { nation: Nation; atMs: number; act: string }[];
  /** For a new agreement: the agreement as proposed (dates to be set when agreed). */
  readonly agreement?: Agreement;
  agreedMs: number | null;
}

/** A refusal: the code, the act's field at fault and why. */
class Refusal {
  constructor(
    readonly code: ActRejectCode,
    readonly field: string,
    readonly reason: string,
  ) {}
}

function refuse(code: ActRejectCode, field: string, reason: string): never {
  throw new Refusal(code, field, reason);
}

/**
 * The registry after the governance acts: `base` (the agreements file) with every valid act applied
 * in (atMs, author, id) order. A pure function of the SET of acts: identical copies count once, two
 * different acts under one id are both refused (their author equivocated), and each act is checked
 * against the registry as the acts before it left it. Acts that break a rule are listed in
 * `rejected` with the field at fault; nothing an act says makes this throw.
 */
export function foldGovernance(base: Registry, acts: readonly unknown[]): GovernanceState {
  const rejected: ActRejection[] = [];
  const distinct = new Map<string, unknown>();
  for (const raw of acts) {
    try {
      distinct.set(canonicalJson(raw), raw);
    } catch (err) {
      if (!(err instanceof CanonicalJsonError)) throw err;
      rejected.push(rejectionOf(raw, 'malformed', '', `not JSON: ${err.message}`));
    }
  }
  const parsed: GovernanceAct[] = [];
  for (const raw of distinct.values()) {
    const p = parseAct(raw);
    if (p.ok) parsed.push(p.act);
    else rejected.push(rejectionOf(raw, p.code, p.field, p.problem));
  }
  const byId = new Map<string, GovernanceAct[]>();
  for (const a of parsed) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
  const unique: GovernanceAct[] = [];
  for (const [id, list] of byId) {
    if (list.length === 1) unique.push(list[0]!);
    else
      for (const a of list)
        rejected.push(
          reject(a, 'conflicting-id', 'id', `${list.length} different acts carry the id '${id}'`),
        );
  }
  unique.sort(compareActs);

  const folder = new Folder(base);
  for (const act of unique) {
    try {
      folder.apply(act);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      rejected.push(reject(act, err.code, err.field, err.reason));
    }
  }
  return {
    registry: folder.registry(),
    applied: folder.applied,
    proposals: folder.proposals(),
    rejected: rejected.sort((a, b) => compareActs(asKey(a), asKey(b))),
  };
}

const asKey = (r: ActRejection) => ({ atMs: r.atMs ?? -1, author: r.author ?? '', id: r.id });

function reject(a: GovernanceAct, code: ActRejectCode, field: string, reason: string): ActRejection {
  return { id: a.id, author: a.author, kind: a.kind, atMs: a.atMs, code, field, reason };
}

function rejectionOf(raw: unknown, code: ActRejectCode, field: string, reason: string): ActRejection {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    id: typeof r.id === 'string' ? r.id : '?',
    author: typeof r.author === 'string' ? (r.author as Nation) : null,
    kind: typeof r.kind === 'string' ? r.kind : null,
    atMs: typeof r.atMs === 'number' ? r.atMs : null,
    code,
    field,
    reason,
  };
}

const d = formatInstant;

class Folder {
  readonly #agreements: Map<string, Work>;
  readonly #order: string[];
  readonly #coalitions: Map<string, CoalitionWork>;
  readonly #base: Registry;
  readonly #proposals = new Map<string, ProposalWork>();
  readonly applied: AppliedAct[] = [];

  constructor(base: Registry) {
    this.#base = base;
    this.#agreements = new Map(
      base.agreements.map((a) => [
        a.id,
        { ...a, history: [...a.history], amendments: [...(a.amendments ?? [])] } as Work,
      ]),
    );
    this.#order = base.agreements.map((a) => a.id);
    this.#coalitions = new Map(base.coalitions.map((c) => [c.id, { ...c, members: [...c.members] }]));
  }

  apply(act: GovernanceAct): void {
    switch (act.kind) {
      case 'notice':
        this.#notice(act);
        return;
      case 'suspend-notice':
      case 'withdraw-notice':
        this.#endNotice(act);
        return;
      case 'suspend':
        this.#suspend(act);
        return;
      case 'resume':
        this.#resume(act);
        return;
      case 'narrow':
        this.#narrow(act);
        return;
      case 'leave':
        this.#leave(act);
        return;
      case 'propose':
        this.#propose(act);
        return;
      case 'sign':
        this.#sign(act);
        return;
    }
  }

  /** The agreement an act names, checked: known, the author a party, signed by then, not ended. */
  #party(act: GovernanceAct): { a: Work; status: AgreementStatus } {
    const a = this.#agreements.get(act.target);
    if (!a) refuse('unknown-agreement', 'target', `no agreement '${act.target}'`);
    if (!a.parties.includes(act.author))
      refuse('not-party', 'author', `${act.author} is not a party to ${a.id} (${a.parties.join(', ')})`);
    if (act.atMs < a.signedMs)
      refuse('before-signature', 'atMs', `${d(act.atMs)} is before ${a.id} was signed (${d(a.signedMs)})`);
    const status = standing(a, act.atMs);
    if (status.state === 'terminated' || status.state === 'expired')
      refuse('ended', 'target', `${a.id} has ended: ${status.detail}`);
    return { a, status };
  }

  #record(act: GovernanceAct, effectiveMs: number, summary: string): void {
    this.applied.push({
      id: act.id,
      author: act.author,
      atMs: act.atMs,
      kind: act.kind,
      target: act.target,
      effectiveMs,
      summary,
    });
  }

  #notice(act: ActOf<'notice'>): void {
    const { a, status } = this.#party(act);
    if (status.state === 'in-force-notice-pending')
      refuse('notice-pending', 'kind', `${a.id} already has a notice pending: ${status.detail}`);
    const event: StatusEvent = { type: 'termination-notice', atMs: act.atMs, by: act.author, act: act.id };
    const rules = a.noticePeriodDays !== undefined || a.term?.autoRenew === true;
    const earliest = rules ? noticeEffectiveMs(a, event) : act.atMs;
    let effectiveMs = earliest;
    if (act.body.effective !== undefined) {
      effectiveMs = instant(act.body.effective, 'body.effective');
      if (effectiveMs < earliest)
        refuse(
          'too-early',
          'body.effective',
          `${a.id}'s notice rules let a notice given ${d(act.atMs)} take effect ${d(earliest)} at the earliest, not ${d(effectiveMs)}`,
        );
    } else if (!rules) {
      refuse(
        'no-notice-rule',
        'body.effective',
        `${a.id} sets no notice period or term: say when the notice takes effect`,
      );
    }
    pushEvent(a, { ...event, effectiveMs, ...(act.body.note ? { note: act.body.note } : {}) });
    this.#record(
      act,
      effectiveMs,
      `${act.author} gave notice of termination of ${a.id}, effective ${d(effectiveMs)}`,
    );
  }

  #endNotice(act: ActOf<'suspend-notice' | 'withdraw-notice'>): void {
    const { a, status } = this.#party(act);
    if (status.state !== 'in-force-notice-pending')
      refuse('no-notice', 'kind', `${a.id} has no notice pending (${status.detail})`);
    const notice = [...a.history]
      .reverse()
      .find((e) => e.atMs <= act.atMs && (e.type === 'termination-notice' || e.type === 'notice-reinstated'));
    if (notice?.by !== undefined && notice.by !== act.author)
      refuse(
        'not-noticer',
        'author',
        `the notice of ${d(notice.atMs)} is ${notice.by}'s to suspend or withdraw, not ${act.author}'s`,
      );
    const type = act.kind === 'suspend-notice' ? 'notice-suspended' : 'notice-withdrawn';
    pushEvent(a, {
      type,
      atMs: act.atMs,
      by: act.author,
      act: act.id,
      ...(act.body.note ? { note: act.body.note } : {}),
    });
    const verb = act.kind === 'suspend-notice' ? 'suspended' : 'withdrew';
    this.#record(act, act.atMs, `${act.author} ${verb} its notice of termination of ${a.id}`);
  }

  #suspend(act: ActOf<'suspend'>): void {
    const { a, status } = this.#party(act);
    if (!status.inForce) refuse('not-in-force', 'target', `${a.id} is not in force: ${status.detail}`);
    pushEvent(a, {
      type: 'suspended',
      atMs: act.atMs,
      by: act.author,
      act: act.id,
      ...(act.body.note ? { note: act.body.note } : {}),
    });
    this.#record(act, act.atMs, `${act.author} suspended ${a.id}`);
  }

  #resume(act: ActOf<'resume'>): void {
    const { a, status } = this.#party(act);
    if (status.state !== 'suspended')
      refuse('not-suspended', 'kind', `${a.id} is not suspended (${status.detail})`);
    const by = [...a.history].reverse().find((e) => e.type === 'suspended' && e.atMs <= act.atMs)?.by;
    if (by !== undefined && by !== act.author)
      refuse('not-suspender', 'author', `${a.id} was suspended by ${by}; only ${by} resumes it`);
    pushEvent(a, {
      type: 'resumed',
      atMs: act.atMs,
      by: act.author,
      act: act.id,
      ...(act.body.note ? { note: act.body.note } : {}),
    });
    this.#record(act, act.atMs, `${act.author} resumed ${a.id}`);
  }

  #narrow(act: ActOf<'narrow'>): void {
    const { a } = this.#party(act);
    const scope = scopeAt(a, act.atMs);
    if (scope === null) refuse('no-scope', 'target', `${a.id} authorises no flow to narrow`);
    const b = act.body;
    if (b.dropTopics === undefined && b.maxLevel === undefined)
      refuse('not-narrower', 'body', 'name topics to drop (dropTopics) or a lower maxLevel');
    for (const t of b.dropTopics ?? [])
      if (!scope.topics.includes(t)) refuse('not-narrower', 'body.dropTopics', `${a.id} does not cover ${t}`);
    const topics = scope.topics.filter((t) => !(b.dropTopics ?? []).includes(t));
    if (topics.length === 0)
      refuse(
        'not-narrower',
        'body.dropTopics',
        `dropping every topic is a notice or suspension, not a narrowing`,
      );
    let maxLevel = scope.maxLevel;
    if (b.maxLevel !== undefined) {
      const rank = rowRank(a, b.maxLevel, 'body.maxLevel');
      if (rank > rowRank(a, scope.maxLevel, 'body.maxLevel'))
        refuse(
          'not-narrower',
          'body.maxLevel',
          `${b.maxLevel} is above ${a.id}'s maximum ${scope.maxLevel}: widening needs every party`,
        );
      maxLevel = b.maxLevel;
    }
    const next: Scope = { ...scope, topics, maxLevel };
    a.amendments.push({ fromMs: act.atMs, scope: next, act: act.id });
    this.#record(act, act.atMs, `${act.author} narrowed ${a.id} to ${topics.join(', ')} up to ${maxLevel}`);
  }

  #leave(act: ActOf<'leave'>): void {
    const c = this.#coalitions.get(act.target);
    if (!c) refuse('unknown-coalition', 'target', `no coalition '${act.target}'`);
    const i = c.members.findIndex(
      (m) =>
        m.nation === act.author && m.joinedMs <= act.atMs && (m.leftMs === undefined || act.atMs < m.leftMs),
    );
    if (i < 0) refuse('not-party', 'author', `${act.author} is not a member of ${c.id}`);
    c.members[i] = { ...c.members[i]!, leftMs: act.atMs };
    this.#record(act, act.atMs, `${act.author} left ${c.id}`);
  }

  #propose(act: ActOf<'propose'>): void {
    const change = act.body.change;
    if (act.body.effective !== undefined && change.kind !== 'new-agreement')
      refuse(
        'malformed',
        'body.effective',
        `'effective' is for a new agreement; a ${change.kind} takes effect when every party has signed`,
      );
    let parties: readonly Nation[];
    let agreement: Agreement | undefined;
    switch (change.kind) {
      case 'new-agreement': {
        if (this.#agreements.has(act.target))
          refuse('exists', 'target', `agreement '${act.target}' already exists`);
        const at = new Date(act.atMs).toISOString();
        const value = {
          sources: [{ title: `proposed by ${act.author} in governance act ${act.id}` }],
          ...change.agreement,
          signed: at,
          inForce: at,
        };
        const p = parseAgreementValue(value);
        if (!p.ok) refuse('invalid-agreement', `body.change.agreement.${p.field}`, p.problem);
        if (p.agreement.id !== act.target)
          refuse(
            'invalid-agreement',
            'body.change.agreement.id',
            `the agreement's id '${p.agreement.id}' is not the act's target '${act.target}'`,
          );
        if (!p.agreement.parties.includes(act.author))
          refuse('not-party', 'author', `${act.author} proposes an agreement it is not party to`);
        if (act.body.effective !== undefined) instant(act.body.effective, 'body.effective');
        agreement = p.agreement;
        parties = p.agreement.parties;
        break;
      }
      case 'widen': {
        const { a } = this.#party(act);
        const scope = scopeAt(a, act.atMs);
        if (scope === null) refuse('no-scope', 'target', `${a.id} authorises no flow to widen`);
        const added = (change.addTopics ?? []).filter((t) => !scope.topics.includes(t));
        const raised =
          change.maxLevel !== undefined &&
          rowRank(a, change.maxLevel, 'body.change.maxLevel') >
            rowRank(a, scope.maxLevel, 'body.change.maxLevel');
        if (added.length === 0 && !raised)
          refuse(
            'not-wider',
            'body.change',
            `adds no topic and no higher level to ${a.id} (${scope.topics.join(', ')} up to ${scope.maxLevel})`,
          );
        parties = a.parties;
        break;
      }
      case 'extend': {
        const { a } = this.#party(act);
        const end = fixedEnd(a);
        if (end === undefined) refuse('no-fixed-term', 'target', `${a.id} has no fixed end to extend`);
        const to = instant(change.expires, 'body.change.expires');
        if (to <= end)
          refuse('not-later', 'body.change.expires', `${d(to)} is not after ${a.id}'s end ${d(end)}`);
        parties = a.parties;
        break;
      }
      case 'admit': {
        const c = this.#coalitions.get(act.target);
        if (!c) refuse('unknown-coalition', 'target', `no coalition '${act.target}'`);
        const members = membersAt(c, act.atMs);
        if (!members.includes(act.author))
          refuse('not-party', 'author', `${act.author} is not a member of ${c.id}`);
        if (members.includes(change.nation))
          refuse('already-member', 'body.change.nation', `${change.nation} is already a member of ${c.id}`);
        parties = [...members, change.nation];
        break;
      }
    }
    const w: ProposalWork = {
      act,
      parties,
      signatures: [{ nation: act.author, atMs: act.atMs, act: act.id }],
      ...(agreement ? { agreement } : {}),
      agreedMs: null,
    };
    this.#proposals.set(act.id, w);
    this.#record(
      act,
      act.atMs,
      `${act.author} proposed ${describeChange(change, act.target)}; needs ${parties.filter((p) => p !== act.author).join(', ')}`,
    );
    this.#agreeIfSigned(w, act.atMs);
  }

  #sign(act: ActOf<'sign'>): void {
    const w = this.#proposals.get(act.target);
    if (!w) refuse('unknown-proposal', 'target', `no proposal '${act.target}'`);
    if (!w.parties.includes(act.author))
      refuse(
        'not-party',
        'author',
        `${act.author} is not a party to proposal ${act.target} (${w.parties.join(', ')})`,
      );
    if (w.agreedMs !== null)
      refuse('already-agreed', 'target', `proposal ${act.target} took effect ${d(w.agreedMs)}`);
    if (w.signatures.some((s) => s.nation === act.author))
      refuse('duplicate', 'author', `${act.author} has already signed proposal ${act.target}`);
    // The change is checked again as it stands now: the agreement may have ended since it was proposed.
    if (w.act.body.change.kind !== 'new-agreement' && w.act.body.change.kind !== 'admit')
      this.#party({ ...w.act, author: act.author, atMs: act.atMs });
    w.signatures.push({ nation: act.author, atMs: act.atMs, act: act.id });
    const agreed = this.#agreeIfSigned(w, act.atMs);
    this.#record(
      act,
      agreed ?? act.atMs,
      `${act.author} signed proposal ${act.target}${agreed !== null ? `: agreed by every party, effective ${d(agreed)}` : ''}`,
    );
  }

  /** Applies a proposal every party has signed; returns when it takes effect, or null. */
  #agreeIfSigned(w: ProposalWork, atMs: number): number | null {
    if (w.parties.some((p) => !w.signatures.some((s) => s.nation === p))) return null;
    const change = w.act.body.change;
    const target = w.act.target;
    let effectiveMs = atMs;
    switch (change.kind) {
      case 'new-agreement': {
        const a = w.agreement!;
        const from =
          w.act.body.effective === undefined
            ? atMs
            : Math.max(atMs, instant(w.act.body.effective, 'body.effective'));
        effectiveMs = from;
        this.#agreements.set(target, {
          ...a,
          signedMs: atMs,
          inForceMs: from,
          history: [],
          amendments: [],
        } as Work);
        this.#order.push(target);
        break;
      }
      case 'widen': {
        const a = this.#agreements.get(target)!;
        const scope = scopeAt(a, atMs)!;
        const topics = [
          ...scope.topics,
          ...(change.addTopics ?? []).filter((t) => !scope.topics.includes(t)),
        ];
        const maxLevel =
          change.maxLevel !== undefined &&
          rowRank(a, change.maxLevel, 'body.change.maxLevel') > rowRank(a, scope.maxLevel, '')
            ? change.maxLevel
            : scope.maxLevel;
        a.amendments.push({ fromMs: atMs, scope: { ...scope, topics, maxLevel }, act: w.act.id });
        break;
      }
      case 'extend': {
        const a = this.#agreements.get(target)!;
        a.expiresMs = instant(change.expires, 'body.change.expires');
        break;
      }
      case 'admit': {
        const c = this.#coalitions.get(target)!;
        c.members.push({ nation: change.nation, joinedMs: atMs });
        break;
      }
    }
    w.agreedMs = effectiveMs;
    return effectiveMs;
  }

  registry(): Registry {
    const agreements = this.#order.map((id) => {
      const w = this.#agreements.get(id)!;
      const { amendments, ...rest } = w;
      return (amendments.length > 0 ? { ...rest, amendments } : rest) as Agreement;
    });
    return { agreements, coalitions: [...this.#coalitions.values()], consents: this.#base.consents };
  }

  proposals(): ProposalState[] {
    return [...this.#proposals.values()].map((w) => ({
      id: w.act.id,
      author: w.act.author,
      atMs: w.act.atMs,
      target: w.act.target,
      change: w.act.body.change.kind,
      parties: w.parties,
      signatures: w.signatures,
      missing: w.parties.filter((p) => !w.signatures.some((s) => s.nation === p)),
      agreedMs: w.agreedMs,
    }));
  }
}

/** Standing at `tMs` from a snapshot (statusAt caches per object, and the working copy changes). */
function standing(a: Work, tMs: number): AgreementStatus {
  return statusAt({ ...a, history: [...a.history] }, tMs);
}

function instant(s: string, field: string): number {
  try {
    return parseInstant(s, { input: 'governance act', field });
  } catch (err) {
    if (err instanceof DateError) refuse('malformed', field, err.problem);
    throw err;
  }
}

/** The rank of a row of the agreement's equivalence table, by its label. */
function rowRank(a: Agreement, label: string, field: string): number {
  const i = a.equivalence.findIndex((r) => r.label === label);
  if (i < 0)
    refuse(
      'unknown-level',
      field,
      `'${label}' is not a level of ${a.id} (rows: ${a.equivalence.map((r) => r.label).join(', ')})`,
    );
  return i;
}

function fixedEnd(a: Agreement): number | undefined {
  if (a.expiresMs !== undefined) return a.expiresMs;
  if (a.term && !a.term.autoRenew) return addYearsUtc(a.inForceMs, a.term.years);
  return undefined;
}

function describeChange(c: Change, target: string): string {
  switch (c.kind) {
    case 'new-agreement':
      return `a new agreement ${target}`;
    case 'widen':
      return `to widen ${target}${c.addTopics ? ` to ${c.addTopics.join(', ')}` : ''}${c.maxLevel ? ` up to ${c.maxLevel}` : ''}`;
    case 'extend':
      return `to extend ${target} to ${c.expires}`;
    case 'admit':
      return `to admit ${c.nation} to ${target}`;
  }
}

/** Adds a status event in time order (after any at the same instant): standing reads history in order. */
function pushEvent(a: Work, e: StatusEvent): void {
  let i = a.history.length;
  while (i > 0 && a.history[i - 1]!.atMs > e.atMs) i--;
  a.history.splice(i, 0, e);
}
