import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DetectionEngine, type EngineInput, EVENT_TYPES, toEventJson } from '../../src/maritime/index.js';
import { HOUR, lonOffshore, squareZone, T0, testRef } from './support.js';

const ref = testRef({
  zones: [squareZone('z', 'territorial-sea', 30, 125, 0.05)],
  ports: [{ id: 'p', name: 'P', latDeg: 30.02, lonDeg: 125.02 }],
  watch: [{ imo: 8126070, name: 'SHANG YUAN BAO' }],
});

/** Records a feed might send: plausible, malformed and hostile. */
const record = fc.oneof(
  fc.record({
    class: fc.constant('AIS'),
    type: fc.constantFrom(1, 2, 3, 18, 19, 27),
    mmsi: fc.constantFrom(412000001, 412000002, 412000003, 123, 970000001),
    lat: fc.double({ min: 29.9, max: 30.1, noNaN: true }),
    lon: fc.double({ min: 124.9, max: 125.1, noNaN: true }),
    speed: fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.constant(102.3)),
    course: fc.oneof(fc.double({ min: 0, max: 359.9, noNaN: true }), fc.constant(360)),
  }),
  fc.record({
    class: fc.constant('AIS'),
    type: fc.constantFrom(5, 24),
    mmsi: fc.constantFrom(412000001, 412000002),
    imo: fc.constantFrom(8126070, 9134270, 0),
    shipname: fc.constantFrom('SHANG YUAN BAO', 'A', '@@@@', ''),
    shiptype: fc.integer({ min: 0, max: 99 }),
  }),
  fc.anything(),
);

const input: fc.Arbitrary<{ dt: number; item: EngineInput }> = fc.record({
  dt: fc.integer({ min: 0, max: 2 * HOUR }),
  item: fc.oneof(
    record.map((r) => ({ kind: 'ais' as const, tMs: 0, record: r as never })),
    fc
      .record({
        lat: fc.double({ min: 29.9, max: 30.1, noNaN: true }),
        lon: fc.double({ min: 124.9, max: 125.1, noNaN: true }),
      })
      .map(({ lat, lon }) => ({
        kind: 'contact' as const,
        contact: { id: 'c', sensor: 'radar' as const, tMs: 0, latDeg: lat, lonDeg: lon, errorM: 200 },
      })),
  ),
});

describe('DetectionEngine', () => {
  it('never throws, and emits events no later than decided, in decision order, in the public shape (property)', () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 150 }), (items) => {
        const engine = new DetectionEngine(ref);
        let t = T0;
        let lastDecided = Number.NEGATIVE_INFINITY;
        const check = (events: ReturnType<DetectionEngine['finish']>) => {
          const decided = engine.nowMs;
          expect(decided).toBeGreaterThanOrEqual(lastDecided);
          lastDecided = decided;
          for (const e of events) {
            expect(e.startMs).toBeLessThanOrEqual(decided);
            if (e.endMs !== null) expect(e.endMs).toBeLessThanOrEqual(decided);
            const j = toEventJson(e);
            expect(EVENT_TYPES).toContain(j.type);
            expect(j.confidence).toBeGreaterThanOrEqual(0);
            expect(j.confidence).toBeLessThanOrEqual(1);
            expect(Number.isNaN(Date.parse(j.start))).toBe(false);
          }
        };
        for (const { dt, item } of items) {
          t += dt;
          check(
            item.kind === 'ais'
              ? engine.pushAis(t, item.record)
              : engine.pushContact({ ...item.contact, tMs: t }),
          );
        }
        check(engine.finish());
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same events whatever the wall-clock: a replay is deterministic', () => {
    const items: [number, number, number][] = [];
    for (let i = 0; i < 300; i++) items.push([T0 + i * 60_000, 30 + i * 1e-4, lonOffshore(30, 60)]);
    const runOnce = () => {
      const e = new DetectionEngine(ref);
      const out: unknown[] = [];
      for (const [t, lat, lon] of items)
        out.push(
          ...e
            .pushAis(t, { class: 'AIS', type: 1, mmsi: 412000009, lat, lon, speed: 0.5, course: 0 })
            .map(toEventJson),
        );
      out.push(...e.finish().map(toEventJson));
      return out;
    };
    const a = runOnce();
    expect(a.length).toBeGreaterThan(0);
    expect(runOnce()).toEqual(a);
  });
});
