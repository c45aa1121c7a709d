// The Stone Soup peer of `concord bench tracker`: finding it, saying how to get it, reading its
// driver's output and rendering the side-by-side table. Stone Soup itself is not needed: a fake
// interpreter stands in for Python and prints the driver's canned output shape.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  locateStoneSoup,
  runStoneSoup,
  STONESOUP_SETTINGS,
  StoneSoupRunError,
} from '../../bench/stonesoup.js';
import {
  type PeerRow,
  parsePeer,
  peerComparison,
  renderPeer,
  scoreTracks,
} from '../../bench/tracker-peer.js';
import type { LabelledRow } from '../../bench/tracker-scenarios.js';
import type { TrackRow, TruthRow } from '../../src/track/index.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-stonesoup-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('locating Stone Soup', () => {
  it('says how to get it when neither --peer stonesoup=PATH nor STONESOUP_PATH is given', () => {
    const where = locateStoneSoup(undefined, {});
    expect('missing' in where && where.missing).toMatch(/STONESOUP_PATH is not set/);
    const text = renderPeer({ skipped: 'missing' in where ? where.missing : '' });
    expect(text).toMatch(/Stone Soup not found/);
    expect(text).toContain('https://github.com/dstl/Stone-Soup');
    expect(text).toContain('--peer stonesoup=');
    expect(text).toContain('python3-scipy');
  });

  it('refuses a folder without the stonesoup package and accepts one with it, from the flag before the environment', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const bad = locateStoneSoup(empty, { STONESOUP_PATH: '/elsewhere' });
    expect('missing' in bad && bad.missing).toContain(`${empty} has no stonesoup/__init__.py`);
    const good = join(dir, 'src');
    mkdirSync(join(good, 'stonesoup'), { recursive: true });
    writeFileSync(join(good, 'stonesoup', '__init__.py'), '');
    expect(locateStoneSoup(undefined, { STONESOUP_PATH: good })).toEqual({ path: good });
    expect(locateStoneSoup(good, { STONESOUP_PATH: empty })).toEqual({ path: good });
  });

  it('parses --peer: stonesoup, with a path that may hold "=", and nothing else', () => {
    expect(parsePeer('stonesoup')).toEqual({ name: 'stonesoup' });
    expect(parsePeer('stonesoup=/opt/a=b')).toEqual({ name: 'stonesoup', path: '/opt/a=b' });
    expect(() => parsePeer('filterpy')).toThrow(/unknown peer 'filterpy'/);
  });
});

describe("the driver's output", () => {
  const canned = readFileSync(join(import.meta.dirname, '../fixtures/stonesoup/driver-stdout.json'), 'utf8');

  it('is read back: the tracks CSV it wrote and the JSON line it printed', () => {
    // A stand-in interpreter: writes two track rows to --out and prints the canned line.
    const fake = join(dir, 'fake-python');
    writeFileSync(
      fake,
      '#!/bin/sh\nwhile [ "$1" != "--out" ]; do shift; done\n' +
        `printf 't,track,x,y,z,vx,vy,vz\\n1,1,10,20,30,1,2,3\\n2,1,11,22,33,1,2,3\\n' > "$2"\n` +
        `echo 'noise before the last line'\ncat <<'EOF'\n${canned.trim()}\nEOF\n`,
    );
    chmodSync(fake, 0o755);
    const out = join(dir, 'tracks.csv');
    const r = runStoneSoup(dir, join(dir, 'm.csv'), out, STONESOUP_SETTINGS, { STONESOUP_PYTHON: fake });
    expect(r.stats.scans).toBe(3);
    expect(r.stats.scanMsMean).toBe(20);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[1]).toMatchObject({ tS: 2, track: 1, x: 11, vz: 3 });
  });

  it('fails with an error naming the interpreter when it cannot be run', () => {
    expect(() =>
      runStoneSoup(dir, join(dir, 'm.csv'), join(dir, 't.csv'), STONESOUP_SETTINGS, {
        STONESOUP_PYTHON: join(dir, 'no-such-python'),
      }),
    ).toThrow(StoneSoupRunError);
    expect(() =>
      runStoneSoup(dir, join(dir, 'm.csv'), join(dir, 't.csv'), STONESOUP_SETTINGS, {
        STONESOUP_PYTHON: 'false',
      }),
    ).toThrow(/exited with 1 on .*m\.csv/);
  });
});

describe('a peer that fails to run', () => {
  it('is reported as skipped with the reason, so the rest of the bench keeps its figures', () => {
    const src = join(dir, 'src-broken');
    mkdirSync(join(src, 'stonesoup'), { recursive: true });
    writeFileSync(join(src, 'stonesoup', '__init__.py'), '');
    const r = peerComparison({
      peer: `stonesoup=${src}`,
      scenarios: ['korea-kn23-depressed'],
      env: { STONESOUP_PYTHON: 'false' },
    });
    expect('skipped' in r && r.skipped).toMatch(/^it did not run: .* exited with 1/);
  });
});

describe('scoring and the side-by-side table', () => {
  // One target moving 100 m/s along x from t = 0 to 20 s; detected first at t = 1.
  const truth: TruthRow[] = Array.from({ length: 21 }, (_, t) => ({
    tS: t,
    target: 'M1',
    x: 100 * t,
    y: 0,
    z: 0,
    vx: 100,
    vy: 0,
    vz: 0,
  }));
  const rows: LabelledRow[] = Array.from({ length: 20 }, (_, k) => k + 1).map((t) => ({
    tS: t,
    sensor: 'R1',
    x: 100 * t,
    y: 0,
    z: 0,
    cxx: 100,
    cxy: 0,
    cxz: 0,
    cyy: 100,
    cyz: 0,
    czz: 100,
    line: t + 1,
    truthId: 'M1',
  }));
  const track = (id: number, t: number, offM: number): TrackRow => ({
    tS: t,
    track: id,
    x: 100 * t + offM,
    y: 0,
    z: 0,
    vx: 100,
    vy: 0,
    vz: 0,
  });

  it('counts the tracks each target had and the time from its first detection to its first confirmed track', () => {
    // Track 1 from t = 4 to 6 (in the picture until its rows are 5 s old), then track 2 from
    // t = 12 (a fragmentation): 10 m off throughout.
    const tracks = [4, 5, 6]
      .map((t) => track(1, t, 10))
      .concat([12, 14, 16, 18, 20].map((t) => track(2, t, 10)));
    const s = scoreTracks(tracks, truth, rows, { confirmedTracks: 2, scanMsMean: 0.5, scans: 20 });
    expect(s.figures.tracksPerTarget).toEqual([2]);
    expect(s.figures.confirmLatencyS).toBe(3);
    expect(s.figures.rmseM).toBeCloseTo(10, 6);
    expect(s.figures.confirmedTracks).toBe(2);
  });

  it('renders both trackers per scenario with the ratios of RMSE, OSPA, latency and time per scan', () => {
    const f = (rmseM: number, ospaM: number, latency: number, ms: number, tpt: number[]) => ({
      rmseM,
      ospaM,
      confirmedTracks: tpt.reduce((a, b) => a + b, 0),
      tracksPerTarget: tpt,
      confirmLatencyS: latency,
      confirmLatencyPerTargetS: tpt.map(() => latency),
      scanMsMean: ms,
      scans: 100,
    });
    const row: PeerRow = {
      scenario: 'korea-srbm-salvo',
      targets: 2,
      ospaFloorM: 900,
      concord: f(100, 1000, 3, 0.25, [1, 1]),
      stonesoup: f(200, 1600, 4, 25, [1, 2]),
    };
    const text = renderPeer({ rows: [row], settings: STONESOUP_SETTINGS, seed: 1 });
    const lines = text.split('\n');
    const concord = lines.find((l) => l.includes('korea-srbm-salvo (2)'))!;
    expect(concord).toMatch(/Concord\s+100\s+1,000\s+900\s+2\s+1 1\s+3\.0\s+100\s+0\.250/);
    expect(lines.find((l) => l.includes('Stone Soup   '))).toMatch(/200\s+1,600\s+3\s+1 2\s+4\.0/);
    expect(lines.find((l) => l.includes('Concord / Stone Soup'))).toMatch(
      /0\.50\s+0\.63\s+0\.75\s+100x faster/,
    );
    expect(text).toContain('"accelerationNoiseQ":100');
  });
});
