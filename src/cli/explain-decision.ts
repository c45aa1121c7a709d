import {
  type Agreement,
  type CompiledRegistry,
  type Decision,
  type DecisionRequest,
  formatInstant,
  type Nation,
  noticeEffectiveMs,
  statusAt,
} from '../domain/index.js';

/**
 * A releasability decision in a few sentences for a person: what was asked, allowed or denied and
 * by which rule, why, and the standing on that day of each agreement that bears on it (the one that
 * decided, and any between the nations on the route whose history had a notice or a suspension by
 * then), with that history, since "in force" often means "in force, under a suspended notice".
 */
export function explainDecision(
  banner: string,
  req: DecisionRequest,
  d: Decision,
  reg: CompiledRegistry,
): string {
  const at = formatInstant(req.atMs);
  const holder = req.holder ?? req.marking.originator;
  const item = `${holder === req.marking.originator ? 'its' : `${req.marking.originator}'s`} ${req.topic} item marked '${banner}'${req.concerning ? ` concerning ${req.concerning}` : ''}`;
  const route = d.route.join(' -> ');
  const lines = d.allow
    ? [
        `ALLOWED: on ${at} ${holder} may send ${item} to ${req.recipient}, route ${route}; ${req.recipient} holds it at ${d.levelAtRecipient}.`,
        `Decided by the rule '${d.rule}'${d.agreement ? ` under ${d.agreement}` : ''}: ${d.reason}.`,
      ]
    : [
        `DENIED: on ${at} ${holder} may not send ${item} to ${req.recipient}, route ${route}.`,
        `Refused by the rule '${d.rule}': ${d.reason}.`,
      ];
  for (const a of bearing(req, d, reg, holder)) lines.push('', ...standing(a, req.atMs));
  return `${lines.join('\n')}\n`;
}

/** The deciding agreement, then any other between neighbours on the route with notices or suspensions by then. */
function bearing(req: DecisionRequest, d: Decision, reg: CompiledRegistry, holder: Nation): Agreement[] {
  const out: Agreement[] = [];
  const add = (a: Agreement | undefined) => {
    if (a && !out.includes(a)) out.push(a);
  };
  add(d.agreement ? reg.agreement(d.agreement) : undefined);
  const pairs: [Nation, Nation][] = [];
  for (let i = 1; i < d.route.length; i++) pairs.push([d.route[i - 1]!, d.route[i]!]);
  if (holder !== req.marking.originator) pairs.push([req.marking.originator, req.recipient]);
  for (const [x, y] of pairs)
    for (const a of reg.between(x, y)) if (a.history.some((e) => e.atMs <= req.atMs)) add(a);
  return out;
}

function standing(a: Agreement, atMs: number): string[] {
  const s = statusAt(a, atMs);
  const lines = [`${a.id} (${a.title}) on ${formatInstant(atMs)}: ${s.state}, ${s.detail}.`];
  const past = a.history.filter((e) => e.atMs <= atMs);
  if (past.length === 0) lines.push('  No notice, suspension or termination in its history by then.');
  for (const e of past) {
    const effective =
      e.type === 'termination-notice' || e.type === 'notice-reinstated'
        ? ` (to take effect ${formatInstant(noticeEffectiveMs(a, e))})`
        : '';
    lines.push(
      `  ${formatInstant(e.atMs)} ${e.type}${e.by ? ` by ${e.by}` : ''}${effective}${e.note ? `: ${e.note}` : ''}`,
    );
  }
  const later = a.history.filter((e) => e.atMs > atMs);
  if (later.length > 0)
    lines.push(`  (later: ${later.map((e) => `${formatInstant(e.atMs)} ${e.type}`).join(', ')})`);
  return lines;
}
