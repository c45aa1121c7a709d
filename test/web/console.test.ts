import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser, type Network, OUTPUT_DIR, sharedBrowser, startNetwork } from './browser.js';

// The console in a real Chromium against `concord start` on the bundled IRBM scenario, signed in
// through the links it prints. At 20x the launch (T+120 s) comes 6 s after the start and the first
// warnings about 9 s after it, each predicted minutes (scenario time) ahead.

const SPEED = '20';

/** Everything the page received: response bodies (text) and WebSocket frames, with the URLs asked for. */
interface Traffic {
  readonly requests: string[];
  readonly bodies: string[];
  readonly frames: string[];
}

function record(page: Page): Traffic {
  const t: Traffic = { requests: [], bodies: [], frames: [] };
  page.on('request', (r) => t.requests.push(r.url()));
  page.on('response', (r) => {
    r.text().then(
      (b) => t.bodies.push(b),
      () => {},
    );
  });
  page.on('websocket', (ws) => {
    t.requests.push(ws.url());
    ws.on('framereceived', (f) =>
      t.frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString()),
    );
  });
  return t;
}

const countdown = (page: Page) => page.getByTestId('countdown').first().textContent();

describe('the console in Chromium', () => {
  let dir: string;
  let net: Network;
  let browser: Browser;
  let jpn: BrowserContext;
  let page: Page;
  let traffic: Traffic;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concord-console-'));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    browser = await sharedBrowser();
    net = await startNetwork(join(dir, 'data'), ['--speed', SPEED]);
    jpn = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await jpn.newPage();
    traffic = record(page);
  }, 60_000);

  afterAll(async () => {
    await closeSharedBrowser();
    net?.proc.kill('SIGTERM');
    if (net) await new Promise((r) => net.proc.once('exit', r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in as JPN through the printed link, in Japanese, and drops the token from the address bar', async () => {
    await page.goto(net.links.get('JPN')!);
    await expect.poll(() => page.getByTestId('who').textContent(), { timeout: 20_000 }).toContain('JPN');
    expect(await page.getByTestId('who').textContent()).toContain('日本');
    expect(await page.evaluate('document.documentElement.lang')).toBe('ja');
    expect(page.url()).toBe(`${net.origin}/#/`);
    expect(await page.evaluate("sessionStorage.getItem('concord.token')")).toBe(
      net.links.get('JPN')!.split('/').at(-1),
    );
    await expect.poll(() => page.getByTestId('stream-state').getAttribute('class')).toContain('open');
  });

  it('shows the IRBM warning with a live countdown, the track on the map and in the table', {
    timeout: 60_000,
  }, async () => {
    const warning = page.getByTestId('warning').first();
    await warning.waitFor({ timeout: 45_000 });
    expect(await warning.textContent()).toMatch(/JPN (EEZ|land|territorial sea)/);
    const first = await countdown(page);
    // The top line is the next event ahead, counting down.
    expect(first).toMatch(/^あと \d+:\d\d$/);
    // Live: the countdown runs down on the scenario clock without a reload.
    await expect.poll(() => countdown(page), { timeout: 10_000 }).not.toBe(first);
    await page.locator('.track-marker').first().waitFor();
    expect(await page.locator('.track-marker svg').count()).toBeGreaterThan(0);
    const rows = page.locator('[data-testid=track-table] tbody tr[data-track]');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().getAttribute('data-track')).toMatch(/^[A-Z]{3}:\d+$/);
    // Each track's position ellipse at 95 %, as the node serves it (semi-axes and orientation from
    // its covariance), drawn on the map.
    const drawn = async () =>
      (await page.evaluate(`(() => {
        const map = document.querySelector('[data-testid=map]').concordMap;
        return map.queryRenderedFeatures({ layers: ['sigma'] }).map((f) => f.properties);
      })()`)) as { id: string; semiMajorM: number; semiMinorM: number; orientationDeg: number }[];
    await expect.poll(async () => (await drawn()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const shown = await drawn();
    // Read after what is drawn: the frame drawn is among them.
    const served = traffic.frames
      .flatMap((f) => (JSON.parse(f) as { tracks?: { id: string; positionEllipse: object }[] }).tracks ?? [])
      .map((t) => JSON.stringify({ id: t.id, ...t.positionEllipse }));
    for (const e of shown) {
      expect(e.semiMajorM).toBeGreaterThanOrEqual(e.semiMinorM);
      expect(e.semiMinorM).toBeGreaterThan(0);
      expect(e.orientationDeg).toBeGreaterThanOrEqual(0);
      expect(e.orientationDeg).toBeLessThan(180);
      // The very ellipse of a picture the page received.
      expect(
        served.some((s) => s.includes(`"id":"${e.id}"`) && s.includes(`"semiMajorM":${e.semiMajorM},`)),
      ).toBe(true);
    }
    await page.screenshot({ path: join(OUTPUT_DIR, 'missile-ja.png') });
  });

  it('switches language (English, Korean) and sorts the track table', async () => {
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => countdown(page)).toMatch(/^(in \d+:\d\d|\d+:\d\d ago)$/);
    expect(await page.getByTestId('who').textContent()).toContain('JPN operator — Japan');
    // Sorting by altitude, then again descending: the header says which.
    const altitude = page.locator('th', { hasText: 'Alt (km)' });
    await altitude.locator('button').click();
    expect(await altitude.getAttribute('aria-sort')).toBe('ascending');
    await altitude.locator('button').click();
    expect(await altitude.getAttribute('aria-sort')).toBe('descending');
    await page.screenshot({ path: join(OUTPUT_DIR, 'missile-en.png') });
    await page.getByTestId('language').selectOption('ko');
    await expect.poll(() => countdown(page)).toMatch(/^\d+:\d\d (후|전)$/);
    await page.screenshot({ path: join(OUTPUT_DIR, 'missile-ko.png') });
  });

  it('draws the zones the node uses, labelled in the language, with a layer switcher a keyboard works', async () => {
    // The page is in Korean here (the test above). What the map says it draws, group by group.
    const drawn = () => page.getByTestId('map').getAttribute('data-zones-drawn');
    await expect.poll(drawn, { timeout: 20_000 }).toBe('computed bases maritime');
    expect(traffic.requests.some((u) => u.endsWith('/api/JPN/zones'))).toBe(true);
    await expect.poll(() => page.locator('.zone-label-computed', { hasText: '일본 EEZ' }).count()).toBe(1);
    expect(await page.locator('.zone-label-computed', { hasText: '대한민국 EEZ' }).isVisible()).toBe(true);
    expect(await page.getByTestId('zones-note').textContent()).toContain('근사치');
    await page.screenshot({ path: join(OUTPUT_DIR, 'zones-ko.png') });
    // Off by the keyboard: the layers and their labels go.
    const computed = page.getByTestId('zones-toggle-computed');
    await computed.focus();
    await page.keyboard.press('Space');
    await expect.poll(drawn).toBe('bases maritime');
    expect(await computed.isChecked()).toBe(false);
    expect(await page.locator('.zone-label-computed').first().isVisible()).toBe(false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(drawn).toBe('maritime');
    await page.getByTestId('zones-toggle-maritime').click();
    await expect.poll(drawn).toBe('');
    // And back on.
    for (const g of ['computed', 'bases', 'maritime']) await page.getByTestId(`zones-toggle-${g}`).check();
    await expect.poll(drawn).toBe('computed bases maritime');
    expect(await page.locator('.zone-label-computed').first().isVisible()).toBe(true);
  });

  it('resumes the live picture after the connection stalls', { timeout: 60_000 }, async () => {
    // Offline, the socket stalls without closing: the console notices the silence and reconnects.
    const sockets = () => traffic.requests.filter((u) => u.endsWith('/api/JPN/stream')).length;
    const opened = sockets();
    await jpn.setOffline(true);
    await expect
      .poll(() => page.getByTestId('stream-state').getAttribute('class'), { timeout: 20_000 })
      .not.toContain('open');
    await jpn.setOffline(false);
    await expect
      .poll(() => page.getByTestId('stream-state').getAttribute('class'), { timeout: 30_000 })
      .toContain('open');
    expect(sockets()).toBeGreaterThan(opened);
    const frames = traffic.frames.length;
    await expect.poll(() => traffic.frames.length, { timeout: 10_000 }).toBeGreaterThan(frames);
  });

  it("never receives a KOR-only item: not KOR's own warnings, not a KOR NOFORN position", {
    timeout: 30_000,
  }, async () => {
    const korToken = net.links.get('KOR')!.split('/').at(-1)!;
    const jpnToken = net.links.get('JPN')!.split('/').at(-1)!;
    const get = async (nation: string, token: string, path: string) =>
      (
        await fetch(`${net.origin}/api/${nation}/${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
    // KOR's node warns of its own areas; those warnings are KOR's only (each node computes its own).
    const korAreas = (
      (await get('KOR', korToken, 'warnings')) as { warnings: { area: string }[] }
    ).warnings.map((w) => w.area);
    const jpnAreas = new Set(
      ((await get('JPN', jpnToken, 'warnings')) as { warnings: { area: string }[] }).warnings.map(
        (w) => w.area,
      ),
    );
    const korOnly = [...new Set(korAreas)].filter((a) => !jpnAreas.has(a));
    expect(korOnly.length, `KOR's warnings ${korAreas.join(', ')}`).toBeGreaterThan(0);
    // And one made here: a position Korea marks for itself alone, in a consultation with Japan.
    const secret = `KOR-ONLY-${Math.random().toString(36).slice(2)}`;
    const post = (path: string, body: object) =>
      fetch(`${net.origin}/api/KOR/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${korToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { event: { id: string } } }));
    const c = await post('consultations', {
      subject: 'launch',
      coalition: 'us-jpn-kor-trilateral',
      level: 'working',
      participants: ['USA', 'JPN', 'KOR'],
      ackWithinMs: 900_000,
    });
    expect(c.status).toBe(200);
    const p = await post(`consultations/${c.body.event.id}/positions`, {
      text: secret,
      marking: '//KOR SECRET//NOFORN',
    });
    expect(p.status).toBe(200);
    // A few more pictures and warnings reach the page.
    const seen = traffic.frames.length;
    await expect.poll(() => traffic.frames.length, { timeout: 10_000 }).toBeGreaterThan(seen + 2);
    const dom = await page.content();
    const received = [dom, ...traffic.bodies, ...traffic.frames];
    expect(received.filter((x) => x.includes(secret))).toEqual([]);
    for (const area of korOnly)
      expect(
        received.filter((x) => x.includes(area)),
        area,
      ).toEqual([]);
    expect(received.filter((x) => x.includes(korToken))).toEqual([]);
    // Apart from finding which node the token opens (refused elsewhere: 403s without content), the
    // page asked only JPN's node.
    const api = traffic.requests.filter((u) => u.includes('/api/'));
    expect(api.filter((u) => !/\/api\/JPN\//.test(u) && !/\/api\/[A-Z]{3}\/agreements$/.test(u))).toEqual([]);
    expect(api.some((u) => u.includes('/api/JPN/stream'))).toBe(true);
  });

  it('signs out: the token is forgotten and the picture closed', async () => {
    await page.getByRole('button', { name: /Sign out|サインアウト|로그아웃/ }).click();
    await page.getByTestId('signed-out').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('concord.token')")).toBeNull();
    expect(await page.getByTestId('map').count()).toBe(0);
    await page.screenshot({ path: join(OUTPUT_DIR, 'signed-out.png') });
  });
});
