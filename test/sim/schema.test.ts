import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/domain/errors.js';
import { parseScenario, parseSensorSites, scenarioJsonSchemaText } from '../../src/sim/index.js';
import { loadScenario, loadSites } from './fixtures.js';

const SCHEMA_PATH = 'scenarios/scenario.schema.json';
const BUNDLED = [
  'korea-irbm-over-japan',
  'korea-irbm-missed-ack',
  'korea-lofted-icbm',
  'korea-srbm-salvo',
  'korea-kn23-depressed',
  'korea-hgv-glide',
];

describe('scenario schema', () => {
  it('the committed JSON Schema is what the zod schema produces (UPDATE_SCHEMA=1 rewrites it)', () => {
    const text = scenarioJsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_PATH, text);
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(text);
    const doc = JSON.parse(text);
    expect(doc.required).toEqual(expect.arrayContaining(['name', 'start', 'durationS', 'missiles']));
  });

  it('accepts every bundled scenario', () => {
    const sites = loadSites();
    for (const name of BUNDLED) {
      const sc = loadScenario(name, sites);
      expect(sc.name).toBe(name);
      expect(sc.missiles.length).toBeGreaterThan(0);
      expect(sc.sensors.length).toBeGreaterThan(0);
    }
  });

  it('bundled sensor sites all carry a source, a note and flagged performance assumptions', () => {
    const sites = loadSites();
    const nations = new Set<string>();
    for (const s of sites.values()) {
      expect(s.source?.title).toBeTruthy();
      expect(s.note).toBeTruthy();
      expect(s.performance.assumed).toBe(true);
      nations.add(s.nation);
    }
    expect([...nations].sort()).toEqual(['JPN', 'KOR', 'USA']);
    expect([...sites.values()].some((s) => s.platform.kind === 'ship')).toBe(true);
  });
});

/** The SRBM salvo with one line replaced, and the DataFileError parsing it throws. */
function rejectEdit(find: string, replace: string): DataFileError {
  const path = 'scenarios/korea-srbm-salvo.yaml';
  const original = readFileSync(path, 'utf8');
  expect(original).toContain(find);
  const text = original.replace(find, replace);
  try {
    parseScenario(text, 'bad.yaml', loadSites());
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('expected the edited scenario to be rejected');
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('malformed scenarios are rejected with file, line and field', () => {
  const salvo = readFileSync('scenarios/korea-srbm-salvo.yaml', 'utf8');

  it('a wrongly typed field', () => {
    const e = rejectEdit('durationS: 600', 'durationS: ten minutes');
    expect(e.input).toBe('bad.yaml');
    expect(e.field).toBe('durationS');
    expect(e.line).toBe(lineOf(salvo, 'durationS: 600'));
    expect(e.message).toMatch(/^bad\.yaml:\d+:\d+ \(durationS\)/);
  });

  it('a value out of range deep in a missile', () => {
    const e = rejectEdit('rangeM: 610000', 'rangeM: -5');
    expect(e.field).toBe('missiles[3].aim.rangeM');
    expect(e.line).toBe(lineOf(salvo, 'rangeM: 610000'));
  });

  it('an unknown bundled sensor and an unknown missile class', () => {
    const s = rejectEdit('ref: kor-green-pine-jeolla', 'ref: kor-green-pine-nowhere');
    expect(s.field).toBe('sensors[1].ref');
    expect(s.line).toBe(lineOf(salvo, 'ref: kor-green-pine-jeolla'));
    expect(s.problem).toContain('kor-green-pine-nowhere');
    const c = rejectEdit(
      '    class: srbm\n    launch: { latDeg: 39.10',
      '    class: scud\n    launch: { latDeg: 39.10',
    );
    expect(c.field).toBe('missiles[1].class');
    expect(c.problem).toContain("unknown missile class 'scud'");
  });

  it('an unknown key, and YAML that does not parse', () => {
    const k = rejectEdit('truthPeriodS: 1', 'truthPeriodS: 1\nspeedOfLight: 3');
    expect(k.line).toBe(lineOf(salvo, 'truthPeriodS: 1') + 1);
    expect(k.column).toBe(1);
    expect(k.field).toBe('speedOfLight');
    expect(k.problem).toMatch(/^unknown field \(known here: name, description, start, .*durationS/);
    const y = rejectEdit('durationS: 600', 'durationS: [600');
    expect(y.input).toBe('bad.yaml');
    expect(y.line).toBeGreaterThan(0);
  });

  it('a misspelt field is reported as itself, at its own line and column, with the name it was meant to be', () => {
    // Not as `azimuthDeg` missing at the line of the enclosing block, which is what it causes.
    const e = rejectEdit('azimuthDeg: 87', 'azimutDeg: 87');
    const line = salvo.split('\n')[lineOf(salvo, 'azimuthDeg: 87') - 1]!;
    expect(e.field).toBe('missiles[2].aim.azimutDeg');
    expect(e.line).toBe(lineOf(salvo, 'azimuthDeg: 87'));
    expect(e.column).toBe(line.indexOf('azimuthDeg') + 1);
    expect(e.problem).toBe("unknown field (did you mean 'azimuthDeg'?)");
    expect(e.message).toBe(
      `bad.yaml:${e.line}:${e.column} (missiles[2].aim.azimutDeg): unknown field (did you mean 'azimuthDeg'?)`,
    );
    // At the top level, in a block key on a line of its own, and as a union's discriminator.
    const top = rejectEdit('durationS: 600', 'duratonS: 600');
    expect([top.field, top.line, top.column]).toEqual(['duratonS', lineOf(salvo, 'durationS: 600'), 1]);
    expect(top.problem).toContain("did you mean 'durationS'?");
    const block = rejectEdit('    verticalRiseS: 3', '    verticalRiseSec: 3');
    expect(block.field).toBe('missileClasses.srbm.verticalRiseSec');
    expect([block.line, block.column]).toEqual([lineOf(salvo, 'verticalRiseS: 3'), 5]);
    expect(block.problem).toContain("'verticalRiseS'");
    const kind = rejectEdit('aim: { kind: bearing, azimuthDeg: 85', 'aim: { knid: bearing, azimuthDeg: 85');
    expect(kind.field).toBe('missiles[0].aim.knid');
    expect(kind.problem).toContain("did you mean 'kind'?");
  });

  it('a broken sensor-sites file names its own field', () => {
    const text = readFileSync('data/sensor-sites.yaml', 'utf8').replace('pd: 0.95', 'pd: 1.5');
    expect(() => parseSensorSites(text, 'sites.yaml')).toThrow(
      /sites\.yaml:\d+:\d+ \(sites\[0\]\.performance\.pd\)/,
    );
  });
});

describe('watch officers in scenarios', () => {
  it('are read in time order, and an action missing what it needs names the field', () => {
    const sites = loadSites();
    const sc = loadScenario('korea-irbm-over-japan', sites);
    expect(sc.watch.map((a) => a.action)).toEqual([
      'acknowledge',
      'acknowledge',
      'post',
      'propose',
      'approve',
      'approve',
      'approve',
      'close',
    ]);
    expect(loadScenario('korea-irbm-missed-ack', sites).watch.some((a) => a.nation === 'KOR')).toBe(false);
    const text = readFileSync('scenarios/korea-irbm-over-japan.yaml', 'utf8').replace(
      'marking: "//KOR SECRET//REL TO USA, JPN, KOR"',
      '',
    );
    let err: unknown;
    try {
      parseScenario(text, 'x.yaml', sites);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).field).toBe('watch[2].marking');
  });
});

describe('incidents in scenarios', () => {
  const bundled = readFileSync('scenarios/senkaku-incursion-drill.yaml', 'utf8');
  // The bundled drill's incursion is detected from its ships; a scenario may still script one by
  // hand, as the drill used to: these tests put that incident back in front of the armed attack.
  const drill = bundled.replace(
    'incidents:\n',
    [
      'incidents:',
      '  - id: senkaku-incursion-1',
      '    atS: 60',
      '    kind: maritime-incursion',
      '    nation: JPN',
      '    zone: senkaku-territorial-sea',
      '    coastalNation: JPN',
      '    vesselFlag: CHN',
      '    description: Drill inject.',
      '    assumption: true',
      '',
    ].join('\n'),
  );

  it('the bundled Senkaku drill scripts no maritime incursion: its ships raise it', () => {
    const sc = loadScenario('senkaku-incursion-drill', loadSites());
    expect(sc.incidents.map((i) => i.kind)).toEqual(['armed-attack']);
    expect(sc.maritime?.receivers.map((r) => [r.id, r.nation])).toEqual([
      ['jcg-patrol-vessel-senkaku', 'JPN'],
    ]);
  });
  const reject = (find: string, replace: string): DataFileError => {
    expect(drill).toContain(find);
    try {
      parseScenario(drill.replace(find, replace), 'drill.yaml', loadSites());
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      return e as DataFileError;
    }
    throw new Error('expected the edited scenario to be rejected');
  };

  it('are read in time order with the fields the rules match', () => {
    const sc = parseScenario(drill, 'drill.yaml', loadSites());
    expect(sc.missiles).toEqual([]);
    expect(sc.incidents.map((i) => [i.atS, i.kind, i.nation])).toEqual([
      [60, 'maritime-incursion', 'JPN'],
      [600, 'armed-attack', 'USA'],
    ]);
    expect(sc.incidents[0]).toMatchObject({ zone: 'senkaku-territorial-sea', coastalNation: 'JPN' });
    expect(sc.incidents[1]).toMatchObject({ contingency: 'taiwan-strait', assumption: true });
  });

  it('an unknown contingency, a missing zone, an unsourced incident, a duplicate id: each names its field', () => {
    const c = reject('contingency: taiwan-strait', 'contingency: atlantis');
    expect(c.field).toBe('incidents[1].contingency');
    expect(c.message).toMatch(/drill\.yaml:\d+:\d+/);
    expect(reject('    zone: senkaku-territorial-sea\n', '').field).toBe('incidents[0].zone');
    const unsourced = reject(
      'no attacked party or place.\n    assumption: true',
      'no attacked party or place.',
    );
    expect(unsourced.field).toBe('incidents[1].source');
    expect(unsourced.message).toMatch(/assumption: true/);
    expect(reject('id: taiwan-armed-attack-1', 'id: senkaku-incursion-1').field).toBe('incidents[1].id');
    expect(reject('kind: armed-attack', 'kind: cyber-attack').field).toMatch(/^incidents\[1\]/);
  });
});

describe('the nations that run a node (nations:)', () => {
  it('default to the trilateral three, and ecs-sanctions-evasion names the five', () => {
    const sites = loadSites();
    expect(loadScenario('korea-srbm-salvo', sites).nations).toEqual(['USA', 'JPN', 'KOR']);
    expect(loadScenario('ecs-sanctions-evasion', sites).nations).toEqual(['USA', 'JPN', 'KOR', 'AUS', 'IND']);
  });

  it("refuse a sensor, an incident or a watch action of a nation not listed, naming the nation and the entry's line", () => {
    const salvo = readFileSync('scenarios/korea-srbm-salvo.yaml', 'utf8');
    const sensor = rejectEdit('truthPeriodS: 1', 'truthPeriodS: 1\nnations: [USA, JPN]');
    expect(sensor.field).toBe('sensors[0].ref');
    expect(sensor.line).toBe(lineOf(salvo, 'ref: kor-green-pine-chungcheong') + 1); // after the added line
    expect(sensor.problem).toBe(
      "sensor kor-green-pine-chungcheong is KOR's, but KOR runs no node in this scenario (nations: USA, JPN): add KOR to nations",
    );
    const drill = readFileSync('scenarios/senkaku-incursion-drill.yaml', 'utf8');
    const parse = (text: string): DataFileError => {
      try {
        parseScenario(text, 'drill.yaml', loadSites());
      } catch (e) {
        expect(e).toBeInstanceOf(DataFileError);
        return e as DataFileError;
      }
      throw new Error('expected the edited scenario to be rejected');
    };
    const noUsa = parse(drill.replace(/^start: .*$/m, (l) => `${l}\nnations: [JPN, KOR]`));
    // The first entry of USA's in the file: its sensor, incident or watch action.
    expect(noUsa.problem).toMatch(/is USA's, but USA runs no node in this scenario \(nations: JPN, KOR\)/);
    expect(noUsa.field).toMatch(/^(sensors|inlineSensors|incidents|watch)\[\d+\]/);
  });

  it('refuse a nation listed twice, or the launch state as a node', () => {
    const twice = rejectEdit('truthPeriodS: 1', 'truthPeriodS: 1\nnations: [USA, JPN, KOR, JPN]');
    expect([twice.field, twice.problem]).toEqual(['nations[3]', 'JPN is listed twice']);
    const prk = rejectEdit('truthPeriodS: 1', 'truthPeriodS: 1\nnations: [USA, JPN, KOR, PRK]');
    expect(prk.field).toBe('nations[3]');
    expect(prk.problem).toContain('launch state');
  });
});
