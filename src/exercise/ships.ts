import type { HeardRecord } from '../bundled/index.js';
import type { Nation } from '../domain/index.js';
import type { NationNode } from '../node/index.js';

/** How much scenario time one feeding of a desk covers (one timer per step that has records). */
export const SHIP_FEED_STEP_MS = 1_000;

/**
 * Feeds each node's maritime desk what its nation's receivers heard of the scenario's ships and what
 * the sensors it operates saw of them (`shipsByNation`), each record or contact at its own time: what was sent before `nowMs` (the traffic's
 * lead-in) at once, the rest a step of scenario time at a time (one timer in flight per node, not
 * one per record: an exercise runs many seeds). `after` runs a function after that many scenario
 * ms. Records must be in time order (as `shipsByNation` gives them). Each feeding runs under the
 * node's guard: a failure is a fault of that node, not the end of the run.
 */
export function scheduleShips(
  heard: ReadonlyMap<Nation, readonly HeardRecord[]>,
  nodes: ReadonlyMap<Nation, NationNode>,
  after: (delayMs: number, fn: () => void) => void,
  nowMs: () => number,
  stepMs = SHIP_FEED_STEP_MS,
): void {
  if (!(stepMs > 0)) throw new RangeError(`invariant: stepMs must be positive, not ${stepMs}`);
  for (const [nation, records] of heard) {
    const node = nodes.get(nation);
    if (!node || records.length === 0) continue;
    let next = 0;
    const feed = () => {
      const now = nowMs();
      node.guard('maritime:scenario-ships', () => {
        while (next < records.length && records[next]!.tMs <= now) {
          const h = records[next++]!;
          if ('contact' in h) node.maritime.ingestContact(h.contact, h.source);
          else node.maritime.ingestAisRecord(h.record, h.tMs, h.source);
        }
      });
      if (next >= records.length) return;
      // The end of the step that holds the next record (from now: a late node catches up at once).
      const dueMs = records[next]!.tMs;
      const stepEnd = now + Math.ceil((dueMs - now) / stepMs) * stepMs;
      after(Math.max(0, stepEnd - now), feed);
    };
    feed();
  }
}
