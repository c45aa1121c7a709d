import { type Agreement, type ConsentRecord, changeInstants } from './agreements.js';
import type { Coalition } from './coalitions.js';
import type { Nation } from './nations.js';

/** Everything the releasability rules read: agreements, coalitions and explicit consents. */
export interface Registry {
  readonly agreements: readonly Agreement[];
  readonly coalitions: readonly Coalition[];
  readonly consents: readonly ConsentRecord[];
}

/**
 * A registry indexed for decisions: agreements by unordered pair of parties, consents by
 * (originator, holder, recipient), and the sorted instants at which any standing may change.
 * Immutable; a changed registry is compiled anew (and gets a new version).
 */
export interface CompiledRegistry extends Registry {
  /** Distinguishes compiled registries, for caches. */
  readonly version: number;
  /** Agreements that list both nations as parties, in registry order. */
  between(a: Nation, b: Nation): readonly Agreement[];
  consentsFor(originator: Nation, holder: Nation, recipient: Nation): readonly ConsentRecord[];
  agreement(id: string): Agreement | undefined;
  /**
   * Index of the interval between change instants that holds `tMs`: two instants with the same
   * epoch see every agreement and consent in the same standing.
   */
  epochOf(tMs: number): number;
  /** Every nation that is party to an agreement or member of a coalition, USA first then alphabetical. */
  readonly nations: readonly Nation[];
}

let nextVersion = 1;

export function compileRegistry(r: Registry): CompiledRegistry {
  const pairs = new Map<string, Agreement[]>();
  const byId = new Map<string, Agreement>();
  const instants: number[] = [];
  const nations = new Set<Nation>();
  for (const a of r.agreements) {
    byId.set(a.id, a);
    instants.push(...changeInstants(a));
    for (const p of a.parties) nations.add(p);
    for (let i = 0; i < a.parties.length; i++) {
      for (let j = i + 1; j < a.parties.length; j++) {
        const key = pairKey(a.parties[i]!, a.parties[j]!);
        const list = pairs.get(key);
        if (list) list.push(a);
        else pairs.set(key, [a]);
      }
    }
  }
  const consents = new Map<string, ConsentRecord[]>();
  for (const c of r.consents) {
    const key = `${c.originator}>${c.holder}>${c.recipient}`;
    const list = consents.get(key);
    if (list) list.push(c);
    else consents.set(key, [c]);
    instants.push(c.fromMs);
    if (c.untilMs !== undefined) instants.push(c.untilMs);
  }
  for (const c of r.coalitions) for (const m of c.members) nations.add(m.nation);
  const sorted = [...new Set(instants)].sort((x, y) => x - y);
  const none: readonly never[] = [];
  return {
    ...r,
    version: nextVersion++,
    between: (a, b) => pairs.get(pairKey(a, b)) ?? none,
    consentsFor: (o, h, rcp) => consents.get(`${o}>${h}>${rcp}`) ?? none,
    agreement: (id) => byId.get(id),
    epochOf: (tMs) => upperBound(sorted, tMs),
    nations: [...nations].sort((x, y) => (x === 'USA' ? -1 : y === 'USA' ? 1 : x < y ? -1 : x > y ? 1 : 0)),
  };
}

function pairKey(a: Nation, b: Nation): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Number of elements of sorted `xs` that are <= x. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
