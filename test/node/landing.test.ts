import { createContext, Script } from 'node:vm';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { LANDING_HTML, registerLanding } from '../../src/node/landing.js';

describe('the page an operator link opens where the console is not built', () => {
  it('is served at / as HTML that says the console is not built yet, and is not cached', async () => {
    const app = Fastify();
    registerLanding(app);
    const r = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toContain('The web console is not built on this node.');
    expect(r.body).toContain('npm run build:web');
  });

  it("keeps the link's token in sessionStorage, drops it from the address bar, and sends it as the authorization header", async () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(LANDING_HTML)![1]!;
    // A browser stood in for by stubs: two nodes, the token is JPN's.
    const token = '_nQZPupBMXMw2Osyy7U4fu8R';
    const storage = new Map<string, string>();
    const elements = new Map<
      string,
      { textContent: string; hidden: boolean; append(...x: unknown[]): void }
    >();
    const element = (id: string) => {
      if (!elements.has(id)) elements.set(id, { textContent: '', hidden: true, append() {} });
      return elements.get(id)!;
    };
    const requests: { url: string; authorization: string | undefined }[] = [];
    const json = (status: number, body: unknown) => ({ status, json: async () => body });
    const location = { hash: `#/sign-in/${token}`, pathname: '/', origin: 'http://127.0.0.1:7400' };
    let addressBar = '';
    const context = createContext({
      location,
      history: { replaceState: (_s: unknown, _t: string, url: string) => (addressBar = url) },
      sessionStorage: {
        setItem: (k: string, v: string) => storage.set(k, v),
        getItem: (k: string) => storage.get(k) ?? null,
      },
      document: {
        getElementById: element,
        querySelectorAll: () => [],
        createElement: () => element(String(Math.random())),
      },
      fetch: async (url: string, init?: { headers?: { authorization?: string } }) => {
        requests.push({ url, authorization: init?.headers?.authorization });
        if (url === '/health') return json(200, { nodes: ['USA', 'JPN'] });
        if (url === '/openapi.json') return json(200, { paths: {} });
        return json(url.startsWith('/api/JPN/') ? 200 : 403, { url });
      },
    });
    await new Script(script).runInContext(context);
    await vi.waitFor(() => expect(element('warnings').textContent).toContain('/api/JPN/warnings'));
    expect(storage.get('concord.token')).toBe(token);
    expect(addressBar).toBe('/#/');
    expect(element('who').textContent).toContain('JPN operator');
    expect(element('curl').textContent).toBe(
      `curl -H 'authorization: Bearer ${token}' http://127.0.0.1:7400/api/JPN/picture`,
    );
    const api = requests.filter((r) => r.url.startsWith('/api/'));
    expect(api.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/api/USA/picture', '/api/JPN/picture', '/api/JPN/warnings']),
    );
    for (const r of api) expect(r.authorization).toBe(`Bearer ${token}`);
  });
});
