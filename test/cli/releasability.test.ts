import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concord } from './run.js';

const TRI = 'SECRET//REL TO USA, JPN, KOR';
const base = [
  'releasability',
  '--marking',
  TRI,
  '--from',
  'JPN',
  '--to',
  'KOR',
  '--topic',
  'missile-warning',
];

function decision(...args: string[]) {
  const r = concord(...args);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout);
  return { code: r.code, json };
}

describe('concord releasability (the issue fixtures, on the bundled agreements)', () => {
  it('2015-06-01 direct: deny, exit 1', () => {
    const { code, json } = decision(...base, '--at', '2015-06-01');
    expect(code).toBe(1);
    expect(json).toMatchObject({ allow: false, levelAtRecipient: null, route: ['JPN', 'KOR'] });
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['allow', 'levelAtRecipient', 'agreement', 'route', 'rule', 'reason']),
    );
  });

  it('2015-06-01 via the US under TISA for a North Korean missile item: allow, exit 0', () => {
    const { code, json } = decision(...base, '--at', '2015-06-01', '--via', 'USA', '--concerning', 'PRK');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      allow: true,
      agreement: 'tisa-2014',
      route: ['JPN', 'USA', 'KOR'],
      levelAtRecipient: 'GRADE II',
    });
  });

  it.each(['2019-12-01', '2017-01-01'])('%s direct: allow under the GSOMIA', (date) => {
    const { code, json } = decision(...base, '--at', date);
    expect(code).toBe(0);
    expect(json).toMatchObject({ allow: true, agreement: 'jpn-kor-gsomia-2016', rule: 'agreement' });
  });

  it('takes a re-release by a holder and a date-time with a zone', () => {
    const { code, json } = decision(
      ...base,
      '--at',
      '2024-03-01T12:00:00+09:00',
      '--holder',
      'USA',
      '--topic',
      'maritime',
    );
    expect(code).toBe(0);
    expect(json.rule).toBe('originator-consent');
  });
});

describe('concord releasability errors', () => {
  it.each([
    [['--at', '2019-12-01', '--to', 'XYZ'], "--to: unknown nation 'XYZ'"],
    [['--at', '2019-12-01', '--topic', 'fishing'], "--topic: unknown topic 'fishing'"],
    [['--at', '2019-02-30'], "--at: '2019-02-30' is not a real date"],
    [
      ['--at', '2019-12-01', '--marking', 'SECRET//REL TO USA, JPN, KRO'],
      "--marking, column 26: unknown nation 'KRO'",
    ],
  ])('%j exits 2 with %j on stderr', (extra, message) => {
    const r = concord(...base, ...extra);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('a missing option is a usage error (exit 2)', () => {
    const r = concord('releasability', '--from', 'JPN');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--marking <banner>' not specified");
  });

  it('a broken agreements file is named with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-'));
    const file = join(dir, 'agreements.yaml');
    writeFileSync(file, 'agreements:\n  - id: a\n    title: A\n    kind: treaty\n');
    const r = concord(...base, '--at', '2019-12-01', '--agreements', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:11 (agreements[0].kind)`);
  });

  it('a missing agreements file is named', () => {
    const r = concord(...base, '--at', '2019-12-01', '--agreements', '/nonexistent/a.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/a.yaml: no such file');
  });

  it('every command has --help (exit 0)', () => {
    for (const cmd of [[], ['releasability'], ['agreements'], ['bench']]) {
      const r = concord(...cmd, '--help');
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: concord');
    }
  });

  it('an unknown command exits 2', () => {
    expect(concord('frobnicate').code).toBe(2);
  });
});

describe('concord agreements', () => {
  it('prints the matrix as JSON, with the relayed route before the GSOMIA', () => {
    const r = concord('agreements', '--at', '2015-06-01', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const cell = out.matrix.find(
      (c: { from: string; to: string; topic: string }) =>
        c.from === 'JPN' && c.to === 'KOR' && c.topic === 'missile-warning',
    );
    expect(cell.direct).toBeNull();
    expect(cell.via).toEqual([
      { relay: 'USA', level: 'GOKUHI', english: 'SECRET', agreement: 'tisa-2014', concerning: 'PRK' },
    ]);
    expect(out.agreements.find((a: { id: string }) => a.id === 'jpn-kor-gsomia-2016').state).toBe(
      'not-yet-in-force',
    );
  });

  it('prints a table with the direct flows after normalisation', () => {
    const r = concord('agreements', '--at', '2024-01-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^JPN > KOR\s+S\s+S\s+S\s+S/m);
    expect(r.stdout).toMatch(/^USA > JPN\s+TS/m);
    expect(r.stdout).toContain('jpn-kor-gsomia-2016');
  });

  it('rejects an unknown format', () => {
    const r = concord('agreements', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be table or json');
  });
});

describe('concord bench releasability', () => {
  it('prints one JSON object with the figures and a clean differential check', () => {
    const r = concord('bench', 'releasability', '--json', '--check', '--cases', '20000');
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.stdout);
    expect(figures.uncachedPerS).toBeGreaterThan(0);
    expect(figures.cachedPerS).toBeGreaterThan(0);
    expect(figures.check).toMatchObject({ cases: 20_000, disagreements: 0 });
  });
});

describe('concord releasability --format', () => {
  it('json, to a pipe: one line, as scripts read it', () => {
    const r = concord(...base, '--at', '2019-12-01');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('text: the decision in sentences, with the standing history of the agreement that decided it', () => {
    const r = concord(...base, '--at', '2019-12-01', '--format', 'text');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `ALLOWED: on 2019-12-01 JPN may send its missile-warning item marked '${TRI}' to KOR, route JPN -> KOR; KOR holds it at GRADE II.`,
    );
    // In force, but only because Korea's notice of termination was suspended the day before it took effect.
    expect(r.stdout).toMatch(
      /^jpn-kor-gsomia-2016 \(.*\) on 2019-12-01: in-force, .*termination notice of 2019-08-23 suspended on 2019-11-22\.$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}2019-08-23 termination-notice by KOR \(to take effect 2019-11-22T15:00:00.000Z\)/m,
    );
    expect(r.stdout).toMatch(/^ {2}2019-11-22 notice-suspended by KOR/m);
    expect(r.stdout).toContain('(later: 2023-03-21 notice-withdrawn)');

    const pending = concord(...base, '--at', '2019-09-01', '--format', 'text');
    expect(pending.stdout).toMatch(/: in-force-notice-pending, .*takes effect 2019-11-22T15:00:00.000Z\.$/m);
    expect(pending.stdout).not.toContain('notice-suspended by');

    const denied = concord(...base, '--at', '2015-06-01', '--format', 'text');
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^DENIED: on 2015-06-01 JPN may not send .* to KOR, route JPN -> KOR\.$/m);
    expect(denied.stdout).toMatch(/^Refused by the rule '[a-z-]+': /m);
    expect(concord(...base, '--at', '2019-12-01', '--format', 'yaml').code).toBe(2);
  });
});
