import type { Source } from './agreements.js';
import type { Nation } from './nations.js';
import type { Topic } from './topics.js';

export type CoalitionFunction =
  | 'missile-warning'
  | 'maritime-security'
  | 'pandemic-response'
  | 'intelligence-sharing'
  | 'crisis-consultation';

export interface Membership {
  readonly nation: Nation;
  readonly joinedMs: number;
  readonly leftMs?: number;
}

/** A coalition "where interests align": members (dated), what it is for, and the agreements it relies on. */
export interface Coalition {
  readonly id: string;
  readonly name: string;
  readonly functions: readonly CoalitionFunction[];
  readonly topics: readonly Topic[];
  readonly members: readonly Membership[];
  readonly agreements: readonly string[];
  readonly sources: readonly Source[];
  readonly flags: readonly string[];
}

/** Members at instant `tMs`, in the order listed. */
export function membersAt(c: Coalition, tMs: number): Nation[] {
  return c.members
    .filter((m) => m.joinedMs <= tMs && (m.leftMs === undefined || tMs < m.leftMs))
    .map((m) => m.nation);
}
