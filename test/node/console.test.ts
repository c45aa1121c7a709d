import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, registerConsole } from '../../src/node/console.js';

describe('the console as every node serves it', () => {
  const dirs: string[] = [];
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const serve = async (build: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-web-'));
    dirs.push(dir);
    if (build) {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Concord console</title>');
      writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    }
    const app = Fastify();
    apps.push(app);
    // As the API answers a path it has no route for.
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: 'not-found', code: 404, message: `no route ${req.method} ${req.url}` }),
    );
    app.get('/api/JPN/picture', async () => ({ nation: 'JPN' }));
    const served = await registerConsole(app, dir);
    return { app, served };
  };

  it('serves the built page at / with a policy that keeps it to this node, never cached', async () => {
    const { app, served } = await serve(true);
    expect(served).toBe('console');
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('Concord console');
    expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the hashed assets, cacheable; the API and unknown paths are as before', async () => {
    const { app } = await serve(true);
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/api/JPN/picture' })).json()).toEqual({ nation: 'JPN' });
    const missing = await app.inject({ method: 'GET', url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not-found' });
  });

  it('says how to build the console where it is not built, rather than a bare 404', async () => {
    const { app, served } = await serve(false);
    expect(served).toBe('placeholder');
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('The web console is not built on this node.');
    expect(r.body).toContain('npm run build:web');
  });
});
