import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concord } from './run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concord-sim-'));

describe('concord sim', () => {
  it('writes the three CSV files, the same bytes for the same seed and different ones for another', () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [
      [a, '7'],
      [b, '7'],
      [c, '8'],
    ] as const) {
      const r = concord('sim', 'korea-srbm-salvo', '--seed', seed, '--out', dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const f of ['reports.csv', 'measurements.csv', 'truth.csv']) {
      expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
    }
    expect(readFileSync(join(a, 'measurements.csv'), 'utf8')).not.toBe(
      readFileSync(join(c, 'measurements.csv'), 'utf8'),
    );
    expect(readFileSync(join(a, 'measurements.csv'), 'utf8').split('\n')[0]).toBe(
      't,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz',
    );
    expect(readFileSync(join(a, 'truth.csv'), 'utf8').split('\n')[0]).toBe('t,target,x,y,z,vx,vy,vz');
  });

  it('names the file, line and field of a bad scenario (exit 2)', () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ndescription: x\nstart: "2022-10-03T22:20:00Z"\ndurationS: -5\n');
    const r = concord('sim', file, '--seed', '1', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+ \\(`));
  });

  it('refuses a seed that is not a whole number', () => {
    expect(concord('sim', 'korea-srbm-salvo', '--seed', 'x', '--out', tmp()).code).toBe(2);
  });
});

describe('concord track', () => {
  it('runs on simulated measurements and prints the figures with --truth', () => {
    const dir = tmp();
    expect(concord('sim', 'korea-irbm-over-japan', '--seed', '1', '--out', dir).code).toBe(0);
    const out = join(dir, 'tracks.csv');
    const r = concord(
      'track',
      '--measurements',
      join(dir, 'measurements.csv'),
      '--truth',
      join(dir, 'truth.csv'),
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.stdout);
    expect(Object.keys(figures)).toEqual(
      expect.arrayContaining(['rmseM', 'ospaM', 'confirmedTracks', 'scans', 'scanMsMean']),
    );
    expect(figures.scans).toBeGreaterThan(100);
    expect(figures.confirmedTracks).toBeGreaterThan(0);
    const tracks = readFileSync(out, 'utf8').split('\n');
    expect(tracks[0]).toBe('t,track,x,y,z,vx,vy,vz');
    expect(tracks.length).toBeGreaterThan(100);
  });

  it('estimates an acceleration bias with --acceleration-bias (EKF only)', () => {
    const dir = tmp();
    expect(concord('sim', 'korea-irbm-over-japan', '--seed', '1', '--out', dir).code).toBe(0);
    const m = join(dir, 'measurements.csv');
    const r = concord(
      'track',
      '--measurements',
      m,
      '--truth',
      join(dir, 'truth.csv'),
      '--out',
      join(dir, 't.csv'),
      '--acceleration-bias',
    );
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.stdout);
    // Measured 203.4 m (203.0 m without the option; docs/figures.md).
    expect(figures.confirmedTracks).toBe(1);
    expect(figures.rmseM).toBeLessThan(230);
    const ukf = concord(
      'track',
      '--measurements',
      m,
      '--out',
      join(dir, 'u.csv'),
      '--acceleration-bias',
      '--filter',
      'ukf',
    );
    expect(ukf.code).toBe(2);
    expect(ukf.stderr).toContain('--acceleration-bias');
  });

  it('names the line and column of a malformed measurement (exit 2)', () => {
    const dir = tmp();
    const file = join(dir, 'm.csv');
    writeFileSync(
      file,
      't,sensor,x,y,z,cxx,cxy,cxz,cyy,cyz,czz\n0,r1,1,2,3,1,0,0,1,0,1\n1,r1,1,two,3,1,0,0,1,0,1\n',
    );
    const r = concord('track', '--measurements', file, '--out', join(dir, 't.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3:`);
  });
});
