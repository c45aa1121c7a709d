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
 * them equal): a 64 MB young-generation semi-space, so that scavenges come
 * less often. Measured with `bench link`, six runs each way interleaved (load 1-2): the in-process
 * p99 fell from 6.9-10.3 ms (mean 8.5) to 3.4-7.6 ms (mean 5.5) — GC pauses were most of the
 * slowest items; the NATS figures moved within their spread.
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
