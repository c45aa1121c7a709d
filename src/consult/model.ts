import type { ContingencyId, Decision, Nation } from '../domain/index.js';
import type { ContingencyPlan } from './contingencies.js';

// The consultation's vocabulary: event kinds and their bodies (what partners sign and send), and the
// state every node folds from them. Plain data; the rules that give it meaning live in fold.ts.

/** Who meets: officials, ministers (one track or the 2+2+2 form), or heads of government. */
export const LEVELS = ['working', 'ministerial', 'leaders'] as const;
export type Level = (typeof LEVELS)[number];

/** The ministerial forms; `2+2+2` is the foreign and defence ministers of all three allies together. */
export const MINISTERIAL_FORMS = ['foreign', 'defence', 'national-security', '2+2+2'] as const;
export type MinisterialForm = (typeof MINISTERIAL_FORMS)[number];

/** The 2+2+2 form is defined for the three allies only (the papers' recommendation). */
export { CONTINGENCIES, type ContingencyId, TRILATERAL } from '../domain/index.js';

export const TRIGGER_KINDS = ['missile-warning', 'maritime-incursion', 'armed-attack'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** What started a consultation: a warning or maritime event by id (and the rules that fired), or a person. */
export type TriggerRef =
  | {
      readonly kind: TriggerKind;
      readonly id: string;
      readonly rules?: readonly string[];
      /**
       * The run of the scenario (or the deployment) in which the convener's rules acted on it, so
       * that a node restarted in the same run recognises the consultation it already convened.
       */
      readonly run?: string;
    }
  | { readonly kind: 'manual'; readonly note?: string };

export interface ConveneBody {
  readonly subject: string;
  readonly trigger: TriggerRef;
  /** A coalition of the agreements registry; absent for a bilateral alliance consultation. */
  readonly coalition?: string;
  readonly level: Level;
  /** Only with `ministerial`. */
  readonly form?: MinisterialForm;
  /** Every party, the convener included, in CAPCO order. */
  readonly participants: readonly Nation[];
  /** Time each participant has to acknowledge, from the convening (or from an escalation). */
  readonly ackWithinMs: number;
  /** Per-participant exceptions to `ackWithinMs`. */
  readonly ackWithinMsBy?: Readonly<Partial<Record<Nation, number>>>;
  /** What a missed acknowledgement does: escalate one level (default) or only show as missed. */
  readonly onMissedAck?: 'escalate' | 'flag';
  readonly contingency?: ContingencyId;
}

export interface AcknowledgeBody {
  /** The acknowledging nation; must be the author (no nation acknowledges for another). */
  readonly nation: Nation;
}

export const ENTRY_KINDS = ['message', 'decision', 'item'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface PostBody {
  readonly entry: EntryKind;
  readonly text: string;
  /** Banner, e.g. `//JPN SECRET//REL TO USA, JPN`; decides which participants may see the post. */
  readonly marking: string;
  /** For `entry: item`: what is attached (the bytes travel separately, under the same marking). */
  readonly item?: { readonly title: string; readonly ref?: string; readonly mediaType?: string };
}

export interface ProposeVersionBody {
  /** Which statement (a consultation may draft several, e.g. `joint`, `fact-sheet`). */
  readonly statement: string;
  readonly text: string;
  /** The version this one supersedes; absent for a first draft. */
  readonly replaces?: string;
  /** Default: unclassified. Every participant must be allowed to see a joint text. */
  readonly marking?: string;
}

export interface ApproveVersionBody {
  /** The id of the propose-statement-version event. */
  readonly version: string;
  readonly nation: Nation;
}

export interface RejectVersionBody {
  readonly version: string;
  readonly nation: Nation;
  readonly reason: string;
}

export type EscalationCause =
  | { readonly kind: 'manual' }
  /** The nations whose acknowledgement deadline had passed unanswered when the convener escalated. */
  | { readonly kind: 'missed-ack'; readonly nations: readonly Nation[] };

export interface EscalateLevelBody {
  readonly to: Level;
  readonly form?: MinisterialForm;
  readonly reason: string;
  readonly cause: EscalationCause;
  /** Fresh deadline for participants yet to acknowledge; default the convening's `ackWithinMs`. */
  readonly ackWithinMs?: number;
}

export interface PublishReadoutBody {
  /** The statement this readout accounts for (default `joint`). */
  readonly statement: string;
  readonly text: string;
  readonly marking?: string;
}

export interface RecordPositionBody {
  readonly text: string;
  /** A national position is private: NOFORN unless the marking and the agreements release it. */
  readonly marking: string;
  /** What the position is about (a statement id, a timeline entry id), if anything. */
  readonly about?: string;
}

export interface CloseBody {
  readonly outcome?: string;
}

export interface BodyByKind {
  convene: ConveneBody;
  acknowledge: AcknowledgeBody;
  post: PostBody;
  'propose-statement-version': ProposeVersionBody;
  'approve-version': ApproveVersionBody;
  'reject-version': RejectVersionBody;
  'escalate-level': EscalateLevelBody;
  'publish-readout': PublishReadoutBody;
  'record-position': RecordPositionBody;
  close: CloseBody;
}
export type EventKind = keyof BodyByKind;
export const EVENT_KINDS: readonly EventKind[] = [
  'convene',
  'acknowledge',
  'post',
  'propose-statement-version',
  'approve-version',
  'reject-version',
  'escalate-level',
  'publish-readout',
  'record-position',
  'close',
];

/**
 * One change to a consultation, authored (and signed by the link layer) by one nation. `id` starts
 * with the author's trigraph and a colon (`JPN:7f3a…`) so that no nation can void another's event by
 * reusing its id; a convene event's id is the consultation's id.
 */
export type ConsultEvent = {
  [K in EventKind]: {
    readonly id: string;
    readonly consultation: string;
    readonly author: Nation;
    readonly atMs: number;
    readonly kind: K;
    readonly body: BodyByKind[K];
  };
}[EventKind];
export type EventOf<K extends EventKind> = Extract<ConsultEvent, { kind: K }>;

// ---- the folded state -------------------------------------------------------------------------

export type RejectCode =
  | 'malformed'
  | 'bad-id'
  | 'conflicting-id'
  | 'other-consultation'
  | 'not-convened'
  | 'invalid-convene'
  | 'not-participant'
  | 'not-own'
  | 'not-convener'
  | 'after-close'
  | 'duplicate'
  | 'bad-marking'
  | 'not-releasable'
  | 'unknown-version'
  | 'stale-version'
  | 'already-agreed'
  | 'not-higher'
  | 'invalid-form'
  | 'no-missed-ack';

export interface Rejection {
  /** The event's id, or `?` when it has none a partner could read. */
  readonly id: string;
  readonly author: Nation | null;
  readonly kind: string | null;
  readonly atMs: number | null;
  readonly code: RejectCode;
  readonly reason: string;
}

export interface LevelChange {
  readonly level: Level;
  readonly form?: MinisterialForm;
  readonly atMs: number;
  readonly by: Nation;
  readonly event: string;
  readonly reason: string;
  readonly cause: EscalationCause | { readonly kind: 'convened' };
}

export type AckStatus =
  | {
      readonly nation: Nation;
      readonly status: 'acked';
      readonly atMs: number;
      readonly deadlineMs: number;
      readonly late: boolean;
    }
  | { readonly nation: Nation; readonly status: 'pending'; readonly deadlineMs: number }
  | { readonly nation: Nation; readonly status: 'missed'; readonly deadlineMs: number };

/** Per participant, whether it may see an item, and the rule that decided. */
export interface AudienceEntry {
  readonly nation: Nation;
  readonly allow: boolean;
  readonly rule: Decision['rule'];
  readonly reason: string;
}

export interface TimelineEntry {
  readonly id: string;
  readonly author: Nation;
  readonly atMs: number;
  readonly entry: EntryKind;
  readonly text: string;
  /** Canonical banner (formatMarking of the parsed marking). */
  readonly marking: string;
  readonly item?: PostBody['item'];
  /** Who may see it, decided at the time of posting; absent when the fold had no registry. */
  readonly audience?: readonly AudienceEntry[];
}

export interface Stance {
  readonly nation: Nation;
  /** The version approved or rejected. */
  readonly version: string;
  readonly stance: 'approve' | 'reject';
  readonly atMs: number;
  readonly event: string;
  readonly reason?: string;
}

export interface StatementVersion {
  /** The propose event's id. */
  readonly id: string;
  readonly statement: string;
  readonly author: Nation;
  readonly atMs: number;
  readonly text: string;
  readonly marking: string;
  readonly replaces?: string;
  /** Ids of versions that replace this one; a superseded version can no longer be approved. */
  readonly supersededBy: readonly string[];
  /** Every approval and rejection of this version, in fold order (nothing is removed). */
  readonly stances: readonly Stance[];
}

export interface AgreedStatement {
  readonly statement: string;
  readonly version: string;
  readonly text: string;
  /** When the last approval arrived. */
  readonly atMs: number;
  /** One approval per participant, in participant order. */
  readonly approvals: readonly Stance[];
}

export interface Statement {
  readonly id: string;
  readonly versions: readonly StatementVersion[];
  /** Each participant's latest stance on any version of this statement. */
  readonly current: readonly Stance[];
  readonly agreed: AgreedStatement | null;
}

export interface Readout {
  readonly id: string;
  readonly nation: Nation;
  readonly statement: string;
  readonly atMs: number;
  readonly text: string;
  readonly marking: string;
}

export interface Position {
  readonly id: string;
  readonly nation: Nation;
  readonly atMs: number;
  readonly text: string;
  readonly marking: string;
  readonly about?: string;
}

/** An escalation the convener's node should emit (as an `escalate-level` event it authors). */
export interface DueEscalation {
  readonly author: Nation;
  readonly body: EscalateLevelBody;
}

export interface ConsultationState {
  /** The consultation's id (its convene event's id), or null when no event names one. */
  readonly id: string | null;
  /** False until a valid convene event is among the events; then everything else is empty. */
  readonly convened: boolean;
  readonly subject: string;
  readonly trigger: TriggerRef | null;
  readonly convener: Nation | null;
  readonly coalition: string | null;
  readonly contingency: ContingencyId | null;
  /** The contingency's plan (roles and missions), when the fold was handed the plans. */
  readonly plan: ContingencyPlan | null;
  readonly participants: readonly Nation[];
  readonly convenedAtMs: number | null;
  readonly level: Level | null;
  readonly form: MinisterialForm | null;
  readonly levelHistory: readonly LevelChange[];
  readonly acks: readonly AckStatus[];
  readonly escalation: {
    /** Participants whose deadline had passed unanswered at `nowMs`; visible to every participant. */
    readonly missed: readonly Nation[];
    readonly due: DueEscalation | null;
    /** The level the consultation stands at once `due` is emitted. */
    readonly effectiveLevel: Level | null;
    /** Set when deadlines are missed but nothing can happen: already at leaders, or rules say flag only. */
    readonly note: string | null;
  };
  readonly timeline: readonly TimelineEntry[];
  readonly statements: readonly Statement[];
  readonly readouts: readonly Readout[];
  readonly positions: readonly Position[];
  readonly closed: {
    readonly atMs: number;
    readonly by: Nation;
    readonly event: string;
    readonly outcome?: string;
  } | null;
  /** Accepted event ids in fold order: equal on every node that holds the same events. */
  readonly applied: readonly string[];
  readonly rejected: readonly Rejection[];
  readonly nowMs: number;
}
