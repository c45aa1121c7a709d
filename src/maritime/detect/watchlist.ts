import type { VesselState } from '../picture/index.js';
import type { Detector, DetectorContext } from './context.js';
import type { WatchEntry } from './watchlist-index.js';

/** The watch-list entry a vessel matches, and by what: IMO first (the hull's permanent number), then MMSI, then name. */
export function matchWatch(
  ctx: DetectorContext,
  v: { mmsi: number; imo?: number; name?: string },
): { entry: WatchEntry; by: 'imo' | 'mmsi' | 'name' } | null {
  const w = ctx.ref.watch;
  const byImo = w.byImo(v.imo);
  if (byImo) return { entry: byImo, by: 'imo' };
  const byMmsi = w.byMmsi(v.mmsi);
  if (byMmsi) return { entry: byMmsi, by: 'mmsi' };
  const byName = w.byName(v.name);
  if (byName) return { entry: byName, by: 'name' };
  return null;
}

const CONFIDENCE = { imo: 0.95, mmsi: 0.8, name: 0.6 } as const;

/**
 * Watch-listed vessels: the first time a vessel with a position matches an entry (by IMO, MMSI or
 * name; a later, stronger match is reported again), an event at its position.
 */
export function watchlistDetector(): Detector {
  const said = new Map<number, 'imo' | 'mmsi' | 'name'>();
  const check = (ctx: DetectorContext, v: VesselState) => {
    if (ctx.ref.watch.entries.length === 0) return;
    const m = matchWatch(ctx, v);
    if (!m) return;
    const prev = said.get(v.mmsi);
    if (prev !== undefined && CONFIDENCE[prev] >= CONFIDENCE[m.by]) return;
    said.set(v.mmsi, m.by);
    const e = m.entry;
    ctx.emit({
      type: 'watchlist',
      mmsi: [v.mmsi],
      startMs: v.tMs,
      endMs: null,
      latDeg: v.latDeg,
      lonDeg: v.lonDeg,
      confidence: CONFIDENCE[m.by],
      evidence: [
        {
          kind: 'watchlist',
          matchedBy: m.by,
          ...(e.name !== undefined ? { name: e.name } : {}),
          ...(e.imo !== undefined ? { imo: e.imo } : {}),
          ...(e.category !== undefined ? { category: e.category } : {}),
          ...(e.designated !== undefined ? { designated: e.designated } : {}),
          ...(e.source !== undefined ? { source: e.source } : {}),
          ...(v.name !== undefined ? { aisName: v.name } : {}),
        },
      ],
    });
  };
  return {
    // A vessel's identity changes only with static data: check its first fix, then each static report.
    onFix: (ctx, u) => {
      if (u.previous === null) check(ctx, u.vessel);
    },
    onStatic: (ctx, v) => check(ctx, v),
  };
}
