import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'concord');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/concord as a user would (after `npm ci`, which builds dist/); killed after 3 minutes (a loaded 2-core machine runs the benches slowly). */
export function concord(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
