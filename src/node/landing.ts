import type { FastifyInstance } from 'fastify';

/**
 * The page an operator's link (`http://127.0.0.1:<port>/#/sign-in/<token>`) opens where the web
 * console is not built (dist/web missing: built by `npm ci` or `npm run build:web`): it says so and
 * how to build it, keeps the token (from the fragment, which never reaches a server or
 * its log) in the tab's sessionStorage, finds the operator's nation by asking each node the API
 * serves, and shows that nation's API entry points (from /openapi.json) and its current picture
 * and warnings, fetched with the token as the `authorization` header. Static, no framework.
 */
export function registerLanding(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header(
        'content-security-policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      )
      .type('text/html; charset=utf-8')
      .send(LANDING_HTML),
  );
}

export const LANDING_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Concord node</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1f24; }
  .notice { background: #fff4d6; border: 1px solid #e0b84a; padding: .6rem .9rem; border-radius: 4px; }
  pre { background: #f4f5f7; padding: .6rem; overflow: auto; max-height: 22rem; font-size: 13px; }
  code { background: #f4f5f7; padding: 0 .2rem; }
  li code { background: none; }
</style>
</head>
<body>
<h1>Concord node <span id="who"></span></h1>
<p class="notice"><strong>The web console is not built on this node.</strong> Build it with
<code>npm run build:web</code> (<code>npm ci</code> builds it too) and restart the node. Until then this
placeholder shows what your operator's token opens on this node's API: its entry points, and your nation's current picture and
warnings as JSON. The token stays in this browser tab (sessionStorage); it came in the link's
fragment (after <code>#</code>), which browsers do not send to servers.</p>
<div id="status">Signing in…</div>
<div id="main" hidden>
  <h2>Try it from a terminal</h2>
  <pre id="curl"></pre>
  <h2>API entry points of <span class="nation"></span></h2>
  <ul id="paths"></ul>
  <p>The full description: <a href="/openapi.json">/openapi.json</a>.</p>
  <h2>Picture <button id="refresh" type="button">Refresh</button></h2>
  <pre id="picture"></pre>
  <h2>Warnings</h2>
  <pre id="warnings"></pre>
</div>
<script>
(async () => {
  const status = document.getElementById('status');
  const say = (text) => { status.textContent = text; };
  const m = /^#\\/sign-in\\/([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('concord.token', m[1]);
    history.replaceState(null, '', location.pathname + '#/');
  }
  const token = sessionStorage.getItem('concord.token');
  if (!token) return say('No token: open this page with the operator link that concord start printed (…/#/sign-in/<token>).');
  const auth = { authorization: 'Bearer ' + token };
  const get = async (path) => {
    const r = await fetch(path, { headers: auth });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  let nation;
  try {
    const health = await (await fetch('/health')).json();
    for (const n of health.nodes) {
      if ((await get('/api/' + n + '/picture')).status === 200) { nation = n; break; }
    }
  } catch (e) {
    return say('Cannot reach the API: ' + e);
  }
  if (!nation) return say('This token is not an operator\\'s of any node here (a run with another data directory?).');
  say('');
  document.getElementById('who').textContent = '— ' + nation + ' operator';
  for (const el of document.querySelectorAll('.nation')) el.textContent = nation;
  document.getElementById('curl').textContent =
    "curl -H 'authorization: Bearer " + token + "' " + location.origin + '/api/' + nation + '/picture';
  try {
    const doc = await (await fetch('/openapi.json')).json();
    const list = document.getElementById('paths');
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.includes('{nation}')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const li = document.createElement('li');
        const code = document.createElement('code');
        code.textContent = method.toUpperCase() + ' ' + path.replace('{nation}', nation);
        li.append(code, ' ' + (op.summary || op.description || '').split('\\n')[0]);
        list.append(li);
      }
    }
  } catch (e) {
    document.getElementById('paths').textContent = 'cannot read /openapi.json: ' + e;
  }
  const show = async () => {
    for (const what of ['picture', 'warnings']) {
      const r = await get('/api/' + nation + '/' + what);
      document.getElementById(what).textContent = JSON.stringify(r.body, null, 2);
    }
  };
  document.getElementById('refresh').onclick = show;
  document.getElementById('main').hidden = false;
  await show();
})();
</script>
</body>
</html>
`;
