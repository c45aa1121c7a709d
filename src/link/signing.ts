import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, isNation, isTopic, type Nation } from '../domain/index.js';
import type { EnvelopeCrypto, LinkItem } from './engine.js';

/**
 * Signed envelopes (Ed25519, node:crypto). The originator signs the canonical bytes of the item
 * (everything but the addressing), so a relay can re-address it with the originator's signature
 * intact; whoever hands the envelope over (sender) signs the canonical bytes of the addressing plus
 * the originator's signature. Verification pins each nation's public key.
 */
export interface Envelope {
  readonly v: 1;
  readonly item: LinkItem;
  readonly sender: Nation;
  readonly recipient: Nation;
  /** Originator's signature over canonical(item), base64url. */
  readonly sig: string;
  /** Sender's signature over canonical({ id, sender, recipient, sig }), base64url. */
  readonly hop: string;
}

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateKeys(): KeyPair {
  return generateKeyPairSync('ed25519');
}

export function exportKeys(k: KeyPair): { privatePem: string; publicPem: string } {
  return {
    privatePem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function importPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function importPublicKey(pem: string): KeyObject {
  return createPublicKey(pem);
}

const nation = z.string().refine(isNation);
const itemSchema = z.object({
  id: z.string().min(1).max(100),
  originator: nation,
  topic: z.string().refine(isTopic),
  marking: z.string().min(1).max(300),
  createdMs: z.number().finite(),
  concerning: nation.optional(),
  relayTo: nation.optional(),
  payload: z.unknown(),
});
const envelopeSchema = z.object({
  v: z.literal(1),
  item: itemSchema,
  sender: nation,
  recipient: nation,
  sig: z.string().max(200),
  hop: z.string().max(200),
});

const bytes = (s: string) => Buffer.from(s, 'utf8');

function hopBytes(e: Pick<Envelope, 'item' | 'sender' | 'recipient' | 'sig'>): Buffer {
  return bytes(canonicalJson({ id: e.item.id, recipient: e.recipient, sender: e.sender, sig: e.sig }));
}

export interface CryptoOptions {
  readonly nation: Nation;
  readonly privateKey: KeyObject;
  /** Pinned public keys of every nation whose envelopes this node accepts (its own included). */
  readonly publicKeys: ReadonlyMap<Nation, KeyObject>;
  /** Envelopes older than this (or this far in the future) are refused: the inbox remembers ids that long. */
  readonly freshnessMs: number;
}

/** The link's envelope cryptography for one node. */
export function envelopeCrypto(o: CryptoOptions): EnvelopeCrypto {
  const signStr = (b: Buffer) => sign(null, b, o.privateKey).toString('base64url');
  const hopSign = (e: Omit<Envelope, 'hop'>): Envelope => ({ ...e, hop: signStr(hopBytes(e)) });
  return {
    seal(item, sender, recipient) {
      const sig = signStr(bytes(canonicalJson(item)));
      return hopSign({ v: 1, item, sender, recipient, sig });
    },
    relay(envelope, sender, recipient) {
      const e = envelope as Envelope;
      return hopSign({ v: 1, item: e.item, sender, recipient, sig: e.sig });
    },
    open(raw, nowMs) {
      const parsed = envelopeSchema.safeParse(raw);
      if (!parsed.success)
        return {
          ok: false,
          reason: `malformed envelope: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
        };
      const e = parsed.data as Envelope;
      const originKey = o.publicKeys.get(e.item.originator);
      if (!originKey) return { ok: false, reason: `unknown originator ${e.item.originator}` };
      const senderKey = o.publicKeys.get(e.sender);
      if (!senderKey) return { ok: false, reason: `unknown sender ${e.sender}` };
      let itemBytes: Buffer;
      try {
        itemBytes = bytes(canonicalJson(e.item));
      } catch (err) {
        return { ok: false, reason: `malformed item: ${(err as Error).message}` };
      }
      if (!safeVerify(itemBytes, originKey, e.sig))
        return { ok: false, reason: `bad signature of originator ${e.item.originator}` };
      if (!safeVerify(hopBytes(e), senderKey, e.hop))
        return { ok: false, reason: `bad signature of sender ${e.sender}` };
      const age = nowMs - e.item.createdMs;
      if (age > o.freshnessMs) return { ok: false, reason: `stale: created ${Math.round(age / 1000)} s ago` };
      if (age < -o.freshnessMs) return { ok: false, reason: 'created in the future' };
      return { ok: true, item: e.item, sender: e.sender, recipient: e.recipient };
    },
  };
}

function safeVerify(data: Buffer, key: KeyObject, sigB64: string): boolean {
  try {
    return verify(null, data, key, Buffer.from(sigB64, 'base64url'));
  } catch {
    return false;
  }
}
