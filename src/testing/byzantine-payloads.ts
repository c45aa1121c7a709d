// The payload attacks a Byzantine partner mounts at the node level (payload-dst.ts): items signed
// with its own key, allowed by the agreements as a flow, whose payloads are hostile — degenerate
// covariances, absurd states, tracks dated in the future or far past, tracks under another topic,
// consultation events dated far from their item, under another author or topic, and oversized
// messages. The link-level attacks (colliding ids, replays, forged routes) are in byzantine.ts.
// Each entry names the refusal an honest recipient must record: the audit kind and its code.
import type { JsonValue, Nation, Topic } from '../domain/index.js';
import { uuidV7TimeMs } from '../link/index.js';

/** What the hostile node knows when it mounts a payload attack. */
export interface PayloadAttackContext {
  readonly self: Nation;
  /** The honest node the item goes to. */
  readonly recipient: Nation;
  /** The item's signed creation time: the hostile node's clock, honestly stated (the link checks it). */
  readonly createdMs: number;
  /** The honest consultation, once the hostile node holds its convening; null before. */
  readonly consultation: string | null;
  /** A fresh UUIDv7 (for event ids). */
  readonly newId: () => string;
  /** A track id no honest node uses. */
  readonly trackId: number;
  /** The largest wire message honest nodes read. */
  readonly maxMessageBytes: number;
}

/** The refusal an honest recipient must audit, once, for the attack's item. */
export interface PayloadRefusal {
  /** The audit record's kind: the node's payload check, the consultation desk, or the link's ingress. */
  readonly audit: 'partner-payload-refused' | 'consult-event-refused' | 'ingress-reject';
  /** `detail.code` (payload and desk refusals) or `detail.rule` (ingress). */
  readonly code: string;
}

/** One hostile item: its topic, payload and, for a message the link would not send, `raw`. */
export interface PayloadAttackItem {
  readonly topic: Topic;
  readonly payload: JsonValue;
  /**
   * Sent as a wire message of its own, bypassing the hostile node's link (which would refuse to
   * send it): the oversized message.
   */
  readonly raw?: boolean;
  /** The item's signed creation time, when the attack back-dates it (default: `createdMs`). */
  readonly createdMs?: number;
}

export interface PayloadAttack {
  readonly kind: string;
  readonly expect: PayloadRefusal;
  /** The item to send now, or null when it cannot be mounted yet (no consultation to aim at). */
  make(ctx: PayloadAttackContext): PayloadAttackItem | null;
}

/**
 * A plausible track (120 km above the Sea of Japan at 3 km/s, metre-scale covariance): each track
 * attack changes one thing about it, so the refusal it earns is that thing's.
 */
function plausibleTrack(ctx: PayloadAttackContext): {
  kind: 'track';
  trackId: number;
  tMs: number;
  x: number[];
  P: number[];
} {
  const P = new Array<number>(36).fill(0);
  for (let i = 0; i < 3; i++) P[i * 7] = 1e4;
  for (let i = 3; i < 6; i++) P[i * 7] = 1e2;
  return {
    kind: 'track',
    trackId: ctx.trackId,
    tMs: ctx.createdMs - 1_000,
    // ~40.5 N, 134 E, 120 km up (ECEF, m); eastward at 3 km/s.
    x: [-3_513_000, 3_638_000, 4_200_000, -2_160, -2_080, 0],
    P,
  };
}

const track = (
  kind: string,
  code: string,
  change: (t: ReturnType<typeof plausibleTrack>, ctx: PayloadAttackContext) => JsonValue,
  topic: Topic = 'missile-warning',
): PayloadAttack => ({
  kind,
  expect: { audit: 'partner-payload-refused', code },
  make: (ctx) => ({ topic, payload: change(plausibleTrack(ctx), ctx) }),
});

const withP = (t: ReturnType<typeof plausibleTrack>, set: (P: number[]) => void) => {
  const P = [...t.P];
  set(P);
  return { ...t, P };
};

/** A consultation event of the hostile node's in the honest consultation, changed by `change`. */
const event = (
  kind: string,
  code: string,
  change: (e: Record<string, JsonValue>, ctx: PayloadAttackContext) => Record<string, JsonValue>,
  topic: Topic = 'consultation',
  audit: PayloadRefusal['audit'] = 'consult-event-refused',
): PayloadAttack => ({
  kind,
  expect: { audit, code },
  make: (ctx) => {
    if (ctx.consultation === null) return null;
    const e = {
      id: `${ctx.self}:${ctx.newId()}`,
      consultation: ctx.consultation,
      author: ctx.self,
      atMs: ctx.createdMs,
      kind: 'acknowledge',
      body: { nation: ctx.self },
    };
    return { topic, payload: { kind: 'consultation-event', event: change(e, ctx) } };
  },
});

const HOUR_MS = 3_600_000;

export const PAYLOAD_ATTACKS: readonly PayloadAttack[] = [
  // Covariances fusion cannot use (issue 19, attack 2: 36 zeros threw in the assessment timer).
  track('cov-zeros', 'variance-out-of-range', (t) => ({ ...t, P: new Array(36).fill(0) })),
  track('cov-asymmetric', 'asymmetric', (t) =>
    withP(t, (P) => {
      P[1] = 5e3;
      P[6] = -5e3;
    }),
  ),
  // A 2x2 block [[1e4, 2e4], [2e4, 1e4]]: eigenvalues 3e4 and -1e4.
  track('cov-negative-eigenvalue', 'not-positive-definite', (t) =>
    withP(t, (P) => {
      P[1] = 2e4;
      P[6] = 2e4;
    }),
  ),
  track('cov-1e300', 'variance-out-of-range', (t) =>
    withP(t, (P) => {
      for (let i = 0; i < 36; i++) P[i] = i % 7 === 0 ? 1e300 : 0;
    }),
  ),
  // Each variance within its bounds, but position certain to 10 cm and velocity to 100 km/s.
  track('cov-ill-conditioned', 'ill-conditioned', (t) =>
    withP(t, (P) => {
      for (let i = 0; i < 3; i++) P[i * 7] = 1e-2;
      for (let i = 3; i < 6; i++) P[i * 7] = 1e10;
    }),
  ),
  // NaN-free but absurd states.
  track('state-inside-earth', 'position-out-of-range', (t) => ({ ...t, x: [1_000, 2_000, 3_000, 0, 0, 0] })),
  track('state-50-km-per-s', 'speed-out-of-range', (t) => ({
    ...t,
    x: [...t.x.slice(0, 3), 50_000, 0, 0],
  })),
  // Dated an hour after its item: it would never be predicted nor go stale.
  track('track-future-dated', 'time-ahead-of-envelope', (t, ctx) => ({ ...t, tMs: ctx.createdMs + HOUR_MS })),
  // Dated a day before its item: no honest node shares a track that old.
  track('track-far-past', 'time-behind-envelope', (t, ctx) => ({ ...t, tMs: ctx.createdMs - 24 * HOUR_MS })),
  // An honest-looking track under a topic whose agreements are not the missile-warning ones.
  track('track-wrong-topic', 'topic-mismatch', (t) => t, 'maritime'),
  // Under the message bound, but no track carries 200 KB of padding.
  track('track-bloated', 'malformed', (t) => ({ ...t, pad: 'x'.repeat(200_000) })),
  // Consultation events (issue 19, attack 3: an acknowledgement near 2^53 froze the consultation).
  event('event-near-2^53', 'event-time', (e) => ({ ...e, atMs: 2 ** 53 - 1 })),
  event('event-back-dated', 'event-time', (e, ctx) => ({ ...e, atMs: ctx.createdMs - HOUR_MS })),
  event('event-forward-dated', 'event-time', (e, ctx) => ({ ...e, atMs: ctx.createdMs + HOUR_MS })),
  // An acknowledgement in the recipient's name: only the signing nation authors its events.
  event('event-forged-author', 'not-author', (e, ctx) => ({
    ...e,
    id: `${ctx.recipient}:${ctx.newId()}`,
    author: ctx.recipient,
    body: { nation: ctx.recipient },
  })),
  {
    // An acknowledgement dated, with its item, an hour before the consultation was convened: both
    // times agree and the item is fresh (a day), but no event precedes its convening.
    kind: 'event-before-convening',
    expect: { audit: 'consult-event-refused', code: 'event-time' },
    make: (ctx) => {
      const convenedMs = ctx.consultation === null ? null : uuidV7TimeMs(ctx.consultation.split(':')[1]);
      if (ctx.consultation === null || convenedMs === null) return null;
      const atMs = convenedMs - HOUR_MS;
      const e = {
        id: `${ctx.self}:${ctx.newId()}`,
        consultation: ctx.consultation,
        author: ctx.self,
        atMs,
        kind: 'acknowledge',
        body: { nation: ctx.self },
      };
      return { topic: 'consultation', payload: { kind: 'consultation-event', event: e }, createdMs: atMs };
    },
  },
  event('event-malformed', 'malformed', (e) => ({ ...e, kind: 'approve', body: { version: 42 } })),
  event('event-wrong-topic', 'topic-mismatch', (e) => e, 'missile-warning', 'partner-payload-refused'),
  {
    // A message larger than any honest node reads: refused unread by the link.
    kind: 'oversized',
    expect: { audit: 'ingress-reject', code: 'oversized' },
    make: (ctx) => ({
      topic: 'missile-warning',
      payload: { kind: 'track', pad: 'x'.repeat(ctx.maxMessageBytes) },
      raw: true,
    }),
  },
];
