import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Backend, ed25519Sign, ed25519Verify } from '../../src/link/ed25519.js';

const a = generateKeyPairSync('ed25519');
const b = generateKeyPairSync('ed25519');

describe("ed25519 (the link envelopes' signatures)", () => {
  it('runs on libsodium here (sodium-native is a dependency; CONCORD_ED25519=node selects node:crypto)', () => {
    expect(ed25519Backend).toBe(process.env.CONCORD_ED25519 === 'node' ? 'node:crypto' : 'libsodium');
  });

  it('signs exactly as node:crypto does, and each verifies the other (RFC 8032 signatures are deterministic)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const data = Buffer.from(bytes);
        const ours = ed25519Sign(data, a.privateKey);
        expect(ours.equals(sign(null, data, a.privateKey))).toBe(true);
        expect(ed25519Verify(data, a.publicKey, sign(null, data, a.privateKey))).toBe(true);
        expect(verify(null, data, a.publicKey, ours)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses another key, altered data, an altered or truncated signature', () => {
    const data = Buffer.from('concord/envelope/v1/origin\n{"id":"x"}');
    const sig = ed25519Sign(data, a.privateKey);
    expect(ed25519Verify(data, a.publicKey, sig)).toBe(true);
    expect(ed25519Verify(data, b.publicKey, sig)).toBe(false);
    const altered = Buffer.from(data);
    altered[altered.length - 2]! ^= 1;
    expect(ed25519Verify(altered, a.publicKey, sig)).toBe(false);
    for (const i of [0, 31, 32, 63]) {
      const bad = Buffer.from(sig);
      bad[i]! ^= 0x40;
      expect(ed25519Verify(data, a.publicKey, bad)).toBe(false);
    }
    expect(ed25519Verify(data, a.publicKey, sig.subarray(0, 63))).toBe(false);
  });
});
