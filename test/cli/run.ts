import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** A file of `dir` holds a secret when its name says so: keys, tokens, configurations, credentials, stores. */
const SECRET_NAME = /([.-]key\.pem|tokens\.json|\.conf|\.ya?ml|\.sqlite(-wal|-shm)?|credentials.*)$/;

/**
 * The files with a secret under `dir` (searched to any depth), each checked to be 0600 in a 0700
 * folder, and `dir` itself 0700 (so that nothing under it is reachable by others): the names
 * of those that are not, with their modes, for an assertion to show.
 */
export function openSecrets(dir: string): { secrets: string[]; open: string[] } {
  const secrets: string[] = [];
  const open: string[] = [];
  const modeOf = (p: string) => statSync(p).mode & 0o777;
  if (modeOf(dir) !== 0o700) open.push(`${dir} ${modeOf(dir).toString(8)}`);
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = join(dir, rel);
    if (!statSync(p).isFile() || !SECRET_NAME.test(rel)) continue;
    secrets.push(rel);
    if (modeOf(p) !== 0o600) open.push(`${rel} ${modeOf(p).toString(8)}`);
    if (modeOf(dirname(p)) !== 0o700) open.push(`${dirname(rel)}/ ${modeOf(dirname(p)).toString(8)}`);
  }
  return { secrets, open: [...new Set(open)] };
}

/** A `concord` process running in the background, with what it printed so far (stdout and stderr). */
export interface Proc {
  child: ChildProcess;
  out: () => string;
}

/** Starts `concord ARGS` in the background. */
export function runInBackground(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, out: () => out };
}

/** Stops a process (SIGTERM) and resolves once it has exited, whichever way. */
export function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill('SIGTERM');
  return exited;
}

/** A UDP port free now (bound and released), for a node to listen on. */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
