import { compareDates } from './dates.js';
import type { CommitmentsRegistry, Entry, LinkType } from './model.js';

export interface ChainLink {
  readonly type: LinkType;
  readonly to: Entry;
  readonly note?: string;
}

export interface ChainStep {
  /** When the step was taken (the entry's date). */
  readonly date: string;
  readonly entry: Entry;
  /** The step's links to other entries, resolved. */
  readonly links: readonly ChainLink[];
  /** Entries that link to this step (e.g. the measure that retaliated for it, or later restored it). */
  readonly linkedFrom: readonly { readonly type: LinkType; readonly from: Entry }[];
}

/**
 * The steps of chain `chainId` in date order (same-day steps keep registry order), each with its
 * links resolved both ways. Throws if the chain does not exist; the loader has already checked that
 * every member is dated and every link resolves, so a miss here is a programming error.
 * @example chain(reg, 'rok-jpn-2018-2023')[0].entry.id // 'kor-sc-ruling-nippon-steel-2018'
 */
export function chain(reg: CommitmentsRegistry, chainId: string): ChainStep[] {
  if (!reg.chain(chainId)) throw new Error(`invariant: no chain '${chainId}'`);
  const members = reg.entries.filter((e) => e.chains.includes(chainId));
  const steps = members.map((entry): ChainStep => {
    if (entry.date === undefined) throw new Error(`invariant: chain step '${entry.id}' has no date`);
    return {
      date: entry.date,
      entry,
      links: entry.links.map((l) => ({
        type: l.type,
        to: resolve(reg, l.to),
        ...(l.note !== undefined ? { note: l.note } : {}),
      })),
      linkedFrom: reg.entries.flatMap((from) =>
        from.links.filter((l) => l.to === entry.id).map((l) => ({ type: l.type, from })),
      ),
    };
  });
  // Array.prototype.sort is stable, so same-day steps stay in registry (file) order.
  return steps.sort((a, b) => compareDates(a.date, b.date));
}

function resolve(reg: CommitmentsRegistry, id: string): Entry {
  const e = reg.entry(id);
  if (!e) throw new Error(`invariant: link to unknown entry '${id}' passed the loader`);
  return e;
}
