import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMaritimePayload, MARITIME_PAYLOAD_KINDS } from '../../src/maritime/index.js';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const times = { createdMs: T0, nowMs: T0 + 200, maxSkewMs: 5_000 };

const vessel = {
  kind: 'vessel-state',
  mmsi: 412_345_678,
  tMs: T0 - 1_000,
  latDeg: 25.74,
  lonDeg: 123.48,
  speedKn: 11.3,
  courseDeg: 271.5,
  headingDeg: 270,
  imo: 9_074_729,
  name: 'HAI JING 2501',
  shipType: 55,
  lengthM: 128,
};
const event = {
  kind: 'maritime-event',
  id: 'JPN:zone-entry:412345678:1',
  type: 'zone-entry',
  mmsi: [412_345_678],
  startMs: T0 - 600_000,
  endMs: null,
  latDeg: 25.74,
  lonDeg: 123.48,
  zone: 'Senkaku territorial sea',
  confidence: 0.9,
  evidence: [{ kind: 'zone', zoneKind: 'territorial-sea', name: 'Uotsuri-shima', confirmingFixes: 3 }],
};
const contact = {
  kind: 'sensor-contact',
  id: 'P-3C/0412',
  sensor: 'aircraft',
  tMs: T0 - 30_000,
  latDeg: 25.8,
  lonDeg: 123.5,
  errorM: 250,
  identity: { name: 'HAI JING 2501' },
};

const outcome = (p: unknown, t = times) => {
  const r = checkMaritimePayload(p, t);
  return r.ok ? 'accepted' : `${r.code} ${r.reason}`;
};

describe('maritime partner payloads (vessel state, maritime event, sensor contact)', () => {
  it('accepts well-formed ones of each kind', () => {
    for (const p of [vessel, event, contact]) expect(outcome(p)).toBe('accepted');
    expect(outcome({ ...event, endMs: T0 })).toBe('accepted');
    expect(outcome({ ...vessel, speedKn: null, courseDeg: null, headingDeg: null })).toBe('accepted');
  });

  it('refuses values out of range, naming the field', () => {
    expect(outcome({ ...vessel, latDeg: 91 })).toMatch(/^malformed latDeg: /);
    expect(outcome({ ...vessel, speedKn: 400 })).toMatch(/^malformed speedKn: /);
    expect(outcome({ ...vessel, courseDeg: 360 })).toMatch(/^malformed courseDeg: /);
    expect(outcome({ ...vessel, imo: 9_074_728 })).toMatch(/^malformed imo: not a valid IMO/);
    expect(outcome({ ...vessel, mmsi: 1e12 })).toMatch(/^malformed mmsi: /);
    expect(outcome({ ...vessel, name: 'x'.repeat(121) })).toMatch(/^malformed name: /);
    expect(outcome({ ...vessel, name: 'A\u0000B' })).toMatch(/^malformed name: has control characters/);
    expect(outcome({ ...event, confidence: 1.5 })).toMatch(/^malformed confidence: /);
    expect(outcome({ ...event, type: 'piracy' })).toMatch(/^malformed type: /);
    expect(outcome({ ...event, endMs: event.startMs - 1 })).toMatch(/^malformed endMs: before startMs/);
    // An unexplained dark contact names no vessel; more than eight is no event a detector makes.
    expect(outcome({ ...event, type: 'dark', mmsi: [] })).toBe('accepted');
    expect(outcome({ ...event, mmsi: new Array(9).fill(412_345_678) })).toMatch(/^malformed mmsi: /);
    expect(outcome({ ...event, evidence: [{ kind: 'zone', nested: { deep: 1 } }] })).toMatch(
      /^malformed evidence\.0\.nested: /,
    );
    expect(outcome({ ...event, evidence: new Array(33).fill({ kind: 'gap' }) })).toMatch(
      /^malformed evidence: /,
    );
    expect(outcome({ ...contact, errorM: 0 })).toMatch(/^malformed errorM: /);
    expect(outcome({ ...contact, sensor: 'sonar' })).toMatch(/^malformed sensor: /);
  });

  it('takes a batch of vessel states and a withdrawal, refusing a bad state by its index and an empty or oversized batch', () => {
    const batch = { kind: 'vessel-state-batch', states: [vessel, { ...vessel, mmsi: 412_000_001 }] };
    expect(outcome(batch)).toBe('accepted');
    expect(outcome({ ...batch, states: [vessel, { ...vessel, latDeg: 91 }] })).toMatch(
      /^malformed states\.1\.latDeg: /,
    );
    expect(outcome({ ...batch, states: [vessel, { ...vessel, tMs: T0 + 60_000 }] })).toMatch(
      /^time-ahead-of-envelope states\.1\.tMs: /,
    );
    expect(outcome({ ...batch, states: [] })).toMatch(/^malformed states: /);
    expect(outcome({ ...batch, states: new Array(501).fill(vessel) })).toMatch(/^malformed states: /);
    const withdrawal = { kind: 'maritime-event-withdrawal', id: event.id, tMs: T0 };
    expect(outcome(withdrawal)).toBe('accepted');
    expect(outcome({ ...withdrawal, reason: 'x' })).toMatch(/^malformed /);
    expect(outcome({ ...withdrawal, tMs: T0 + 60_000 })).toMatch(/^time-ahead-of-envelope tMs: /);
  });

  it('refuses other fields, other kinds and non-objects (sizes are bounded by the fields)', () => {
    expect(outcome({ ...contact, note: 'x' })).toMatch(/^malformed /);
    expect(outcome({ ...contact, identity: { mmsi: 412_345_678, flag: 'CHN' } })).toMatch(
      /^malformed identity/,
    );
    expect(outcome({ ...vessel, kind: 'track' })).toMatch(/^malformed kind: "track" is not one of/);
    expect(outcome(null)).toMatch(/^malformed kind: missing/);
    expect(outcome('vessel-state')).toMatch(/^malformed kind/);
  });

  it('refuses what is dated after its signed item or after now, beyond the skew', () => {
    expect(outcome({ ...vessel, tMs: T0 + 5_001 })).toMatch(/^time-ahead-of-envelope tMs: 5001 ms/);
    expect(outcome({ ...contact, tMs: T0 + 20_000 }, { ...times, createdMs: T0 + 20_000 })).toMatch(
      /^time-in-future tMs: /,
    );
    expect(outcome({ ...event, endMs: T0 + 3_600_000 })).toMatch(/^time-ahead-of-envelope endMs: /);
    expect(outcome({ ...event, startMs: T0 + 3_600_000, endMs: null })).toMatch(
      /^time-ahead-of-envelope startMs: /,
    );
  });

  it('never throws, whatever a partner sends', () => {
    const mutated = fc
      .tuple(fc.constantFrom(vessel, event, contact), fc.string(), fc.anything())
      .map(([p, key, value]) => ({ ...p, [key]: value }));
    const kinds = fc
      .tuple(fc.constantFrom(...MARITIME_PAYLOAD_KINDS), fc.dictionary(fc.string(), fc.jsonValue()))
      .map(([kind, rest]) => ({ ...rest, kind }));
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutated, kinds), (p) => {
        expect(typeof checkMaritimePayload(p, times).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
