import { isMap, isNode, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { nearestName } from './edit-distance.js';
import { DataFileError } from './errors.js';
import { unknownKeys } from './unknown-keys.js';

/**
 * Parses YAML `text` (read from `source`, a file name) and validates it against `schema`.
 * The first problem is thrown as a DataFileError naming the file, line, column and field path;
 * nothing is read from disk here. A key that a strict object does not define is reported first, at
 * the key itself with the nearest known name: a misspelt field would otherwise surface as the
 * field it was meant to be, missing, at the line of the enclosing block.
 */
export function parseYaml<S extends z.ZodType>(text: string, source: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    throw new DataFileError(
      { input: source, line: pos.line, column: pos.col },
      `not valid YAML: ${yamlError.message.split('\n')[0]}`,
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const unknown = unknownKeys(schema, data)[0];
  if (unknown) {
    const key = unknown.path.at(-1) as string;
    const near = nearestName(key, unknown.known);
    const pos = locateKey(doc, unknown.path, lineCounter) ?? locate(doc, [...unknown.path], lineCounter);
    throw new DataFileError(
      { input: source, field: formatPath(unknown.path), ...(pos ?? {}) },
      near !== undefined
        ? `unknown field (did you mean '${near}'?)`
        : `unknown field (known here: ${unknown.known.join(', ')})`,
    );
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const pos = locate(doc, path, lineCounter);
  throw new DataFileError({ input: source, field: formatPath(path), ...(pos ?? {}) }, issue.message);
}

/** `agreements[2].history[0].date` */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** Line and column of the deepest node on `path` that exists (a missing field points at its parent). */
function locate(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
  lc: LineCounter,
): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && (node as YamlNode).range) {
      const { line, col } = lc.linePos((node as YamlNode).range![0]);
      return { line, column: col };
    }
  }
  return undefined;
}

/** Line and column of the key that ends `path` (not of its value, which may be on a later line). */
function locateKey(
  doc: ReturnType<typeof parseDocument>,
  path: readonly (string | number)[],
  lc: LineCounter,
): { line: number; column: number } | undefined {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
  const range = isNode(pair?.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const { line, col } = lc.linePos(range[0]);
  return { line, column: col };
}

/**
 * Line and column (1-based) of the deepest node on `path` in YAML `text`. Checks made after
 * parsing (across files, or against other data) find the place again here, to report it as a
 * schema error would be.
 * @example placeIn('a:\n  b: 1\n', ['a', 'b']) // { line: 2, column: 6 }
 */
export function placeIn(
  text: string,
  path: readonly (string | number)[],
): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return locate(doc, [...path], lineCounter);
}
