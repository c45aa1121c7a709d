import { join } from 'node:path';
import { ROOT, readText } from '../bundled/index.js';
import {
  type ConsultationState,
  type ConsultEvent,
  type ContingencyPlan,
  type ConveneRule,
  parseContingencies,
  parseRules,
} from '../consult/index.js';
import type { CompiledRegistry, Nation } from '../domain/index.js';
import type { WatchOutcome } from '../exercise/index.js';
import type { DeskResult } from '../node/index.js';
import type { ScenarioIncident, WatchAction } from '../sim/index.js';
import type { MaritimeEventRecord } from '../store/index.js';

export const BUNDLED_RULES = join(ROOT, 'data', 'consult', 'rules.yaml');
export const BUNDLED_CONTINGENCIES = join(ROOT, 'data', 'consult', 'contingencies.yaml');

/** The bundled convening rules (checked against the registry's coalitions) and contingency plans. */
export function loadConsultData(registry: CompiledRegistry): {
  consultRules: readonly ConveneRule[];
  contingencyPlans: readonly ContingencyPlan[];
} {
  return {
    consultRules: parseRules(readText(BUNDLED_RULES), BUNDLED_RULES, registry),
    contingencyPlans: parseContingencies(readText(BUNDLED_CONTINGENCIES), BUNDLED_CONTINGENCIES),
  };
}

/**
 * One line for an event a nation authored (printed once, by its author; ids are left out so that
 * two runs print the same lines).
 */
export function describeConsultEvent(e: ConsultEvent, s: ConsultationState): string {
  const subject = `consultation "${s.subject}"`;
  switch (e.kind) {
    case 'convene':
      return `CONSULTATION convened at ${e.body.level}${e.body.form ? ` (${e.body.form})` : ''} with ${e.body.participants.join(', ')}: "${e.body.subject}"${e.body.contingency ? ` [plan: ${e.body.contingency}]` : ''}, ${Math.round(e.body.ackWithinMs / 60_000)} min to acknowledge`;
    case 'acknowledge':
      return `acknowledges ${subject}`;
    case 'post':
      return `posts to ${subject} (${e.body.marking}): ${e.body.text}`;
    case 'propose-statement-version':
      return `proposes a version of the ${e.body.statement} statement in ${subject}`;
    case 'approve-version': {
      const agreed = s.statements.find((x) => x.agreed?.version === e.body.version);
      return `approves the statement version in ${subject}${agreed ? ` -- AGREED by ${agreed.agreed!.approvals.map((a) => a.nation).join(', ')}` : ''}`;
    }
    case 'reject-version':
      return `rejects the statement version in ${subject}: ${e.body.reason}`;
    case 'escalate-level':
      return `ESCALATES ${subject} to ${e.body.to}${e.body.form ? ` (${e.body.form})` : ''}: ${e.body.reason}`;
    case 'publish-readout':
      return `publishes its readout of ${subject}`;
    case 'record-position':
      return `records its position in ${subject}`;
    case 'close':
      return `closes ${subject}${e.body.outcome ? `: ${e.body.outcome}` : ''}`;
  }
}

/** A scripted action that did not go through (the done ones print as events). */
export function describeWatchRefusal(nation: Nation, a: WatchAction, o: WatchOutcome): string | null {
  return o.ok ? null : `${nation}: watch officer's ${a.action} refused (${o.code}): ${o.reason}`;
}

/** One line for a scripted incident and what it did (what it convened prints as its own events). */
export function describeIncident(
  nation: Nation,
  i: ScenarioIncident,
  results: readonly DeskResult[],
): string {
  const what =
    i.kind === 'maritime-incursion'
      ? `maritime incursion (${i.zone})`
      : `armed attack (${i.contingency}${i.against ? `, against ${i.against.join(', ')}` : ''})`;
  const refused = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : `${r.code}: ${r.reason}`));
  const outcome =
    results.length === 0
      ? 'no rule convenes on it for this nation'
      : refused.length > 0
        ? `refused: ${refused.join('; ')}`
        : `${results.length} consultation action(s)`;
  return `${nation}: INCIDENT ${what}${i.assumption ? ' [exercise assumption]' : ''}: ${i.description} -- ${outcome}`;
}

/** One line for a maritime event a node's desk detected (what it convened prints as its own events). */
export function describeMaritimeEvent(e: MaritimeEventRecord): string {
  const d = (e.detector ?? {}) as { zone?: unknown; confidence?: unknown };
  const zone = typeof d.zone === 'string' ? ` in ${d.zone}` : '';
  const confidence = typeof d.confidence === 'number' ? `, confidence ${d.confidence}` : '';
  return `maritime ${e.type} by MMSI ${e.mmsi.join(', ')}${zone} (detected${confidence}; event ${e.id})`;
}
