// What `concord bench link` and its per-node child processes (bench/link-node.ts) share: one
// nation's link with a real store, real keys and the bundled agreements.

import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_AGREEMENTS } from '../src/bundled/index.js';
import { type Nation, parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { envelopeCrypto, Link, type ReceivedItem, type Transport } from '../src/link/index.js';
import { openStore, type Store } from '../src/store/index.js';

/** The set-up a child node reads as one JSON line on its standard input. */
export interface LinkNodeSetup {
  readonly nation: Nation;
  readonly partners: readonly Nation[];
  /** The partners whose inbound streams the node reads (the bench's raw peer reads the others). */
  readonly senders: readonly Nation[];
  readonly url: string;
  readonly password: string;
  readonly privatePem: string;
  readonly publicPems: Readonly<Record<string, string>>;
  readonly dir: string;
  readonly synchronous: 'full' | 'normal';
}

/**
 * Milliseconds on the machine-wide monotonic clock (process.hrtime: CLOCK_MONOTONIC on Linux), the
 * same in every process on one machine — unlike performance.timeOrigin, which was measured
 * milliseconds apart between processes.
 */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export const wall = {
  nowMs: () => Date.now(),
  after: (ms: number, fn: () => void) => void setTimeout(fn, ms),
};

/** One nation's link on `transport`, its store under `dir` (started: it listens for its partners). */
export function benchLink(o: {
  nation: Nation;
  synchronous: 'full' | 'normal';
  /** `background` (default): WAL checkpoints in a worker, as the nodes run; `auto`: SQLite's own. */
  checkpoint?: 'auto' | 'background';
  transport: Transport;
  clock: { nowMs(): number };
  timers: { after(ms: number, fn: () => void): void };
  dir: string;
  privateKey: KeyObject;
  publicKeys: ReadonlyMap<Nation, KeyObject>;
  onItem: (r: ReceivedItem) => void;
}): { link: Link; store: Store } {
  mkdirSync(o.dir, { recursive: true });
  const registry = parseRegistry(readFileSync(BUNDLED_AGREEMENTS, 'utf8'), BUNDLED_AGREEMENTS);
  const store = openStore(join(o.dir, `${o.nation}.sqlite`), {
    synchronous: o.synchronous,
    checkpoint: o.checkpoint ?? 'background',
  });
  const link = new Link({
    nation: o.nation,
    clock: o.clock,
    timers: o.timers,
    transport: o.transport,
    outbox: store.outbox,
    inbox: store.inbox,
    audit: store.audit,
    transaction: (fn) => store.transaction(fn),
    crypto: envelopeCrypto({
      nation: o.nation,
      privateKey: o.privateKey,
      publicKeys: new Map(o.publicKeys),
      freshnessMs: 86_400_000,
    }),
    registry: () => registry,
    onItem: o.onItem,
  });
  link.start(TRILATERAL.filter((n) => n !== o.nation));
  return { link, store };
}
