import type { Page } from 'playwright-core';

// What the console's frame time is measured under, by its browser test (test/web/maritime.test.ts)
// and by `concord bench console` alike: many vessels for the maritime map, and an operator zooming
// and panning the map while the page counts its frames.

/** `n` vessels across the seas around Japan, deterministic (a linear congruential generator), as `GET vessels` answers. */
export function manyVessels(n: number): { vessels: object[] } {
  let x = 12345;
  const rnd = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const vessels: object[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 10;
    vessels.push({
      mmsi: (kind === 0 ? 431_000_000 : 477_000_000) + i,
      lat: 20 + rnd() * 25,
      lon: 120 + rnd() * 30,
      speed: 12,
      course: rnd() * 360,
      heading: null,
      ...(kind === 0 ? { shipType: 55, name: `PATROL ${i}` } : kind < 6 ? { name: `SHIP ${i}` } : {}),
      lastSeen: '2025-03-03T01:00:00.000Z',
      sources: ['bench'],
    });
  }
  return { vessels };
}

/**
 * Frame intervals (ms) while the operator zooms in and out and pans the map (`data-testid=map`) for
 * about `ms` of wall clock: requestAnimationFrame's deltas, counted in the page (an expression in a
 * string: the console's content security policy refuses eval, and nothing of a test's transform
 * gets in it).
 */
export async function frameTimes(page: Page, ms: number): Promise<number[]> {
  await page.evaluate(`(() => {
    const w = window; w.__frames = []; w.__stop = false; let last = performance.now();
    const tick = (t) => { w.__frames.push(t - last); last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const box = (await page.getByTestId('map').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  const start = performance.now();
  for (let i = 0; performance.now() - start < ms; i++) {
    await page.mouse.wheel(0, i % 4 < 2 ? -300 : 300);
    await page.waitForTimeout(150);
    await page.mouse.down();
    for (let k = 1; k <= 4; k++) await page.mouse.move(cx + (i % 2 ? -k : k) * 15, cy + k * 8);
    await page.mouse.up();
  }
  return (await page.evaluate(
    '(() => { window.__stop = true; return window.__frames.slice(1); })()',
  )) as number[];
}
