import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileError, InputError, type Nation } from '../domain/index.js';

// A node's Ed25519 signing keys: generation, PEM import and export, fingerprints, and the key files
// (`<dir>/<NATION>.key.pem`, `<dir>/<NATION>.pub.pem`) with the partners' pinned public keys.

export interface SigningKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateSigningKeyPair(): SigningKeyPair {
  return generateKeyPairSync('ed25519');
}

/** PKCS#8 PEM for the private key, SPKI PEM for the public key. */
export function exportKeyPairPem(pair: SigningKeyPair): { privatePem: string; publicPem: string } {
  return {
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** `input` names where the PEM came from, for the error. */
export function importPrivateKeyPem(pem: string, input: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new DataFileError(
      { input },
      `not a PEM private key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new DataFileError({ input }, `expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  }
  return key;
}

export function importPublicKeyPem(pem: string, input: string): KeyObject {
  let key: KeyObject;
  try {
    // createPublicKey also accepts a private key and derives its public half; refuse that, so a
    // private key never ends up distributed as a pin by mistake.
    if (/PRIVATE KEY/.test(pem)) throw new Error('this is a private key');
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new DataFileError(
      { input },
      `not a PEM public key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new DataFileError({ input }, `expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  }
  return key;
}

/** SHA-256 of the public key's SPKI DER, hex: what operators compare out of band before pinning. */
export function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** `<dir>/<NATION>.key.pem` and `<dir>/<NATION>.pub.pem`. */
export function keyFilePaths(dir: string, nation: Nation): { privatePath: string; publicPath: string } {
  return { privatePath: join(dir, `${nation}.key.pem`), publicPath: join(dir, `${nation}.pub.pem`) };
}

/**
 * Writes a nation's key pair (private key readable by the owner only). Refuses to overwrite an
 * existing file: replacing a signing key silently would orphan every partner's pin.
 */
export function writeKeyPairFiles(
  dir: string,
  nation: Nation,
  pair: SigningKeyPair,
): { privatePath: string; publicPath: string } {
  const paths = keyFilePaths(dir, nation);
  const { privatePem, publicPem } = exportKeyPairPem(pair);
  writeNew(paths.privatePath, privatePem, 0o600);
  writeNew(paths.publicPath, publicPem, 0o644);
  return paths;
}

function writeNew(path: string, text: string, mode: number): void {
  try {
    writeFileSync(path, text, { mode, flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem =
      code === 'EEXIST' ? 'already exists; refusing to overwrite a key' : `cannot write (${code})`;
    throw new InputError({ input: path }, problem);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFileError({ input: path }, `cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
}

export function readPrivateKeyFile(path: string): KeyObject {
  return importPrivateKeyPem(readText(path), path);
}

export function readPublicKeyFile(path: string): KeyObject {
  return importPublicKeyPem(readText(path), path);
}

/** The pins for `nations`, read from `<dir>/<NATION>.pub.pem`. */
export function readPinnedKeys(dir: string, nations: readonly Nation[]): Map<Nation, KeyObject> {
  return new Map(nations.map((n) => [n, readPublicKeyFile(keyFilePaths(dir, n).publicPath)]));
}
