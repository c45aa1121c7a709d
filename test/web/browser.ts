import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { BIN } from '../cli/run.js';

// The real browser the console's tests drive: Debian's chromium, headless. Not found is a failure
// that says how to install it, never a skip: a console no test has opened is not tested.

export const CHROMIUM = process.env.CONCORD_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..', '..');
export const CONSOLE_BUILD = join(ROOT, 'dist', 'web', 'index.html');
/** Screenshots for a person to look at (gitignored). */
export const OUTPUT_DIR = join(ROOT, 'test-output', 'console');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // MapLibre draws with WebGL: without a GPU, Chromium's software renderer.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

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

/** Launches a new Chromium; tests use sharedBrowser(). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the console's browser tests need Chromium at ${CHROMIUM}: install it with 'apt-get install chromium' (Debian; .ci/run does), or set CONCORD_CHROMIUM to a Chromium binary`,
    );
  if (!existsSync(CONSOLE_BUILD))
    throw new Error(
      `the console is not built (${CONSOLE_BUILD} missing): run 'npm run build:web' (npm ci does)`,
    );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
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
