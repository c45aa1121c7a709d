import { describe, expect, it } from 'vitest';
import { HOUR, lonOffshore, MIN, ofType, run, T0, testRef, track } from './support.js';

const LAT = 30;

describe('encounter', () => {
  it('fires for two vessels drifting together offshore for 3 h', () => {
    const lon = lonOffshore(LAT, 100);
    const events = run(testRef(), [
      track(412000001, T0, LAT, lon, 90, 0.5, 3 * 3600),
      track(412000002, T0 + 20_000, LAT + 0.002, lon, 90, 0.5, 3 * 3600),
    ]);
    const enc = ofType(events, 'encounter');
    expect(enc).toHaveLength(1);
    expect(enc[0]!.mmsi).toEqual([412000001, 412000002]);
    expect(enc[0]!.endMs! - enc[0]!.startMs).toBeGreaterThanOrEqual(2 * HOUR);
  });

  it('does not fire for two ships passing each other', () => {
    const lon = lonOffshore(LAT, 100);
    const events = run(testRef(), [
      track(412000001, T0, LAT - 0.2, lon, 0, 12, 2 * 3600),
      track(412000002, T0, LAT + 0.2, lon + 0.001, 180, 12, 2 * 3600),
    ]);
    expect(ofType(events, 'encounter')).toHaveLength(0);
  });

  it('does not fire for vessels together for less than 2 h', () => {
    const lon = lonOffshore(LAT, 100);
    const events = run(testRef(), [
      track(412000001, T0, LAT, lon, 90, 0.5, 100 * 60),
      track(412000002, T0, LAT + 0.002, lon, 90, 0.5, 100 * 60),
    ]);
    expect(ofType(events, 'encounter')).toHaveLength(0);
  });

  it('does not fire for vessels moving together fast (convoy, median speed >= 2 kn)', () => {
    const lon = lonOffshore(LAT, 100);
    const events = run(testRef(), [
      track(412000001, T0, LAT, lon, 0, 8, 3 * 3600),
      track(412000002, T0, LAT, lon + 0.003, 0, 8, 3 * 3600),
    ]);
    expect(ofType(events, 'encounter')).toHaveLength(0);
  });

  it('does not fire within 10 km of a known anchorage', () => {
    const lon = lonOffshore(LAT, 100);
    const ref = testRef({ anchorages: [{ id: 'a1', name: 'A1', latDeg: LAT + 0.05, lonDeg: lon }] });
    const events = run(ref, [
      track(412000001, T0, LAT, lon, 90, 0.5, 3 * 3600),
      track(412000002, T0, LAT + 0.002, lon, 90, 0.5, 3 * 3600),
    ]);
    expect(ofType(events, 'encounter')).toHaveLength(0);
  });
});

it('does not fire for two ships moored together at a port (2 km away)', () => {
  const lon = lonOffshore(LAT, 100);
  const ref = testRef({ ports: [{ id: 'p1', name: 'P1', latDeg: LAT + 0.018, lonDeg: lon }] });
  const events = run(ref, [
    track(412000001, T0, LAT, lon, 90, 0, 6 * 3600, 300),
    track(412000002, T0, LAT + 0.002, lon, 90, 0, 6 * 3600, 300),
  ]);
  expect(ofType(events, 'encounter')).toHaveLength(0);
  expect(
    run(testRef(), [
      track(412000001, T0, LAT, lon, 90, 0, 6 * 3600, 300),
      track(412000002, T0, LAT + 0.002, lon, 90, 0, 6 * 3600, 300),
    ]).filter((e) => e.type === 'encounter'),
  ).toHaveLength(1);
});

describe('loitering', () => {
  it('fires for a vessel slow for 2 h at 60 nm from shore', () => {
    const events = run(testRef(), [track(412000003, T0, LAT, lonOffshore(LAT, 60), 45, 1, 2 * 3600)]);
    const l = ofType(events, 'loitering');
    expect(l).toHaveLength(1);
    expect(l[0]!.mmsi).toEqual([412000003]);
    expect(l[0]!.evidence[0]!.avgShoreDistanceNm).toBeGreaterThan(55);
  });

  it('does not fire shorter than 1 h', () => {
    const events = run(testRef(), [track(412000003, T0, LAT, lonOffshore(LAT, 60), 45, 1, 50 * 60)]);
    expect(ofType(events, 'loitering')).toHaveLength(0);
  });

  it('does not fire near shore (5 nm)', () => {
    const events = run(testRef(), [track(412000003, T0, LAT, lonOffshore(LAT, 5), 45, 1, 3 * 3600)]);
    expect(ofType(events, 'loitering')).toHaveLength(0);
  });

  it('is split by a transit: slow 40 min, fast 1 h, slow 40 min gives nothing', () => {
    const lon = lonOffshore(LAT, 60);
    const events = run(testRef(), [
      track(412000003, T0, LAT, lon, 0, 1, 40 * 60),
      track(412000003, T0 + 41 * MIN, LAT + 0.02, lon, 0, 12, 60 * 60),
      track(412000003, T0 + 102 * MIN, LAT + 0.3, lon, 0, 1, 40 * 60),
    ]);
    expect(ofType(events, 'loitering')).toHaveLength(0);
  });
});
