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
  readonly origin: string;
}

/** Starts `concord start` (with `args`, e.g. the speed and scenario) and waits for the three operator links. */
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
  await new Promise<void>((resolve, reject) => {
    proc.on('exit', (code) => reject(new Error(`concord start exited ${code}: ${err}${out}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/^([A-Z]{3}) operator {2}(http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/\S+)$/gm))
        links.set(m[1]!, m[2]!);
      if (links.size === 3) resolve();
    });
  });
  return { proc, links, origin: new URL(links.get('JPN')!).origin };
}

/** Stops what startNetwork started and waits for it to exit. */
export async function stopNetwork(net: Network | undefined): Promise<void> {
  if (!net || net.proc.exitCode !== null) return;
  const exited = new Promise((r) => net.proc.once('exit', r));
  net.proc.kill('SIGTERM');
  await exited;
}
