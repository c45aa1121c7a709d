import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSharedBrowser,
  type Network,
  OUTPUT_DIR,
  sharedBrowser,
  startNetwork,
  stopNetwork,
} from './browser.js';

// The replay bar in Chromium against `concord start` on the bundled IRBM scenario, signed in as JPN
// through the printed link: pause, seek ahead to after the first warnings (they show, and so do their
// marks on the bar beside the launch's), click the launch's mark to seek back to a few seconds before
// it (the network re-runs: the clock says T+01:55, the warnings and their marks are gone, the launch's
// stays, the picture's stream back by itself), a second forward by the keyboard and Tab on to the
// mark, then play at 50x until the warning, and its mark, come again.

describe('the replay bar in Chromium', () => {
  let dir: string;
  let net: Network;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concord-replay-'));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const browser = await sharedBrowser();
    net = await startNetwork(join(dir, 'data'), ['--speed', '4']);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 60_000);

  afterAll(async () => {
    await closeSharedBrowser();
    await stopNetwork(net);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const clock = () => page.getByTestId('replay-clock').textContent();
  /** Does `act` and waits for the node's answer to the seek it asks. */
  const seeking = async (act: () => Promise<void>) => {
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/api/JPN/replay') && r.request().method() === 'POST',
      { timeout: 60_000 },
    );
    await act();
    expect((await answered).status()).toBe(200);
  };
  /** Moves the slider to `t` and waits for the node's answer to the seek it asks once settled. */
  const seek = (t: number) => seeking(() => page.getByTestId('replay-seek').fill(String(t)));
  /** The marks drawn on the bar: the second each stands at and its kinds. */
  const marks = () =>
    page
      .getByTestId('replay-mark')
      .evaluateAll((bs) => bs.map((b) => `${b.getAttribute('data-t')} ${b.getAttribute('data-kinds')}`));

  it('pauses, seeks ahead and back, and the clock and the picture follow', { timeout: 90_000 }, async () => {
    await page.goto(net.links.get('JPN')!);
    const bar = page.getByRole('region', { name: 'シナリオの再生' });
    await bar.waitFor({ timeout: 30_000 });
    // Paused: the button now offers to play, and the clock says so.
    await page.getByTestId('replay-play').click();
    await expect.poll(clock, { timeout: 10_000 }).toContain('一時停止中');
    expect(await page.getByTestId('replay-play').textContent()).toContain('再生');
    expect(await page.getByTestId('replay-scenario').inputValue()).toBe('korea-irbm-over-japan');

    // Ahead, past the first warnings (T+179 s): the network runs there as fast as it goes.
    await seek(260);
    await expect.poll(clock, { timeout: 30_000 }).toContain('T+04:20');
    await page.screenshot({ path: join(OUTPUT_DIR, 'replay-ahead-ja.png') });
    await page.getByTestId('warning').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('warning').first().textContent()).toMatch(/JPN/);
    // The marks: the launch (the scenario's, T+120 s) and JPN's own warnings as its node issued them.
    await expect.poll(marks, { timeout: 20_000 }).toEqual(['120 launch', '179 warning', '250 warning']);
    const launch = page.locator('[data-testid=replay-mark][data-kinds=launch]');
    expect(await launch.getAttribute('aria-label')).toMatch(
      /^T\+02:00: irbm-1（hwasong-12）の発射。T\+01:55へ移動$/,
    );
    await page.screenshot({ path: join(OUTPUT_DIR, 'replay-ahead-ja.png') });

    // The launch's mark clicked: back to a few seconds before it, a re-run on fresh stores. The views
    // are made anew: no warning, and of the marks only the launch's, known beforehand.
    await seeking(() => launch.click());
    await expect.poll(clock, { timeout: 30_000 }).toContain('T+01:55');
    await expect
      .poll(() => page.getByTestId('replay-note').textContent(), { timeout: 30_000 })
      .toContain('第2回');
    await expect.poll(() => page.getByTestId('warning').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(marks, { timeout: 10_000 }).toEqual(['120 launch']);
    await expect
      .poll(() => page.getByTestId('stream-state').getAttribute('class'), { timeout: 20_000 })
      .toContain('open');
    await page.screenshot({ path: join(OUTPUT_DIR, 'replay-back-ja.png') });

    // The slider by the keyboard: a second on; Tab goes on to the marks.
    await page.getByTestId('replay-seek').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(clock, { timeout: 20_000 }).toContain('T+01:56');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.getAttribute("data-t")')).toBe('120');

    // Play at 50x, in English: the warning comes again.
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('replay-speed').selectOption('50');
    await expect.poll(clock, { timeout: 10_000 }).toContain('(paused)');
    await page.getByRole('button', { name: /Play/ }).click();
    await expect.poll(clock, { timeout: 10_000 }).toContain('running at 50x');
    await page.getByTestId('warning').first().waitFor({ timeout: 40_000 });
    await expect.poll(marks, { timeout: 20_000 }).toContain('179 warning');
    await page.getByTestId('language').selectOption('ko');
    expect(await page.getByRole('group', { name: '시간축 위의 시나리오 사건' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: '시나리오 재생' }).count()).toBe(1);
    await page.screenshot({ path: join(OUTPUT_DIR, 'replay-again-ko.png') });
  });
});
