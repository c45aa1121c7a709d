import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium as launch } from '../../src/testing/chromium.js';
import { BIN } from '../cli/run.js';

// The real browser the console's tests drive: Debian's chromium, headless, launched as
// src/testing/chromium.ts does for `concord bench console` too. Not found is a failure that says how
// to install it, never a skip: a console no test has opened is not tested.

export const ROOT = join(import.meta.dirname, '..', '..');
/** Screenshots for a person to look at (gitignored). */
export const OUTPUT_DIR = join(ROOT, 'test-output', 'console');

let shared: Promise<Browser> | undefined;

/**
 * The test file's one Chromium: launched at the first call, the same browser after it, so a file's
 * tests (and any new test file) share one launch and open their own contexts in it. Vitest runs each
 * file in its own worker, so this is one browser per file; closeSharedBrowser() in its afterAll.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchChromium();
  return shared;
}

/** Closes the file's Chromium, if sharedBrowser() launched one. */
export async function closeSharedBrowser(): Promise<void> {
  const b = shared;
  shared = undefined;
  if (b) await (await b.catch(() => undefined))?.close();
}

/** Launches a new Chromium (and needs the built console); tests use sharedBrowser(). */
export function launchChromium(): Promise<Browser> {
  return launch({ by: "the console's browser tests", console: true });
}

export interface Network {
  readonly proc: ChildProcess;
  readonly links: Map<string, string>;
  /** The administrators' links, when `args` asked for them (`--print-admin`). */
  readonly adminLinks: Map<string, string>;
  readonly origin: string;
}

/**
 * Starts `concord start` (with `args`, e.g. the speed and scenario) and waits for the three operator
 * links, and the three administrators' too when `args` has `--print-admin`.
 */
export async function startNetwork(dataDir: string, args: readonly string[]): Promise<Network> {
  const proc = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const links = new Map<string, string>();
  const adminLinks = new Map<string, string>();
  const admins = args.includes('--print-admin') ? 3 : 0;
  await new Promise<void>((resolve, reject) => {
    proc.on('exit', (code) => reject(new Error(`concord start exited ${code}: ${err}${out}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/^([A-Z]{3}) operator {2}(http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/\S+)$/gm))
        links.set(m[1]!, m[2]!);
      for (const m of out.matchAll(
        /^([A-Z]{3}) administrator {2}(http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/\S+)$/gm,
      ))
        adminLinks.set(m[1]!, m[2]!);
      if (links.size === 3 && adminLinks.size === admins) resolve();
    });
  });
  return { proc, links, adminLinks, origin: new URL(links.get('JPN')!).origin };
}

/** Stops what startNetwork started and waits for it to exit. */
export async function stopNetwork(net: Network | undefined): Promise<void> {
  if (!net || net.proc.exitCode !== null) return;
  const exited = new Promise((r) => net.proc.once('exit', r));
  net.proc.kill('SIGTERM');
  await exited;
}
