import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptGpsd,
  BYTES_PER_FIX,
  FIXES_PER_CHUNK,
  FixHistory,
  KEEP_INTERVAL_S,
  MAX_FIXES,
  ReceptionCounts,
  SlabPool,
  VesselPicture,
  WINDOW_S,
  WORDS_PER_FIX,
} from '../../src/maritime/index.js';

const fixture = new URL('../fixtures/maritime/gpsd-sample.ndjson', import.meta.url);
const T = Date.parse('2026-03-01T00:00:00Z');

describe('adaptGpsd on gpsd sample records', () => {
  const records = readFileSync(fixture, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

  it('turns class A, B and long-range positions into fixes with sentinels as null', () => {
    const a = adaptGpsd(T, records[0]);
    expect(a).toMatchObject({
      kind: 'fix',
      fix: { mmsi: 371798000, latDeg: 48.3816333, speedKn: 12.3, headingDeg: 215 },
    });
    const b = adaptGpsd(T, records[1]);
    expect(b.kind === 'fix' && b.fix.headingDeg).toBeNull(); // heading 511 = n/a
    const t27 = records.find((r) => r.type === 27 && r.mmsi === 206914217);
    expect(adaptGpsd(T, t27)).toMatchObject({
      kind: 'fix',
      fix: { speedKn: 57, courseDeg: 167, msgType: 27 },
    });
  });

  it('reads static data from types 5, 19 and 24 (names without padding, length from offsets)', () => {
    const t5 = adaptGpsd(
      T,
      records.find((r) => r.type === 5 && r.mmsi === 351759000),
    );
    expect(t5).toMatchObject({
      kind: 'static',
      static: { imo: 9134270, name: 'EVER DIADEM', callsign: '3FOF8', shipType: 70, lengthM: 295, beamM: 32 },
    });
    const t19 = adaptGpsd(
      T,
      records.find((r) => r.type === 19),
    );
    expect(t19.kind).toBe('fix');
    expect(t19.kind === 'fix' && t19.static?.name).toBe('CAPT.J.RIMES');
    const t24 = adaptGpsd(
      T,
      records.find((r) => r.type === 24 && r.mmsi === 271041815),
    );
    expect(t24).toMatchObject({ kind: 'static', static: { name: 'PROGUY', shipType: 60, lengthM: 15 } });
  });

  it('ignores base stations, other classes and unavailable positions', () => {
    expect(
      adaptGpsd(
        T,
        records.find((r) => r.type === 4),
      ).kind,
    ).toBe('none');
    expect(adaptGpsd(T, { class: 'TPV', type: 1, mmsi: 1, lat: 1, lon: 1 }).kind).toBe('none');
    expect(adaptGpsd(T, { class: 'AIS', type: 1, mmsi: 412000001, lat: 91, lon: 181 }).kind).toBe('none');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.double(), (r, t) => {
        adaptGpsd(t, r as never);
      }),
    );
  });
});

describe('FixHistory', () => {
  it('costs 16 bytes per kept fix: 4 Int32 words per fix in pooled chunks, freed chunks reused', () => {
    expect(WORDS_PER_FIX).toBe(4);
    expect(BYTES_PER_FIX).toBe(16);
    expect(MAX_FIXES).toBe(576);
    const pool = new SlabPool();
    const h = new FixHistory(pool);
    for (let i = 0; i < 2000; i++) h.offer((T / 1000 + i * KEEP_INTERVAL_S) * 1000, 30, 125, 10, 90);
    expect(h.length).toBe(MAX_FIXES);
    expect(h.byteLength).toBe(h.capacity * BYTES_PER_FIX);
    // At most one partly expired chunk at the head and one partly filled at the tail.
    expect(h.capacity).toBeLessThanOrEqual(MAX_FIXES + 2 * FIXES_PER_CHUNK);
    expect(pool.chunksInUse * FIXES_PER_CHUNK).toBe(h.capacity);
    const slabBytes = pool.slabBytes;
    for (let i = 2000; i < 6000; i++) h.offer((T / 1000 + i * KEEP_INTERVAL_S) * 1000, 30, 125, 10, 90);
    expect(pool.slabBytes).toBe(slabBytes); // expired chunks came back and were reused
    h.clear();
    expect(pool.chunksInUse).toBe(0);
  });

  it('keeps positions to 1e-7 degree and speed, course to 0.1', () => {
    const h = new FixHistory();
    h.offer(T, 38.7355678, -125.4088911, 12.34, 359.96);
    expect(h.latDeg(0)).toBeCloseTo(38.7355678, 7);
    expect(h.lonDeg(0)).toBeCloseTo(-125.4088911, 7);
    expect(h.speedKn(0)).toBe(12.3);
    expect(h.courseDeg(0)).toBe(360);
    h.offer(T + 600_000, 0, 0, null, null);
    expect(h.speedKn(1)).toBeNull();
    expect(h.courseDeg(1)).toBeNull();
  });

  it('never keeps two fixes within 5 minutes nor any 48 h or more behind the newest (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 * 24 * 3600 }), { maxLength: 800 }), (offsets) => {
        const h = new FixHistory();
        let t = T;
        for (const o of offsets.map((x) => x % 7200)) {
          t += o * 1000;
          h.offer(t, 10, 10, 1, 1);
        }
        expect(h.length).toBeLessThanOrEqual(MAX_FIXES);
        for (let i = 1; i < h.length; i++)
          expect(h.timeS(i) - h.timeS(i - 1)).toBeGreaterThanOrEqual(KEEP_INTERVAL_S);
        if (h.length > 0) expect(h.timeS(h.length - 1) - h.timeS(0)).toBeLessThan(WINDOW_S);
      }),
    );
  });
});

describe('ReceptionCounts', () => {
  it('counts positions in the hours before, forgetting those 48 h old', () => {
    const r = new ReceptionCounts();
    for (let m = 0; m < 60 * 10; m += 10) r.add(T + m * 60_000); // 6 per hour for 10 h
    expect(r.countEndingAt(T + 10 * 3_600_000 - 1)).toBe(60);
    r.add(T + 60 * 3_600_000);
    expect(r.countEndingAt(T + 60 * 3_600_000)).toBe(1);
  });
});

describe('VesselPicture', () => {
  it('ignores a late fix for kinematics but counts it for reception', () => {
    const p = new VesselPicture();
    const f = (tMs: number, lat: number) => ({
      mmsi: 412000001,
      tMs,
      latDeg: lat,
      lonDeg: 125,
      speedKn: 1,
      courseDeg: 0,
      headingDeg: null,
      msgType: 1,
    });
    p.applyFix(f(T + 60_000, 30));
    expect(p.applyFix(f(T, 31))).toBeNull();
    expect(p.get(412000001)!.latDeg).toBe(30);
    expect(p.get(412000001)!.reception.countEndingAt(T + 60_000)).toBe(2);
  });
});

describe('VesselPicture bounds', () => {
  it('refuses new MMSIs beyond its maximum, keeps updating those it holds', () => {
    const p = new VesselPicture(2);
    const f = (mmsi: number, tMs: number) => ({
      mmsi,
      tMs,
      latDeg: 30,
      lonDeg: 125,
      speedKn: 1,
      courseDeg: 0,
      headingDeg: null,
      msgType: 1,
    });
    expect(p.applyFix(f(412000001, T))).not.toBeNull();
    expect(p.applyFix(f(412000002, T))).not.toBeNull();
    expect(p.applyFix(f(412000003, T))).toBeNull();
    expect(p.applyFix(f(412000001, T + 1000))).not.toBeNull();
    expect(p.size).toBe(2);
    expect(p.refusedFixes).toBe(1);
  });
});
