import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.js';
import {
  type DetectedEvent,
  eventsMatch,
  scoreEvents,
  type TruthEvent,
} from '../../../src/sim/traffic/index.js';

const truthEvent = (over: Partial<TruthEvent>): TruthEvent => ({
  type: 'encounter',
  mmsi: [111, 222],
  start: '2025-06-02T10:00:00.000Z',
  end: '2025-06-02T14:00:00.000Z',
  lat: 33.2,
  lon: 123.8,
  vessels: ['a', 'b'],
  note: 'test',
  ...over,
});
const detected = (over: Partial<DetectedEvent>): DetectedEvent => ({
  type: 'encounter',
  mmsi: [222, 111],
  start: '2025-06-02T10:20:00.000Z',
  end: '2025-06-02T13:50:00.000Z',
  lat: 33.21,
  lon: 123.81,
  ...over,
});

describe('scoreEvents', () => {
  it('counts a matching detection as a true positive, a second one as a duplicate', () => {
    const s = scoreEvents({ events: [truthEvent({})], mustNotFire: [] }, [
      detected({}),
      detected({ start: '2025-06-02T12:00:00Z' }),
    ]);
    expect(s.byType.encounter).toMatchObject({
      truePositives: 1,
      falsePositives: 0,
      falseNegatives: 0,
      duplicates: 1,
      precision: 1,
      recall: 1,
    });
  });

  it('a detection of other ships, another type, another zone or another time is a false positive and leaves a false negative', () => {
    const truth = {
      events: [
        truthEvent({}),
        truthEvent({ type: 'zone-entry', mmsi: [333], zone: 'senkaku-territorial-sea', end: null }),
      ],
      mustNotFire: [],
    };
    const s = scoreEvents(truth, [
      detected({ mmsi: [111, 999], start: '2025-06-02T16:00:00Z', end: '2025-06-02T18:00:00Z' }), // 2 h after: outside the 30 min slack
      detected({ type: 'zone-entry', mmsi: [333], zone: 'senkaku-contiguous-zone', end: null }),
      detected({ type: 'loitering', mmsi: [111] }),
    ]);
    expect(s.byType.encounter).toMatchObject({
      truePositives: 0,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 0,
      recall: 0,
    });
    expect(s.byType['zone-entry']).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1 });
    expect(s.byType.loitering).toMatchObject({ falsePositives: 1, recall: 1, precision: 0 });
    expect(s.byType.encounter.missed).toEqual([truth.events[0]]);
  });

  it('windows that miss each other by less than the tolerance still match; an open end runs on', () => {
    const t = truthEvent({});
    expect(eventsMatch(t, detected({ start: '2025-06-02T14:20:00Z', end: null }))).toBe(true);
    expect(eventsMatch(t, detected({ start: '2025-06-02T14:40:00Z', end: null }))).toBe(false);
    expect(
      eventsMatch(t, detected({ start: '2025-06-02T14:40:00Z', end: null }), {
        timeMs: 3_600_000,
        positionM: 1,
      }),
    ).toBe(true);
    expect(
      eventsMatch(truthEvent({ end: null }), detected({ start: '2025-06-05T00:00:00Z', end: null })),
    ).toBe(true);
  });

  it('identity events match only their sub-kind, and are counted per sub-kind too', () => {
    const rename = truthEvent({ type: 'identity', mmsi: [111], subKind: 'name-changed', end: null });
    const land = truthEvent({ type: 'identity', mmsi: [111], subKind: 'position-on-land' });
    const det = (kind: string) =>
      detected({ type: 'identity', mmsi: [111], end: null, evidence: [{ kind }] });
    expect(eventsMatch(rename, det('name-changed'))).toBe(true);
    expect(eventsMatch(rename, det('imo-changed'))).toBe(false);
    expect(eventsMatch(rename, detected({ type: 'identity', mmsi: [111], subKind: 'name-changed' }))).toBe(
      true,
    );
    const s = scoreEvents({ events: [rename, land], mustNotFire: [] }, [
      det('name-changed'),
      det('imo-changed'),
    ]);
    expect(s.byType.identity).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(s.byIdentityKind['name-changed']).toMatchObject({
      truePositives: 1,
      falsePositives: 0,
      recall: 1,
    });
    expect(s.byIdentityKind['imo-changed']).toMatchObject({
      truePositives: 0,
      falsePositives: 1,
      precision: 0,
    });
    expect(s.byIdentityKind['position-on-land']).toMatchObject({
      truePositives: 0,
      falseNegatives: 1,
      recall: 0,
    });
    expect(s.byIdentityKind['invalid-mmsi']).toMatchObject({ precision: 1, recall: 1 });
  });

  it('events without an MMSI (dark contacts) match by position', () => {
    const dark = truthEvent({
      type: 'dark',
      mmsi: [],
      start: '2025-06-04T16:00:00Z',
      end: '2025-06-04T16:00:00Z',
      lat: 29.6,
      lon: 126.6,
    });
    const near = detected({
      type: 'dark',
      mmsi: [],
      start: '2025-06-04T16:00:00Z',
      end: null,
      lat: 29.62,
      lon: 126.61,
    });
    const far = detected({
      type: 'dark',
      mmsi: [],
      start: '2025-06-04T16:00:00Z',
      end: null,
      lat: 30.0,
      lon: 126.6,
    });
    const withMmsi = detected({
      type: 'dark',
      mmsi: [445999001],
      start: '2025-06-04T16:00:00Z',
      end: null,
      lat: 29.6,
      lon: 126.6,
    });
    expect(eventsMatch(dark, near)).toBe(true);
    expect(eventsMatch(dark, far)).toBe(false);
    expect(eventsMatch(dark, withMmsi)).toBe(true);
  });

  it('a detection matching a near miss is a false positive and a must-not-fire hit', () => {
    const nearMiss = truthEvent({ mmsi: [555, 666], vessels: ['p', 'q'] });
    const s = scoreEvents({ events: [], mustNotFire: [nearMiss] }, [detected({ mmsi: [555, 666] })]);
    expect(s.byType.encounter).toMatchObject({
      falsePositives: 1,
      mustNotFireHits: 1,
      precision: 0,
      recall: 1,
    });
  });

  it('nothing detected of a type with no truth scores 1 and 1; unknown types are set aside', () => {
    const s = scoreEvents({ events: [], mustNotFire: [] }, [detected({ type: 'weather' })]);
    expect(s.byType.gap).toMatchObject({ precision: 1, recall: 1, truePositives: 0 });
    expect(s.unknownTypes.length).toBe(1);
  });

  it('rejects a malformed detection naming its index and field', () => {
    const bad = [detected({}), { ...detected({}), start: 'yesterday' }];
    expect(() => scoreEvents({ events: [], mustNotFire: [] }, bad, {}, 'detect.ndjson')).toThrow(InputError);
    expect(() => scoreEvents({ events: [], mustNotFire: [] }, bad, {}, 'detect.ndjson')).toThrow(
      /detect\.ndjson \(\[1\]\.start\)/,
    );
  });

  it('scoring the truth against itself is perfect; dropping k events costs exactly k of recall (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }), (n, drop) => {
        const k = Math.min(drop, n);
        // n encounters of distinct pairs, a day apart.
        const truth = Array.from({ length: n }, (_, i) =>
          truthEvent({
            mmsi: [1000 + i, 2000 + i],
            start: new Date(Date.UTC(2025, 0, 1 + i, 10)).toISOString(),
            end: new Date(Date.UTC(2025, 0, 1 + i, 14)).toISOString(),
          }),
        );
        const det: DetectedEvent[] = truth.slice(k).map((t) => ({ ...t }));
        const s = scoreEvents({ events: truth, mustNotFire: [] }, det).byType.encounter;
        return (
          s.truePositives === n - k &&
          s.falseNegatives === k &&
          s.falsePositives === 0 &&
          s.precision === 1 &&
          Math.abs(s.recall - (n - k) / n) < 1e-12
        );
      }),
    );
  });
});
