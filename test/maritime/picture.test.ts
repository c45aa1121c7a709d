import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptGpsd,
  BYTES_PER_FIX,
  FIXES_PER_CHUNK,
  FixHistory,
  HistoryStore,
  KEEP_INTERVAL_S,
  MAX_FIXES,
  ReceptionCounts,
  SlabPool,
  SpatialGrid,
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
  it('costs 12 bytes per kept fix: 3 Uint32 words per fix in pooled chunks, freed chunks reused', () => {
    expect(WORDS_PER_FIX).toBe(3);
    expect(BYTES_PER_FIX).toBe(12);
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

  it('keeps positions at AIS resolution (1/600000 degree) and speed, course to 0.1', () => {
    const h = new FixHistory();
    h.offer(T, 38.7355678, -125.4088911, 12.34, 359.96);
    // Off the AIS grid: the nearest 1/600000 degree.
    expect(Math.abs(h.latDeg(0) - 38.7355678)).toBeLessThanOrEqual(1 / 1_200_000);
    expect(Math.abs(h.lonDeg(0) - -125.4088911)).toBeLessThanOrEqual(1 / 1_200_000);
    expect(h.speedKn(0)).toBe(12.3);
    expect(h.courseDeg(0)).toBe(360);
    h.offer(T + 600_000, 0, 0, null, null);
    expect(h.speedKn(1)).toBeNull();
    expect(h.courseDeg(1)).toBeNull();
  });

  it('gives back an AIS position, speed, course and time as they were sent (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -54_000_000, max: 54_000_000 }),
        fc.integer({ min: -108_000_000, max: 108_000_000 }),
        fc.option(fc.integer({ min: 0, max: 1022 })),
        fc.option(fc.integer({ min: 0, max: 3599 })),
        fc.integer({ min: 0, max: 0xffffffff - 3 * WINDOW_S }),
        (lat, lon, sp, co, t0S) => {
          const h = new FixHistory();
          const latDeg = lat / 600_000;
          const lonDeg = lon / 600_000;
          const sKn = sp === null ? null : sp / 10;
          const cDeg = co === null ? null : co / 10;
          // The first fix, then one 47 h later: the first is read back against the newest.
          h.offer(t0S * 1000, latDeg, lonDeg, sKn, cDeg);
          h.offer((t0S + 47 * 3600) * 1000, -latDeg, -lonDeg, null, null);
          expect(h.timeS(0)).toBe(t0S);
          expect(h.timeS(1)).toBe(t0S + 47 * 3600);
          expect(h.latDeg(0)).toBeCloseTo(latDeg, 9);
          expect(h.lonDeg(0)).toBeCloseTo(lonDeg, 9);
          expect(h.latDeg(1)).toBeCloseTo(-latDeg, 9);
          expect(h.speedKn(0)).toBe(sKn);
          expect(h.courseDeg(0)).toBe(cDeg);
          expect(h.speedKn(1)).toBeNull();
          expect(h.courseDeg(1)).toBeNull();
        },
      ),
    );
  });

  it('keeps histories of many slots apart in one store', () => {
    const store = new HistoryStore(new SlabPool());
    const a = new FixHistory(store, 0);
    const b = new FixHistory(store, 5000);
    for (let i = 0; i < 700; i++) {
      a.offer(T + i * KEEP_INTERVAL_S * 1000, 10, 20, 1, 2);
      if (i % 2 === 0) b.offer(T + i * KEEP_INTERVAL_S * 1000, -10, -20, 3, 4);
    }
    expect(a.length).toBe(MAX_FIXES);
    expect(b.length).toBe(MAX_FIXES / 2);
    expect([a.latDeg(0), a.speedKn(0), b.latDeg(0), b.courseDeg(0)]).toEqual([10, 1, -10, 4]);
    expect(a.timeS(MAX_FIXES - 1)).toBe(T / 1000 + 699 * KEEP_INTERVAL_S);
    expect(new FixHistory(store, 1).length).toBe(0);
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

  it('keeps the state, static data and history of each vessel in its own row', () => {
    const p = new VesselPicture();
    for (let k = 0; k < 3000; k++) {
      const mmsi = 412000000 + k;
      p.applyFix({
        mmsi,
        tMs: T,
        latDeg: 30,
        lonDeg: 125 + k / 1000,
        speedKn: k % 2 ? null : 5,
        courseDeg: 90,
        headingDeg: null,
        msgType: 1,
      });
      p.applyFix({
        mmsi,
        tMs: T + 600_000,
        latDeg: 30.01,
        lonDeg: 125 + k / 1000,
        speedKn: 6,
        courseDeg: null,
        headingDeg: 7,
        msgType: 1,
      });
    }
    p.applyStatic({ mmsi: 412002999, tMs: T, imo: 9123456, name: 'A', shipType: 80, lengthM: 200 });
    const { changes } = p.applyStatic({ mmsi: 412002999, tMs: T, imo: 9123457, name: 'B' });
    expect(changes).toEqual([
      { field: 'imo', from: 9123456, to: 9123457 },
      { field: 'name', from: 'A', to: 'B' },
    ]);
    const v = p.get(412002999)!;
    expect(v).toMatchObject({
      mmsi: 412002999,
      latDeg: 30.01,
      speedKn: 6,
      courseDeg: null,
      headingDeg: 7,
      fixCount: 2,
    });
    expect(v).toMatchObject({ imo: 9123457, name: 'B', shipType: 80, lengthM: 200, firstSeenMs: T });
    expect(v.beamM).toBeUndefined();
    expect(p.get(412000001)!.imo).toBeUndefined();
    expect([v.history.length, v.history.speedKn(0), p.get(412000002)!.history.speedKn(0)]).toEqual([
      2,
      null,
      5,
    ]);
    // Vessels 0.001 degree apart, grid cells of 0.01 degree: the cells around 125.5 only.
    const near = [...p.near(30.01, 125.5, 50)];
    expect(near).toContain(412000500);
    expect(near.every((m) => Math.abs(m - 412000500) <= 20)).toBe(true);
    expect(p.size).toBe(3000);
    expect([...p.values()].length).toBe(3000);
    const bad = {
      mmsi: 412000001,
      tMs: T + 700_000,
      latDeg: Number.NaN,
      lonDeg: 125,
      speedKn: 1,
      courseDeg: 0,
      headingDeg: null,
      msgType: 1,
    };
    expect(p.applyFix(bad)).toBeNull();
    expect(p.get(412000001)!.latDeg).toBe(30.01);
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

describe('SpatialGrid', () => {
  it('finds ids near a point, follows moves, and lists a cell in order of entry', () => {
    const g = new SpatialGrid();
    g.set(3, 30.005, 125.005);
    g.set(1, 30.006, 125.006);
    g.set(2, 30.5, 125.5);
    expect([...g.near(30.005, 125.005, 100)]).toEqual([3, 1]);
    g.set(3, 30.5, 125.5); // leaves its cell, enters 2's behind it
    expect([...g.near(30.005, 125.005, 100)]).toEqual([1]);
    expect([...g.near(30.5, 125.5, 100)]).toEqual([2, 3]);
    g.set(1, 30.5, 125.5); // its cell is now empty
    expect([...g.near(30.005, 125.005, 100)]).toEqual([]);
    expect([...g.near(30.5, 125.5, 100)]).toEqual([2, 3, 1]);
    expect(g.size).toBe(3);
    expect(() => g.set(-1, 0, 0)).toThrow(/id -1/);
    expect(() => g.set(4, Number.NaN, 0)).toThrow(/not finite/);
    expect(g.size).toBe(3);
  });

  it('agrees with a brute-force search (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 40 }),
            fc.double({ min: 29, max: 31, noNaN: true }),
            fc.double({ min: 124, max: 126, noNaN: true }),
          ),
          { maxLength: 200 },
        ),
        fc.double({ min: 29, max: 31, noNaN: true }),
        fc.double({ min: 124, max: 126, noNaN: true }),
        (moves, lat, lon) => {
          const g = new SpatialGrid(0.1);
          const at = new Map<number, [number, number]>();
          for (const [id, a, o] of moves) {
            g.set(id, a, o);
            at.set(id, [a, o]);
          }
          const got = [...g.near(lat, lon, 5000)];
          expect(new Set(got).size).toBe(got.length);
          for (const [id, [a, o]] of at) {
            const close = Math.abs(a - lat) < 0.04 && Math.abs(o - lon) < 0.04;
            if (close) expect(got).toContain(id);
          }
          expect(g.size).toBe(at.size);
        },
      ),
    );
  });
});
