import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { registerLanding } from './landing.js';

/**
 * What the console's page may load: only this node (scripts, styles, the API and its WebSockets),
 * MapLibre's workers (blob:), milsymbol's and MapLibre's inline images. Nothing from elsewhere: the
 * console works offline, and a page that tried otherwise would be refused by the browser.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** How to build the console, said by a node that serves without it (and in the docs). */
export const BUILD_CONSOLE_HINT = "npm run build:web (or 'npm ci', which builds it)";

/**
 * Serves the built console (`dir`, e.g. dist/web: index.html and its hashed assets) at `/`, next to
 * the API (/api, /openapi.json, /health). A file is served only if it was there at start-up (no
 * wildcard route), so an unknown path still gets the API's `not-found`. Where the console is not
 * built, `/` serves the placeholder page, which says how to build it. Returns which was served.
 */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<'console' | 'placeholder'> {
  if (!existsSync(join(dir, 'index.html'))) {
    registerLanding(app);
    return 'placeholder';
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: 'index.html',
    setHeaders: (reply, path) => {
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-content-type-options', 'nosniff');
      if (path.endsWith('.html')) {
        // The page names the build's assets by hash: never cached, so a rebuilt console is picked up.
        reply.header('cache-control', 'no-store');
        reply.header('content-security-policy', CONSOLE_CSP);
      } else {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
    cacheControl: false,
  });
  return 'console';
}
