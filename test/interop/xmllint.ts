import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const COT_XSD = join(import.meta.dirname, '..', 'fixtures', 'cot', 'event.xsd');

/**
 * Validates each document against the CoT event schema with Debian's `xmllint --schema` (package
 * libxml2-utils): the documents xmllint refuses, with its complaints, empty when all validate.
 */
export function cotSchemaErrors(docs: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'concord-cot-'));
  try {
    const files = docs.map((d, i) => {
      const f = join(dir, `event-${i}.xml`);
      writeFileSync(f, d);
      return f;
    });
    const r = spawnSync('xmllint', ['--noout', '--schema', COT_XSD, ...files], { encoding: 'utf8' });
    if (r.error) throw new Error(`xmllint did not run (Debian package libxml2-utils): ${r.error.message}`);
    return r.stderr.split('\n').filter((l) => l.trim() !== '' && !/ validates$/.test(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
