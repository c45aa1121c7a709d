import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering of docs/architecture.md, read from the sources: the CLI is the top of `src/`, so
// nothing else imports it; `src/bundled/` stays light enough for `concord ais`'s fast entry.

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The repository-relative paths (`src/cli/io.ts`) of a file's relative imports, static and dynamic. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
    out.push(relative(ROOT, target).split('\\').join('/'));
  }
  return out;
}

/** `file -> target` for each import from a file under `dirs` into a folder that `forbidden` matches. */
function offending(dirs: readonly string[], forbidden: RegExp): string[] {
  const out: string[] = [];
  for (const dir of dirs)
    for (const file of tsFiles(join(ROOT, dir)))
      for (const target of importsOf(file))
        if (forbidden.test(target)) out.push(`${relative(ROOT, file)} -> ${target}`);
  return out;
}

describe('layering (docs/architecture.md)', () => {
  it('sees static and dynamic relative imports', () => {
    // The CLI's `ais` command loads its detect module on use: a dynamic import.
    expect(importsOf(join(ROOT, 'src', 'cli', 'commands', 'ais.ts'))).toContain(
      'src/cli/commands/ais-detect.ts',
    );
    expect(importsOf(join(ROOT, 'bench', 'dst.ts'))).toContain('src/bundled/index.ts');
  });

  it('nothing outside src/cli imports the CLI: not bench/, src/testing/, src/exercise/, src/node/, src/api/ nor any other folder of src/', () => {
    const dirs = [
      'bench',
      ...readdirSync(join(ROOT, 'src'))
        .filter((d) => d !== 'cli' && statSync(join(ROOT, 'src', d)).isDirectory())
        .map((d) => join('src', d)),
    ];
    for (const d of ['bench', 'src/testing', 'src/exercise', 'src/node', 'src/api', 'src/bundled'])
      expect(dirs).toContain(d);
    expect(offending(dirs, /^src\/cli\//)).toEqual([]);
  });

  it('src/bundled loads no node, link, store, API, exercise or test harness (concord ais imports it)', () => {
    expect(offending(['src/bundled'], /^src\/(cli|node|link|store|api|exercise|testing)\//)).toEqual([]);
  });
});
