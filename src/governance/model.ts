import type { Nation, Registry, Topic } from '../domain/index.js';

// Governance acts: what a nation's administrator does to an agreement or coalition at run time,
// signed by that nation and replicated to the other parties. Plain data; acts.ts reads them, fold.ts
// gives them meaning.

/**
 * Acts one party makes alone, effective as the agreement's own rules say: a notice of termination
 * takes effect at the end of its notice period (or term); the others at once.
 */
export const UNILATERAL_KINDS = [
  'notice',
  'suspend-notice',
  'withdraw-notice',
  'suspend',
  'resume',
  'narrow',
  'leave',
] as const;

/** Consent acts: a proposal (its author's signature included), then a signature from every other party. */
export const CONSENT_KINDS = ['propose', 'sign'] as const;

export const ACT_KINDS = [...UNILATERAL_KINDS, ...CONSENT_KINDS] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** What a proposal would change once every party has signed it. */
export type Change =
  /** A new agreement, in the agreements file's form (ISO dates, level words) without `signed`. */
  | { readonly kind: 'new-agreement'; readonly agreement: Readonly<Record<string, unknown>> }
  /** A wider scope: topics added, a higher maximum level (a row label of the agreement's table). */
  | { readonly kind: 'widen'; readonly addTopics?: readonly Topic[]; readonly maxLevel?: string }
  /** A later end for an agreement with a fixed one. */
  | { readonly kind: 'extend'; readonly expires: string }
  /** A new member of a coalition. */
  | { readonly kind: 'admit'; readonly nation: Nation };

export interface ActBodies {
  /** `effective`: a later end than the rules' earliest (ISO); default the earliest. */
  notice: { readonly effective?: string; readonly note?: string };
  'suspend-notice': { readonly note?: string };
  'withdraw-notice': { readonly note?: string };
  suspend: { readonly note?: string };
  resume: { readonly note?: string };
  narrow: { readonly dropTopics?: readonly Topic[]; readonly maxLevel?: string; readonly note?: string };
  leave: { readonly note?: string };
  /** `effective` (new agreements only): in force from then, if later than the last signature. */
  propose: { readonly change: Change; readonly effective?: string; readonly note?: string };
  sign: { readonly note?: string };
}

/**
 * One act, authored (and signed by the link) by one nation. `id` starts with the author's trigraph
 * and a colon, so no nation can void another's act by reusing its id. `target` is the agreement or
 * coalition acted on; for `sign`, the id of the proposal signed; for a new agreement, its id.
 */
export type GovernanceAct = {
  [K in ActKind]: {
    readonly id: string;
    readonly author: Nation;
    readonly atMs: number;
    readonly kind: K;
    readonly target: string;
    readonly body: ActBodies[K];
  };
}[ActKind];
export type ActOf<K extends ActKind> = Extract<GovernanceAct, { kind: K }>;

export type ActRejectCode =
  | 'malformed'
  | 'bad-id'
  | 'conflicting-id'
  | 'unknown-agreement'
  | 'unknown-coalition'
  | 'unknown-proposal'
  | 'not-party'
  | 'before-signature'
  | 'ended'
  | 'not-in-force'
  | 'notice-pending'
  | 'no-notice'
  | 'no-notice-rule'
  | 'too-early'
  | 'not-noticer'
  | 'not-suspended'
  | 'not-suspender'
  | 'no-scope'
  | 'unknown-level'
  | 'not-narrower'
  | 'not-wider'
  | 'no-fixed-term'
  | 'not-later'
  | 'already-member'
  | 'exists'
  | 'invalid-agreement'
  | 'duplicate'
  | 'already-agreed';

export interface ActRejection {
  /** The act's id, or `?` when it has none a partner could read. */
  readonly id: string;
  readonly author: Nation | null;
  readonly kind: string | null;
  readonly atMs: number | null;
  readonly code: ActRejectCode;
  /** The act's field at fault, dotted (`author`, `atMs`, `body.maxLevel`, ...). */
  readonly field: string;
  readonly reason: string;
}

/** An act the fold took, and when it takes effect. */
export interface AppliedAct {
  readonly id: string;
  readonly author: Nation;
  readonly atMs: number;
  readonly kind: ActKind;
  readonly target: string;
  /** When the act changes what may flow (a notice: the end of its period; a signature: when agreed). */
  readonly effectiveMs: number;
  /** One line: what the act did. */
  readonly summary: string;
}

export interface ProposalState {
  readonly id: string;
  readonly author: Nation;
  readonly atMs: number;
  /** The agreement or coalition it changes (or makes). */
  readonly target: string;
  readonly change: Change['kind'];
  /** Every party whose signature it needs, the proposer's included. */
  readonly parties: readonly Nation[];
  readonly signatures: readonly { readonly nation: Nation; readonly atMs: number; readonly act: string }[];
  readonly missing: readonly Nation[];
  /** When it took effect (every party signed), or null while signatures are missing. */
  readonly agreedMs: number | null;
}

/**
 * The registry after the acts, as a pure function of the base registry and the SET of acts: every
 * node that holds the same acts folds the same registry, whatever order they arrived in.
 */
export interface GovernanceState {
  readonly registry: Registry;
  /** Accepted acts in fold order. */
  readonly applied: readonly AppliedAct[];
  readonly proposals: readonly ProposalState[];
  readonly rejected: readonly ActRejection[];
}
