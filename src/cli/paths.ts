import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), whether run from src/ or from dist/. */
export const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('invariant: package.json not found above the CLI');
    dir = up;
  }
  return dir;
})();

export const BUNDLED_AGREEMENTS = join(ROOT, 'data', 'agreements.yaml');
export const BUNDLED_US_BASES = join(ROOT, 'data', 'us-bases.yaml');
