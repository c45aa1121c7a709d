/** A column of a table that `fitTable` may narrow. */
export interface FitColumn {
  readonly header: string;
  /** Narrowest it may become (a cut value ends in `…`). */
  readonly minWidth: number;
}

const GAP = '  ';

/**
 * Lays `rows` out in aligned columns no wider than `widthCols` characters when it can. The last
 * column is text (a title) that wraps; the others are narrowed in `shrinkOrder` (indices), each no
 * further than its `minWidth`, their values cut with `…`. When the last column would still be
 * narrower than its `minWidth`, it goes on the lines below each row instead, from the start of the
 * column before it (`ID / TITLE`), so that the column before it is not cut unless the row is still
 * too wide (it then keeps at least 12). Without a width
 * (`undefined`) every row is whole on one line.
 * @example fitTable([{ header: 'ID', minWidth: 4 }, { header: 'TITLE', minWidth: 8 }],
 *   [['a', 'a long title to wrap']], 16, []) // ['ID  TITLE', 'a   a long title', '    to wrap']
 */
export function fitTable(
  columns: readonly FitColumn[],
  rows: readonly (readonly string[])[],
  widthCols: number | undefined,
  shrinkOrder: readonly number[],
): string[] {
  const last = columns.length - 1;
  if (last < 1 || shrinkOrder.includes(last))
    throw new Error('invariant: two columns or more; the last wraps');
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, i) => (s.length <= widths[i]! ? s.padEnd(widths[i]!) : `${s.slice(0, widths[i]! - 1)}…`))
      .join(GAP)
      .trimEnd();
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * last;
  if (widthCols === undefined || total() <= widthCols)
    return [line(columns.map((c) => c.header)), ...rows.map(line)];

  for (const i of shrinkOrder) {
    const excess = total() - widthCols;
    if (excess <= 0) break;
    // Never wider than it was: a minimum above the values' width leaves the column as it is.
    const floor = Math.min(widths[i]!, Math.max(columns[i]!.minWidth, 1));
    widths[i] = Math.max(floor, widths[i]! - excess);
  }
  const indent = (i: number) => widths.slice(0, i).reduce((a, w) => a + w + GAP.length, 0);
  const titleWidth = widthCols - indent(last);
  if (titleWidth >= columns[last]!.minWidth) {
    widths[last] = titleWidth;
    const layout = (cells: readonly string[]): string[] => {
      const [first, ...more] = wrap(cells[last]!, titleWidth);
      return [line([...cells.slice(0, last), first!]), ...more.map((m) => `${' '.repeat(indent(last))}${m}`)];
    };
    return [line(columns.map((c) => c.header)), ...rows.flatMap(layout)];
  }
  // Stacked: the last column's text below each row, from the column before it; that column is cut
  // too (to 12 at least) only if the row is still too wide.
  widths[last] = 0;
  widths[last - 1] = Math.max(
    Math.min(12, widths[last - 1]!),
    widths[last - 1]! - (indent(last) - GAP.length - widthCols),
  );
  const under = indent(last - 1);
  const below = Math.max(columns[last]!.minWidth, widthCols - under);
  const head = columns.slice(0, last).map((c) => c.header);
  head[last - 1] = `${head[last - 1]} / ${columns[last]!.header}`;
  const saved = widths[last - 1]!;
  widths[last - 1] = Math.max(saved, head[last - 1]!.length);
  const header = line(head);
  widths[last - 1] = saved;
  return [
    header,
    ...rows.flatMap((cells) => [
      line(cells.slice(0, last)),
      ...wrap(cells[last]!, below).map((m) => `${' '.repeat(under)}${m}`),
    ]),
  ];
}

/** `text` in lines of at most `width`, broken at spaces where it can be, inside words where it must. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const at = space > 0 ? space : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}
