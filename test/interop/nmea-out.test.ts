import { describe, expect, it } from 'vitest';
import { aivdmOfVessel } from '../../src/interop/index.js';
import { decodeLines } from '../../src/maritime/ais/index.js';

const vessel = {
  mmsi: 431_000_001,
  name: 'Mizuho-Maru é',
  latDeg: 25.74312,
  lonDeg: 123.47121,
  speedKn: 12.3,
  courseDeg: 359.96,
  headingDeg: 358,
  shipType: 55,
  lastSeenMs: Date.parse('2026-03-01T00:00:00Z'),
  sources: ['jcg'],
};

describe('a vessel as AIVDM sentences', () => {
  it('decodes back to its position report and static data', () => {
    const seq = { id: 0 };
    const lines = aivdmOfVessel(vessel, { withStatic: true, seq });
    expect(lines.length).toBe(3);
    expect(lines.every((l) => /^!AIVDM,\d,\d,\d?,A,[0-9:;<=>?@A-W`a-w]+,\d\*[0-9A-F]{2}$/.test(l))).toBe(
      true,
    );
    const { messages, stats } = decodeLines(lines.join('\n'));
    expect(stats).toMatchObject({ lines: 3, records: 2 });
    const [pos, stat] = messages.map((m) => m.record as unknown as Record<string, unknown>);
    expect(pos).toMatchObject({ type: 1, mmsi: 431_000_001, heading: 358 });
    expect(pos!.lat as number).toBeCloseTo(25.74312, 4);
    expect(pos!.lon as number).toBeCloseTo(123.47121, 4);
    expect(pos!.speed).toBeCloseTo(12.3, 5);
    expect(pos!.course).toBeCloseTo(0, 5); // 359.96 rounds to 360.0, written 0.0
    expect(stat).toMatchObject({ type: 5, mmsi: 431_000_001, shipname: 'MIZUHO-MARU ?', shiptype: 55 });
    expect(seq.id).toBe(1);
  });

  it('leaves out what the picture does not know, as "not available"', () => {
    const lines = aivdmOfVessel(
      { ...vessel, speedKn: null, courseDeg: null, headingDeg: undefined },
      { withStatic: false, seq: { id: 0 } },
    );
    expect(lines.length).toBe(1);
    const r = decodeLines(lines.join('\n')).messages[0]!.record as unknown as Record<string, unknown>;
    expect(r).toMatchObject({ type: 1, heading: 511, course: 360 });
  });
});
