import type { Nation } from './nations.js';
import { addYearsUtc, DAY_MS, formatInstant } from './time.js';
import type { Topic } from './topics.js';

/** A public source for a fact in the bundled data. */
export interface Source {
  readonly title: string;
  readonly date?: string;
  readonly url?: string;
}

export type AgreementKind = 'gsomia' | 'arrangement' | 'data-sharing-mechanism' | 'coalition-charter';

export type StatusEventType =
  | 'termination-notice'
  | 'notice-suspended'
  | 'notice-reinstated'
  | 'notice-withdrawn'
  | 'suspended'
  | 'resumed'
  | 'terminated';

export interface StatusEvent {
  readonly type: StatusEventType;
  readonly atMs: number;
  readonly by?: Nation;
  /** When a termination notice (or a reinstated one) takes effect; derived from the term if absent. */
  readonly effectiveMs?: number;
  readonly note?: string;
  readonly source?: Source;
  /** The governance act that made it, when it was made at run time. */
  readonly act?: string;
}

/**
 * One row of an agreement's equivalence table: the English treaty label and each party's level id.
 * Rows ascend; row 0 is always UNCLASSIFIED for every party.
 */
export interface EquivalenceRow {
  readonly label: string;
  readonly levels: Readonly<Partial<Record<Nation, string>>>;
}

export interface Scope {
  readonly topics: readonly Topic[];
  /** Label of the highest equivalence row covered. */
  readonly maxLevel: string;
  /** When set, only items attributed to one of these nations (adversary attribution) are covered. */
  readonly concerning?: readonly Nation[];
}

/**
 * A change of scope dated `fromMs`: from then on the agreement covers `scope` (a narrowing by one
 * party, or a widening every party signed). Amendments ascend by `fromMs`.
 */
export interface ScopeAmendment {
  readonly fromMs: number;
  readonly scope: Scope;
  /** The governance act (or proposal) that made it. */
  readonly act?: string;
}

/** Flows between two parties under this agreement must pass through `via` (e.g. TISA 2014: JPN<->KOR via USA). */
export interface RoutingRule {
  readonly via: Nation;
  readonly between: readonly (readonly [Nation, Nation])[];
}

export interface Agreement {
  readonly id: string;
  readonly title: string;
  readonly kind: AgreementKind;
  readonly parties: readonly Nation[];
  readonly signedMs: number;
  readonly inForceMs: number;
  /** A fixed end, when the text has one. */
  readonly expiresMs?: number;
  readonly term?: { readonly years: number; readonly autoRenew: boolean };
  readonly noticePeriodDays?: number;
  readonly history: readonly StatusEvent[];
  /** What may flow under it; null for agreements that authorize no flow by themselves. */
  readonly scope: Scope | null;
  /** Later changes of scope, in time order (see scopeAt); none for most agreements. */
  readonly amendments?: readonly ScopeAmendment[];
  readonly equivalence: readonly EquivalenceRow[];
  readonly routing: readonly RoutingRule[];
  /** The third-party rule: re-release needs the originator's prior consent. */
  readonly thirdParty: 'originator-consent';
  readonly binding: boolean;
  readonly sources: readonly Source[];
  /** Facts that are uncertain or assumed, stated rather than invented. */
  readonly flags: readonly string[];
}

/** An explicit consent of an originator to a holder's re-release to a recipient. */
export interface ConsentRecord {
  readonly id: string;
  readonly originator: Nation;
  readonly holder: Nation;
  readonly recipient: Nation;
  readonly topics: readonly Topic[];
  readonly fromMs: number;
  readonly untilMs?: number;
  readonly source?: Source;
}

export type AgreementState =
  | 'not-yet-in-force'
  | 'in-force'
  | 'in-force-notice-pending'
  | 'suspended'
  | 'terminated'
  | 'expired';

export interface AgreementStatus {
  readonly inForce: boolean;
  readonly state: AgreementState;
  /** Human-readable account, e.g. `termination notice of 2019-08-23 suspended on 2019-11-22`. */
  readonly detail: string;
}

/** When a termination notice given at `atMs` takes effect. */
export function noticeEffectiveMs(a: Agreement, e: StatusEvent): number {
  if (e.effectiveMs !== undefined) return e.effectiveMs;
  const earliest = e.atMs + (a.noticePeriodDays ?? 0) * DAY_MS;
  if (a.term?.autoRenew) {
    // Auto-renewing terms end on an anniversary of entry into force: the first one the notice can reach.
    let k = 1;
    while (addYearsUtc(a.inForceMs, k * a.term.years) < earliest) k++;
    return addYearsUtc(a.inForceMs, k * a.term.years);
  }
  return earliest;
}

/** End of a fixed, non-renewing term, if any. */
function expiryMs(a: Agreement): number | undefined {
  if (a.expiresMs !== undefined) return a.expiresMs;
  if (a.term && !a.term.autoRenew) return addYearsUtc(a.inForceMs, a.term.years);
  return undefined;
}

/**
 * The agreement's standing at instant `tMs`, from its dates and history. A termination notice keeps
 * it in force until the notice takes effect; a suspended or withdrawn notice restores it; a
 * suspension stops it at once until resumed; termination is final.
 * @example statusAt(jpnKorGsomia, Date.parse('2019-12-01')).inForce // true (notice suspended 2019-11-22)
 */
export function statusAt(a: Agreement, tMs: number): AgreementStatus {
  let timeline = timelines.get(a);
  if (timeline === undefined) {
    timeline = buildTimeline(a);
    timelines.set(a, timeline);
  }
  const { instants, statuses } = timeline;
  // statuses[i] holds from instants[i - 1] (inclusive) to instants[i] (exclusive).
  let lo = 0;
  let hi = instants.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (instants[mid]! <= tMs) lo = mid + 1;
    else hi = mid;
  }
  return statuses[lo]!;
}

/**
 * Standing is a step function of time that changes only at the agreement's change instants, so it
 * is computed once per interval and looked up: decisions then build no strings for it.
 */
interface Timeline {
  readonly instants: readonly number[];
  readonly statuses: readonly AgreementStatus[];
}

const timelines = new WeakMap<Agreement, Timeline>();

function buildTimeline(a: Agreement): Timeline {
  const instants = [...new Set(changeInstants(a))].sort((x, y) => x - y);
  const statuses = [
    computeStatusAt(a, (instants[0] ?? 0) - 1),
    ...instants.map((t) => computeStatusAt(a, t)),
  ];
  return { instants, statuses };
}

function computeStatusAt(a: Agreement, tMs: number): AgreementStatus {
  const d = formatInstant;
  if (tMs < a.inForceMs) {
    return { inForce: false, state: 'not-yet-in-force', detail: `not in force until ${d(a.inForceMs)}` };
  }
  let suspendedAt: number | null = null;
  let notice: { givenMs: number; effectiveMs: number } | null = null;
  let lastNoticeNote = '';
  const ended = (at: number, why: string): AgreementStatus => ({
    inForce: false,
    state: 'terminated',
    detail: `terminated on ${d(at)} (${why})`,
  });
  for (const e of a.history) {
    if (e.atMs > tMs) break;
    if (notice && notice.effectiveMs <= e.atMs) {
      return ended(notice.effectiveMs, `termination notice of ${d(notice.givenMs)} took effect`);
    }
    switch (e.type) {
      case 'termination-notice':
      case 'notice-reinstated':
        notice = { givenMs: e.atMs, effectiveMs: noticeEffectiveMs(a, e) };
        break;
      case 'notice-suspended':
        if (notice) lastNoticeNote = `; termination notice of ${d(notice.givenMs)} suspended on ${d(e.atMs)}`;
        notice = null;
        break;
      case 'notice-withdrawn':
        lastNoticeNote = `; termination notice withdrawn on ${d(e.atMs)}`;
        notice = null;
        break;
      case 'suspended':
        suspendedAt = e.atMs;
        break;
      case 'resumed':
        suspendedAt = null;
        break;
      case 'terminated':
        return ended(e.atMs, e.note ?? 'terminated');
    }
  }
  if (notice && notice.effectiveMs <= tMs) {
    return ended(notice.effectiveMs, `termination notice of ${d(notice.givenMs)} took effect`);
  }
  const expires = expiryMs(a);
  if (expires !== undefined && expires <= tMs) {
    return { inForce: false, state: 'expired', detail: `expired on ${d(expires)}` };
  }
  if (suspendedAt !== null) {
    return { inForce: false, state: 'suspended', detail: `suspended since ${d(suspendedAt)}` };
  }
  if (notice) {
    return {
      inForce: true,
      state: 'in-force-notice-pending',
      detail: `in force; termination notice of ${d(notice.givenMs)} takes effect ${d(notice.effectiveMs)}`,
    };
  }
  return { inForce: true, state: 'in-force', detail: `in force since ${d(a.inForceMs)}${lastNoticeNote}` };
}

/** Every instant at which the agreement's standing may change; between two of them, statusAt is constant. */
export function changeInstants(a: Agreement): number[] {
  const out = [a.inForceMs];
  for (const e of a.history) {
    out.push(e.atMs);
    if (e.type === 'termination-notice' || e.type === 'notice-reinstated') out.push(noticeEffectiveMs(a, e));
  }
  const expires = expiryMs(a);
  if (expires !== undefined) out.push(expires);
  for (const m of a.amendments ?? []) out.push(m.fromMs);
  return out;
}

/** The agreement's scope at instant `tMs`: the latest amendment in effect, else the original. */
export function scopeAt(a: Agreement, tMs: number): Scope | null {
  const list = a.amendments;
  if (list === undefined) return a.scope;
  let scope = a.scope;
  for (const m of list) {
    if (m.fromMs > tMs) break;
    scope = m.scope;
  }
  return scope;
}

/** Whether the agreement requires flows between `a` and `b` to pass through a relay, and which. */
export function requiredRelay(agreement: Agreement, a: Nation, b: Nation): Nation | null {
  for (const r of agreement.routing) {
    for (const [x, y] of r.between) if ((x === a && y === b) || (x === b && y === a)) return r.via;
  }
  return null;
}
