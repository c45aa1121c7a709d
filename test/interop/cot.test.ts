import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  COT_TYPES,
  type CotEvent,
  cotEventsOf,
  cotEventXml,
  flagOf,
  type NationExport,
  openCotSink,
  pointErrorsM,
} from '../../src/interop/index.js';
import { cotSchemaErrors } from './xmllint.js';

const T0 = Date.parse('2022-10-03T22:25:00Z');
const NOW = Date.parse('2026-12-07T18:00:00Z');

/** A picture with one of everything CoT shows: a fused missile, an impact warning with its ellipse,
 * a boost-phase possible impact with its swept region, a withdrawn overflight, vessels of each affiliation. */
const picture: NationExport = {
  nation: 'JPN',
  timeMs: T0,
  tracks: [
    {
      id: 'KOR:1',
      originators: ['KOR', 'JPN'],
      sources: ['KOR:1', 'JPN:3'],
      marking: 'SECRET//REL TO USA, JPN, KOR',
      latDeg: 40.1234567,
      lonDeg: 135.0000001,
      altitudeM: 612_345.6789,
      speedMps: 3012.4,
      timeMs: T0,
      ceM: 812.34,
      leM: 1_203.9,
    },
  ],
  warnings: [
    {
      trackId: 'KOR:1',
      reason: 'impact',
      zone: 'eez',
      area: 'JPN EEZ',
      phase: 'ballistic',
      issuedMs: T0,
      eventMs: T0 + 300_000,
      latDeg: 40.5,
      lonDeg: 142.25,
      ellipse: { semiMajorM: 25_000, semiMinorM: 8_000, orientationDeg: 71.3 },
    },
    {
      trackId: 'KOR:1',
      reason: 'possible-impact',
      zone: 'land',
      area: 'Hokkaido',
      phase: 'boost',
      issuedMs: T0 - 60_000,
      eventMs: T0 + 400_000,
      latDeg: 43,
      lonDeg: 143,
      swept: [
        { latDeg: 42, lonDeg: 142 },
        { latDeg: 44, lonDeg: 142 },
        { latDeg: 44, lonDeg: 144 },
        { latDeg: 42, lonDeg: 144 },
      ],
    },
    {
      trackId: 'KOR:1',
      reason: 'overflight',
      zone: 'land',
      area: 'Aomori',
      phase: 'ballistic',
      issuedMs: T0 - 30_000,
      eventMs: T0 + 100_000,
      withdrawnMs: T0 - 1_000,
      latDeg: 40.8,
      lonDeg: 140.7,
    },
  ],
  vessels: [
    // A Japan Coast Guard cutter (law enforcement, Japanese flag): a friend.
    {
      mmsi: 431_000_001,
      name: 'MIZUHO',
      latDeg: 25.7,
      lonDeg: 123.5,
      speedKn: 12,
      courseDeg: 90,
      shipType: 55,
      lastSeenMs: T0,
      sources: ['jcg-ais'],
    },
    // A Chinese coast guard ship named in an incursion event: a suspect.
    {
      mmsi: 413_000_002,
      name: 'HAIJING 2301',
      latDeg: 25.75,
      lonDeg: 123.45,
      speedKn: 8,
      courseDeg: 270,
      shipType: 55,
      lastSeenMs: T0,
      sources: ['jcg-ais'],
    },
    // A merchant ship: neutral.
    {
      mmsi: 538_000_003,
      name: 'OCEAN <&> "STAR"',
      latDeg: 26,
      lonDeg: 124,
      speedKn: null,
      courseDeg: null,
      shipType: 70,
      lastSeenMs: T0,
      sources: ['partner:USA'],
    },
    // No identity sent at all: unknown.
    {
      mmsi: 123_456_789,
      latDeg: -0.00000001,
      lonDeg: 179.99999999,
      speedKn: 0.1,
      courseDeg: 359.96,
      lastSeenMs: T0,
      sources: ['jcg-ais'],
    },
  ],
  events: [
    {
      id: 'e1',
      type: 'zone-entry',
      originator: 'JPN',
      mmsi: [413_000_002],
      latDeg: 25.7,
      lonDeg: 123.5,
      timeMs: T0,
      state: 'new',
    },
    // Dismissed: names nobody.
    {
      id: 'e2',
      type: 'loiter',
      originator: 'JPN',
      mmsi: [538_000_003],
      latDeg: 26,
      lonDeg: 124,
      timeMs: T0,
      state: 'dismissed',
    },
  ],
  zones: [],
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
const parse = (xml: string) => parser.parse(xml).event;

describe('CoT events of a picture', () => {
  const events = cotEventsOf(picture, {
    nowMs: NOW,
    staleMs: 20_000,
    friends: ['USA', 'KOR'],
    opex: 's-test',
  });
  const xml = events.map(cotEventXml);

  it('validates every event against the CoT event schema (xmllint)', () => {
    expect(xml.length).toBe(1 + 2 + 2 + 1 + 4);
    expect(cotSchemaErrors(xml)).toEqual([]);
  });

  it('gives each object its type code', () => {
    const typeOf = (uid: string) => events.find((e) => e.uid === uid)?.type;
    expect(typeOf('concord.JPN.track.KOR:1')).toBe('a-h-A-W-M-S-S');
    expect(typeOf('concord.JPN.warning.KOR:1/impact/JPN EEZ')).toBe(COT_TYPES.impactPoint);
    expect(typeOf('concord.JPN.warned-area.KOR:1/impact/JPN EEZ')).toBe('r-u');
    expect(typeOf('concord.JPN.warned-area.KOR:1/possible-impact/Hokkaido')).toBe('r-u');
    expect(typeOf('concord.JPN.warning.KOR:1/overflight/Aomori')).toBe(COT_TYPES.overflightPoint);
    expect(typeOf('concord.JPN.vessel.431000001')).toBe('a-f-S');
    expect(typeOf('concord.JPN.vessel.413000002')).toBe('a-s-S');
    expect(typeOf('concord.JPN.vessel.538000003')).toBe('a-n-S');
    expect(typeOf('concord.JPN.vessel.123456789')).toBe('a-u-S');
  });

  it('writes times, errors, the marking and plain decimals', () => {
    const track = parse(xml[0]!);
    expect(track).toMatchObject({
      version: '2.0',
      uid: 'concord.JPN.track.KOR:1',
      how: 'm-f',
      opex: 's-test',
      time: '2026-12-07T18:00:00.000Z',
      start: '2026-12-07T18:00:00.000Z',
      stale: '2026-12-07T18:00:20.000Z',
      point: { lat: '40.1234567', lon: '135.0000001', hae: '612345.7', ce: '812.3', le: '1203.9' },
    });
    expect(track.detail.remarks).toMatch(/Marking: SECRET\/\/REL TO USA, JPN, KOR\./);
    expect(track.detail.concord).toMatchObject({ time: '2022-10-03T22:25:00.000Z', originators: 'KOR JPN' });
    // The warning derived from the track carries its marking.
    const impact = parse(xml[1]!);
    expect(impact.detail.remarks).toMatch(/Marking: SECRET\/\/REL TO USA, JPN, KOR\./);
    const area = parse(xml[2]!);
    expect(area.point.ce).toBe('25000');
    expect(area.detail.shape.ellipse).toEqual({ major: '25000', minor: '8000', angle: '71.3' });
    // A coordinate of -1e-8 is written 0, never with an exponent.
    const unknown = parse(xml.at(-1)!);
    expect(unknown.point).toMatchObject({ lat: '0', lon: '180', hae: '9999999', ce: '9999999' });
    expect(xml.join('')).not.toMatch(/\d[eE][+-]?\d|NaN|Infinity/);
    // Text is escaped: the name comes back as sent.
    expect(parse(xml.at(-2)!).detail.contact.callsign).toBe('OCEAN <&> "STAR"');
  });

  it('sends a withdrawn warning already stale, so a TAK client removes it', () => {
    const w = events.find((e) => e.uid.endsWith('/overflight/Aomori'))!;
    expect(w.staleMs).toBe(w.timeMs);
    expect(w.remarks).toMatch(/^WITHDRAWN /);
  });

  it('keeps each uid from one send to the next', () => {
    const later = cotEventsOf(picture, { nowMs: NOW + 1_000, staleMs: 20_000 }).map((e) => e.uid);
    expect(later).toEqual(events.map((e) => e.uid));
    expect(new Set(later).size).toBe(later.length);
  });

  it('refuses a non-finite number instead of writing a broken event', () => {
    const bad: CotEvent = { ...events[0]!, ceM: Number.NaN };
    expect(() => cotEventXml(bad)).toThrow(/ce is NaN/);
    const far: CotEvent = { ...events[0]!, latDeg: 91 };
    expect(() => cotEventXml(far)).toThrow(/not a position/);
  });

  it('strips what XML 1.0 cannot carry from text', () => {
    const e: CotEvent = { ...events[0]!, callsign: 'bad\u0001name\ud800' };
    const doc = cotEventXml(e);
    expect(cotSchemaErrors([doc])).toEqual([]);
    expect(parse(doc).detail.contact.callsign).toBe('bad?name?');
  });
});

describe('ce and le from a covariance', () => {
  it('rotates the ECEF covariance into the local frame', () => {
    // At 0 N 0 E, ECEF x is up, y east, z north.
    const P = [400, 0, 0, 0, 100, 0, 0, 0, 9];
    const { ceM, leM } = pointErrorsM(P, 3, 0, 0);
    expect(ceM).toBeCloseTo(10, 9);
    expect(leM).toBeCloseTo(20, 9);
    // At the north pole, ECEF z is up.
    const pole = pointErrorsM([4, 0, 0, 0, 1, 0, 0, 0, 900], 3, 90, 0);
    expect(pole.ceM).toBeCloseTo(2, 9);
    expect(pole.leM).toBeCloseTo(30, 9);
  });

  it('takes the worst horizontal direction of a correlated east-north block', () => {
    // East and north correlated: eigenvalues of [[100, 60], [60, 100]] are 160 and 40.
    const P = [0, 0, 0, 0, 100, 60, 0, 60, 100];
    expect(pointErrorsM(P, 3, 0, 0).ceM).toBeCloseTo(Math.sqrt(160), 9);
  });
});

describe('flags', () => {
  it('reads the flag from the MMSI', () => {
    expect(flagOf(431_000_001)).toBe('JPN');
    expect(flagOf(366_123_456)).toBe('USA');
    expect(flagOf(413_000_002)).toBe('CHN');
    expect(flagOf(538_000_003)).toBeUndefined();
    expect(flagOf(12)).toBeUndefined();
  });
});

describe('the UDP sink', () => {
  it('sends one event per datagram to a loopback socket, each valid', async () => {
    const rx = createSocket('udp4');
    const got: string[] = [];
    await new Promise<void>((resolve) => rx.bind(0, '127.0.0.1', () => resolve()));
    rx.on('message', (m) => got.push(m.toString('utf8')));
    const sink = openCotSink(`udp://127.0.0.1:${rx.address().port}`, '--to');
    await sink.ready;
    const events = cotEventsOf(picture, { nowMs: NOW, staleMs: 20_000 });
    for (const e of events) sink.send(cotEventXml(e));
    await expect.poll(() => got.length, { timeout: 5_000 }).toBe(events.length);
    await sink.close();
    rx.close();
    expect(sink.counters()).toMatchObject({ sent: events.length, errors: 0 });
    expect(got.map((d) => parse(d).uid).sort()).toEqual(events.map((e) => e.uid).sort());
    expect(cotSchemaErrors(got)).toEqual([]);
  });

  it('refuses an address that is not udp:// or tcp://, naming the option', () => {
    expect(() => openCotSink('http://127.0.0.1:6969', '--to')).toThrow(/--to.*not a feed address/);
  });
});

describe('the TCP sink', () => {
  it('streams events one a line to a server, dropping (and counting) what comes while not connected', async () => {
    const lines: string[] = [];
    const conns: Socket[] = [];
    const server = createServer((c) => {
      conns.push(c);
      let buf = '';
      c.on('data', (d) => {
        buf += d.toString('utf8');
        const parts = buf.split('\n');
        buf = parts.pop()!;
        lines.push(...parts);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const sink = openCotSink(`tcp://127.0.0.1:${port}`, '--to', { backoff: { baseMs: 10, maxMs: 50 } });
    await sink.ready;
    await expect.poll(() => sink.counters().up, { timeout: 5_000 }).toBe(true);
    const xml = cotEventsOf(picture, { nowMs: NOW, staleMs: 20_000 }).map(cotEventXml);
    for (const x of xml.slice(0, 3)) sink.send(x);
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBe(3);
    expect(lines).toEqual(xml.slice(0, 3));
    // The server goes away: what is sent meanwhile is dropped, and the sink reconnects when it is back.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const c of conns) c.destroy();
    });
    await expect.poll(() => sink.counters().up, { timeout: 5_000 }).toBe(false);
    sink.send(xml[3]!);
    expect(sink.counters().dropped).toBe(1);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    await expect.poll(() => sink.counters().connects, { timeout: 5_000 }).toBe(2);
    sink.send(xml[4]!);
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBe(4);
    expect(lines[3]).toBe(xml[4]);
    await sink.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
