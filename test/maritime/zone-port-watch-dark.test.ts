import { describe, expect, it } from 'vitest';
import { contactAt, HOUR, MIN, ofType, pos, run, squareZone, stat, T0, testRef, track } from './support.js';

const LAT = 30;
const LON = 125;

describe('zone entry and exit', () => {
  const zone = squareZone('ts-1', 'territorial-sea', LAT, LON, 0.1);

  it('fires an entry and an exit for a vessel crossing the zone', () => {
    const ev = run(testRef({ zones: [zone] }), [track(412000030, T0, LAT, LON - 0.3, 90, 10, 3 * 3600)]);
    const entry = ofType(ev, 'zone-entry');
    const exit = ofType(ev, 'zone-exit');
    expect(entry).toHaveLength(1);
    expect(exit).toHaveLength(1);
    expect(entry[0]!.zone).toBe('ts-1');
    expect(entry[0]!.lonDeg).toBeGreaterThan(LON - 0.1);
    expect(exit[0]!.startMs).toBeGreaterThan(entry[0]!.startMs);
  });

  it('does not fire for a single fix across the boundary (a graze)', () => {
    const ev = run(testRef({ zones: [zone] }), [
      [
        pos(412000031, T0, LAT, LON - 0.11, 3),
        pos(412000031, T0 + MIN, LAT, LON - 0.099, 3),
        pos(412000031, T0 + 2 * MIN, LAT, LON - 0.11, 3),
        pos(412000031, T0 + 3 * MIN, LAT, LON - 0.12, 3),
      ],
    ]);
    expect(ofType(ev, 'zone-entry')).toHaveLength(0);
  });

  it('flags a government ship (AIS type 55) entering a territorial sea', () => {
    const ev = run(testRef({ zones: [zone] }), [
      [stat(412000032, T0, { shiptype: 55, shipname: 'PATROL 1' })],
      track(412000032, T0 + 1000, LAT, LON - 0.3, 90, 10, 2 * 3600),
    ]);
    const entry = ofType(ev, 'zone-entry');
    expect(entry).toHaveLength(1);
    expect(entry[0]!.evidence.some((e) => e.kind === 'government-vessel')).toBe(true);
    expect(entry[0]!.confidence).toBeGreaterThanOrEqual(0.95);
  });
});

describe('port visit', () => {
  const port = {
    id: 'nampo',
    name: 'Nampo',
    latDeg: 38.73556,
    lonDeg: 125.40889,
    properties: { country: 'PRK' },
  };

  it('fires for a vessel stopped at a port for 6 h', () => {
    const ev = run(testRef({ ports: [port] }), [
      track(412000040, T0, port.latDeg - 0.2, port.lonDeg, 0, 10, 4000 / 10, 60).slice(0, 1),
      track(412000040, T0 + HOUR, port.latDeg + 0.005, port.lonDeg, 0, 0, 6 * 3600, 300),
      track(412000040, T0 + 7.2 * HOUR, port.latDeg + 0.005, port.lonDeg, 180, 10, 3600, 300),
    ]);
    const v = ofType(ev, 'port-visit');
    expect(v).toHaveLength(1);
    expect(v[0]!.evidence[0]!.id).toBe('nampo');
    expect(v[0]!.endMs).not.toBeNull();
  });

  it('does not fire for a stop shorter than 3 h', () => {
    const ev = run(testRef({ ports: [port] }), [
      track(412000041, T0, port.latDeg + 0.005, port.lonDeg, 0, 0, 2 * 3600, 300),
      track(412000041, T0 + 2.2 * HOUR, port.latDeg + 0.005, port.lonDeg, 180, 10, 3600, 300),
    ]);
    expect(ofType(ev, 'port-visit')).toHaveLength(0);
  });

  it('does not fire for a vessel passing the port without stopping', () => {
    const ev = run(testRef({ ports: [port] }), [
      track(412000042, T0, port.latDeg - 0.2, port.lonDeg + 0.01, 0, 1, 10 * 3600, 300),
    ]);
    expect(ofType(ev, 'port-visit')).toHaveLength(0);
  });
});

describe('watch list', () => {
  const watch = [{ name: 'SHANG YUAN BAO', imo: 8126070, category: 'UN 1718 designated' }];

  it('fires once when a vessel reports a watch-listed IMO', () => {
    const ev = run(testRef({ watch }), [
      track(412000050, T0, LAT, LON, 0, 5, 3600, 300),
      [stat(412000050, T0 + 10 * MIN, { imo: 8126070, shipname: 'SOMETHING ELSE' })],
    ]);
    const w = ofType(ev, 'watchlist');
    expect(w).toHaveLength(1);
    expect(w[0]!.evidence[0]!.matchedBy).toBe('imo');
  });

  it('matches by name with punctuation and padding normalised, at lower confidence', () => {
    const ev = run(testRef({ watch }), [
      track(412000051, T0, LAT, LON, 0, 5, 1800, 300),
      [stat(412000051, T0 + MIN, { shipname: 'SHANG-YUAN BAO@@' })],
    ]);
    const w = ofType(ev, 'watchlist');
    expect(w).toHaveLength(1);
    expect(w[0]!.confidence).toBeLessThan(0.8);
  });

  it('does not fire for other vessels', () => {
    const ev = run(testRef({ watch }), [
      track(412000052, T0, LAT, LON, 0, 5, 1800, 300),
      [stat(412000052, T0 + MIN, { imo: 9134270, shipname: 'EVER DIADEM' })],
    ]);
    expect(ofType(ev, 'watchlist')).toHaveLength(0);
  });
});

describe('dark contacts', () => {
  it('a contact with no AIS vessel near is dark; one beside an AIS vessel takes its identity', () => {
    const ev = run(testRef(), [
      track(412000060, T0, LAT, LON, 90, 10, 2 * 3600, 60),
      [contactAt('sar-1', T0 + HOUR, LAT + 0.5, LON), contactAt('sar-2', T0 + HOUR, LAT, LON + 0.1924)],
    ]);
    const d = ofType(ev, 'dark');
    expect(d).toHaveLength(1);
    expect(d[0]!.evidence[0]!.id).toBe('sar-1');
    expect(d[0]!.mmsi).toEqual([]);
  });

  it('a watch-listed vessel identified by a patrol aircraft while its AIS is silent is dark (by IMO)', () => {
    const watch = [{ name: 'KUM UN SAN 3', imo: 8705539 }];
    const ev = run(testRef({ watch }), [
      [
        pos(412000061, T0, LAT, LON, 5),
        stat(412000061, T0 + 1000, { imo: 8705539, shipname: 'KUM UN SAN 3' }),
      ],
      track(412000062, T0, LAT + 1, LON, 0, 5, 6 * 3600, 300),
      [
        contactAt('p3-1', T0 + 5 * HOUR, LAT + 0.2, LON + 0.2, {
          sensor: 'aircraft',
          identity: { imo: 8705539 },
        }),
      ],
    ]);
    const d = ofType(ev, 'dark');
    expect(d).toHaveLength(1);
    expect(d[0]!.mmsi).toEqual([412000061]);
    expect(d[0]!.evidence.some((e) => e.kind === 'ais-silent')).toBe(true);
  });
});
