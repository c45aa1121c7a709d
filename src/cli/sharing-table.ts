import type { Nation, SharingCell } from '../domain/index.js';
import { TOPIC_NAMES } from '../domain/index.js';

const ABBREVIATION: Record<string, string> = {
  UNCLASSIFIED: 'U',
  RESTRICTED: 'R',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};

/** The legend that goes with `sharingTable`. */
export const SHARING_LEGEND =
  'TS/S/C/U: English treaty equivalents; "via X": only through a relay; (PRK): only items concerning PRK; -: nothing';

function cellText(c: SharingCell | undefined): string {
  if (!c) return '-';
  const only = (f: { concerning?: string }) => (f.concerning ? ` (${f.concerning})` : '');
  const parts: string[] = [];
  if (c.direct) parts.push(`${ABBREVIATION[c.direct.english]}${only(c.direct)}`);
  for (const v of c.via) parts.push(`${ABBREVIATION[v.english]} via ${v.relay}${only(v)}`);
  return parts.join(', ');
}

/**
 * The sharing matrix as aligned text lines: one row per ordered pair of nations (only pairs among
 * `among` when given), one column per topic that anything may flow on.
 */
export function sharingTable(cells: readonly SharingCell[], among?: readonly Nation[]): string[] {
  const kept = among ? cells.filter((c) => among.includes(c.from) && among.includes(c.to)) : cells;
  const topics = TOPIC_NAMES.filter((t) => kept.some((c) => c.topic === t));
  const pairs = [...new Set(kept.map((c) => `${c.from}>${c.to}`))];
  const rows: string[][] = [['FROM>TO', ...topics]];
  for (const pair of pairs) {
    const [from, to] = pair.split('>');
    rows.push([
      `${from} > ${to}`,
      ...topics.map((t) => cellText(kept.find((c) => c.from === from && c.to === to && c.topic === t))),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((s, i) => s.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
