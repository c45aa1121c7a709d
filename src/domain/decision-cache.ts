import type { Marking } from './marking.js';
import { NATION_CODES, type Nation } from './nations.js';
import type { CompiledRegistry } from './registry.js';
import { type Decision, type DecisionRequest, decide } from './releasability.js';
import { TOPIC_NAMES, type Topic } from './topics.js';

export interface CachedDecider {
  decide(req: DecisionRequest): Decision;
  readonly hits: number;
  readonly misses: number;
}

const markingKeys = new WeakMap<Marking, string>();

function markingKey(m: Marking): string {
  let key = markingKeys.get(m);
  if (key === undefined) {
    key = `${m.originator}/${m.level}/${m.relTo === null ? '-' : m.relTo.join(',')}/${m.noforn ? 'NF' : ''}${m.orcon ? 'OC' : ''}`;
    markingKeys.set(m, key);
  }
  return key;
}

/**
 * decide() behind a cache keyed by (marking, parties, topic, subject, and the registry's epoch at
 * the decision time). Epochs are the intervals between instants at which any agreement's standing
 * can change, so a cached answer is exactly the one decide() would give. Bounded: the cache is
 * cleared when it reaches `maxEntries`.
 */
export function cachedDecider(reg: CompiledRegistry, maxEntries = 100_000): CachedDecider {
  // Two levels: the marking's key, then a number packing the parties, topic, subject and epoch,
  // so that a lookup builds no strings.
  const cache = new Map<string, Map<number, Decision>>();
  let size = 0;
  let hits = 0;
  let misses = 0;
  if (reg.epochOf(Number.MAX_SAFE_INTEGER) >= 2 ** 20)
    throw new Error('invariant: too many change instants to cache');
  return {
    decide(req) {
      const mk = markingKey(req.marking);
      const key =
        ((((nationIndex(req.holder) * 32 + nationIndex(req.recipient)) * 32 + nationIndex(req.via)) * 32 +
          nationIndex(req.concerning)) *
          8 +
          TOPIC_INDEX.get(req.topic)!) *
          2 ** 20 +
        reg.epochOf(req.atMs);
      let inner = cache.get(mk);
      const hit = inner?.get(key);
      if (hit !== undefined) {
        hits++;
        return hit;
      }
      misses++;
      const d = decide(req, reg);
      if (size >= maxEntries) {
        cache.clear();
        size = 0;
        inner = undefined;
      }
      if (inner === undefined) {
        inner = new Map();
        cache.set(mk, inner);
      }
      inner.set(key, d);
      size++;
      return d;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
  };
}

const NATION_INDEX = new Map<Nation, number>(NATION_CODES.map((n, i) => [n, i + 1]));
const TOPIC_INDEX = new Map<Topic, number>(TOPIC_NAMES.map((t, i) => [t, i]));

// The packed key above gives nations 5 bits, topics 3 bits and epochs 20 bits.
if (NATION_CODES.length >= 32 || TOPIC_NAMES.length > 8)
  throw new Error('invariant: decision-cache key packing too narrow');

function nationIndex(n: Nation | undefined): number {
  return n === undefined ? 0 : NATION_INDEX.get(n)!;
}
