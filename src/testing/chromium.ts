import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CONSOLE_DIR } from '../bundled/index.js';
import { InputError } from '../domain/index.js';

// The one launcher of the browser that drives the console, for the browser tests (test/web) and
// `concord bench console`: Debian's Chromium, headless, through playwright-core (a development
// dependency, loaded only here and only when a browser is launched). Not found is an error that says
// how to install it, never a skip: a console no test has opened is not tested.

/** How to get the browser, said wherever it is missing. */
export const CHROMIUM_INSTALL =
  "install it with 'apt-get install chromium' (Debian; .ci/run does), or set CONCORD_CHROMIUM to a Chromium binary";

/**
 * Chromium's flags (docs/console.md): headless, no sandbox (a container's root), no GPU, none of its
 * background traffic, and WebGL on the SwiftShader software renderer, which MapLibre draws with.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** The Chromium binary: `CONCORD_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CONCORD_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Launches a new headless Chromium with CHROMIUM_FLAGS. `by` names who needs it in the errors (e.g.
 * "the console's browser tests"); `console`: the built console (dist/web) is needed too, and its
 * absence is said before a browser is started for nothing. Throws an InputError naming the binary,
 * the console's folder or playwright-core when one is missing.
 */
export async function launchChromium(o: { by: string; console?: boolean }): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path))
    throw new InputError({ input: path }, `no Chromium here, for ${o.by}: ${CHROMIUM_INSTALL}`);
  if (o.console && !existsSync(join(CONSOLE_DIR, 'index.html')))
    throw new InputError(
      { input: CONSOLE_DIR },
      `the console is not built, for ${o.by}: run 'npm run build:web' (npm ci does)`,
    );
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new InputError(
      { input: 'playwright-core' },
      `not installed, for ${o.by}: Chromium is driven through it (a development dependency: 'npm ci')`,
    );
  }
  return chromium.launch({ executablePath: path, headless: true, args: [...CHROMIUM_FLAGS] });
}
