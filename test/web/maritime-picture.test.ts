import { describe, expect, it } from 'vitest';
import type { MaritimeEvent, Vessel } from '../../web/src/api/types.js';
import {
  affiliation,
  filterEvents,
  mergeEvents,
  mergeVessels,
  partnerSources,
  vesselCollection,
  vesselDiff,
} from '../../web/src/maritime/picture.js';

const vessel = (mmsi: number, more: Partial<Vessel> = {}): Vessel => ({
  mmsi,
  lat: 25.8,
  lon: 123.4,
  speed: 10,
  course: 90,
  heading: null,
  lastSeen: '2025-03-03T01:00:00.000Z',
  sources: ['jcg'],
  ...more,
});

const event = (id: string, more: Partial<MaritimeEvent> = {}): MaritimeEvent => ({
  id,
  originator: 'JPN',
  marking: null,
  type: 'zone-entry',
  mmsi: [413999101],
  detected: '2025-03-03T01:00:00.000Z',
  start: '2025-03-03T01:00:00.000Z',
  end: null,
  lat: 25.8,
  lon: 123.4,
  confidence: 1,
  evidence: [],
  status: { state: 'new', holder: null, updated: '2025-03-03T01:00:00.000Z' },
  ...more,
});

describe('the maritime picture in the console', () => {
  it('calls an allied state vessel friendly, an identified one neutral, the rest unknown', () => {
    expect(affiliation(vessel(431_000_123, { shipType: 55, name: 'JCG' }))).toBe('friendly');
    expect(affiliation(vessel(440_000_123, { shipType: 35 }))).toBe('friendly');
    // A foreign coast guard identifies itself: neutral, not friendly (and never hostile by the AIS).
    expect(affiliation(vessel(413_999_101, { shipType: 55, name: 'HAIJING 9901' }))).toBe('neutral');
    expect(affiliation(vessel(431_000_124, { shipType: 70, imo: 9_000_000 }))).toBe('neutral');
    expect(affiliation(vessel(477_000_001))).toBe('unknown');
  });

  it('merges the stream: a newer report replaces, an older one does not, the rest keep their objects', () => {
    const a = vessel(1);
    const b = vessel(2);
    const held = mergeVessels(new Map(), [a, b]);
    const older = vessel(1, { lat: 0, lastSeen: '2025-03-03T00:00:00.000Z' });
    const newer = vessel(2, { lat: 1, lastSeen: '2025-03-03T02:00:00.000Z' });
    const next = mergeVessels(held, [older, newer, vessel(3)]);
    expect(next.get(1)).toBe(a);
    expect(next.get(2)).toBe(newer);
    expect(next.size).toBe(3);
    expect(held.size).toBe(2);
    expect(vesselDiff(held, next)).toEqual({ changed: [newer, next.get(3)], removed: [] });
    expect(vesselDiff(next, next)).toEqual({ changed: [], removed: [] });
    expect(vesselDiff(next, new Map([[1, a]]))).toEqual({ changed: [], removed: [2, 3] });
  });

  it('draws each vessel as a point keyed by its MMSI with its affiliation', () => {
    const c = vesselCollection([vessel(431_000_123, { shipType: 55, lon: 130, lat: 30 })]);
    expect(c.features).toEqual([
      {
        type: 'Feature',
        id: 431_000_123,
        properties: { mmsi: 431_000_123, aff: 'friendly', course: 90 },
        geometry: { type: 'Point', coordinates: [130, 30] },
      },
    ]);
  });

  it('keeps events latest first, a newer state replacing the older, and filters them', () => {
    const e1 = event('a', { detected: '2025-03-03T01:00:00.000Z' });
    const e2 = event('b', { detected: '2025-03-03T02:00:00.000Z', type: 'gap' });
    const held = mergeEvents([], [e1, e2]);
    expect(held.map((e) => e.id)).toEqual(['b', 'a']);
    const escalated = event('a', {
      status: { state: 'escalated', holder: null, updated: '2025-03-03T03:00:00.000Z' },
    });
    const next = mergeEvents(held, [escalated]);
    expect(next.find((e) => e.id === 'a')).toBe(escalated);
    // A stale copy (the stream's, older than the triage answer) does not undo the action.
    expect(mergeEvents(next, [e1]).find((e) => e.id === 'a')).toBe(escalated);
    expect(filterEvents(next, { type: 'gap', state: 'all' }).map((e) => e.id)).toEqual(['b']);
    expect(filterEvents(next, { type: 'all', state: 'escalated' }).map((e) => e.id)).toEqual(['a']);
    expect(filterEvents(next, { type: 'gap', state: 'escalated' })).toEqual([]);
  });

  it('names the partners that shared a vessel', () => {
    expect(partnerSources(vessel(1, { sources: ['jcg', 'partner:USA', 'partner:KOR'] }))).toEqual([
      'USA',
      'KOR',
    ]);
  });
});
