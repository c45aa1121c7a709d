import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLines } from '../../../src/maritime/ais/index.js';
import { compareStreams, type GpsdRecord, parseGpsdOutput } from './gpsd-compare.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'ais', 'gpsd');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'latin1');

const NAV_STATUS_322 = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted manoeuverability',
];

/**
 * Newer gpsd (the `.js.chk` file) writes a few values differently from 3.22, which is what we
 * match: rate of turn "n/a" (3.22: "nan") and as a signed string, type 27's status as a number
 * plus text (3.22: the text only), and names for EPFD codes 9..15 (3.22: "INVALID EPFD").
 */
function as322(r: GpsdRecord): GpsdRecord {
  const v = { ...r.value };
  const decimals = [...r.decimals];
  if (v.turn === 'n/a') v.turn = 'nan';
  else if (typeof v.turn === 'string' && /^-?\d/.test(v.turn)) {
    // gpsd 3.22 wrote the magnitude, rounded to a whole number.
    v.turn = Math.round(Math.abs(Number(v.turn)));
  }
  if (v.type === 27 && typeof v.status === 'number') {
    v.status = NAV_STATUS_322[v.status] ?? String(v.status);
    delete v.status_text;
  }
  if (typeof v.epfd === 'number' && v.epfd >= 9) v.epfd_text = 'INVALID EPFD';
  // Rebuild the decimals in the new order: numbers keep their places except turn/status changes.
  const rebuilt: number[] = [];
  let d = 0;
  for (const [k, original] of Object.entries(r.value)) {
    const now = v[k];
    if (typeof original === 'number') {
      const places = decimals[d++] ?? 0;
      if (typeof now === 'number') rebuilt.push(places);
    } else if (typeof now === 'number') {
      rebuilt.push(0);
    } else if (typeof original === 'object' && original !== null) {
      const n = JSON.stringify(original).match(/-?\d+(\.\d+)?(?=[,}\]])/g)?.length ?? 0;
      for (let i = 0; i < n; i++) rebuilt.push(decimals[d++] ?? 0);
    }
  }
  return { value: v, decimals: rebuilt, line: r.line };
}

describe('gpsd regression corpus', () => {
  it("sample.aivdm: every record of gpsd's .js.chk, as 3.22 writes it, with equal fields", () => {
    const { messages } = decodeLines(read('sample.aivdm'));
    const expected = parseGpsdOutput(read('sample.aivdm.js.chk')).map(as322);
    expect(expected.length).toBe(97);
    expect(
      compareStreams(
        expected,
        messages.map((m) => m.record),
      ),
    ).toEqual([]);
  });

  const inputs = [
    'sample.aivdm',
    'daemon/ais-18-27.log',
    'daemon/ais-nmea-type6-fid55.log',
    'daemon/ais-nmea.log',
    'daemon/ais-raw-messages.log',
    'daemon/ais_unpack_sixbit.log',
  ];
  for (const input of inputs) {
    it(`${input}: every record Debian's gpsdecode -j (3.22) emits, with equal fields`, () => {
      const { messages, stats } = decodeLines(read(input));
      const expected = parseGpsdOutput(read(`${input}.gpsdecode-3.22.json`));
      expect(expected.length).toBeGreaterThan(0);
      const problems = compareStreams(
        expected,
        messages.map((m) => m.record),
      ).filter((p) => !isWaterLevelWrap(p));
      expect(problems).toEqual([]);
      expect(stats.records).toBe(messages.length);
    });
  }
});

/**
 * gpsd 3.22 computes an IMO289 water level below the reference as an unsigned number
 * (42949672.9 for -0.05 m); we write the signed value. That one difference is tolerated.
 */
function isWaterLevelWrap(problem: string): boolean {
  const m = /^gpsd line \d+ \(type 8\): waterlevel: gpsd ([\d.]+), ours (-[\d.]+)$/.exec(problem);
  return m !== null && Math.abs(Number(m[1]) - 2 ** 32 / 100 - Number(m[2])) < 0.06;
}
