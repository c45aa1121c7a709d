import type { Warning } from '../api/types.js';

/**
 * The next predicted event first, then those passed (latest first), then the withdrawn ones (kept,
 * struck through): the top line is always what the operator must act on. `nowMs`: the scenario
 * instant (undefined before the first picture: every warning counts as ahead).
 */
export function orderWarnings(ws: readonly Warning[], nowMs: number | undefined): Warning[] {
  const rank = (w: Warning) =>
    w.withdrawn !== undefined ? 2 : nowMs !== undefined && Date.parse(w.event) < nowMs ? 1 : 0;
  return [...ws].sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    const d = Date.parse(a.event) - Date.parse(b.event);
    return rank(a) === 0 ? d : -d;
  });
}
