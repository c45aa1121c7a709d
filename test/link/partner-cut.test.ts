import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPartnerCut } from '../../src/testing/partner-cut.js';
import { AGREEMENTS_FILE } from '../domain/fixtures.js';

const agreementsText = readFileSync(AGREEMENTS_FILE, 'utf8');
// The figure is 1,000 items/s; on SQLite with Ed25519 that is ~600,000 items and about
// ten minutes of CPU, so `npm test` runs the same ten-minute cut at a lower rate and
// `concord bench dst --cut` runs the full one.
const ITEMS_PER_S = 10;
const CUT_MS = 600_000;

describe(`simulation: Japan cut off from Korea for ${CUT_MS / 60_000} virtual minutes at ${ITEMS_PER_S} items/s`, () => {
  it('keeps accepting and serving the US, then drains to Japan in order, nothing lost or duplicated', () => {
    const r = runPartnerCut({ seed: 1, agreementsText, itemsPerS: ITEMS_PER_S, cutMs: CUT_MS });
    expect(r.violations).toEqual([]);
    // 10 s before the cut, 10 minutes of cut, 10 s after: every publication answered with an allow.
    expect(r.published).toBeGreaterThanOrEqual((ITEMS_PER_S * (CUT_MS + 20_000)) / 1_000);
    expect(r.refused).toBe(0);
    expect(r.queuedAtHeal).toBeGreaterThanOrEqual((ITEMS_PER_S * CUT_MS) / 1_000);
    // The partner that is not cut off is not held back by the one that is: at most what a lost
    // message costs (ack timeout 0.5 s plus a backoff of at most 2 s) behind.
    expect(r.usaBehindAtHeal).toBeLessThanOrEqual(ITEMS_PER_S * 3);
    expect(r.received).toEqual({ JPN: r.published, USA: r.published });
    // Japan catches up within a minute of the heal (the backoff is capped at 2 s).
    expect(r.catchUpMs).not.toBeNull();
    expect(r.catchUpMs!).toBeLessThan(60_000);
    // Items queued behind a head that is waiting out its backoff do not each re-read the outbox.
    expect(r.retriesDuringCut).toBeGreaterThan(100);
    expect(r.scansDuringCut).toBeLessThan(3 * r.retriesDuringCut + 10);
  }, 300_000);

  it("drains a backlog above Japan's rate limit for Korea at that rate, nothing lost", () => {
    // 2 minutes at 10 items/s: 1,200 items queued at the heal, four times the burst allowed.
    const partnerRate = { itemsPerS: 100, burstItems: 300, bytesPerS: 1e9, burstBytes: 1e9 };
    const r = runPartnerCut({ seed: 2, agreementsText, itemsPerS: 10, cutMs: 120_000, partnerRate });
    expect(r.violations).toEqual([]);
    expect(r.queuedAtHeal).toBeGreaterThanOrEqual(1_200);
    expect(r.received).toEqual({ JPN: r.published, USA: r.published });
    // The limit did bite: batches were held back (and the sender's resends of them refused)...
    const kor = r.korRateAtJapan!;
    expect(kor.heldMessages).toBeGreaterThan(0);
    expect(kor.peakItemsPerS).toBeLessThanOrEqual(partnerRate.burstItems + partnerRate.itemsPerS);
    // ...and the backlog went at about the rate: (1,200 - 300) / (100 - 10) s = 10 s at the least.
    expect(r.catchUpMs).not.toBeNull();
    expect(r.catchUpMs!).toBeGreaterThanOrEqual(9_000);
    expect(r.catchUpMs!).toBeLessThan(60_000);
  }, 120_000);

  it('replays exactly from its seed', () => {
    const run = () => {
      const { wallMs: _, ...r } = runPartnerCut({ seed: 7, agreementsText, itemsPerS: 20, cutMs: 20_000 });
      return r;
    };
    expect(run()).toEqual(run());
  }, 120_000);
});
