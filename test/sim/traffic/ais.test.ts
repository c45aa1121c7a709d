import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AisRecord, mergeByTime, reportIntervalMs, shipReports } from '../../../src/sim/traffic/ais.js';
import {
  imoWithCheckDigit,
  isValidImo,
  NAV_STATUS,
  shoreIndex,
  Track,
} from '../../../src/sim/traffic/index.js';
import type { Ship } from '../../../src/sim/traffic/vessels.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const HOUR = 3_600_000;
const W = { startMs: T0, endMs: T0 + 2 * HOUR, zeroMs: T0 };
const EVERYTHING = { nearShoreNm: 40, nearShoreP: 1, farP: 1 };
const SHORE = shoreIndex([[30, 120]]);

/** A ship sailing north at `speedKn` (or anchored) for two hours, transmitting on class `cls`. */
function ship(
  cls: 'A' | 'B',
  speedKn: number,
  status: number = NAV_STATUS.underway,
  aisOff: [number, number][] = [],
): Ship {
  const distDeg = (speedKn * 1852 * 2) / 111_195;
  const knots = [
    { tMs: T0, latDeg: 31, lonDeg: 125, status: status as 0 },
    { tMs: T0 + 2 * HOUR, latDeg: 31 + distDeg, lonDeg: 125, status: NAV_STATUS.underway },
  ];
  return {
    id: `s-${cls}-${speedKn}`,
    kind: 'cargo',
    identity: {
      mmsi: 412000001,
      imo: 9999993,
      shipname: 'TEST',
      callsign: 'BTEST',
      shiptype: 70,
      aisClass: cls,
      lengthM: 100,
      beamM: 16,
    },
    track: new Track(knots),
    aisOff,
    background: false,
  };
}

const positions = (s: Ship) =>
  [...shipReports(s, W, EVERYTHING, SHORE, 1)].filter((r) => r.type === 1 || r.type === 18);
function medianGapMs(rs: readonly AisRecord[]): number {
  const gaps = rs
    .slice(1)
    .map((r, i) => r.tMs - rs[i]!.tMs)
    .sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

describe('AIS reporting intervals (ITU-R M.1371-5)', () => {
  it('class A: 10 s to 14 kn, 6 s to 23 kn, 2 s above; 3 min at anchor', () => {
    expect(medianGapMs(positions(ship('A', 12)))).toBeCloseTo(10_000, -3);
    expect(medianGapMs(positions(ship('A', 18)))).toBeCloseTo(6_000, -3);
    expect(medianGapMs(positions(ship('A', 25)))).toBeCloseTo(2_000, -2);
    expect(medianGapMs(positions(ship('A', 0.5, NAV_STATUS.anchored)))).toBeCloseTo(180_000, -4);
  });

  it('class B: 30 s above 2 kn, 3 min at or below, as message 18', () => {
    const fast = positions(ship('B', 8));
    expect(fast.every((r) => r.type === 18)).toBe(true);
    expect(medianGapMs(fast)).toBeCloseTo(30_000, -3);
    expect(medianGapMs(positions(ship('B', 1)))).toBeCloseTo(180_000, -4);
  });

  it('static data every 6 min: message 5 for class A, 24 parts A and B for class B', () => {
    const a = [...shipReports(ship('A', 12), W, EVERYTHING, SHORE, 1)].filter((r) => r.type === 5);
    expect(a.length).toBe(20);
    expect(medianGapMs(a)).toBe(360_000);
    expect(a[0]).toMatchObject({
      imo: 9999993,
      shipname: 'TEST',
      callsign: 'BTEST',
      shiptype: 70,
      to_bow: 80,
      to_stern: 20,
    });
    const b = [...shipReports(ship('B', 8), W, EVERYTHING, SHORE, 1)].filter((r) => r.type === 24);
    expect(b.filter((r) => r.partno === 0).length).toBe(20);
    expect(b.filter((r) => r.partno === 1).length).toBe(20);
  });

  it('nothing is sent while the transmitter is off, and loss thins what is received', () => {
    const off: [number, number] = [T0 + 30 * 60_000, T0 + 90 * 60_000];
    const rs = [...shipReports(ship('A', 12, 0, [off]), W, EVERYTHING, SHORE, 1)];
    expect(rs.filter((r) => r.tMs >= off[0] && r.tMs < off[1])).toEqual([]);
    expect(rs.length).toBeGreaterThan(300);
    const lossy = [...shipReports(ship('A', 12), W, { nearShoreNm: 40, nearShoreP: 1, farP: 0.1 }, SHORE, 1)];
    const full = [...shipReports(ship('A', 12), W, EVERYTHING, SHORE, 1)];
    expect(lossy.length).toBeGreaterThan(full.length * 0.05);
    expect(lossy.length).toBeLessThan(full.length * 0.2);
  });

  it('the interval never grows with speed for a class A ship under way (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          return (
            reportIntervalMs('A', hi, NAV_STATUS.underway) <= reportIntervalMs('A', lo, NAV_STATUS.underway)
          );
        },
      ),
    );
  });

  it('merging keeps time order across ships', () => {
    const merged = [
      ...mergeByTime(
        [ship('A', 12), ship('B', 8), ship('A', 25)].map((s) => shipReports(s, W, EVERYTHING, SHORE, 1)),
      ),
    ];
    expect(merged.every((r, i) => i === 0 || r.tMs >= merged[i - 1]!.tMs)).toBe(true);
    expect(merged.length).toBeGreaterThan(4_000);
  });
});

describe('IMO numbers', () => {
  it('a check digit makes a valid number; a changed digit is caught unless digit x weight changes the sum by a multiple of 10 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        (six, pos, delta) => {
          const imo = imoWithCheckDigit(six);
          if (!isValidImo(imo)) return false;
          const digits = String(imo).split('').map(Number);
          digits[pos] = (digits[pos]! + delta) % 10;
          if (pos === 0 && digits[0] === 0) return true; // no longer seven digits
          const changed = Number(digits.join(''));
          // Position 6 is the check digit itself (weight 1 against the sum's last digit).
          const caught = pos === 6 || (delta * (7 - pos)) % 10 !== 0;
          return isValidImo(changed) === !caught;
        },
      ),
    );
    expect(isValidImo(9074729)).toBe(true); // the worked example of the IMO numbering scheme
  });
});
