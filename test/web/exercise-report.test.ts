import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concord } from '../cli/run.js';
import { readBack } from '../support/report-readback.js';
import { launchChromium, ROOT } from './browser.js';

// The exercise report as a planner receives it: written by `concord exercise`, opened in a real
// browser from disk, with nothing to fetch and no script to run.

/** Screenshots of the report for a person to look at (gitignored); docs/images has a copy of one. */
const OUTPUT = join(ROOT, 'test-output', 'exercise-report');

let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the exercise report in a browser', () => {
  it('korea-kn23-depressed: opens from disk with no console errors and no requests, its figures those of results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-report-'));
    const r = concord(
      'exercise',
      'korea-kn23-depressed',
      '--seeds',
      '1',
      '--format',
      'html,md',
      '--report',
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const pairs = readBack(html, results);
    expect(pairs.length).toBeGreaterThan(50);
    for (const p of pairs) expect({ path: p.path, shown: p.shown }).toEqual({ path: p.path, shown: p.value });
    // The question's answer: Japan's lead time under each policy, the bars' figures.
    const jpn = results.summary.map(
      (s: { nations: { JPN: { leadTimeS: { mean: number } } } }) => s.nations.JPN.leadTimeS.mean,
    );
    expect(jpn).toHaveLength(3);
    for (const [i, mean] of jpn.entries()) {
      expect(pairs).toContainEqual({
        path: `summary.${i}.nations.JPN.leadTimeS.mean`,
        shown: mean,
        value: mean,
      });
      expect(html).toContain(`>${mean} s<`); // the bar's label in the chart's SVG
    }
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('![lead times](lead-times.svg)');

    const page = await browser!.newPage({
      viewport: { width: 1200, height: 1700 },
      javaScriptEnabled: false,
    });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (q) => requests.push(q.url()));
    const url = pathToFileURL(join(dir, 'report.html')).href;
    await page.goto(url);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // The charts are drawn (inline SVG with a size), the headline first.
    const charts = await page
      .locator('figure svg')
      .evaluateAll((svgs: { getBoundingClientRect(): { height: number } }[]) =>
        svgs.map((s) => s.getBoundingClientRect().height),
      );
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const h of charts) expect(h).toBeGreaterThan(100);
    expect(await page.locator('h2').first().textContent()).toBe('The question');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'report-top.png') });
    await page.screenshot({ path: join(OUTPUT, 'report-full.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
