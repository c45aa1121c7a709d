import { isNode, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/**
 * Line and column (1-based) of the deepest node on `path` in YAML `text`. Checks that need more than
 * one file (a rule's coalition against the registry) run after parsing and find the place again here.
 */
export function placeIn(
  text: string,
  path: readonly (string | number)[],
): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && (node as YamlNode).range) {
      const { line, col } = lineCounter.linePos((node as YamlNode).range![0]);
      return { line, column: col };
    }
  }
  return undefined;
}
