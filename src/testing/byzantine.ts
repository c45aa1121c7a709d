// The attacks a Byzantine partner mounts in the deterministic simulation (dst.ts): well-signed
// (with its own key) but hostile traffic. Each attack is one entry of ATTACKS, with what an honest
// recipient must do with it; more kinds (degenerate or future-dated tracks, far-dated consultation
// events) are added here as entries.
import type { KeyObject } from 'node:crypto';
import {
  type CompiledRegistry,
  decide,
  type JsonValue,
  type Nation,
  parseMarking,
  TOPIC_NAMES,
  type Topic,
} from '../domain/index.js';
import { type Envelope, encodeEnvelope, relayEnvelope, signEnvelope } from '../link/index.js';

/** What a hostile node knows and holds when it mounts an attack. */
export interface AttackContext {
  readonly self: Nation;
  /** The honest nations it may send to. */
  readonly honest: readonly Nation[];
  readonly nowMs: number;
  readonly rng: { next(): number; int(n: number): number };
  /** Envelopes of other nations' items it has received: what it can replay or tamper with. */
  readonly captured: readonly Envelope[];
  /** Its own signing key (it holds no other). */
  readonly privateKey: KeyObject;
  /** Its own banner, e.g. `//KOR SECRET//REL TO USA, JPN, KOR`. */
  readonly banner: string;
  /** A fresh UUIDv7. */
  readonly newId: () => string;
  /** The agreements in force now. */
  readonly registry: CompiledRegistry;
  /** The largest wire message honest nodes read. */
  readonly maxMessageBytes: number;
}

/**
 * What an honest recipient must do with an attack's message each time it arrives:
 * - `refused`: refuse every envelope in it, with an audit record naming the attacker as actor;
 * - `own`: take it, if at all, only as the attacker's own item (attributed to it, never to another
 *   nation), or refuse it with an audit record — and never let it stand in for another's item.
 */
export type AttackExpectation = 'refused' | 'own';

export interface AttackMessage {
  readonly recipient: Nation;
  readonly topic: Topic;
  /** The wire body: a batch of envelopes, as honest links send. */
  readonly body: Uint8Array;
  readonly expect: AttackExpectation;
}

export interface Attack {
  readonly kind: string;
  /** The message to send now, or null when the attack cannot be mounted now (nothing captured yet). */
  make(ctx: AttackContext): AttackMessage | null;
}

const pick = <T>(ctx: AttackContext, xs: readonly T[]): T | undefined => xs[ctx.rng.int(xs.length)];

const batchOf = (...envelopes: Envelope[]): Uint8Array => {
  const parts = envelopes.map((e) => Buffer.from(encodeEnvelope(e)).toString('utf8'));
  return Buffer.from(`[${parts.join(',')}]`, 'utf8');
};

/** Another nation's captured envelope changed by `change`, re-addressed with the attacker's hop signature. */
function tampered(
  ctx: AttackContext,
  change: (e: Envelope) => Envelope,
): { env: Envelope; recipient: Nation } | null {
  const original = pick(ctx, ctx.captured);
  const recipient = pick(ctx, ctx.honest);
  if (original === undefined || recipient === undefined) return null;
  const env = relayEnvelope(change(original), { sender: ctx.self, recipient }, ctx.privateKey);
  return { env, recipient };
}

/** An item of the attacker's own, signed as originator. */
function own(
  ctx: AttackContext,
  recipient: Nation,
  over: { id?: string; topic?: Topic; concerning?: Nation | undefined; payload: JsonValue },
): Envelope {
  return signEnvelope(
    {
      id: over.id ?? ctx.newId(),
      originator: ctx.self,
      recipient,
      topic: over.topic ?? 'missile-warning',
      marking: ctx.banner,
      createdMs: ctx.nowMs,
      ...('concerning' in over
        ? over.concerning
          ? { concerning: over.concerning }
          : {}
        : { concerning: 'PRK' }),
      payload: over.payload,
    },
    ctx.privateKey,
  );
}

export const ATTACKS: readonly Attack[] = [
  {
    // Attack 1 of issue 19: an item of its own under the id of another nation's item it has seen,
    // to make that item a "duplicate" where it has not arrived yet.
    kind: 'colliding-id',
    make(ctx) {
      const seen = pick(ctx, ctx.captured);
      const recipient = pick(ctx, ctx.honest);
      if (seen === undefined || recipient === undefined) return null;
      const env = own(ctx, recipient, {
        id: seen.id,
        topic: seen.topic,
        concerning: seen.concerning,
        payload: { attack: 'colliding-id' },
      });
      return { recipient, topic: env.topic, body: batchOf(env), expect: 'own' };
    },
  },
  {
    // Another nation's item replayed under a new id (its originator's signature no longer holds).
    kind: 'replay-new-id',
    make(ctx) {
      const t = tampered(ctx, (e) => ({ ...e, id: ctx.newId() }));
      return t && { recipient: t.recipient, topic: t.env.topic, body: batchOf(t.env), expect: 'refused' };
    },
  },
  {
    // Another nation's item passed on unchanged, though its originator did not route it through the
    // attacker: out of order, or ahead of the originator's own copy.
    kind: 'unrouted-replay',
    make(ctx) {
      const original = pick(ctx, ctx.captured);
      if (original === undefined) return null;
      // Not to the final recipient the originator named, which may take it from a relay.
      const recipient = pick(
        ctx,
        ctx.honest.filter((n) => n !== original.relayTo),
      );
      if (recipient === undefined) return null;
      const env = relayEnvelope(original, { sender: ctx.self, recipient }, ctx.privateKey);
      return { recipient, topic: env.topic, body: batchOf(env), expect: 'refused' };
    },
  },
  {
    // Another nation's item with its `concerning` changed (what agreements limited to a state read).
    kind: 'forged-concerning',
    make(ctx) {
      const t = tampered(ctx, (e) => {
        const { concerning: _drop, ...rest } = e;
        return e.concerning === 'CHN' ? (rest as Envelope) : { ...e, concerning: 'CHN' };
      });
      return t && { recipient: t.recipient, topic: t.env.topic, body: batchOf(t.env), expect: 'refused' };
    },
  },
  {
    // Another nation's item under another topic.
    kind: 'forged-topic',
    make(ctx) {
      const t = tampered(ctx, (e) => ({
        ...e,
        topic: e.topic === 'maritime' ? 'missile-warning' : 'maritime',
      }));
      return t && { recipient: t.recipient, topic: t.env.topic, body: batchOf(t.env), expect: 'refused' };
    },
  },
  {
    // An item of its own under a topic and `concerning` that no agreement in force lets it release.
    kind: 'refused-flow',
    make(ctx) {
      const recipient = pick(ctx, ctx.honest);
      if (recipient === undefined) return null;
      const marking = parseMarking(ctx.banner, { originator: ctx.self });
      const combos: { topic: Topic; concerning: Nation | undefined }[] = [];
      for (const topic of TOPIC_NAMES)
        for (const concerning of [undefined, 'PRK', 'CHN'] as const) {
          const d = decide(
            {
              marking,
              holder: ctx.self,
              recipient,
              topic,
              atMs: ctx.nowMs,
              ...(concerning ? { concerning } : {}),
            },
            ctx.registry,
          );
          if (!d.allow) combos.push({ topic, concerning });
        }
      const combo = pick(ctx, combos);
      if (combo === undefined) return null;
      const env = own(ctx, recipient, { ...combo, payload: { attack: 'refused-flow' } });
      // Not `refused`: an agreement may come back into force while it travels, and then it is
      // the attacker's own item to take (the simulation checks every delivery against the agreements).
      return { recipient, topic: env.topic, body: batchOf(env), expect: 'own' };
    },
  },
  {
    // A message larger than any honest node reads.
    kind: 'oversized',
    make(ctx) {
      const recipient = pick(ctx, ctx.honest);
      if (recipient === undefined) return null;
      const env = own(ctx, recipient, { payload: { attack: 'x'.repeat(ctx.maxMessageBytes) } });
      return { recipient, topic: env.topic, body: batchOf(env), expect: 'refused' };
    },
  },
];
