import type { ConsultationState } from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import {
  type DeskResult,
  latestVersion,
  type NationNode,
  type OperatorAction,
  performAction,
} from '../node/index.js';
import type { WatchAction } from '../sim/index.js';

/** What became of one scripted action: the desk's answer, or why there was nothing to act on. */
export type WatchOutcome =
  | DeskResult
  | {
      readonly ok: false;
      readonly code: 'no-consultation' | 'no-statement-version';
      readonly reason: string;
    };

/**
 * How long a scripted officer waits for what it is to act on (the consultation, a version to
 * approve) to reach its node, trying again each second: over the network a partner's event can
 * arrive after the moment the script acts.
 */
export const WATCH_PATIENCE_S = 60;

/**
 * Plays one watch officer's action on its nation's node, through the same desk calls the API makes.
 * It acts in the latest open consultation its nation takes part in — with `rule`, the latest that
 * rule convened (none: nothing is done, and the outcome says so).
 */
export function playWatchAction(node: NationNode, a: WatchAction): WatchOutcome {
  const open = node.consult
    .list()
    .filter((s) => s.closed === null && s.participants.includes(node.nation))
    .filter(
      (s) => a.rule === undefined || (s.trigger?.kind !== 'manual' && s.trigger?.rules?.includes(a.rule)),
    )
    .sort((x, y) => (x.convenedAtMs ?? 0) - (y.convenedAtMs ?? 0));
  const target: ConsultationState | undefined = open.at(-1);
  if (!target?.id) {
    return {
      ok: false,
      code: 'no-consultation',
      reason: `no open consultation${a.rule ? ` convened by rule ${a.rule}` : ''} for ${node.nation} to ${a.action}`,
    };
  }
  const consultation = target.id;
  if (
    (a.action === 'approve' || a.action === 'reject') &&
    latestVersion(target, a.statement ?? 'joint') === undefined
  ) {
    return {
      ok: false,
      code: 'no-statement-version',
      reason: `no version of statement '${a.statement ?? 'joint'}' in consultation ${consultation} for ${node.nation} to ${a.action}`,
    };
  }
  const opt = <K extends keyof WatchAction>(k: K) => (a[k] === undefined ? {} : { [k]: a[k] });
  const action: OperatorAction =
    a.action === 'acknowledge'
      ? { action: 'acknowledge', consultation }
      : a.action === 'post'
        ? { action: 'post', consultation, text: a.text!, marking: a.marking! }
        : a.action === 'propose'
          ? { action: 'propose', consultation, text: a.text!, ...opt('statement'), ...opt('marking') }
          : a.action === 'approve'
            ? { action: 'approve', consultation, ...opt('statement') }
            : a.action === 'reject'
              ? { action: 'reject', consultation, reason: a.reason!, ...opt('statement') }
              : { action: 'close', consultation, ...opt('outcome') };
  return performAction(node.consult, node.nation, action, `watch-officer:${node.nation}`);
}

/** Schedules a scenario's watch actions on the nodes' clock (`after`: ms from now). */
export function scheduleWatch(
  actions: readonly WatchAction[],
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  elapsedMs: number,
  onOutcome?: (nation: Nation, a: WatchAction, outcome: WatchOutcome) => void,
): void {
  for (const a of actions) {
    const node = nodes.get(a.nation);
    if (!node) continue;
    const play = (waitedS: number) => {
      // Played whether or not anyone listens (`f?.(g())` would skip g when f is absent).
      const outcome = playWatchAction(node, a);
      const notYet =
        !outcome.ok && (outcome.code === 'no-consultation' || outcome.code === 'no-statement-version');
      if (notYet && waitedS < WATCH_PATIENCE_S)
        return after(1_000, () => node.guard('script:watch', () => play(waitedS + 1)));
      onOutcome?.(a.nation, a, outcome);
    };
    // Under the node's guard: a failing action is a fault of that node, not the end of the run.
    after(Math.max(0, a.atS * 1000 - elapsedMs), () => node.guard('script:watch', () => play(0)));
  }
}
