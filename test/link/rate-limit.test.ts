import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPartnerRate, PartnerRateLimiter } from '../../src/link/index.js';

const RATE = { itemsPerS: 100, burstItems: 500, bytesPerS: 100_000, burstBytes: 1_000_000 };
const T0 = Date.UTC(2024, 0, 1);

describe('PartnerRateLimiter', () => {
  it("lets a partner spend its burst, then its rate, and never another partner's share", () => {
    const l = new PartnerRateLimiter(RATE);
    let kor = 0;
    // Korea floods: 100 messages of 10 items in the same instant; the burst takes 50 of them.
    for (let i = 0; i < 100; i++) if (l.admit('KOR', 10, 100, T0)) kor++;
    expect(kor).toBe(50);
    // The US, at the same instant, still has all of its own.
    expect(l.admit('USA', 500, 100, T0)).toBe(true);
    // A second later Korea has earned 100 items: 10 messages.
    let later = 0;
    for (let i = 0; i < 100; i++) if (l.admit('KOR', 10, 100, T0 + 1_000)) later++;
    expect(later).toBe(10);
    expect(l.waitMs('KOR', 10, 100, T0 + 1_000)).toBeCloseTo(100, 6);
  });

  it('holds bytes to their own bucket, checked before the message is read', () => {
    const l = new PartnerRateLimiter(RATE);
    expect(l.admit('KOR', 1, 900_000, T0)).toBe(true);
    expect(l.mayRead('KOR', 200_000, T0)).toBe(false);
    expect(l.mayRead('KOR', 100_000, T0)).toBe(true);
    expect(l.mayRead('JPN', 1_000_000, T0)).toBe(true);
  });

  it('lets in a message larger than the burst once the bucket is full, leaving it in debt', () => {
    const l = new PartnerRateLimiter(RATE);
    expect(l.admit('KOR', 2_000, 10, T0)).toBe(true);
    expect(l.admit('KOR', 1, 10, T0 + 10_000)).toBe(false); // 1,500 in debt, 1,000 earned
    expect(l.admit('KOR', 1, 10, T0 + 16_000)).toBe(true);
  });

  it('counts what it let in, held and refused, and the peak items per second', () => {
    const l = new PartnerRateLimiter(RATE);
    l.admit('KOR', 300, 10, T0);
    l.admit('KOR', 100, 10, T0 + 500);
    l.admit('KOR', 50, 10, T0 + 1_500);
    l.held('KOR', T0 + 1_600);
    l.refused('KOR', 7, T0 + 1_600);
    l.refused('KOR', 0, T0 + 1_600);
    expect(l.counts()).toEqual({
      KOR: { admittedItems: 450, heldMessages: 1, refusedMessages: 2, refusedItems: 7, peakItemsPerS: 400 },
    });
  });

  it('never admits more than the burst plus the rate times the time elapsed (any arrivals, any clock)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ dtMs: fc.integer({ min: -50, max: 2_000 }), items: fc.integer({ min: 0, max: 800 }) }),
          {
            maxLength: 200,
          },
        ),
        (arrivals) => {
          const l = new PartnerRateLimiter(RATE);
          let now = T0;
          let latest = T0;
          let admitted = 0;
          let largest = 0;
          for (const a of arrivals) {
            now += a.dtMs; // the clock may step back a little: it refills nothing then
            latest = Math.max(latest, now);
            if (l.admit('KOR', a.items, 1, now)) {
              admitted += a.items;
              largest = Math.max(largest, a.items);
            }
          }
          // One message above the burst may be let in on a full bucket (its debt is then paid).
          const bound = Math.max(RATE.burstItems, largest) + ((latest - T0) / 1_000) * RATE.itemsPerS;
          expect(admitted).toBeLessThanOrEqual(bound + 1e-6);
        },
      ),
    );
  });

  it('refuses a rate that is not positive, naming the field', () => {
    expect(() => checkPartnerRate({ ...RATE, burstItems: 0 }, 'node.yaml: partnerRate')).toThrow(
      'node.yaml: partnerRate.burstItems: must be a positive number, not 0',
    );
    expect(() => new PartnerRateLimiter({ ...RATE, itemsPerS: Number.NaN })).toThrow(/itemsPerS/);
  });
});
