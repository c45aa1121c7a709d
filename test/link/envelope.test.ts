import { type KeyObject, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CanonicalJsonError,
  DataFileError,
  InputError,
  type Nation,
  TOPIC_NAMES,
} from '../../src/domain/index.js';
import {
  canonicalJson,
  createUuidV7Generator,
  decodeEnvelope,
  type Envelope,
  type EnvelopeDraft,
  encodeEnvelope,
  exportKeyPairPem,
  generateSigningKeyPair,
  importPublicKeyPem,
  type JsonValue,
  publicKeyFingerprint,
  readPinnedKeys,
  readPrivateKeyFile,
  relayEnvelope,
  type SigningKeyPair,
  signEnvelope,
  type VerifyOptions,
  verifyEnvelope,
  writeKeyPairFiles,
} from '../../src/link/index.js';
import { seededFill } from './seeded.js';

const T0 = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const NATIONS = ['USA', 'JPN', 'KOR'] as const;

let keys: Map<Nation, SigningKeyPair>;
let pins: Map<Nation, KeyObject>;
beforeAll(() => {
  keys = new Map(NATIONS.map((n) => [n, generateSigningKeyPair()]));
  pins = new Map([...keys].map(([n, k]) => [n, k.publicKey]));
});
const priv = (n: Nation) => keys.get(n)!.privateKey;

const ids = createUuidV7Generator(seededFill(42));
const draft = (over: Partial<EnvelopeDraft> = {}): EnvelopeDraft => ({
  id: ids.next(T0),
  originator: 'JPN',
  recipient: 'USA',
  topic: 'missile-warning',
  marking: '//JPN SECRET//REL TO USA, JPN, KOR',
  createdMs: T0,
  concerning: 'PRK',
  payload: { trackId: 'J-17', ecefM: [-3_500_000.5, 4_100_000, 3_700_000], quality: null, tags: ['boost'] },
  ...over,
});
const opts = (recipient: Nation, over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  nowMs: T0 + 1_000,
  freshnessMs: 10 * MINUTE,
  recipient,
  ...over,
});

describe('signed envelopes', () => {
  it('round-trips through the wire encoding and verifies', () => {
    const env = signEnvelope(draft(), priv('JPN'));
    expect(env.sender).toBe('JPN');
    expect(env.sigs.map((s) => s.nation)).toEqual(['JPN', 'JPN']);
    const decoded = decodeEnvelope(encodeEnvelope(env));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const r = verifyEnvelope(decoded.value, pins, opts('USA'));
    expect(r).toEqual({ ok: true, envelope: env, relayed: false });
  });

  it('encodes to the canonical JSON of the whole envelope, signed, relayed or verified', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (payload, relayTo) => {
        const env = signEnvelope(
          draft({ payload: payload as JsonValue, ...(relayTo ? { relayTo: 'KOR' as const } : {}) }),
          priv('JPN'),
        );
        const text = (e: Envelope) => Buffer.from(encodeEnvelope(e)).toString('utf8');
        expect(text(env)).toBe(canonicalJson(env));
        const relayed = relayEnvelope(env, { sender: 'USA', recipient: 'KOR' }, priv('USA'));
        expect(text(relayed)).toBe(canonicalJson(relayed));
        const r = verifyEnvelope(JSON.parse(text(relayed)), pins, opts('KOR'));
        expect(r.ok).toBe(true);
        if (r.ok) expect(text(r.envelope)).toBe(canonicalJson(relayed));
      }),
      { numRuns: 100 },
    );
  });

  it('signs the canonical JSON of the content (origin) and of the whole hop (hop), under their contexts', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (payload, relayTo) => {
        const env = signEnvelope(
          draft({ payload: payload as JsonValue, ...(relayTo ? { relayTo: 'KOR' as const } : {}) }),
          priv('JPN'),
        );
        const { sigs, sender: _s, recipient: _r, ...content } = env;
        const bytes = (context: string, v: unknown) => Buffer.from(context + canonicalJson(v), 'utf8');
        const sig = (i: 0 | 1) => Buffer.from(sigs[i].sig, 'base64url');
        // node:crypto, independent of the backend that signed.
        expect(verify(null, bytes('concord/envelope/v1/origin\n', content), pins.get('JPN')!, sig(0))).toBe(
          true,
        );
        const hop = { ...env, sigs: [sigs[0]] };
        expect(verify(null, bytes('concord/envelope/v1/hop\n', hop), pins.get('JPN')!, sig(1))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('signs a copy of the payload, so later changes to the caller object do not matter', () => {
    const payload = { n: 1, list: [1, 2] };
    const env = signEnvelope(draft({ payload }), priv('JPN'));
    payload.n = 2;
    payload.list.push(3);
    expect(env.payload).toEqual({ n: 1, list: [1, 2] });
    expect(verifyEnvelope(env, pins, opts('USA')).ok).toBe(true);
  });

  it('refuses a draft that is not well formed (a caller bug, so it throws)', () => {
    expect(() => signEnvelope(draft({ id: 'not-a-uuid' }), priv('JPN'))).toThrow(TypeError);
    expect(() => signEnvelope(draft({ payload: { x: Number.NaN } }), priv('JPN'))).toThrow(
      CanonicalJsonError,
    );
    expect(() => signEnvelope(draft({ recipient: 'XYZ' as Nation }), priv('JPN'))).toThrow(TypeError);
    expect(() => signEnvelope(draft(), keys.get('JPN')!.publicKey)).toThrow(TypeError);
  });

  it('a relay forwards with the originator signature intact, and the receiver sees who relayed', () => {
    const direct = signEnvelope(draft({ recipient: 'USA' }), priv('JPN'));
    const relayed = relayEnvelope(direct, { sender: 'USA', recipient: 'KOR' }, priv('USA'));
    expect(relayed.sigs[0]).toEqual(direct.sigs[0]);
    expect(relayed.sigs[1].nation).toBe('USA');
    const r = verifyEnvelope(relayed, pins, opts('KOR'));
    expect(r.ok && r.relayed).toBe(true);
    // A second hop replaces the first relay's hop signature and still verifies.
    const twice = relayEnvelope(relayed, { sender: 'KOR', recipient: 'USA' }, priv('KOR'));
    expect(twice.sigs[0]).toEqual(direct.sigs[0]);
    expect(verifyEnvelope(twice, pins, opts('USA')).ok).toBe(true);
  });

  it('refuses a forged relay and a re-addressed envelope', () => {
    const direct = signEnvelope(draft({ recipient: 'USA' }), priv('JPN'));
    // KOR claims the USA relayed it, signing with its own key.
    const forged = relayEnvelope(direct, { sender: 'USA', recipient: 'KOR' }, priv('KOR'));
    expect(verifyEnvelope(forged, pins, opts('KOR'))).toMatchObject({
      ok: false,
      reason: 'bad-relay-signature',
    });
    // Someone on the path re-addresses JPN's direct envelope to KOR without any key.
    const readdressed = { ...direct, recipient: 'KOR' };
    expect(verifyEnvelope(readdressed, pins, opts('KOR'))).toMatchObject({
      ok: false,
      reason: 'bad-relay-signature',
    });
    // A relay by a nation with no pinned key.
    const byStranger = relayEnvelope(
      direct,
      { sender: 'AUS', recipient: 'KOR' },
      generateSigningKeyPair().privateKey,
    );
    expect(verifyEnvelope(byStranger, pins, opts('KOR'))).toMatchObject({
      ok: false,
      reason: 'unknown-sender',
    });
  });

  it('refuses stale, future, misaddressed and unknown-originator envelopes', () => {
    const env = signEnvelope(draft(), priv('JPN'));
    expect(verifyEnvelope(env, pins, opts('USA', { nowMs: T0 + 10 * MINUTE })).ok).toBe(true);
    expect(verifyEnvelope(env, pins, opts('USA', { nowMs: T0 + 10 * MINUTE + 1 }))).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(verifyEnvelope(env, pins, opts('USA', { nowMs: T0 - 5_000 })).ok).toBe(true);
    expect(verifyEnvelope(env, pins, opts('USA', { nowMs: T0 - 5_001 }))).toMatchObject({
      ok: false,
      reason: 'from-future',
    });
    expect(verifyEnvelope(env, pins, opts('KOR'))).toMatchObject({ ok: false, reason: 'wrong-recipient' });
    const withoutJpn = new Map([...pins].filter(([n]) => n !== 'JPN'));
    expect(verifyEnvelope(env, withoutJpn, opts('USA'))).toMatchObject({
      ok: false,
      reason: 'unknown-originator',
    });
  });

  it('fails verification after any single-field change, direct or relayed', () => {
    const direct = signEnvelope(draft(), priv('JPN'));
    const relayed = relayEnvelope(direct, { sender: 'USA', recipient: 'KOR' }, priv('USA'));
    const otherNation = (n: Nation) => fc.constantFrom(...NATIONS.filter((x) => x !== n));
    const tamper = (env: Envelope): fc.Arbitrary<readonly [string, Record<string, unknown>]> =>
      fc.oneof<fc.Arbitrary<readonly [string, Record<string, unknown>]>[]>(
        fc.constant(['v', { ...env, v: 2 }]),
        fc.constant(['id', { ...env, id: ids.next(T0) }]),
        otherNation(env.originator).map((n) => ['originator', { ...env, originator: n }]),
        otherNation(env.sender).map((n) => ['sender', { ...env, sender: n }]),
        otherNation(env.recipient).map((n) => ['recipient', { ...env, recipient: n }]),
        fc.constantFrom<Nation>('PRK', 'CHN').map((n) => ['concerning', { ...env, concerning: n }]),
        otherNation(env.recipient).map((n) => ['relayTo', { ...env, relayTo: n }]),
        fc
          .constantFrom(...TOPIC_NAMES.filter((t) => t !== env.topic))
          .map((t) => ['topic', { ...env, topic: t }]),
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter((m) => m !== env.marking)
          .map((m) => ['marking', { ...env, marking: m }]),
        fc
          .integer({ min: -MINUTE, max: MINUTE })
          .filter((d) => d !== 0)
          .map((d) => ['createdMs', { ...env, createdMs: env.createdMs + d }]),
        fc
          .jsonValue()
          .filter((p) => canonicalJson(p) !== canonicalJson(env.payload))
          .map((p) => ['payload', { ...env, payload: p }]),
        fc
          .tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 7 }))
          .map(([i, byte, bit]) => {
            const raw = Buffer.from(env.sigs[i]!.sig, 'base64url');
            raw[byte]! ^= 1 << bit;
            const sigs = env.sigs.map((s, j) => (j === i ? { ...s, sig: raw.toString('base64url') } : s));
            return [`sigs[${i}].sig`, { ...env, sigs }];
          }),
        fc.tuple(fc.constantFrom(0, 1), fc.constantFrom<Nation>(...NATIONS)).map(([i, n]) => {
          const sigs = env.sigs.map((s, j) => (j === i ? { ...s, nation: n } : s));
          return [`sigs[${i}].nation`, { ...env, sigs }];
        }),
        fc.constantFrom(0, 1).map((i) => {
          const sigs = env.sigs.map((s, j) => (j === i ? { ...s, alg: 'Ed448' } : s));
          return [`sigs[${i}].alg`, { ...env, sigs }];
        }),
      );
    fc.assert(
      fc.property(
        fc.constantFrom(direct, relayed).chain((env) => tamper(env).map((t) => [env, ...t] as const)),
        ([env, field, changed]) => {
          if (canonicalJson(changed) === canonicalJson(env)) return; // the change was a no-op
          // Verify as whoever the changed envelope claims to be for, far from any freshness edge.
          const r = verifyEnvelope(changed, pins, opts(changed.recipient as Nation, { nowMs: T0 }));
          expect(r.ok, field).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('content changes break the originator signature even when the hop is re-signed', () => {
    const env = signEnvelope(draft(), priv('JPN'));
    const { sigs: _, ...rest } = env;
    const changed = { ...rest, payload: { trackId: 'J-18' }, sigs: env.sigs };
    // The USA re-signs the hop over the changed content: only JPN's signature can catch it.
    const resigned = relayEnvelope(changed, { sender: 'USA', recipient: 'KOR' }, priv('USA'));
    expect(verifyEnvelope(resigned, pins, opts('KOR'))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('never throws on anything a partner could send', () => {
    const env = signEnvelope(draft(), priv('JPN'));
    const fields = Object.keys(env);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything(),
          // Near misses: a real envelope with one field replaced by arbitrary JSON.
          fc
            .tuple(fc.constantFrom(...fields), fc.jsonValue())
            .map(([k, v]) => ({ ...env, [k]: v }) as unknown),
        ),
        (v) => {
          const r = verifyEnvelope(v, pins, opts('USA'));
          if (r.ok) expect(canonicalJson(r.envelope)).toBe(canonicalJson(env));
        },
      ),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const d = decodeEnvelope(bytes);
        if (d.ok) expect(verifyEnvelope(d.value, pins, opts('USA')).ok).toBe(false);
      }),
    );
    const deep = `{"payload":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const d = decodeEnvelope(Buffer.from(deep));
    if (d.ok) expect(verifyEnvelope(d.value, pins, opts('USA')).ok).toBe(false);
    const deepPayload = { ...env, payload: nest(10_000) as JsonValue };
    expect(verifyEnvelope(deepPayload, pins, opts('USA'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeEnvelope(Uint8Array.of(0xff, 0xfe))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a second spelling of a valid signature', () => {
    const env = signEnvelope(draft(), priv('JPN'));
    const sig = env.sigs[1].sig;
    // The last base64url character carries 2 padding bits; setting one keeps the same 64 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const variant = sig.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    const changed = { ...env, sigs: [env.sigs[0], { ...env.sigs[1], sig: variant }] };
    expect(verifyEnvelope(changed, pins, opts('USA'))).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('key files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concord-keys-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a PEM pair that reads back and signs/verifies as the original', () => {
    const pair = generateSigningKeyPair();
    const paths = writeKeyPairFiles(dir, 'KOR', pair);
    expect(statSync(paths.privatePath).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.publicPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pinsFromDisk = readPinnedKeys(dir, ['KOR']);
    expect(publicKeyFingerprint(pinsFromDisk.get('KOR')!)).toBe(publicKeyFingerprint(pair.publicKey));
    const env = signEnvelope(
      draft({ originator: 'KOR', recipient: 'JPN' }),
      readPrivateKeyFile(paths.privatePath),
    );
    expect(verifyEnvelope(env, pinsFromDisk, opts('JPN')).ok).toBe(true);
  });

  it('refuses to overwrite a key, and names the file on bad or missing keys', () => {
    writeKeyPairFiles(dir, 'AUS', generateSigningKeyPair());
    expect(() => writeKeyPairFiles(dir, 'AUS', generateSigningKeyPair())).toThrow(InputError);
    expect(() => readPinnedKeys(dir, ['NZL'])).toThrow(DataFileError);
    expect(() => importPublicKeyPem('garbage', 'x.pem')).toThrow(/x\.pem: not a PEM public key/);
    const { privatePem } = exportKeyPairPem(generateSigningKeyPair());
    expect(() => importPublicKeyPem(privatePem, 'priv.pem')).toThrow(DataFileError);
  });
});

function nest(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}
