import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The README is what a newcomer reads in five minutes; the reference lives in docs/. */
const README_MAX_BYTES = 20_000;
/**
 * Paths outside the repository that nothing in it may point to. Built from parts so that a
 * repository-wide grep for the literal text finds no false hit here.
 */
const OUTSIDE_PATHS = [['..', 'shared'].join('/'), ['', 'work', 'shared'].join('/')];

/** The repository's tracked files (git), or, outside a git checkout, a walk of its folders. */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  } catch {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (['.git', 'node_modules', 'dist'].includes(name) || name.startsWith('.concord')) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.push(relative(ROOT, path));
      }
    };
    walk(ROOT);
    return out;
  }
}

/** The markdown files whose links are checked: the README, the changelog and docs/. */
function markdownFiles(): string[] {
  const docs = existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join('docs', f))
    : [];
  return ['README.md', 'CHANGELOG.md', ...docs].filter((f) => existsSync(join(ROOT, f)));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a markdown text defines: one per heading, repeated headings numbered as GitHub does. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = headingSlug(m[1]!);
    const n = counts.get(slug) ?? 0;
    counts.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** The text with fenced code blocks blanked out, keeping the line count (a `#` in code is no heading). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ''));
}

/** The text with fenced and inline code blanked out (links in code are not links). */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '``');
}

interface BrokenLink {
  file: string;
  line: number;
  target: string;
  why: string;
}

/**
 * The relative links of one markdown file (`file`, relative to `root`) whose target file does not
 * exist, or whose `#anchor` names no heading of its target.
 */
function brokenLinks(root: string, file: string, markdown: string): BrokenLink[] {
  const out: BrokenLink[] = [];
  const lines = withoutCode(markdown).split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const path = pathPart === '' ? join(root, file) : resolve(root, dirname(file), pathPart);
      const place = { file, line: i + 1, target };
      if (path !== root && !path.startsWith(root + sep)) {
        out.push({ ...place, why: 'points outside the repository' });
        continue;
      }
      if (!existsSync(path)) {
        out.push({ ...place, why: 'no such file' });
        continue;
      }
      if (anchor !== undefined && path.endsWith('.md')) {
        const target = pathPart === '' ? markdown : readFileSync(path, 'utf8');
        if (!anchorsOf(target).has(anchor)) out.push({ ...place, why: `no heading with anchor #${anchor}` });
      }
    }
  });
  return out;
}

describe('the documentation', () => {
  it(`keeps README.md within ${README_MAX_BYTES} bytes`, () => {
    const bytes = statSync(join(ROOT, 'README.md')).size;
    expect(bytes, `README.md is ${bytes} bytes`).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('still gives the two commands a newcomer needs', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('has every relative link in README.md and docs/*.md point to a file (and heading) that exists', () => {
    const files = markdownFiles();
    expect(files).toContain('README.md');
    const broken = files.flatMap((f) => brokenLinks(ROOT, f, readFileSync(join(ROOT, f), 'utf8')));
    expect(broken.map((b) => `${b.file}:${b.line}: ${b.target}: ${b.why}`)).toEqual([]);
  });

  it('stands alone: no tracked file points outside the repository', () => {
    const files = trackedFiles().filter((f) => f !== 'package-lock.json');
    expect(files.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      text.split('\n').forEach((line, i) => {
        for (const p of OUTSIDE_PATHS) if (line.includes(p)) hits.push(`${f}:${i + 1}: ${p}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

describe('the link checker', () => {
  const root = ROOT;

  it('finds a link to a missing file, with its line', () => {
    const md = 'intro\n\nsee [the guide](docs/no-such-file.md) and [cli](docs/cli.md)\n';
    expect(brokenLinks(root, 'README.md', md)).toEqual([
      { file: 'README.md', line: 3, target: 'docs/no-such-file.md', why: 'no such file' },
    ]);
  });

  it('finds an anchor that names no heading, and accepts one that does', () => {
    const md = '[a](#real-heading) [b](#made-up)\n\n## Real heading\n';
    const broken = brokenLinks(root, 'README.md', md);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ target: '#made-up', why: 'no heading with anchor #made-up' });
  });

  it('resolves links relative to the file that holds them, and refuses ones that leave the repository', () => {
    const md = `[up](../README.md) [out](../../${'x'}.md)\n`;
    const broken = brokenLinks(root, 'docs/cli.md', md);
    expect(broken).toEqual([
      { file: 'docs/cli.md', line: 1, target: '../../x.md', why: 'points outside the repository' },
    ]);
  });

  it('ignores web addresses and links inside code', () => {
    const md = '[w](https://example.org/x.md)\n\n```\n[c](missing.md)\n```\n\n`[i](missing.md)`\n';
    expect(brokenLinks(root, 'README.md', md)).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(headingSlug('`concord network up`')).toBe('concord-network-up');
    expect(headingSlug('Agreements (`data/agreements.yaml`)')).toBe('agreements-dataagreementsyaml');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
    const fenced = '```\n[c](missing.md)\n```\n[d](missing.md)\n';
    expect(brokenLinks(root, 'README.md', fenced).map((b) => b.line)).toEqual([4]);
  });
});
