import type { KeyObject } from 'node:crypto';
import type { JsonValue, Nation } from '../domain/index.js';
import type { EnvelopeCrypto, LinkItem } from './engine.js';
import { type Envelope, envelopeJson, relayEnvelope, signEnvelope, verifyEnvelope } from './envelope.js';

// The link engine's envelope cryptography (its EnvelopeCrypto port) on the signed envelopes of
// envelope.ts.

export interface EnvelopeCryptoOptions {
  /** This node's nation: it seals as originator, relays as sender, and opens only what is addressed to it. */
  readonly nation: Nation;
  readonly privateKey: KeyObject;
  /** Pinned public keys of every nation whose envelopes this node accepts. */
  readonly publicKeys: ReadonlyMap<Nation, KeyObject>;
  readonly freshnessMs: number;
  readonly maxFutureSkewMs?: number;
}

/**
 * `EnvelopeCrypto` for the link engine (src/link/engine.ts) on these envelopes. Item ids must be
 * UUIDv7 and payloads plain JSON; `seal` throws otherwise (a producer bug, not partner input).
 */
export function envelopeCrypto(o: EnvelopeCryptoOptions): EnvelopeCrypto {
  return {
    seal(item: LinkItem, sender: Nation, recipient: Nation): Envelope {
      if (sender !== o.nation || item.originator !== o.nation) {
        throw new TypeError(`seal: ${o.nation} can only seal its own items, as their sender`);
      }
      return signEnvelope(
        {
          id: item.id,
          originator: item.originator,
          recipient,
          topic: item.topic,
          marking: item.marking,
          createdMs: item.createdMs,
          concerning: item.concerning,
          relayTo: item.relayTo,
          payload: item.payload as JsonValue,
        },
        o.privateKey,
      );
    },
    relay(envelope: unknown, sender: Nation, recipient: Nation): Envelope {
      if (sender !== o.nation) throw new TypeError(`relay: ${o.nation} can only relay as itself`);
      return relayEnvelope(envelope as Envelope, { sender, recipient }, o.privateKey);
    },
    encode(envelope: unknown): string {
      return envelopeJson(envelope as Envelope);
    },
    open(envelope: unknown, nowMs: number) {
      const r = verifyEnvelope(envelope, o.publicKeys, {
        nowMs,
        freshnessMs: o.freshnessMs,
        recipient: o.nation,
        ...(o.maxFutureSkewMs !== undefined ? { maxFutureSkewMs: o.maxFutureSkewMs } : {}),
      });
      if (!r.ok) return { ok: false, reason: `${r.reason}: ${r.detail}` };
      const e = r.envelope;
      const item: { -readonly [K in keyof LinkItem]: LinkItem[K] } = {
        id: e.id,
        originator: e.originator,
        topic: e.topic,
        marking: e.marking,
        createdMs: e.createdMs,
        payload: e.payload,
      };
      if (e.concerning !== undefined) item.concerning = e.concerning;
      if (e.relayTo !== undefined) item.relayTo = e.relayTo;
      return { ok: true, item, sender: e.sender, recipient: e.recipient };
    },
  };
}
