import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

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
