import type { MaritimeEventState } from '../../store/index.js';

/** What a watch officer may do with a maritime event. */
export const TRIAGE_ACTIONS = ['acknowledge', 'dismiss', 'annotate', 'escalate', 'hand-over'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** An action's body as the API takes it: each action reads the fields it needs. */
export interface TriageBody {
  /** dismiss: why (required). */
  readonly reason?: string;
  /** annotate: the note (required). */
  readonly text?: string;
  /** hand-over: the watch or operator taking the event over (required). */
  readonly to?: string;
  /** acknowledge, escalate, hand-over: an optional note. */
  readonly note?: string;
  /** escalate: the marking the event is shared with, in this nation's words (default UNCLASSIFIED). */
  readonly marking?: string;
  /** The operator's name, recorded with the action (the token names only the nation). */
  readonly operator?: string;
}

export type TriageDecision =
  | { readonly ok: true; readonly state: MaritimeEventState; readonly holder: string | null }
  | {
      readonly ok: false;
      /** `missing-field` (400) or `illegal-transition` (409). */
      readonly code: 'missing-field' | 'illegal-transition';
      readonly reason: string;
      readonly field?: string;
    };

/**
 * The states each action may be taken from, and where it leads (`same`: the state does not change).
 * A dismissed event is closed: only an annotation may still be added.
 */
const RULES: Readonly<
  Record<TriageAction, { from: readonly MaritimeEventState[]; to: MaritimeEventState | 'same' }>
> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  escalate: { from: ['new', 'acknowledged'], to: 'escalated' },
  dismiss: { from: ['new', 'acknowledged', 'escalated'], to: 'dismissed' },
  'hand-over': { from: ['new', 'acknowledged', 'escalated'], to: 'same' },
  annotate: { from: ['new', 'acknowledged', 'escalated', 'dismissed'], to: 'same' },
};

const REQUIRED: Partial<Record<TriageAction, keyof TriageBody>> = {
  dismiss: 'reason',
  annotate: 'text',
  'hand-over': 'to',
};

/**
 * Decides a triage action on an event in `state` held by `holder`: the state and holder after
 * it, or why not. Pure.
 * @example decideTriage('new', null, 'dismiss', { reason: 'fishing fleet, known' }) // { ok: true, state: 'dismissed', holder: null }
 */
export function decideTriage(
  state: MaritimeEventState,
  holder: string | null,
  action: TriageAction,
  body: TriageBody,
): TriageDecision {
  const need = REQUIRED[action];
  if (need !== undefined && (typeof body[need] !== 'string' || body[need].trim() === ''))
    return {
      ok: false,
      code: 'missing-field',
      reason: `${action} needs body.${need}`,
      field: `body.${need}`,
    };
  const rule = RULES[action];
  if (!rule.from.includes(state))
    return {
      ok: false,
      code: 'illegal-transition',
      reason: `an event that is ${state} cannot be ${pastOf(action)} (only from ${rule.from.join(', ')})`,
    };
  return {
    ok: true,
    state: rule.to === 'same' ? state : rule.to,
    holder: action === 'hand-over' ? body.to!.trim() : holder,
  };
}

function pastOf(a: TriageAction): string {
  return a === 'hand-over' ? 'handed over' : a === 'escalate' ? 'escalated' : `${a.replace(/e$/, '')}ed`;
}
