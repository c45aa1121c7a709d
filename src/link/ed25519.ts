import { type KeyObject, sign, verify } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * Ed25519 signing and verification for the link's envelopes, by libsodium (sodium-native) where
 * it loads, else by node:crypto (OpenSSL). Ed25519 signatures are deterministic (RFC 8032), so
 * both give the same bytes and each verifies the other's. Keys stay node:crypto KeyObjects
 * everywhere else; their raw bytes are taken once per key.
 *
 * Why not node:crypto alone: libsodium signs and verifies about twice as fast (figures in
 * docs/figures.md), and an item sent to two partners costs three signatures and two verifications,
 * on the path whose latency `concord bench link` measures (`ed25519Backend` in its output).
 */

type Sodium = typeof import('sodium-native').default;

function loadSodium(): Sodium | null {
  if (process.env.CONCORD_ED25519 === 'node') return null;
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return null;
  }
}

const sodium = loadSodium();

/** Which implementation signs and verifies in this process. */
export const ed25519Backend: 'libsodium' | 'node:crypto' = sodium ? 'libsodium' : 'node:crypto';

const secretKeys = new WeakMap<KeyObject, Buffer>();
const publicKeys = new WeakMap<KeyObject, Buffer>();

/** libsodium's 64-byte secret key (seed, then public key) for a node:crypto Ed25519 private key. */
function secretKeyOf(s: Sodium, key: KeyObject): Buffer {
  let sk = secretKeys.get(key);
  if (sk === undefined) {
    // PKCS#8 DER of an Ed25519 key ends with the 32-byte seed (RFC 8410).
    const seed = key.export({ format: 'der', type: 'pkcs8' }).subarray(-s.crypto_sign_SEEDBYTES);
    sk = Buffer.alloc(s.crypto_sign_SECRETKEYBYTES);
    s.crypto_sign_seed_keypair(Buffer.alloc(s.crypto_sign_PUBLICKEYBYTES), sk, Buffer.from(seed));
    secretKeys.set(key, sk);
  }
  return sk;
}

/** The raw 32-byte public key (the end of its SPKI DER, RFC 8410). */
function publicKeyOf(s: Sodium, key: KeyObject): Buffer {
  let pk = publicKeys.get(key);
  if (pk === undefined) {
    pk = Buffer.from(key.export({ format: 'der', type: 'spki' }).subarray(-s.crypto_sign_PUBLICKEYBYTES));
    publicKeys.set(key, pk);
  }
  return pk;
}

/** The 64-byte signature of `data` by an Ed25519 private key. */
export function ed25519Sign(data: Buffer, key: KeyObject): Buffer {
  if (sodium === null) return sign(null, data, key);
  const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(sig, data, secretKeyOf(sodium, key));
  return sig;
}

/** Whether `sig` (64 bytes) is `key`'s Ed25519 signature of `data`. */
export function ed25519Verify(data: Buffer, key: KeyObject, sig: Buffer): boolean {
  if (sodium === null) return verify(null, data, key, sig);
  if (sig.length !== sodium.crypto_sign_BYTES) return false;
  return sodium.crypto_sign_verify_detached(sig, data, publicKeyOf(sodium, key));
}
