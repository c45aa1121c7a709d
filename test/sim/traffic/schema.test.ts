import { describe, expect, it } from 'vitest';
import { DataFileError, InputError } from '../../../src/domain/errors.js';
import { parseScenario } from '../../../src/sim/index.js';
import { generateTraffic } from '../../../src/sim/traffic/index.js';
import { loadSites } from '../fixtures.js';

/** A small scenario: one tanker drifting 3 h far out in the East China Sea. */
const BASE = `name: tiny
description: "tiny maritime test"
start: "2025-01-01T00:00:00Z"
durationS: 60
missileClasses: {}
missiles: []
maritime:
  durationH: 12
  shore:
    source: "test points"
    points: [[31.0, 121.9], [33.4, 126.5]]
  vessels:
    - id: drifter
      kind: tanker
      mmsi: 352000001
      imo: 9999993
      name: "DRIFTER"
      callsign: HO1
      itinerary:
        - { latDeg: 30.0, lonDeg: 125.0, atS: 0 }
        - { latDeg: 30.1, lonDeg: 125.1, holdH: 3, driftKn: 0.5 }
        - { latDeg: 30.5, lonDeg: 125.5 }
  injected:
    - { kind: loitering, vessels: [drifter], note: "drifts 3 h" }
`;

const parse = (text: string) => parseScenario(text, 'tiny.yaml', loadSites());
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('maritime scenario block', () => {
  it('a valid block generates, and its injected loitering is in the truth', () => {
    const sc = parse(BASE);
    const t = generateTraffic(sc.maritime!, sc, { source: 'tiny.yaml' });
    expect(t.truth.events.map((e) => `${e.type}:${e.vessels.join('+')}`)).toEqual(['loitering:drifter']);
  });

  it('an injected event the tracks do not produce is refused, naming the entry', () => {
    const sc = parse(BASE.replace('holdH: 3', 'holdH: 0.5'));
    const e = thrown(() => generateTraffic(sc.maritime!, sc, { source: 'tiny.yaml' }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(
      /tiny\.yaml \(maritime\.injected\[0\]\): the tracks produce no loitering event for drifter/,
    );
  });

  it('a pin that would need more than 40 kn is refused, naming the step', () => {
    const sc = parse(
      BASE.replace('{ latDeg: 30.5, lonDeg: 125.5 }', '{ latDeg: 33.0, lonDeg: 125.5, atS: 14400 }'),
    );
    const e = thrown(() => generateTraffic(sc.maritime!, sc, { source: 'tiny.yaml' }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/maritime\.vessels\[0\]\.itinerary\[2\]\.atS.*faster than 40 kn/);
  });

  it('schema errors name the line and field: an unknown vessel, a bad IMO check digit', () => {
    const unknown = thrown(() => parse(BASE.replace('vessels: [drifter]', 'vessels: [nobody]')));
    expect(unknown).toBeInstanceOf(DataFileError);
    expect(unknown.message).toMatch(
      /tiny\.yaml:\d+:\d+ \(maritime\.injected\[0\]\.vessels\[0\]\): unknown vessel 'nobody'/,
    );
    const imo = thrown(() => parse(BASE.replace('imo: 9999993', 'imo: 9999994')));
    expect(imo).toBeInstanceOf(DataFileError);
    expect(imo.message).toMatch(/tiny\.yaml:16:\d+ \(maritime\.vessels\[0\]\.imo\): not a valid IMO number/);
  });

  it("a sensor's operating nation must be a known nation code, named at its line and field", () => {
    const radar = (nation: string) =>
      `${BASE}  sensors:\n    - { id: r1, nation: ${nation}, kind: radar, latDeg: 30, lonDeg: 125, rangeNm: 40, periodS: 60, pd: 1, sigmaM: 100 }\n`;
    expect(parse(radar('KOR')).maritime!.sensors[0]!.nation).toBe('KOR');
    const bad = thrown(() => parse(radar('XXX')));
    expect(bad).toBeInstanceOf(DataFileError);
    expect(bad.message).toMatch(
      /tiny\.yaml:\d+:\d+ \(maritime\.sensors\[0\]\.nation\): not a known nation code/,
    );
  });
});

describe('identity cases in the maritime block', () => {
  const withIdentity = (extra: string, injected = '', nearMisses = '') =>
    parse(
      BASE.replace('      itinerary:\n', `${extra}      itinerary:\n`).replace(
        '  injected:\n',
        `  injected:\n${injected}`,
      ) + (nearMisses ? `  nearMisses:\n${nearMisses}` : ''),
    );
  const gen = (sc: ReturnType<typeof parse>) => generateTraffic(sc.maritime!, sc, { source: 'tiny.yaml' });

  it('a renaming under a new IMO is two identity events from the change; padding and case alone are a near miss', () => {
    const sc = withIdentity(
      `      identityChanges:\n        - { atS: 3600, name: "NEW DAWN", imo: 9999979 }\n        - { atS: 7200, name: " new  dawn" }\n`,
      `    - { kind: identity, subKind: imo-changed, vessels: [drifter], note: "new IMO" }\n`,
      `    - { kind: name-padding, vessels: [drifter], note: "case only" }\n`,
    );
    const t = gen(sc);
    const ids = t.truth.events.filter((e) => e.type === 'identity');
    expect(ids.map((e) => [e.subKind, e.start])).toEqual([
      ['imo-changed', '2025-01-01T01:00:00.000Z'],
      ['name-changed', '2025-01-01T01:00:00.000Z'],
    ]);
    expect(t.truth.mustNotFire.map((e) => [e.subKind, e.start])).toEqual([
      ['name-changed', '2025-01-01T02:00:00.000Z'],
    ]);
  });

  it('an identity change without a name or an IMO is refused, naming the field', () => {
    const e = thrown(() => withIdentity(`      identityChanges:\n        - { atS: 3600 }\n`));
    expect(e).toBeInstanceOf(DataFileError);
    expect(e.message).toMatch(
      /maritime\.vessels\[0\]\.identityChanges\[0\].*give a new name, a new imo or both/,
    );
  });

  it('a padding near miss whose name really changes is refused', () => {
    const sc = withIdentity(
      `      identityChanges:\n        - { atS: 3600, name: "OTHER" }\n`,
      '',
      `    - { kind: name-padding, vessels: [drifter], note: "not padding" }\n`,
    );
    expect(thrown(() => gen(sc)).message).toMatch(
      /maritime\.nearMisses\[0\]\): drifter has no seen name change in padding or case only/,
    );
  });

  it('an unallocated MID must fire; a GPS glitch inland gives a position on land and a jump', () => {
    const sc = withIdentity(
      `      gpsGlitches:\n        - { fromS: 3600, toS: 7200, latDeg: 34.0, lonDeg: 110.0 }\n`,
      `    - { kind: identity, subKind: position-on-land, vessels: [drifter], note: "glitch" }\n`,
    );
    const t = gen(sc);
    expect(
      t.truth.events
        .filter((e) => e.type === 'identity')
        .map((e) => e.subKind)
        .sort(),
    ).toEqual(['impossible-speed', 'position-on-land']);
    const bad = parse(BASE.replace('mmsi: 352000001', 'mmsi: 199000001'));
    expect(gen(bad).truth.events.filter((e) => e.subKind === 'invalid-mmsi')).toHaveLength(1);
  });

  it('a glitch point near the shore samples, or an injected sub-kind the tracks lack, is refused', () => {
    const near = withIdentity(
      `      gpsGlitches:\n        - { fromS: 3600, toS: 7200, latDeg: 31.01, lonDeg: 121.9 }\n`,
    );
    expect(thrown(() => gen(near)).message).toMatch(
      /maritime\.vessels\[0\]\.gpsGlitches\[0\]\): the point lies less than 10 km from the shore samples/,
    );
    const missing = withIdentity(
      '',
      `    - { kind: identity, subKind: name-changed, vessels: [drifter], note: "never renamed" }\n`,
    );
    expect(thrown(() => gen(missing)).message).toMatch(
      /maritime\.injected\[0\]\): the tracks produce no identity \(name-changed\) event for drifter/,
    );
  });
});

describe('gap truth follows the whole definition', () => {
  /** A tanker sailing far from the two shore points for 72 h, silent from 50 h to 64 h. */
  const GAP = (farP: number) => `name: gappy
description: "gap test"
start: "2025-01-01T00:00:00Z"
durationS: 60
missileClasses: {}
missiles: []
maritime:
  durationH: 72
  reception: { farP: ${farP} }
  shore:
    source: "test points"
    points: [[40.0, 120.0], [20.0, 135.0]]
  vessels:
    - id: runner
      kind: tanker
      mmsi: 352000002
      name: "RUNNER"
      callsign: HO2
      itinerary:
        - { latDeg: 29.0, lonDeg: 126.0, atS: 0 }
        - { latDeg: 31.0, lonDeg: 127.0 }
        - { latDeg: 29.0, lonDeg: 128.0, atS: 180000, ais: off }
        - { latDeg: 30.0, lonDeg: 126.5, atS: 230400, ais: on }
        - { latDeg: 29.0, lonDeg: 126.0, atS: 259200 }
`;
  const truthOf = (farP: number) => {
    const sc = parse(GAP(farP));
    return generateTraffic(sc.maritime!, sc).truth;
  };

  it('a long silence far out after good reception must fire', () => {
    const t = truthOf(0.06);
    expect(t.events.filter((e) => e.type === 'gap').map((e) => [e.start, e.end])).toEqual([
      ['2025-01-03T02:00:00.000Z', '2025-01-03T16:00:00.000Z'],
    ]);
  });

  it('the same silence after poor reception must not (fewer than 20 positions per 12 h)', () => {
    const t = truthOf(0.0005);
    expect(t.events.filter((e) => e.type === 'gap')).toEqual([]);
    expect(t.mustNotFire.filter((e) => e.type === 'gap').map((e) => e.note)).toEqual([
      expect.stringMatching(/only \d+ positions expected per 12 h before/),
    ]);
  });
});
