/**
 * Edit distance between `a` and `b` counting insertions, deletions, substitutions and swaps of two
 * neighbouring characters as one edit each (the optimal-string-alignment form of Damerau-Levenshtein):
 * a transposed pair (`azimtuh`) is one slip of the fingers, not two.
 * @example editDistance('azimutDeg', 'azimuthDeg') // 1
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: the one before last (for swaps), the last, this one.
  let before: number[] = [];
  let last = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = last;
    last = row;
  }
  return last[b.length]!;
}

/**
 * The name in `known` nearest to `name` (ignoring case), when it is near enough to be a slip of the
 * fingers: at most a third of the name's length in edits (at least one, at most three).
 * @example nearestName('azimutDeg', ['kind', 'azimuthDeg', 'rangeM']) // 'azimuthDeg'
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}
