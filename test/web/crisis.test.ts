import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Network, OUTPUT_DIR, startNetwork, stopNetwork } from './browser.js';

// The crisis room in Chromium, from two browser contexts side by side: Japan's operator and Korea's,
// each signed in through the link `concord start` printed, on their own nodes. Japan convenes through
// the API (one call), then everything else is done in the two pages. The scenario has no watch
// officers (nothing acts on this consultation but the test); at 3x its KN-23 flies (launch 10 s in,
// about 100 s of flight) while the test runs, so that the missile picture has a track to detail.

const HEARTBEAT_MS = 400;

const secretOf = () => Math.random().toString(36).slice(2, 10);

async function openRoom(page: Page, link: string, id: string): Promise<void> {
  await page.goto(link);
  await page.getByTestId('view-crisis').click();
  await expect
    .poll(() => page.getByTestId('crisis-stream-state').getAttribute('class'), { timeout: 15_000 })
    .toContain('open');
  await page.locator(`[data-testid=consultation][data-consultation="${id}"]`).click();
  await page.getByTestId('consultation-detail').waitFor();
}

const ackRow = (page: Page, nation: string) => page.locator(`[data-testid=acks] tr[data-nation=${nation}]`);
const stance = (page: Page, nation: string) =>
  page.locator(`[data-testid=approvals] tr[data-nation=${nation}]`).getAttribute('class');

describe('the crisis room in Chromium (JPN and KOR side by side)', () => {
  let dir: string;
  let net: Network;
  let browser: Browser;
  let jpnContext: BrowserContext;
  let korContext: BrowserContext;
  let jpn: Page;
  let kor: Page;
  const korSockets: string[] = [];
  const korLinks: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  /** Korea's consultation stream: passed, refused (new connections closed at once), or stalled (open, silent). */
  let link: 'pass' | 'cut' | 'stall' = 'pass';
  const jpnReceived: string[] = [];
  let id: string;
  const token = (n: string) => net.links.get(n)!.split('/').at(-1)!;
  const api = async (nation: string, path: string, body: object) => {
    const r = await fetch(`${net.origin}/api/${nation}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(nation)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as { event: { id: string } };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concord-crisis-'));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    browser = await launchChromium();
    // Heartbeats every 400 ms rather than 10 s: a silent stream is taken as dropped after 1 s.
    net = await startNetwork(join(dir, 'data'), [
      '--scenario',
      'korea-kn23-depressed',
      '--speed',
      '3',
      '--heartbeat-ms',
      String(HEARTBEAT_MS),
    ]);
    jpnContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    korContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    jpn = await jpnContext.newPage();
    kor = await korContext.newPage();
    // Korea's consultation stream passes through here, so that the test can drop it or stall it.
    await korContext.routeWebSocket(/\/consultations\/stream/, (page) => {
      korSockets.push(page.url());
      if (link === 'cut') return page.close({ code: 1001, reason: 'cut by the test' });
      const server = page.connectToServer();
      server.onMessage((m) => link === 'pass' && page.send(m));
      korLinks.push({ page, server });
    });
    jpn.on('websocket', (ws) =>
      ws.on('framereceived', (f) =>
        jpnReceived.push(typeof f.payload === 'string' ? f.payload : f.payload.toString()),
      ),
    );
    jpn.on('response', (r) => {
      r.text().then(
        (b) => jpnReceived.push(b),
        () => {},
      );
    });
    id = (
      await api('JPN', 'consultations', {
        subject: `Launch toward the Sea of Japan (${secretOf()})`,
        level: 'working',
        participants: ['JPN', 'KOR'],
        ackWithinMs: 600_000,
      })
    ).event.id;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stopNetwork(net);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the consultation in both, with the deadlines counting down', { timeout: 30_000 }, async () => {
    await openRoom(jpn, net.links.get('JPN')!, id);
    await openRoom(kor, net.links.get('KOR')!, id);
    // The convener acknowledged by convening; Korea has ten minutes.
    for (const page of [jpn, kor]) {
      expect(await ackRow(page, 'JPN').getAttribute('class')).toContain('acked');
      expect(await ackRow(page, 'KOR').getAttribute('class')).toContain('pending');
    }
    expect(await jpn.getByTestId('acknowledge').count()).toBe(0);
    // Ten minutes to acknowledge, on the scenario clock: in Japanese on Japan's page, Korean on Korea's.
    const countdown = jpn.locator('[data-testid=acks] tr[data-nation=KOR] [data-testid=ack-countdown]');
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).toMatch(/^ 残り \d:\d\d$/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    expect(
      await kor.locator('[data-testid=acks] tr[data-nation=KOR] [data-testid=ack-countdown]').textContent(),
    ).toMatch(/^ \d:\d\d 남음$/);
  });

  it('acknowledges in KOR: both see it, JPN live', async () => {
    await kor.getByTestId('acknowledge').click();
    await expect.poll(() => ackRow(kor, 'KOR').getAttribute('class'), { timeout: 10_000 }).toContain('acked');
    await expect.poll(() => ackRow(jpn, 'KOR').getAttribute('class'), { timeout: 10_000 }).toContain('acked');
    expect(await kor.getByTestId('acknowledge').count()).toBe(0);
    expect(await jpn.getByTestId('ack-countdown').count()).toBe(0);
  });

  const resumed = (before: number) =>
    korSockets.slice(before).filter((u) => /\/api\/KOR\/consultations\/stream\?after=\d+$/.test(u)).length;

  it('resumes the stream after a drop from the last event it had (?after=SEQ)', {
    timeout: 30_000,
  }, async () => {
    const before = korSockets.length;
    link = 'cut';
    for (const l of korLinks.splice(0)) {
      l.server.close();
      l.page.close({ code: 1001, reason: 'dropped by the test' });
    }
    await expect
      .poll(() => kor.getByTestId('crisis-stream-state').getAttribute('class'))
      .not.toContain('open');
    // While Korea's page is cut off, Japan posts: the page can learn of it only by resuming.
    const text = `Radar tracks lost at ${secretOf()}`;
    await api('JPN', `consultations/${id}/posts`, { text, marking: 'UNCLASSIFIED' });
    await kor.waitForTimeout(500);
    link = 'pass';
    await expect.poll(() => kor.getByTestId('timeline').textContent(), { timeout: 15_000 }).toContain(text);
    expect(resumed(before), korSockets.join('\n')).toBeGreaterThan(0);
    expect(await kor.getByTestId('crisis-stream-state').getAttribute('class')).toContain('open');
  });

  it('takes a stream silent for 2.5 heartbeats as stalled, says so, and resumes it by itself (?after=SEQ)', {
    timeout: 30_000,
  }, async () => {
    // Every state the room shows, as it shows it: a stall is on screen for a moment only.
    await kor.evaluate(`(() => {
      const el = document.querySelector('[data-testid=crisis-stream-state]');
      window.__states = [];
      new MutationObserver(() => window.__states.push(el.className + '|' + el.textContent))
        .observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
    })()`);
    const states = () => kor.evaluate('window.__states') as Promise<string[]>;
    await expect.poll(() => kor.getByTestId('crisis-stream-state').getAttribute('class')).toContain('open');
    const before = korSockets.length;
    // The node goes on talking (and /health answering); Korea's page hears nothing: no close, no error.
    link = 'stall';
    const text = `Debris reported at ${secretOf()}`;
    await api('JPN', `consultations/${id}/posts`, { text, marking: 'UNCLASSIFIED' });
    await expect
      .poll(
        async () => (await states()).find((s) => s.includes('stalled')) ?? JSON.stringify(await states()),
        {
          timeout: 10_000,
        },
      )
      .toMatch(/하트비트/);
    expect(await kor.getByTestId('timeline').textContent()).not.toContain(text);
    link = 'pass';
    await expect.poll(() => kor.getByTestId('timeline').textContent(), { timeout: 15_000 }).toContain(text);
    expect(resumed(before), korSockets.join('\n')).toBeGreaterThan(0);
    await expect.poll(() => kor.getByTestId('crisis-stream-state').getAttribute('class')).toContain('open');
  });

  it('renews a stalled stream when the network comes back, resuming the same way', {
    timeout: 30_000,
  }, async () => {
    const before = korSockets.length;
    link = 'stall';
    const text = `Second launch reported ${secretOf()}`;
    await api('JPN', `consultations/${id}/posts`, { text, marking: 'UNCLASSIFIED' });
    await kor.waitForTimeout(1_000);
    expect(await kor.getByTestId('timeline').textContent()).not.toContain(text);
    // The browser's network goes and comes back (a laptop's Wi-Fi): the room replaces its stream.
    await korContext.setOffline(true);
    link = 'pass';
    await korContext.setOffline(false);
    await expect.poll(() => kor.getByTestId('timeline').textContent(), { timeout: 15_000 }).toContain(text);
    expect(resumed(before), korSockets.join('\n')).toBeGreaterThan(0);
  });

  it('drafts in JPN, approves in both, and shows it agreed in both; JPN exports it', {
    timeout: 30_000,
  }, async () => {
    const text = `Japan and the Republic of Korea condemn the launch (${secretOf()}).`;
    await jpn.getByTestId('draft').fill(text);
    await jpn.getByTestId('propose').click();
    await expect.poll(() => kor.getByTestId('statement-text').textContent(), { timeout: 10_000 }).toBe(text);
    expect(await stance(kor, 'KOR')).toContain('none');
    await kor.getByTestId('approve').click();
    await expect.poll(() => stance(jpn, 'KOR'), { timeout: 10_000 }).toContain('approve');
    expect(await jpn.getByTestId('agreed').count()).toBe(0);
    await jpn.getByTestId('approve').click();
    for (const page of [jpn, kor])
      await expect.poll(() => page.getByTestId('agreed').count(), { timeout: 10_000 }).toBe(1);
    expect(await stance(kor, 'JPN')).toContain('approve');
    await jpn.screenshot({ path: join(OUTPUT_DIR, 'crisis-ja.png'), fullPage: true });
    await kor.screenshot({ path: join(OUTPUT_DIR, 'crisis-ko.png'), fullPage: true });
    // The export, as the node renders it: the agreed text and who approved it.
    const download = jpn.waitForEvent('download');
    await jpn.getByTestId('export-md').click();
    const file = await (await download).path();
    const md = readFileSync(file, 'utf8');
    expect(md).toContain(text);
    expect(md).toMatch(/JPN/);
    expect(md).toMatch(/KOR/);
  });

  it('keeps a private position to its nation: Korea records it, Japan’s page never receives it', async () => {
    const secret = `KOR-ONLY-${secretOf()}`;
    const form = kor.locator('section[aria-labelledby=crisis-positions] form');
    await form.locator('textarea').fill(secret);
    await form.locator('button[type=submit]').click();
    await expect
      .poll(() => kor.getByTestId('positions').textContent(), { timeout: 10_000 })
      .toContain(secret);
    // Japan's page hears of later events (a post), so its stream is live past the position.
    const after = `After the position ${secretOf()}`;
    await api('JPN', `consultations/${id}/posts`, { text: after, marking: 'UNCLASSIFIED' });
    await expect.poll(() => jpn.getByTestId('timeline').textContent(), { timeout: 10_000 }).toContain(after);
    expect(await jpn.content()).not.toContain(secret);
    expect(jpnReceived.filter((x) => x.includes(secret))).toEqual([]);
  });

  it('publishes a readout of the agreed statement from its form, which is emptied once the node took it', async () => {
    const text = `Korea condemns the launch (${secretOf()}).`;
    const form = kor.locator('section[aria-labelledby=crisis-readouts] form');
    expect(await form.locator('input').inputValue()).toBe('joint');
    await form.locator('textarea').fill(text);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => kor.getByTestId('readouts').textContent(), { timeout: 10_000 }).toContain(text);
    // The stream may show the readout before the POST's answer empties the form: wait for both.
    await expect.poll(() => form.locator('textarea').inputValue(), { timeout: 10_000 }).toBe('');
    // Its wording departs from the agreed text, and the room says so.
    const departs = kor.locator('[data-testid=divergence] li[data-nation=KOR] li');
    expect(await departs.count()).toBeGreaterThan(0);
  });

  it('speaks English too, and says plainly what the node refuses', async () => {
    await kor.getByTestId('language').selectOption('en');
    await expect
      .poll(() => kor.locator('#crisis-acks').textContent())
      .toBe('Participants and acknowledgements');
    // Korea is not the convener: no close form. A post Japan may not see is refused by Korea's node.
    expect(await kor.getByRole('button', { name: 'Close the consultation' }).count()).toBe(0);
    const form = kor.locator('section[aria-labelledby=crisis-timeline] form');
    await form.getByLabel('Text').fill('For Korean eyes only.');
    await form.getByLabel('Marking').fill('SECRET//NOFORN');
    await form.getByRole('button', { name: 'Post' }).click();
    const outcome = kor.getByTestId('crisis-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 10_000 }).toMatch(/^Post refused \(422\): /);
    expect(await outcome.getAttribute('role')).toBe('alert');
    await kor.screenshot({ path: join(OUTPUT_DIR, 'crisis-en.png'), fullPage: true });
  });

  it("details a track in JPN's missile picture: its Korean source, marking and admission from JPN's log", {
    timeout: 45_000,
  }, async () => {
    await jpn.getByTestId('view-missile').click();
    // A track Korea's radars contribute to (the KN-23 in flight), opened from its row.
    const row = jpn.locator('[data-testid=track-table] tbody tr[data-track]', { hasText: 'KOR' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('button.track-open').click();
    const detail = jpn.getByTestId('track-detail');
    await detail.waitFor();
    const kor = detail.locator('[data-testid=track-sources] tr[data-source^="KOR:"]').first();
    await kor.waitFor({ timeout: 10_000 });
    expect(await kor.locator('code').textContent()).toMatch(/KOR/);
    // The decision, as JPN's own audit log records it: the same record number the audit route lists.
    const admission = (await kor.getByTestId('admission').textContent()) ?? '';
    const seq = /#(\d+)/.exec(admission)?.[1];
    expect(seq, admission).toBeDefined();
    const audit = (await (
      await fetch(`${net.origin}/api/JPN/audit?from=${seq}&limit=1`, {
        headers: { authorization: `Bearer ${token('JPN')}` },
      })
    ).json()) as { records: { kind: string; subject: string; actor: string }[] };
    expect(audit.records[0]).toMatchObject({ kind: 'partner-track-admitted', actor: 'KOR' });
    expect(admission).toContain(audit.records[0]!.subject.split(':')[0]!);
    await expect
      .poll(() => jpn.getByTestId('trajectory').locator('tbody tr').count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    await jpn.screenshot({ path: join(OUTPUT_DIR, 'track-detail-ja.png'), fullPage: true });
  });
});
