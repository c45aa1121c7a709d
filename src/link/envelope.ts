import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  canonicalJson,
  isNation,
  isTopic,
  type JsonValue,
  type Nation,
  type Topic,
} from '../domain/index.js';
import { ed25519Verify, ed25519Sign as signBytes } from './ed25519.js';
import { isUuidV7 } from './ids.js';

// Signed envelopes: what crosses a border, how an originator signs one, a relay re-addresses it,
// and a receiver verifies it; and its wire bytes. Canonical JSON is the domain's (one for the
// whole project); the link engine's adapter is envelope-crypto.ts, key files are keys.ts.

export interface EnvelopeSig {
  readonly nation: Nation;
  readonly alg: 'Ed25519';
  /** 64-byte Ed25519 signature, base64url without padding. */
  readonly sig: string;
}

/**
 * What crosses a border. `sigs` is always two entries:
 * - `sigs[0]`, the originator's, over the content: everything except `sender`, `recipient` and
 *   `sigs`. It stays valid however many relays forward the item.
 * - `sigs[1]`, the sender's hop signature, over everything including `sender`, `recipient` and
 *   `sigs[0]`. A relay replaces it with its own. On a direct send the originator is the sender
 *   and signs both; without the hop signature anyone on the path could re-address a direct
 *   envelope to another nation undetected.
 */
export interface Envelope {
  readonly v: 1;
  /** UUIDv7; identifies the item (not the hop), so receivers drop duplicates by it. */
  readonly id: string;
  readonly originator: Nation;
  readonly sender: Nation;
  readonly recipient: Nation;
  readonly topic: Topic;
  /** CAPCO banner, e.g. `//JPN SECRET//REL TO USA, JPN, KOR`; the domain parses it. */
  readonly marking: string;
  /** Milliseconds since the epoch (fractional in the simulation's virtual time). */
  readonly createdMs: number;
  /** The state the item is about, for agreements limited to it (signed by the originator). */
  readonly concerning?: Nation;
  /**
   * The final recipient when the originator routes the item through a relay. Signed by the
   * originator, so a relay cannot redirect it.
   */
  readonly relayTo?: Nation;
  readonly payload: JsonValue;
  readonly sigs: readonly [EnvelopeSig, EnvelopeSig];
}

/** What the originator fills in; `signEnvelope` adds `v`, `sender` (= originator) and `sigs`. */
export interface EnvelopeDraft {
  readonly id: string;
  readonly originator: Nation;
  readonly recipient: Nation;
  readonly topic: Topic;
  readonly marking: string;
  readonly createdMs: number;
  readonly concerning?: Nation;
  readonly relayTo?: Nation;
  readonly payload: JsonValue;
}

export const MAX_MARKING_CHARS = 512;
/** Larger encoded envelopes are refused before parsing. */
export const MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;
const MAX_TIME_MS = 2 ** 48 - 1;
const ED25519_SIG_BYTES = 64;

// Domain separation: an origin signature can never be replayed as a hop signature or vice versa,
// and no other Concord signature (consultation logs, audit checkpoints) can pass as either.
const ORIGIN_CONTEXT = 'concord/envelope/v1/origin\n';
const HOP_CONTEXT = 'concord/envelope/v1/hop\n';

const nationSchema = z.custom<Nation>((s) => typeof s === 'string' && isNation(s), 'unknown nation');
const topicSchema = z.custom<Topic>((s) => typeof s === 'string' && isTopic(s), 'unknown topic');
const sigSchema = z.strictObject({
  nation: nationSchema,
  alg: z.literal('Ed25519'),
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'not a base64url Ed25519 signature'),
});
const envelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.custom<string>(isUuidV7, 'not a UUIDv7'),
  originator: nationSchema,
  sender: nationSchema,
  recipient: nationSchema,
  topic: topicSchema,
  marking: z.string().min(1).max(MAX_MARKING_CHARS),
  createdMs: z.number().min(0).max(MAX_TIME_MS),
  concerning: nationSchema.optional(),
  relayTo: nationSchema.optional(),
  payload: z.unknown(),
  sigs: z.tuple([sigSchema, sigSchema]),
});
const contentSchema = envelopeSchema.omit({ sigs: true });

type Content = Omit<Envelope, 'sigs' | 'sender' | 'recipient'>;

/**
 * Canonical JSON of an envelope's fields (RFC 8785 key order, which for these fixed ASCII names is:
 * concerning, createdMs, id, marking, originator, payload, recipient, relayTo, sender, sigs, topic,
 * v), written in that order directly: the content alone (what the origin signature covers), or with
 * the addressing and the signatures (the hop signature's bytes, the wire encoding). Equal to
 * `canonicalJson` of the same object (tested), without building and sorting a record per call.
 */
function fieldsJson(
  e: Content,
  payloadJson: string,
  hop: { readonly sender: Nation; readonly recipient: Nation; readonly sigsJson: string } | null,
): string {
  let out = '{';
  if (e.concerning !== undefined) out += `"concerning":${canonicalJson(e.concerning)},`;
  out += `"createdMs":${canonicalJson(e.createdMs)},"id":${canonicalJson(e.id)},`;
  out += `"marking":${canonicalJson(e.marking)},"originator":${canonicalJson(e.originator)},`;
  out += `"payload":${payloadJson},`;
  if (hop !== null) out += `"recipient":${canonicalJson(hop.recipient)},`;
  if (e.relayTo !== undefined) out += `"relayTo":${canonicalJson(e.relayTo)},`;
  if (hop !== null) out += `"sender":${canonicalJson(hop.sender)},"sigs":${hop.sigsJson},`;
  return `${out}"topic":${canonicalJson(e.topic)},"v":${canonicalJson(e.v)}}`;
}

/**
 * The canonical JSON of the payloads of the envelopes made or verified last, by envelope object:
 * an originator fanning an item out, a relay passing one on and the wire encoding all need it
 * again within the same call, and the payload is the bulk of the envelope (a track's state and
 * covariance). Envelopes are never mutated; a miss only costs an encoding. Not a WeakMap: V8's
 * young-generation collector keeps a WeakMap's young entries alive, and on the link bench they
 * were a quarter of what survived each scavenge (longer pauses); a few strong references are not.
 */
const RECENT_PAYLOADS = 8;
const recentEnvelopes: (Envelope | null)[] = new Array<Envelope | null>(RECENT_PAYLOADS).fill(null);
const recentPayloadJson: string[] = new Array<string>(RECENT_PAYLOADS).fill('');
let recentNext = 0;

function rememberPayloadJson(env: Envelope, json: string): void {
  recentEnvelopes[recentNext] = env;
  recentPayloadJson[recentNext] = json;
  recentNext = (recentNext + 1) % RECENT_PAYLOADS;
}

function payloadJsonFor(env: Envelope): string {
  for (let i = 0; i < RECENT_PAYLOADS; i++) if (recentEnvelopes[i] === env) return recentPayloadJson[i]!;
  const json = canonicalJson(env.payload);
  rememberPayloadJson(env, json);
  return json;
}

function originBytes(e: Content, payloadJson: string): Buffer {
  return Buffer.from(ORIGIN_CONTEXT + fieldsJson(e, payloadJson, null), 'utf8');
}

function hopBytes(e: Omit<Envelope, 'sigs'>, originSig: EnvelopeSig, payloadJson: string): Buffer {
  const hop = { sender: e.sender, recipient: e.recipient, sigsJson: canonicalJson([originSig]) };
  return Buffer.from(HOP_CONTEXT + fieldsJson(e, payloadJson, hop), 'utf8');
}

function assertSigningKey(key: KeyObject): void {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`signing needs an Ed25519 private key, got ${key.type} ${key.asymmetricKeyType}`);
  }
}

function ed25519Sign(data: Buffer, key: KeyObject): string {
  return signBytes(data, key).toString('base64url');
}

/**
 * An envelope's fields from `c`, addressed `sender` -> `recipient`, with `sigs` (or none yet),
 * written out rather than spread: objects built by spreading survived V8's scavenges far more
 * often on the link bench (see Link's #enqueue).
 */
function envelopeOf(
  c: Omit<Content, 'v' | 'payload'>,
  sender: Nation,
  recipient: Nation,
  payload: JsonValue,
  sigs: readonly [EnvelopeSig, EnvelopeSig],
): Envelope;
function envelopeOf(
  c: Omit<Content, 'v' | 'payload'>,
  sender: Nation,
  recipient: Nation,
  payload: JsonValue,
  sigs: undefined,
): Omit<Envelope, 'sigs'>;
function envelopeOf(
  c: Omit<Content, 'v' | 'payload'>,
  sender: Nation,
  recipient: Nation,
  payload: JsonValue,
  sigs: readonly [EnvelopeSig, EnvelopeSig] | undefined,
): Omit<Envelope, 'sigs'> & { sigs?: readonly [EnvelopeSig, EnvelopeSig] } {
  const e: { -readonly [K in keyof Envelope]?: Envelope[K] } = {
    v: 1,
    id: c.id,
    originator: c.originator,
    sender,
    recipient,
    topic: c.topic,
    marking: c.marking,
    createdMs: c.createdMs,
  };
  if (c.concerning !== undefined) e.concerning = c.concerning;
  if (c.relayTo !== undefined) e.relayTo = c.relayTo;
  e.payload = payload;
  if (sigs !== undefined) e.sigs = sigs;
  return e as Envelope;
}

/**
 * Signs a new item as its originator, addressed directly to `draft.recipient`. The payload is
 * copied, so later changes to the caller's object cannot break the signature.
 * Throws on a draft that is not well formed: that is a bug in the caller, not input.
 */
export function signEnvelope(draft: EnvelopeDraft, originatorKey: KeyObject): Envelope {
  assertSigningKey(originatorKey);
  const payloadJson = canonicalJson(draft.payload);
  const content = envelopeOf(
    draft,
    draft.originator,
    draft.recipient,
    JSON.parse(payloadJson) as JsonValue,
    undefined,
  );
  const shape = contentSchema.safeParse(content);
  if (!shape.success) throw new TypeError(`signEnvelope: bad draft: ${z.prettifyError(shape.error)}`);
  const originSig: EnvelopeSig = {
    nation: draft.originator,
    alg: 'Ed25519',
    sig: ed25519Sign(originBytes(content, payloadJson), originatorKey),
  };
  const hopSig: EnvelopeSig = {
    nation: draft.originator,
    alg: 'Ed25519',
    sig: ed25519Sign(hopBytes(content, originSig, payloadJson), originatorKey),
  };
  const env = envelopeOf(content, content.sender, content.recipient, content.payload, [originSig, hopSig]);
  rememberPayloadJson(env, payloadJson);
  return env;
}

/**
 * Forwards a (verified) envelope as `hop.sender` to `hop.recipient`: the originator's signature
 * is kept, the previous hop signature is replaced by the new sender's. Also serves an originator
 * fanning one signed item out to several partners.
 */
export function relayEnvelope(
  env: Envelope,
  hop: { sender: Nation; recipient: Nation },
  senderKey: KeyObject,
): Envelope {
  assertSigningKey(senderKey);
  if (!isNation(hop.sender) || !isNation(hop.recipient)) {
    throw new TypeError(`relayEnvelope: bad hop ${hop.sender} -> ${hop.recipient}`);
  }
  const originSig = env.sigs[0];
  if (originSig.nation !== env.originator) {
    throw new TypeError(`relayEnvelope: first signature is ${originSig.nation}'s, not the originator's`);
  }
  const readdressed = envelopeOf(env, hop.sender, hop.recipient, env.payload, undefined);
  const payloadJson = payloadJsonFor(env);
  const hopSig: EnvelopeSig = {
    nation: hop.sender,
    alg: 'Ed25519',
    sig: ed25519Sign(hopBytes(readdressed, originSig, payloadJson), senderKey),
  };
  const relayed = envelopeOf(env, hop.sender, hop.recipient, env.payload, [originSig, hopSig]);
  rememberPayloadJson(relayed, payloadJson);
  return relayed;
}

export type VerifyFailureReason =
  /** Not an envelope: bad JSON, wrong shape, unknown nation or topic, payload not plain JSON. */
  | 'malformed'
  /** Well formed, but addressed to another nation. */
  | 'wrong-recipient'
  | 'unknown-originator'
  /** The hop's sender has no pinned key. */
  | 'unknown-sender'
  /** The originator's signature over the content does not verify. */
  | 'bad-signature'
  /** The sender's hop signature (over routing and the originator's signature) does not verify. */
  | 'bad-relay-signature'
  | 'stale'
  | 'from-future';

export type VerifyResult =
  | { readonly ok: true; readonly envelope: Envelope; readonly relayed: boolean }
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly detail: string };

export interface VerifyOptions {
  readonly nowMs: number;
  /** Items created longer ago than this are refused (replays beyond the dedupe window). */
  readonly freshnessMs: number;
  /** The verifying nation: an envelope addressed to anyone else is refused. */
  readonly recipient: Nation;
  /** How far ahead of `nowMs` a partner's clock may run (default 5 s). */
  readonly maxFutureSkewMs?: number;
}

/** How far ahead of the verifier a partner's clock may run unless `maxFutureSkewMs` says otherwise. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5_000;

const fail = (reason: VerifyFailureReason, detail: string): VerifyResult => ({ ok: false, reason, detail });

/**
 * Verifies anything a partner could send: shape, recipient, pinned keys, freshness, then the
 * signatures (both, unless the hop signature is the originator's own on a direct send). Never throws on `input` (any value, including hostile JSON). Cheap checks run before
 * signature checks so that junk costs little.
 */
export function verifyEnvelope(
  input: unknown,
  pinnedKeys: ReadonlyMap<Nation, KeyObject>,
  options: VerifyOptions,
): VerifyResult {
  const { nowMs, freshnessMs, recipient } = options;
  const maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  if (!Number.isFinite(nowMs) || !(freshnessMs >= 0) || !(maxFutureSkewMs >= 0)) {
    throw new RangeError(`verifyEnvelope: bad options nowMs=${nowMs} freshnessMs=${freshnessMs}`);
  }

  let env: Envelope;
  let payloadJson: string;
  try {
    const parsed = envelopeSchema.safeParse(input);
    if (!parsed.success) return fail('malformed', z.prettifyError(parsed.error));
    payloadJson = canonicalJson(parsed.data.payload);
    env = parsed.data as Envelope;
  } catch (e) {
    // Only hostile input reaches here (a payload that is not plain JSON, or nested too deep).
    return fail('malformed', `payload: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [originSig, hopSig] = env.sigs;
  if (originSig.nation !== env.originator) {
    return fail('malformed', `sigs[0] is by ${originSig.nation}, not the originator ${env.originator}`);
  }
  if (hopSig.nation !== env.sender) {
    return fail('malformed', `sigs[1] is by ${hopSig.nation}, not the sender ${env.sender}`);
  }
  for (const s of env.sigs) {
    // One signature, one spelling: a non-canonical base64url variant of a valid signature is refused.
    const raw = Buffer.from(s.sig, 'base64url');
    if (raw.length !== ED25519_SIG_BYTES || raw.toString('base64url') !== s.sig) {
      return fail('malformed', `signature by ${s.nation} is not canonical base64url of 64 bytes`);
    }
  }
  if (env.recipient !== recipient) {
    return fail('wrong-recipient', `addressed to ${env.recipient}, verified by ${recipient}`);
  }
  const originKey = pinnedKeys.get(env.originator);
  if (originKey === undefined) return fail('unknown-originator', `no pinned key for ${env.originator}`);
  const senderKey = pinnedKeys.get(env.sender);
  if (senderKey === undefined) return fail('unknown-sender', `no pinned key for ${env.sender}`);
  if (env.createdMs > nowMs + maxFutureSkewMs) {
    return fail(
      'from-future',
      `created ${env.createdMs - nowMs} ms after now (allowed ${maxFutureSkewMs} ms)`,
    );
  }
  if (nowMs - env.createdMs > freshnessMs) {
    return fail('stale', `created ${nowMs - env.createdMs} ms ago (allowed ${freshnessMs} ms)`);
  }
  assertPinnedKey(env.originator, originKey);
  assertPinnedKey(env.sender, senderKey);
  const originOk = () =>
    ed25519Verify(originBytes(env, payloadJson), originKey, Buffer.from(originSig.sig, 'base64url'));
  const hopOk = ed25519Verify(
    hopBytes(env, originSig, payloadJson),
    senderKey,
    Buffer.from(hopSig.sig, 'base64url'),
  );
  // Sent directly by its originator to its final recipient, the hop signature is the originator's
  // over everything the origin signature covers and more, so one verification proves both. The
  // origin signature is checked on its own where it must outlive this hop (an envelope that came
  // through a relay, or one this node is asked to relay on), and to name what a failure broke.
  const direct = env.sender === env.originator && env.relayTo === undefined;
  if ((!direct || !hopOk) && !originOk())
    return fail('bad-signature', `originator ${env.originator}'s signature does not verify`);
  if (!hopOk) return fail('bad-relay-signature', `sender ${env.sender}'s hop signature does not verify`);
  rememberPayloadJson(env, payloadJson);
  return { ok: true, envelope: env, relayed: env.sender !== env.originator };
}

// A wrong pin is our configuration error, not a partner's doing: stop rather than mis-verify.
function assertPinnedKey(nation: Nation, key: KeyObject): void {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`pinned key for ${nation} is not an Ed25519 public key`);
  }
}

/** Deterministic bytes for the wire (canonical JSON, UTF-8), so a simulated run replays exactly. */
export function encodeEnvelope(env: Envelope): Uint8Array {
  return Buffer.from(envelopeJson(env), 'utf8');
}

/** The canonical JSON of an envelope (what `canonicalJson(env)` gives), its payload encoded once. */
export function envelopeJson(env: Envelope): string {
  return fieldsJson(env, payloadJsonFor(env), {
    sender: env.sender,
    recipient: env.recipient,
    sigsJson: canonicalJson(env.sigs),
  });
}

/** Parses wire bytes into a value for `verifyEnvelope`. Never throws. */
export function decodeEnvelope(
  body: Uint8Array,
):
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'malformed'; readonly detail: string } {
  if (body.byteLength > MAX_ENVELOPE_BYTES) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `${body.byteLength} bytes exceeds ${MAX_ENVELOPE_BYTES}`,
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: e instanceof Error ? e.message : String(e) };
  }
}
