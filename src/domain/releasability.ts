import { type Agreement, requiredRelay, type Scope, scopeAt, statusAt } from './agreements.js';
import { levelById } from './classification.js';
import type { Marking } from './marking.js';
import type { Nation } from './nations.js';
import type { CompiledRegistry } from './registry.js';
import type { Topic } from './topics.js';

/** May this item go from its holder to a recipient, now? */
export interface DecisionRequest {
  readonly marking: Marking;
  /** Who holds the item and would release it; the originator unless this is a re-release. */
  readonly holder?: Nation;
  readonly recipient: Nation;
  readonly topic: Topic;
  readonly atMs: number;
  /** An intermediary that relays: the decision covers both hops. */
  readonly via?: Nation;
  /** Adversary attribution of the item's subject (e.g. PRK), which some agreements are limited to. */
  readonly concerning?: Nation;
}

/** Identifiers of the rules that decide; every deny names the one that failed. */
export type Rule =
  | 'same-nation'
  | 'return-to-originator'
  | 'agreement'
  | 'originator-consent'
  | 'invalid-route'
  | 'noforn'
  | 'no-release-marking'
  | 'rel-to'
  | 'no-agreement'
  | 'not-in-force'
  | 'topic-not-covered'
  | 'concerning-not-covered'
  | 'routing'
  | 'level-not-covered'
  | 'no-equivalence'
  | 'no-consent'
  | 'orcon'
  | 'diplomatic-channel';

export interface Hop {
  readonly from: Nation;
  readonly to: Nation;
  /** The agreement the hop travels under (null when it needs none, e.g. back to the originator). */
  readonly agreement: string | null;
  /** Level id in `to`'s scheme. */
  readonly levelAtRecipient: string;
  /** Where the hop is a re-release: the agreement or consent record that carries the originator's consent. */
  readonly consent?: string;
}

export interface Decision {
  readonly allow: boolean;
  /** Level id in the recipient's scheme, or null on deny. */
  readonly levelAtRecipient: string | null;
  /** The agreement that decided: for a relayed or re-released item, the one carrying the originator's consent. */
  readonly agreement: string | null;
  readonly route: readonly Nation[];
  readonly rule: Rule;
  readonly reason: string;
  readonly hops: readonly Hop[];
}

const ALLOW_NOTHING = Object.freeze([]) as readonly Hop[];

/**
 * The releasability decision. Pure; default deny. Order of rules: NOFORN, release marking, REL TO,
 * then for each hop an agreement in force between the hop's two nations covering topic, subject and
 * level (respecting its routing), and for every release by a non-originator the originator's
 * consent (its own agreement with the recipient, or an explicit consent record; ORCON needs the record).
 * @example decide({ marking: parseMarking('//JPN SECRET//REL TO USA, JPN, KOR'), recipient: 'KOR',
 *   topic: 'missile-warning', atMs: Date.parse('2017-01-01') }, registry).allow // true
 */
export function decide(req: DecisionRequest, reg: CompiledRegistry): Decision {
  const m = req.marking;
  const origin = m.originator;
  const holder = req.holder ?? origin;
  const route = req.via === undefined ? [holder, req.recipient] : [holder, req.via, req.recipient];
  const deny = (rule: Rule, reason: string, agreement: string | null = null): Decision => ({
    allow: false,
    levelAtRecipient: null,
    agreement,
    route,
    rule,
    reason,
    hops: ALLOW_NOTHING,
  });

  if (req.via !== undefined && (req.via === holder || req.via === req.recipient)) {
    return deny('invalid-route', `the relay ${req.via} must differ from the holder and the recipient`);
  }
  if (holder === req.recipient) {
    return {
      allow: true,
      levelAtRecipient: holder === origin ? m.level : heldLevel(reg, origin, m.level, holder, req.atMs),
      agreement: null,
      route,
      rule: 'same-nation',
      reason: `${holder} already holds the item`,
      hops: ALLOW_NOTHING,
    };
  }
  const classified = levelById(origin, m.level).rank > 0;
  if (req.topic === GOVERNANCE_TOPIC) return diplomaticChannel(req, reg, route, classified, deny);
  for (let i = 1; i < route.length; i++) {
    const to = route[i]!;
    if (to === origin) continue;
    if (m.noforn) return deny('noforn', `NOFORN: not releasable to ${to}, a foreign nation to ${origin}`);
    if (m.relTo === null && classified) {
      return deny(
        'no-release-marking',
        `classified with no REL TO: treated as NOFORN, not releasable to ${to}`,
      );
    }
    if (m.relTo !== null && !m.relTo.includes(to)) {
      return deny('rel-to', `${to} is not in REL TO ${m.relTo.join(', ')}`);
    }
  }

  // The level the holder holds the item at: the originator's own, or its equivalent at the holder.
  let level = m.level;
  if (holder !== origin) {
    const held = heldLevel(reg, origin, m.level, holder, req.atMs);
    if (held === null) {
      return deny(
        'no-equivalence',
        `no agreement between ${origin} and ${holder} defines ${holder}'s equivalent of ${origin} ${m.level}`,
      );
    }
    level = held;
  }

  const hops: Hop[] = [];
  let consentAgreement: string | null = null;
  for (let i = 1; i < route.length; i++) {
    const from = route[i - 1]!;
    const to = route[i]!;
    const hop = evaluateHop(reg, from, level, to, req, req.via ?? null);
    if (!hop.ok) return deny(hop.rule, hop.reason, hop.agreement);
    let consent: string | undefined;
    if (from !== origin && to !== origin) {
      const c = findConsent(reg, req, from, to);
      if (!c.ok) return deny(c.rule, c.reason, hop.agreement?.id ?? null);
      consent = c.id;
      if (c.kind === 'agreement') consentAgreement = c.id;
    }
    const h: { -readonly [K in keyof Hop]: Hop[K] } = {
      from,
      to,
      agreement: hop.agreement === null ? null : hop.agreement.id,
      levelAtRecipient: hop.levelAtTo,
    };
    if (consent !== undefined) h.consent = consent;
    hops.push(h);
    level = hop.levelAtTo;
  }

  const last = hops[hops.length - 1]!;
  const reRelease = hops.some((h) => h.consent !== undefined);
  const rule: Rule =
    route[route.length - 1] === origin
      ? 'return-to-originator'
      : reRelease
        ? 'originator-consent'
        : 'agreement';
  const toLevel = levelById(req.recipient, last.levelAtRecipient);
  const hopText = hops
    .map(
      (h) =>
        `${h.from}->${h.to} under ${h.agreement ?? 'no agreement needed'}${h.consent ? ` with ${origin}'s consent (${h.consent})` : ''}`,
    )
    .join('; ');
  return {
    allow: true,
    levelAtRecipient: last.levelAtRecipient,
    agreement: consentAgreement ?? last.agreement,
    route,
    rule,
    reason: `${hopText}; held by ${req.recipient} at ${toLevel.id}`,
    hops,
  };
}

/** The topic of governance acts (notices, suspensions, proposals, signatures); see diplomaticChannel. */
const GOVERNANCE_TOPIC: Topic = 'governance';

/**
 * Governance acts are unclassified notes between governments, and must reach the other parties
 * whatever the standing of the agreement they act on: a notice of termination travels while the
 * agreement lapses, a proposal before the agreement it proposes exists. So they cross between any
 * two nations that share an agreement (in any standing) or a coalition, hop by hop, unclassified
 * only, and within the marking's REL TO.
 */
function diplomaticChannel(
  req: DecisionRequest,
  reg: CompiledRegistry,
  route: readonly Nation[],
  classified: boolean,
  deny: (rule: Rule, reason: string) => Decision,
): Decision {
  const m = req.marking;
  if (classified || m.noforn) {
    return deny(
      'level-not-covered',
      `governance acts travel unclassified only, not ${m.originator} ${m.level}`,
    );
  }
  const hops: Hop[] = [];
  for (let i = 1; i < route.length; i++) {
    const from = route[i - 1]!;
    const to = route[i]!;
    if (m.relTo !== null && to !== m.originator && !m.relTo.includes(to)) {
      return deny('rel-to', `${to} is not in REL TO ${m.relTo.join(', ')}`);
    }
    if (!sharesChannel(reg, from, to)) {
      return deny(
        'no-agreement',
        `${from} and ${to} share no agreement or coalition to carry governance acts`,
      );
    }
    hops.push({ from, to, agreement: null, levelAtRecipient: 'UNCLASSIFIED' });
  }
  return {
    allow: true,
    levelAtRecipient: 'UNCLASSIFIED',
    agreement: null,
    route,
    rule: 'diplomatic-channel',
    reason: `${route.join('->')}: governance acts pass between nations that share an agreement or coalition`,
    hops,
  };
}

function sharesChannel(reg: CompiledRegistry, a: Nation, b: Nation): boolean {
  if (reg.between(a, b).length > 0) return true;
  return reg.coalitions.some(
    (c) => c.members.some((x) => x.nation === a) && c.members.some((x) => x.nation === b),
  );
}

type HopResult =
  | { ok: true; agreement: Agreement | null; levelAtTo: string }
  | { ok: false; rule: Rule; reason: string; agreement: string | null };

/** How far a candidate agreement got through the checks, to report the most telling failure. */
const DEPTH: Partial<Record<Rule, number>> = {
  'topic-not-covered': 1,
  'concerning-not-covered': 2,
  'level-not-covered': 3,
  routing: 4,
  'not-in-force': 5,
};

/**
 * One hop `from -> to` carrying an item held by `from` at `level` (a level id of `from`).
 * `relay` is the relay of a relayed route (null for a direct one): an agreement that routes the
 * pair through a relay allows the hop only if it is part of that relayed route.
 */
function evaluateHop(
  reg: CompiledRegistry,
  from: Nation,
  level: string,
  to: Nation,
  req: DecisionRequest,
  relay: Nation | null,
): HopResult {
  if (to === req.marking.originator) {
    return { ok: true, agreement: null, levelAtTo: req.marking.level };
  }
  const candidates = reg.between(from, to);
  if (candidates.length === 0) {
    return {
      ok: false,
      rule: 'no-agreement',
      reason: `no agreement between ${from} and ${to}`,
      agreement: null,
    };
  }
  let best: { rule: Rule; agreement: string } | null = null;
  const reasons: string[] = [];
  for (const a of candidates) {
    const r = checkAgreement(a, from, level, to, req, relay);
    if (r.ok) return { ok: true, agreement: a, levelAtTo: r.levelAtTo };
    reasons.push(r.reason);
    if (best === null || (DEPTH[r.rule] ?? 0) > (DEPTH[best.rule] ?? 0))
      best = { rule: r.rule, agreement: a.id };
  }
  // The rule is the check the nearest candidate failed; the reason lists every candidate's failure.
  return { ok: false, ...best!, reason: `no agreement allows ${from}->${to}: ${reasons.join('; ')}` };
}

type Check = { ok: true; levelAtTo: string } | { ok: false; rule: Rule; reason: string };

function checkAgreement(
  a: Agreement,
  from: Nation,
  level: string,
  to: Nation,
  req: DecisionRequest,
  relay: Nation | null,
): Check {
  // Coverage first and standing last, so that a deny names the agreement that would have carried
  // the item but for its standing (suspended, not yet in force, terminated).
  const scope = scopeAt(a, req.atMs);
  if (scope === null || !scope.topics.includes(req.topic)) {
    return { ok: false, rule: 'topic-not-covered', reason: `${a.id} does not cover ${req.topic}` };
  }
  if (scope.concerning && !(req.concerning !== undefined && scope.concerning.includes(req.concerning))) {
    const subject = req.concerning === undefined ? ' (the item names no subject)' : `, not ${req.concerning}`;
    return {
      ok: false,
      rule: 'concerning-not-covered',
      reason: `${a.id} covers only items concerning ${scope.concerning.join(', ')}${subject}`,
    };
  }
  const mapped = mapLevel(a, from, level, to, scope);
  if (mapped === null) {
    return {
      ok: false,
      rule: 'level-not-covered',
      reason: `${a.id} covers up to ${scope.maxLevel}, not ${from} ${level}`,
    };
  }
  const required = requiredRelay(a, from, to);
  if (required !== null && relay !== required) {
    return { ok: false, rule: 'routing', reason: `${a.id} routes ${from}<->${to} through ${required}` };
  }
  const status = statusAt(a, req.atMs);
  if (!status.inForce) return { ok: false, rule: 'not-in-force', reason: `${a.id}: ${status.detail}` };
  return { ok: true, levelAtTo: mapped };
}

/**
 * `to`'s equivalent of `from`'s level under agreement `a`, or null when the level is above the
 * agreement's maximum or outside its table. A level with no row of its own is protected at the next
 * higher row, never a lower one.
 */
export function mapLevel(
  a: Agreement,
  from: Nation,
  level: string,
  to: Nation,
  scope: Scope | null = a.scope,
): string | null {
  const rank = levelById(from, level).rank;
  const rows = a.equivalence;
  const maxLabel = scope?.maxLevel;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const fromId = row.levels[from];
    if (fromId === undefined || levelById(from, fromId).rank < rank) {
      if (row.label === maxLabel) return null;
      continue;
    }
    return row.levels[to] ?? null;
  }
  return null;
}

/** The holder's level for an item of `origin` at `level`: from an agreement in force, else any that defines it. */
function heldLevel(
  reg: CompiledRegistry,
  origin: Nation,
  level: string,
  holder: Nation,
  atMs: number,
): string | null {
  let fallback: string | null = null;
  for (const a of reg.between(origin, holder)) {
    const mapped = mapTable(a, origin, level, holder);
    if (mapped === null) continue;
    if (statusAt(a, atMs).inForce) return mapped;
    fallback ??= mapped;
  }
  return fallback;
}

/** Like mapLevel but ignoring the agreement's scope: equivalence is a fact of the table alone. */
function mapTable(a: Agreement, from: Nation, level: string, to: Nation): string | null {
  const rank = levelById(from, level).rank;
  for (const row of a.equivalence) {
    const fromId = row.levels[from];
    if (fromId !== undefined && levelById(from, fromId).rank >= rank) return row.levels[to] ?? null;
  }
  return null;
}

type ConsentResult =
  | { ok: true; kind: 'agreement' | 'record'; id: string }
  | { ok: false; rule: Rule; reason: string };

/** The originator's consent to `holder` releasing its item to `recipient`. */
function findConsent(
  reg: CompiledRegistry,
  req: DecisionRequest,
  holder: Nation,
  recipient: Nation,
): ConsentResult {
  const origin = req.marking.originator;
  for (const c of reg.consentsFor(origin, holder, recipient)) {
    if (
      c.topics.includes(req.topic) &&
      c.fromMs <= req.atMs &&
      (c.untilMs === undefined || req.atMs < c.untilMs)
    ) {
      return { ok: true, kind: 'record', id: c.id };
    }
  }
  if (req.marking.orcon) {
    return {
      ok: false,
      rule: 'orcon',
      reason: `ORCON: ${holder} may release ${origin}'s item to ${recipient} only with a consent record from ${origin}`,
    };
  }
  for (const a of reg.between(origin, recipient)) {
    // The originator's own agreement with the recipient is its consent, when it would let the item
    // reach the recipient directly, or through this very holder.
    const relay = requiredRelay(a, origin, recipient);
    const r = checkAgreement(a, origin, req.marking.level, recipient, req, relay === holder ? holder : null);
    if (r.ok) return { ok: true, kind: 'agreement', id: a.id };
  }
  return {
    ok: false,
    rule: 'no-consent',
    reason: `${holder} may not re-release ${origin}'s item to ${recipient}: no agreement in force between ${origin} and ${recipient} covers ${req.topic} at ${origin} ${req.marking.level}, and there is no consent record`,
  };
}
