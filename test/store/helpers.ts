import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Nation, Topic } from '../../src/domain/index.js';
import {
  createUuidV7Generator,
  type Envelope,
  generateSigningKeyPair,
  type JsonValue,
  signEnvelope,
} from '../../src/link/index.js';
import { seededFill } from '../link/seeded.js';

/** A fresh temp directory per call; `cleanup` removes every one made. */
export function tempDirs() {
  const made: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'concord-store-'));
    made.push(d);
    return d;
  };
  return {
    dir,
    file: (name = 'store.db'): string => join(dir(), name),
    cleanup(): void {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

export const T0 = Date.UTC(2025, 0, 1);

/** Signed envelopes with increasing ids, one key per originator. */
export function envelopes(seed = 1) {
  const ids = createUuidV7Generator(seededFill(seed));
  const keys = new Map<Nation, ReturnType<typeof generateSigningKeyPair>>();
  const keyOf = (n: Nation) => {
    let k = keys.get(n);
    if (k === undefined) {
      k = generateSigningKeyPair();
      keys.set(n, k);
    }
    return k.privateKey;
  };
  return (
    over: {
      originator?: Nation;
      recipient?: Nation;
      topic?: Topic;
      createdMs?: number;
      payload?: JsonValue;
    } = {},
  ): Envelope => {
    const originator = over.originator ?? 'JPN';
    const createdMs = over.createdMs ?? T0;
    return signEnvelope(
      {
        id: ids.next(createdMs),
        originator,
        recipient: over.recipient ?? 'USA',
        topic: over.topic ?? 'missile-warning',
        marking: `//${originator} SECRET//REL TO USA, JPN, KOR`,
        createdMs,
        payload: over.payload ?? { n: 1 },
      },
      keyOf(originator),
    );
  };
}

/** An outbox entry for the USA with an opaque one-byte body, for tests that only count entries. */
export function plainEntry(id: string, body = 0) {
  return {
    id,
    recipient: 'USA',
    originator: 'KOR',
    topic: 'missile-warning',
    marking: '//KOR SECRET//REL TO USA, JPN, KOR',
    concerning: null,
    relayTo: null,
    body: new Uint8Array([body]),
    nowMs: T0,
  } as const;
}
