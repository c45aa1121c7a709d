import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSharedBrowser,
  type Network,
  OUTPUT_DIR,
  sharedBrowser,
  startNetwork,
  stopNetwork,
} from './browser.js';

// The agreements view and the scorecard in Chromium, against `concord start` (its administrators'
// links printed): JPN's operator moves the date slider through the Japan–ROK GSOMIA's 2019 notice
// and its suspension (days the slider marks from the agreements' events the node serves), and reads the scorecard; KOR's administrator appends a status with evidence.
// Each test runs in a few seconds here; the 60 s bounds are for a machine under heavy load.

const GSOMIA = '[data-agreement=jpn-kor-gsomia-2016]';

async function signIn(browser: Browser, link: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(link);
  await expect.poll(() => page.getByTestId('who').textContent(), { timeout: 20_000 }).toMatch(/[A-Z]{3}/);
  await page.getByTestId('language').selectOption('en');
  return page;
}

/** The GSOMIA's standing on the day the matrix shows, once the node answered for `day`. */
async function gsomiaOn(page: Page, day: string): Promise<{ state: string; detail: string }> {
  await page.locator(`.agreements-body[data-day="${day}"]:not(.stale)`).waitFor();
  const row = page.locator(GSOMIA);
  return {
    state: (await row.locator('[data-state]').getAttribute('data-state')) ?? '',
    detail: (await row.locator('.detail').textContent()) ?? '',
  };
}

const route = (page: Page, from: string, to: string, topic: string) =>
  page.getByTestId(`cell-${from}-${to}-${topic}`).getAttribute('class');

describe('the agreements view and the scorecard in Chromium', () => {
  let dir: string;
  let net: Network;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concord-agreements-'));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    browser = await sharedBrowser();
    net = await startNetwork(join(dir, 'data'), ['--print-admin']);
  }, 60_000);

  afterAll(async () => {
    await closeSharedBrowser();
    await stopNetwork(net);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("JPN's slider shows the 2019 termination notice and its suspension", { timeout: 60_000 }, async () => {
    const page = await signIn(browser, net.links.get('JPN')!);
    await page.getByTestId('view-agreements').click();
    expect(page.url()).toBe(`${net.origin}/#/agreements`);
    // The slider marks the days of the agreements' events, as the node serves them.
    await expect
      .poll(() => page.getByTestId('mark-2016-11-23').textContent(), { timeout: 20_000 })
      .toContain('jpn-kor-gsomia-2016 signed');
    expect(await page.getByTestId('mark-2019-08-23').textContent()).toContain(
      'jpn-kor-gsomia-2016: termination notice by KOR',
    );
    expect(await page.getByTestId('mark-2022-11-13').textContent()).toContain(
      'trilateral-missile-warning-2023 signed',
    );
    await page.getByTestId('mark-2016-11-23').click();
    expect((await gsomiaOn(page, '2016-11-23')).state).toBe('in-force');
    // The day before the GSOMIA: to Korea only through the US, only about North Korea (TISA).
    await page.getByTestId('date-input').fill('2016-11-22');
    expect((await gsomiaOn(page, '2016-11-22')).state).toBe('not-yet-in-force');
    expect(await route(page, 'JPN', 'KOR', 'missile-warning')).toContain('relayed');
    expect(await page.getByTestId('cell-JPN-KOR-missile-warning').textContent()).toMatch(
      /tisa-2014.*via USA/,
    );
    expect(await route(page, 'JPN', 'KOR', 'maritime')).toContain('none');
    // Korea's notice of termination: still in force, the notice pending.
    await page.getByTestId('mark-2019-08-23').click();
    const notice = await gsomiaOn(page, '2019-08-23');
    expect(notice.state).toBe('in-force-notice-pending');
    expect(notice.detail).toContain('2019-08-23');
    expect(await page.locator(GSOMIA).textContent()).toContain('termination notice pending');
    expect(await route(page, 'KOR', 'JPN', 'maritime')).toContain('direct');
    await page.screenshot({ path: join(OUTPUT_DIR, 'agreements-2019-notice-en.png'), fullPage: true });
    // Its suspension on 2019-11-22 ...
    await page.getByTestId('mark-2019-11-22').click();
    const suspended = await gsomiaOn(page, '2019-11-22');
    expect(suspended.state).toBe('in-force');
    expect(suspended.detail).toContain('suspended on 2019-11-22');
    await page.screenshot({ path: join(OUTPUT_DIR, 'agreements-2019-suspension-en.png'), fullPage: true });
    // ... and, a day before it by the keyboard, the notice still pending.
    await page.getByTestId('date-slider').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('date-input').inputValue()).toBe('2019-11-21');
    expect((await gsomiaOn(page, '2019-11-21')).state).toBe('in-force-notice-pending');
    await page.getByTestId('mark-2023-03-21').click();
    expect((await gsomiaOn(page, '2023-03-21')).detail).toContain('withdrawn on 2023-03-21');
    await page.getByTestId('language').selectOption('ja');
    await expect.poll(() => page.locator(GSOMIA).textContent()).toContain('発効中');
    await page.screenshot({ path: join(OUTPUT_DIR, 'agreements-2023-ja.png'), fullPage: true });
    await page.context().close();
  });

  it("JPN's scorecard: a paper's recommendations with its words, an entry's history and sources, the charts", {
    timeout: 60_000,
  }, async () => {
    const page = await signIn(browser, net.links.get('JPN')!);
    await page.getByTestId('view-scorecard').click();
    const table = page.getByTestId('scorecard-table');
    await table.waitFor({ timeout: 20_000 });
    await page.getByTestId('paper-filter').selectOption('wilson-2022');
    await expect.poll(() => table.locator('caption').textContent()).not.toBe('');
    await expect
      .poll(
        async () => (await table.locator('tbody tr').count()) === (await table.locator('tbody tr q').count()),
      )
      .toBe(true);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await table.locator('tbody tr').first().click();
    const detail = page.getByTestId('entry-detail');
    await detail.waitFor();
    expect(await detail.locator('blockquote').count()).toBeGreaterThan(0);
    expect(await detail.textContent()).toContain('Wilson Center');
    expect(await detail.locator('.sources li').count()).toBeGreaterThan(0);
    // An operator appends nothing: the form is an administrator's.
    expect(await page.getByTestId('status-form').count()).toBe(0);
    // The charts, drawn as SVG: spending by nation with the 2 % line, the SMA's payments.
    const spending = page.getByTestId('chart-spending');
    await expect.poll(() => spending.locator('svg').count()).toBe(1);
    for (const n of ['USA', 'JPN', 'KOR']) expect(await spending.textContent()).toContain(n);
    await expect.poll(() => page.getByTestId('chart-us-kor-sma').textContent()).toContain('published');
    await page.screenshot({ path: join(OUTPUT_DIR, 'scorecard-en.png'), fullPage: true });
    await page.context().close();
  });

  it("KOR's administrator appends a status with evidence; it is in the entry's history", {
    timeout: 60_000,
  }, async () => {
    const page = await signIn(browser, net.adminLinks.get('KOR')!);
    await expect.poll(() => page.getByTestId('who').textContent()).toContain('KOR administrator');
    await page.getByTestId('view-scorecard').click();
    const row = page.locator('[data-entry=rec-rok-cptpp]');
    await row.waitFor({ timeout: 20_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('status-form');
    await form.waitFor();
    await page.getByTestId('form-status').selectOption('in-progress');
    await page.getByTestId('form-asof').fill('2022-09-20');
    await page.getByTestId('form-note').fill('application resumed');
    await page.getByTestId('form-evidence-date').fill('2022-09-20');
    await page.getByTestId('form-source').fill('MOTIE press release');
    await page.getByTestId('form-text').fill('The ROK resumed its CPTPP application.');
    await page.getByTestId('form-submit').click();
    await expect
      .poll(() =>
        page
          .getByTestId('form-answer')
          .textContent()
          .catch(() => ''),
      )
      .toContain('2022-09-20');
    await expect.poll(() => page.getByTestId('entry-history').textContent()).toContain('2022-09-20');
    expect(await page.getByTestId('entry-edits').textContent()).toContain('api:KOR');
    await expect.poll(() => row.textContent()).toContain('in progress');
    // A day before the latest record is refused, as the node says.
    await page.getByTestId('form-asof').fill('2022-09-01');
    await page.getByTestId('form-submit').click();
    await expect.poll(() => page.getByTestId('form-answer').getAttribute('role')).toBe('alert');
    await page.screenshot({ path: join(OUTPUT_DIR, 'scorecard-admin-en.png'), fullPage: true });
    await page.context().close();
  });
});
