// Signing keys for a set of nations in a test, and each nation's envelope cryptography over them.
import type { Nation } from '../domain/index.js';
import type { EnvelopeCrypto } from '../link/engine.js';
import { envelopeCrypto, generateSigningKeyPair, type SigningKeyPair } from '../link/index.js';

export interface Keyring {
  readonly keys: ReadonlyMap<Nation, SigningKeyPair>;
  readonly publicKeys: ReadonlyMap<Nation, SigningKeyPair['publicKey']>;
  /** `nation`'s envelope cryptography, every nation of the ring pinned. */
  crypto(nation: Nation): EnvelopeCrypto;
}

/** Fresh keys for `nations`; envelopes older than `freshnessMs` (default a day) are refused. */
export function testKeyring(nations: readonly Nation[], freshnessMs = 86_400_000): Keyring {
  const keys = new Map(nations.map((n) => [n, generateSigningKeyPair()]));
  const publicKeys = new Map([...keys].map(([n, k]) => [n, k.publicKey]));
  return {
    keys,
    publicKeys,
    crypto: (nation) =>
      envelopeCrypto({ nation, privateKey: keys.get(nation)!.privateKey, publicKeys, freshnessMs }),
  };
}
