import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AisFeed, openAisFeed } from '../../src/feeds/index.js';
import { BIN, concord } from './run.js';

// `concord ais replay` against a feed in this process, on loopback (UDP at a modest rate, see
// test/feeds/loopback.test.ts). Runs dist/: `npm run build` first.
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'ais', 'gpsd', 'sample.aivdm');
const expected = readFileSync(FIXTURE, 'latin1')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const until = (f: () => boolean) =>
  vi.waitFor(() => expect(f()).toBe(true), { timeout: 20_000, interval: 20 });
const open: AisFeed[] = [];
afterEach(async () => {
  for (const f of open.splice(0)) await f.close();
});

function run(args: string[]): { stderr: () => string; exit: Promise<number>; kill: () => void } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return {
    stderr: () => stderr,
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
    kill: () => child.kill('SIGTERM'),
  };
}

describe('concord ais replay', () => {
  it('--to udp:// sends every line of a file without tag blocks, in order, at --rate', async () => {
    const got: string[] = [];
    const feed = openAisFeed({ protocol: 'udp', host: '127.0.0.1', port: 0, url: 'udp://127.0.0.1:0' }, (l) =>
      got.push(l),
    );
    open.push(feed);
    await feed.ready;
    const r = run([
      'ais',
      'replay',
      FIXTURE,
      '--to',
      `udp://127.0.0.1:${feed.localPort()}`,
      '--rate',
      '2000',
    ]);
    expect(await r.exit).toBe(0);
    await until(() => got.length === expected.length);
    expect(got).toEqual(expected);
    expect(r.stderr()).toContain(`sent ${expected.length} lines`);
  });

  it('--to tcp:// serves the file to a feed that connects, until stopped', async () => {
    const r = run(['ais', 'replay', FIXTURE, '--to', 'tcp://127.0.0.1:0', '--rate', '5000']);
    await until(() => r.stderr().includes('serving'));
    const port = Number(/on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(r.stderr())![1]);
    const got: string[] = [];
    const feed = openAisFeed(`tcp://127.0.0.1:${port}`, (l) => got.push(l));
    open.push(feed);
    await until(() => got.length === expected.length);
    expect(got).toEqual(expected);
    await until(() => r.stderr().includes(`served ${expected.length} lines`));
    r.kill();
    expect(await r.exit).toBe(0);
  });

  it('names a bad address or option (exit 2)', () => {
    const bad = concord('ais', 'replay', FIXTURE, '--to', 'http://127.0.0.1:1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--to: 'http://127.0.0.1:1' is not a feed address");
    const rate = concord('ais', 'replay', FIXTURE, '--to', 'udp://127.0.0.1:1', '--speed', '-1');
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain("--speed must be a positive number, not '-1'");
  });
});
