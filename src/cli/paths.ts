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

/**
 * Node flags for a process that runs nodes (`npm start`, each `concord node` that `network up`
 * starts, the bench's child nodes, and `bin/concord` itself through its shebang — a test keeps
 * them equal): a 64 MB young-generation semi-space, so that scavenges — most of the slowest items'
 * pauses — come less often. The measurement: docs/figures.md, "Node runtime flags".
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
