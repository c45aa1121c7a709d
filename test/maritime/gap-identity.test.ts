import { describe, expect, it } from 'vitest';
import { naturalEarthLand } from '../../src/bundled/index.js';
import { landIndex, mmsiProblem, shoreIndex } from '../../src/maritime/index.js';
import { HOUR, lonOffshore, MIN, ofType, pos, run, stat, T0, testRef, track } from './support.js';

const LAT = 30;

describe('gap', () => {
  const far = lonOffshore(LAT, 120);

  it('fires for 14 h of silence 120 nm offshore after good reception', () => {
    const before = track(412000010, T0, LAT, far, 0, 0.2, 24 * 3600, 600); // 6 per hour for 24 h
    const after = [pos(412000010, T0 + 38 * HOUR, LAT + 0.01, far, 0.2)];
    const g = ofType(run(testRef(), [before, after]), 'gap');
    expect(g).toHaveLength(1);
    expect(g[0]!.startMs).toBe(T0 + 24 * HOUR);
    expect(g[0]!.endMs).toBe(T0 + 38 * HOUR);
  });

  it('does not fire for a gap that begins near shore (20 nm)', () => {
    const near = lonOffshore(LAT, 20);
    const before = track(412000010, T0, LAT, near, 0, 0.2, 24 * 3600, 600);
    const after = [pos(412000010, T0 + 38 * HOUR, LAT, far, 0.2)];
    expect(ofType(run(testRef(), [before, after]), 'gap')).toHaveLength(0);
  });

  it('does not fire when reception was poor before (one position per hour)', () => {
    const before = track(412000010, T0, LAT, far, 0, 0.2, 24 * 3600, 3600);
    const after = [pos(412000010, T0 + 38 * HOUR, LAT, far, 0.2)];
    expect(ofType(run(testRef(), [before, after]), 'gap')).toHaveLength(0);
  });

  it('does not fire for 11 h of silence', () => {
    const before = track(412000010, T0, LAT, far, 0, 0.2, 24 * 3600, 600);
    const after = [pos(412000010, T0 + 35 * HOUR, LAT, far, 0.2)];
    expect(ofType(run(testRef(), [before, after]), 'gap')).toHaveLength(0);
  });

  it('reports a gap still open at the end of input with end null', () => {
    const before = track(412000010, T0, LAT, far, 0, 0.2, 24 * 3600, 600);
    const other = [pos(412000011, T0 + 40 * HOUR, LAT, far + 1, 10)];
    const g = ofType(run(testRef(), [before, other]), 'gap');
    expect(g).toHaveLength(1);
    expect(g[0]!.endMs).toBeNull();
    expect(g[0]!.mmsi).toEqual([412000010]);
  });
});

describe('identity', () => {
  const lon = lonOffshore(LAT, 60);

  it('flags one MMSI in two places at once', () => {
    const ev = ofType(
      run(testRef(), [[pos(412000020, T0, LAT, lon, 10), pos(412000020, T0 + 2 * MIN, LAT + 1, lon, 10)]]),
      'identity',
    );
    expect(ev).toHaveLength(1);
    expect(ev[0]!.evidence[0]!.kind).toBe('impossible-speed');
  });

  it('does not flag a fast ferry at 35 kn', () => {
    expect(ofType(run(testRef(), [track(412000021, T0, LAT, lon, 0, 35, 3600)]), 'identity')).toHaveLength(0);
  });

  it('flags an invalid MID once, not a valid one or an AIS-SART', () => {
    expect(mmsiProblem(412000020)).toBeNull();
    expect(mmsiProblem(970123456)).toBeNull();
    expect(mmsiProblem(123456789)).toMatch(/MID 123/);
    expect(mmsiProblem(12345)).toMatch(/nine digits/);
    const ev = ofType(run(testRef(), [track(123456789, T0, LAT, lon, 0, 5, 1800)]), 'identity');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.evidence[0]!.kind).toBe('invalid-mmsi');
  });

  it('flags a changed IMO and a changed name, not the first ones learnt', () => {
    const ev = ofType(
      run(testRef(), [
        [
          pos(412000022, T0, LAT, lon, 5),
          stat(412000022, T0 + MIN, { imo: 9134270, shipname: 'EVER DIADEM' }),
          stat(412000022, T0 + 2 * MIN, { imo: 9134270, shipname: 'EVER DIADEM@@@' }),
          stat(412000022, T0 + 3 * MIN, { imo: 8126070, shipname: 'OTHER NAME' }),
        ],
      ]),
      'identity',
    );
    expect(ev.map((e) => e.evidence[0]!.kind).sort()).toEqual(['imo-changed', 'name-changed']);
  });

  it('a name that changes only in padding or case is not a change of name', () => {
    const ev = ofType(
      run(testRef(), [
        [
          pos(412000024, T0, LAT, lon, 5),
          stat(412000024, T0 + MIN, { shipname: 'SILVER LAKE' }),
          stat(412000024, T0 + 2 * MIN, { shipname: ' Silver  Lake@@' }),
          stat(412000024, T0 + 3 * MIN, { shipname: 'SILVER LAKE' }),
          stat(412000024, T0 + 4 * MIN, { shipname: 'SILVER LAKES' }),
        ],
      ]),
      'identity',
    );
    expect(ev.map((e) => [e.evidence[0]!.kind, e.evidence[0]!.to])).toEqual([
      ['name-changed', 'SILVER LAKES'],
    ]);
  });

  it('flags a position inland (Natural Earth land), not one at sea or in a harbour', () => {
    const ne = naturalEarthLand();
    const land = landIndex(ne.land, shoreIndex(ne.shore), 2_000);
    expect(land.isInland(34.0, 110.0)).toBe(true); // Shaanxi, China
    expect(land.isInland(30.0, 125.0)).toBe(false); // East China Sea
    expect(land.isInland(35.1, 129.04)).toBe(false); // Busan harbour, on the coast
    const ref = { ...testRef(), land };
    const ev = ofType(run(ref, [[pos(412000023, T0, 34.0, 110.0, 0)]]), 'identity');
    expect(ev.map((e) => e.evidence[0]!.kind)).toEqual(['position-on-land']);
  });
});
