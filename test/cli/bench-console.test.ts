import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, concord } from './run.js';

// `concord bench console` at a tiny size: one missile at 5x, 1,000 vessels, 3 s per figure. The
// figures depend on the machine and its load: only their shape is checked, never their values.

describe('concord bench console', () => {
  it('prints the console figures as JSON: first picture, picture stream, both maps', {
    timeout: 200_000,
  }, () => {
    const r = concord(
      'bench',
      'console',
      '--json',
      '--missiles',
      '1',
      '--speed',
      '5',
      '--vessels',
      '1000',
      '--seconds',
      '3',
    );
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.raid).toEqual({ missiles: 1, speed: 5 });
    expect(f.signInToFirstPictureMs).toBeGreaterThan(0);
    expect(f.pictureStream.messages).toBeGreaterThan(0);
    expect(f.pictureStream.perS).toBeGreaterThan(0);
    expect(f.pictureStream.windowS).toBeGreaterThanOrEqual(3);
    expect(f.pictureStream.bytesMedian).toBeGreaterThan(0);
    expect(f.missileMap.frames).toBeGreaterThan(0);
    expect(f.missileMap.medianMs).toBeGreaterThan(0);
    expect(f.maritimeMap).toMatchObject({ vessels: 1000 });
    expect(f.maritimeMap.loadedMs).toBeGreaterThan(0);
    expect(f.maritimeMap.frames).toBeGreaterThan(0);
    expect(f.maritimeMap.p95Ms).toBeGreaterThanOrEqual(f.maritimeMap.medianMs);
    expect(f.machine.cpus).toBeGreaterThan(0);
    // Progress goes to stderr, the figures alone to stdout.
    expect(r.stderr).toContain('bench console: first picture after');
  });

  it('refuses a raid of no missiles, naming the option', () => {
    const r = concord('bench', 'console', '--missiles', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--missiles must be a whole number from 1 to 500, not '0'");
  });

  it('says how to install Chromium when there is none', () => {
    const r = spawnSync(process.execPath, [BIN, 'bench', 'console'], {
      encoding: 'utf8',
      env: { ...process.env, CONCORD_CHROMIUM: '/nonexistent/chromium' },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/nonexistent/chromium');
    expect(r.stderr).toContain('apt-get install chromium');
  });
});
