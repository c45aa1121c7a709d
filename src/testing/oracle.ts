// A second, deliberately simple implementation of the releasability rules, written from the rules'
// text rather than from src/domain/releasability.ts: no indexes, no early exits, brute force over
// every agreement. `decide` and this oracle must agree on allow and on the level at the recipient.
import type { Agreement, CompiledRegistry, DecisionRequest, Nation } from '../domain/index.js';
import { type Scope, schemeOf } from '../domain/index.js';

export interface OracleAnswer {
  allow: boolean;
  levelAtRecipient: string | null;
}

const rank = (n: Nation, id: string) => schemeOf(n).levels.findIndex((l) => l.id === id);

function sameDayPlusYears(ms: number, years: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay));
}

function noticeEffect(a: Agreement, atMs: number, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const earliest = atMs + (a.noticePeriodDays ?? 0) * 86_400_000;
  if (!a.term?.autoRenew) return earliest;
  for (let k = 1; ; k++) {
    const anniversary = sameDayPlusYears(a.inForceMs, k * a.term.years);
    if (anniversary >= earliest) return anniversary;
  }
}

/** In force at t: started, not expired, not terminated, no notice that took effect, not suspended. */
export function oracleInForce(a: Agreement, t: number): boolean {
  if (t < a.inForceMs) return false;
  if (a.term && !a.term.autoRenew && sameDayPlusYears(a.inForceMs, a.term.years) <= t) return false;
  const past = a.history.filter((e) => e.atMs <= t);
  if (past.some((e) => e.type === 'terminated')) return false;
  const cancelling = ['notice-suspended', 'notice-withdrawn', 'termination-notice', 'notice-reinstated'];
  for (const n of a.history) {
    if (n.type !== 'termination-notice' && n.type !== 'notice-reinstated') continue;
    if (n.atMs > t) continue;
    const effect = noticeEffect(a, n.atMs, n.effectiveMs);
    const cancelled = a.history.some(
      (e) => cancelling.includes(e.type) && e.atMs > n.atMs && e.atMs < effect,
    );
    if (!cancelled && effect <= t) return false;
  }
  const lastSuspension = past.filter((e) => e.type === 'suspended' || e.type === 'resumed').pop();
  return lastSuspension?.type !== 'suspended';
}

/** The scope in effect at t: the last amendment dated at or before t, else the original. */
function scopeOn(a: Agreement, t: number): Scope | null {
  const dated = (a.amendments ?? []).filter((m) => m.fromMs <= t);
  return dated.length === 0 ? a.scope : dated[dated.length - 1]!.scope;
}

/** The recipient's level for `from`'s level under a's table, if the table and maximum cover it. */
function covered(a: Agreement, from: Nation, level: string, to: Nation, t: number): string | null {
  const scope = scopeOn(a, t);
  if (!scope) return null;
  const maxRow = a.equivalence.findIndex((r) => r.label === scope.maxLevel);
  const row = a.equivalence.findIndex(
    (r) => r.levels[from] !== undefined && rank(from, r.levels[from]!) >= rank(from, level),
  );
  if (row === -1 || row > maxRow) return null;
  return a.equivalence[row]!.levels[to] ?? null;
}

function relayOf(a: Agreement, x: Nation, y: Nation): Nation | null {
  const r = a.routing.find((r) => r.between.some(([p, q]) => (p === x && q === y) || (p === y && q === x)));
  return r ? r.via : null;
}

/** Every agreement that would carry `level` of `from` to `to` on this request, with the level it arrives at. */
function carriers(
  reg: CompiledRegistry,
  req: DecisionRequest,
  from: Nation,
  level: string,
  to: Nation,
  relay: Nation | null,
) {
  const out: string[] = [];
  for (const a of reg.agreements) {
    if (!a.parties.includes(from) || !a.parties.includes(to)) continue;
    if (!oracleInForce(a, req.atMs)) continue;
    const scope = scopeOn(a, req.atMs);
    if (!scope?.topics.includes(req.topic)) continue;
    if (scope.concerning && (req.concerning === undefined || !scope.concerning.includes(req.concerning)))
      continue;
    const needed = relayOf(a, from, to);
    if (needed !== null && needed !== relay) continue;
    const l = covered(a, from, level, to, req.atMs);
    if (l !== null) out.push(l);
  }
  return out;
}

export function oracleDecide(req: DecisionRequest, reg: CompiledRegistry): OracleAnswer {
  const m = req.marking;
  const o = m.originator;
  const holder = req.holder ?? o;
  const no: OracleAnswer = { allow: false, levelAtRecipient: null };
  const route = req.via ? [holder, req.via, req.recipient] : [holder, req.recipient];
  if (req.via && (req.via === holder || req.via === req.recipient)) return no;
  if (holder === req.recipient)
    return { allow: true, levelAtRecipient: holder === o ? m.level : heldAt(reg, req, holder) };
  const classified = rank(o, m.level) > 0;
  if (req.topic === 'governance') {
    // Governance notes: unclassified, within REL TO, between nations sharing any agreement or coalition.
    if (classified || m.noforn) return no;
    for (let i = 1; i < route.length; i++) {
      const [a, b] = [route[i - 1]!, route[i]!];
      if (m.relTo !== null && b !== o && !m.relTo.includes(b)) return no;
      const linked =
        reg.agreements.some((x) => x.parties.includes(a) && x.parties.includes(b)) ||
        reg.coalitions.some(
          (c) => c.members.some((x) => x.nation === a) && c.members.some((x) => x.nation === b),
        );
      if (!linked) return no;
    }
    return { allow: true, levelAtRecipient: 'UNCLASSIFIED' };
  }
  for (const to of route.slice(1)) {
    if (to === o) continue;
    if (m.noforn) return no;
    if (m.relTo === null && classified) return no;
    if (m.relTo !== null && !m.relTo.includes(to)) return no;
  }
  let level = holder === o ? m.level : heldAt(reg, req, holder);
  if (level === null) return no;
  for (let i = 1; i < route.length; i++) {
    const from = route[i - 1]!;
    const to = route[i]!;
    if (to === o) {
      level = m.level;
      continue;
    }
    const options = carriers(reg, req, from, level, to, req.via ?? null);
    if (options.length === 0) return no;
    if (from !== o && !consented(reg, req, from, to)) return no;
    level = options[0]!;
  }
  return { allow: true, levelAtRecipient: level };
}

function heldAt(reg: CompiledRegistry, req: DecisionRequest, holder: Nation): string | null {
  const o = req.marking.originator;
  const tables = reg.agreements.filter((a) => a.parties.includes(o) && a.parties.includes(holder));
  const viaTable = (a: Agreement) => {
    const row = a.equivalence.find(
      (r) => r.levels[o] !== undefined && rank(o, r.levels[o]!) >= rank(o, req.marking.level),
    );
    return row ? (row.levels[holder] ?? null) : null;
  };
  const inForce = tables
    .filter((a) => oracleInForce(a, req.atMs))
    .map(viaTable)
    .find((l) => l !== null);
  return inForce ?? tables.map(viaTable).find((l) => l !== null) ?? null;
}

function consented(reg: CompiledRegistry, req: DecisionRequest, holder: Nation, recipient: Nation): boolean {
  const o = req.marking.originator;
  const record = reg.consents.some(
    (c) =>
      c.originator === o &&
      c.holder === holder &&
      c.recipient === recipient &&
      c.topics.includes(req.topic) &&
      c.fromMs <= req.atMs &&
      (c.untilMs === undefined || req.atMs < c.untilMs),
  );
  if (record) return true;
  if (req.marking.orcon) return false;
  return reg.agreements.some((a) => {
    if (!a.parties.includes(o) || !a.parties.includes(recipient)) return false;
    const needed = relayOf(a, o, recipient);
    if (needed !== null && needed !== holder) return false;
    return (
      carriers({ ...reg, agreements: [a] } as CompiledRegistry, req, o, req.marking.level, recipient, needed)
        .length > 0
    );
  });
}
