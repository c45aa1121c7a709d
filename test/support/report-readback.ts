/**
 * Every figure report.html shows from results.json (`data-r="path">text<`), with the value at that
 * path in `results`: the pairs a test compares. Text '–' stands for null.
 */
export function readBack(
  html: string,
  results: unknown,
): { path: string; shown: number | null; value: unknown }[] {
  const out: { path: string; shown: number | null; value: unknown }[] = [];
  for (const m of html.matchAll(/data-r="([^"]+)">([^<]*)</g)) {
    const path = m[1]!;
    const text = m[2]!;
    let value: unknown = results;
    for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
    out.push({ path, shown: text === '–' ? null : Number(text), value: value ?? null });
  }
  return out;
}
