import { formatInstant, type Nation } from '../domain/index.js';
import type { AckStatus, ConsultationState, Level, MinisterialForm } from './model.js';

/** Each participant's acknowledgement deadline in force (convening, or the latest escalation). */
export type Deadlines = Map<Nation, number>;

/**
 * Order of levels for escalation: the 2+2+2 form (both tracks of all three) sits above a single-track
 * ministerial and below leaders.
 */
export function levelRank(level: Level, form?: MinisterialForm): number {
  if (level === 'working') return 0;
  if (level === 'leaders') return 2;
  return form === '2+2+2' ? 1.5 : 1;
}

/** The level a missed deadline escalates to, or null at the top. */
export function nextLevel(level: Level): Level | null {
  return level === 'working' ? 'ministerial' : level === 'ministerial' ? 'leaders' : null;
}

interface EscalationInput {
  readonly convener: Nation;
  readonly level: Level;
  readonly acks: readonly AckStatus[];
  readonly closed: boolean;
  readonly onMissedAck: 'escalate' | 'flag';
  readonly ackWithinMs: number;
}

/**
 * What missed deadlines call for at the state's `nowMs`: the missed participants (shown to all), and
 * the escalation the convener's node should emit, one level up. Emitting it gives the laggards a new
 * deadline, so it is due once per missed deadline, not on every read.
 */
export function deriveEscalation(x: EscalationInput): ConsultationState['escalation'] {
  const missed = x.acks.filter((a) => a.status === 'missed');
  const nations = missed.map((a) => a.nation);
  const none = { missed: nations, due: null, effectiveLevel: x.level, note: null };
  if (missed.length === 0 || x.closed) return none;
  const when = missed.map((a) => `${a.nation} by ${formatInstant(a.deadlineMs)}`).join(', ');
  if (x.onMissedAck === 'flag') {
    return {
      ...none,
      note: `no acknowledgement from ${when}; the convening rule flags this without escalating`,
    };
  }
  const to = nextLevel(x.level);
  if (to === null) {
    return {
      ...none,
      note: `no acknowledgement from ${when}; already at leaders level, nothing higher to escalate to`,
    };
  }
  return {
    missed: nations,
    due: {
      author: x.convener,
      body: {
        to,
        reason: `no acknowledgement from ${when}`,
        cause: { kind: 'missed-ack', nations },
        ackWithinMs: x.ackWithinMs,
      },
    },
    effectiveLevel: to,
    note: null,
  };
}
