import { schemeOf } from './classification.js';
import type { Marking } from './marking.js';
import { compareRelTo, type Nation } from './nations.js';
import type { CompiledRegistry } from './registry.js';
import { type Decision, decide } from './releasability.js';
import { TOPIC_NAMES, type Topic } from './topics.js';

/** What may flow from `from` to `to` on one topic: the highest level directly, and through relays. */
export interface SharingCell {
  readonly from: Nation;
  readonly to: Nation;
  readonly topic: Topic;
  /** Null when nothing may flow directly. */
  readonly direct: Flow | null;
  /** Relayed routes that carry the topic where the direct one does not, or carry a higher level. */
  readonly via: readonly (Flow & { readonly relay: Nation })[];
}

export interface Flow {
  /** Highest level of `from` that may flow, as its id and English equivalent. */
  readonly level: string;
  readonly english: string;
  readonly agreement: string;
  /** Set when only items about this subject may flow (e.g. TISA: North Korean threats only). */
  readonly concerning?: Nation;
}

/** Subjects tried when an agreement is limited to items about particular states. */
const SUBJECTS: readonly (Nation | undefined)[] = [undefined, 'PRK', 'CHN', 'RUS'];

/**
 * The sharing matrix at `atMs`: for each ordered pair of the registry's nations and each topic,
 * the highest level an originator may send directly, and through whom otherwise. Computed with
 * decide() itself, so the matrix cannot disagree with a single decision.
 */
export function sharingMatrix(reg: CompiledRegistry, atMs: number): SharingCell[] {
  const nations = reg.nations.filter((n) => reg.agreements.some((a) => a.parties.includes(n)));
  const relTo = [...nations].sort(compareRelTo);
  const cells: SharingCell[] = [];
  for (const from of nations) {
    for (const to of nations) {
      if (from === to) continue;
      for (const topic of TOPIC_NAMES) {
        // Governance acts cross on the diplomatic channel, not under an agreement's scope.
        if (topic === 'governance') continue;
        const direct = highest(reg, from, to, topic, atMs, relTo, undefined);
        const via: (Flow & { relay: Nation })[] = [];
        for (const relay of nations) {
          if (relay === from || relay === to) continue;
          const f = highest(reg, from, to, topic, atMs, relTo, relay);
          if (f && (!direct || rankOf(from, f.level) > rankOf(from, direct.level))) via.push({ ...f, relay });
        }
        if (direct || via.length > 0) cells.push({ from, to, topic, direct, via });
      }
    }
  }
  return cells;
}

function highest(
  reg: CompiledRegistry,
  from: Nation,
  to: Nation,
  topic: Topic,
  atMs: number,
  relTo: readonly Nation[],
  via: Nation | undefined,
): Flow | null {
  const levels = schemeOf(from).levels;
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const marking: Marking = { originator: from, level: level.id, relTo, noforn: false, orcon: false };
    for (const concerning of SUBJECTS) {
      const d: Decision = decide(
        {
          marking,
          recipient: to,
          topic,
          atMs,
          ...(via ? { via } : {}),
          ...(concerning ? { concerning } : {}),
        },
        reg,
      );
      if (d.allow) {
        return {
          level: level.id,
          english: level.english,
          agreement: d.agreement ?? '',
          ...(concerning ? { concerning } : {}),
        };
      }
    }
  }
  return null;
}

function rankOf(n: Nation, id: string): number {
  return schemeOf(n).levels.find((l) => l.id === id)?.rank ?? -1;
}
