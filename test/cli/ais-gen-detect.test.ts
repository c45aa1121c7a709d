import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreEvents, type Truth } from '../../src/sim/traffic/index.js';
import { concord } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-ais-gen-'));
const at = (name: string) => join(dir, name);

describe('concord ais gen | ais detect', () => {
  it('gen writes NMEA with tag blocks, the truth, the contacts and the watch list; detect finds the truth', () => {
    const g = concord(
      'ais',
      'gen',
      'senkaku-incursion-drill',
      '--out',
      at('s.nmea'),
      '--truth',
      at('s.json'),
      '--contacts',
      at('s.csv'),
      '--watchlist',
      at('w.csv'),
      '--seed',
      '2',
      '--background',
      '5',
    );
    expect(g.stderr).toMatch(/messages/);
    expect(g.code).toBe(0);
    const nmea = readFileSync(at('s.nmea'), 'utf8').trimEnd().split('\n');
    for (const line of nmea.slice(0, 50))
      expect(line).toMatch(/^\\c:\d+,s:concord-sim\*[0-9A-F]{2}\\!AIVDM,\d,\d,\d?,A,/);
    expect(readFileSync(at('s.csv'), 'utf8').split('\n')[0]).toBe(
      'time,sensor,kind,lat,lon,sigma_m,course_deg,speed_kn,length_m',
    );
    const truth = JSON.parse(readFileSync(at('s.json'), 'utf8')) as Truth;
    expect(truth.events.some((e) => e.type === 'zone-entry' && e.zone === 'senkaku-territorial-sea')).toBe(
      true,
    );

    const d = concord('ais', 'detect', at('s.nmea'), '--contacts', at('s.csv'));
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    const events = d.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const score = scoreEvents(truth, events);
    for (const t of truth.events) expect(score.byType[t.type].recall, t.type).toBe(1);
  }, 180_000);

  it('detect: a file without tag blocks needs --start and --rate; with them, times follow line order', () => {
    const bare = readFileSync(at('s.nmea'), 'utf8')
      .split('\n')
      .slice(0, 2000)
      .map((l) => l.replace(/^\\[^\\]*\\/, ''))
      .join('\n');
    writeFileSync(at('bare.nmea'), bare);
    const no = concord('ais', 'detect', at('bare.nmea'));
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/bare\.nmea:1: no tag-block time.*--start ISO --rate N/);
    const yes = concord('ais', 'detect', at('bare.nmea'), '--start', '2026-03-01T00:00:00Z', '--rate', '10');
    expect(yes.stderr).toBe('');
    expect(yes.code).toBe(0);
    for (const l of yes.stdout.trimEnd().split('\n').filter(Boolean))
      expect(Date.parse(JSON.parse(l).start)).toBeGreaterThanOrEqual(Date.parse('2026-03-01T00:00:00Z'));
  }, 60_000);

  it('bad input exits 2 naming the file and place', () => {
    writeFileSync(at('bad.csv'), 'time,kind,lat,lon\n2026-03-01T00:00:00Z,sonar,30,125\n');
    const c = concord('ais', 'detect', at('s.nmea'), '--contacts', at('bad.csv'));
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/bad\.csv:2:\d+ \(kind\): unknown sensor kind 'sonar'/);
    const g = concord('ais', 'gen', 'no-such-scenario', '--out', at('x.nmea'));
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/no-such-scenario/);
    const s = concord('ais', 'gen', 'ecs-sanctions-evasion', '--out', at('x.nmea'), '--seed', 'x');
    expect(s.code).toBe(2);
    expect(s.stderr).toBe("concord: --seed must be a whole number, not 'x'\n");
  }, 60_000);
});
