import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/bundled/index.js';
import { NODE_RUNTIME_FLAGS } from '../../src/node/index.js';
import { concord } from './run.js';

describe('concord bench link', () => {
  it('prints the latency figures in-process and over a real nats-server against raw JetStream', () => {
    const r = concord('bench', 'link', '--json', '--samples', '100', '--warm-up', '50');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    for (const key of [
      'inProcessP99Ms',
      'natsP99Ms',
      'rawJetStreamP99Ms',
      'natsP99Ratio',
      'rawJetStreamOneProcessP99Ms',
      'natsP99RatioOneProcess',
      'natsSyncFullP99Ms',
      'itemsPerS',
      'warningP99Ms',
    ]) {
      expect(f[key], key).toBeGreaterThan(0);
    }
    expect(f.natsP99Ratio).toBeCloseTo(f.natsP99Ms / f.rawJetStreamP99Ms, 2);
    // CPU time per item of the NATS row and its peer, per process, read from /proc (Linux): one
    // nats-server per nation.
    const servers = ['natsServerJPN', 'natsServerKOR', 'natsServerUSA'];
    expect(Object.keys(f.natsCpuMsPerItem).sort()).toEqual(['JPN', 'KOR', 'USA', ...servers, 'total']);
    expect(Object.keys(f.rawJetStreamCpuMsPerItem).sort()).toEqual([
      'consumer0',
      'consumer1',
      ...servers,
      'publisher',
      'total',
    ]);
    expect(f.natsCpuMsPerItem.total).toBeGreaterThan(0);
    expect(f.rawJetStreamCpuMsPerItem.total).toBeGreaterThan(0);
    expect(f.natsP99RatioOneProcess).toBeCloseTo(f.natsP99Ms / f.rawJetStreamOneProcessP99Ms, 2);
    expect(f.samples).toBe(100);
    expect(f.warmUp).toBe(50);
    // The warning figure is measured over the IRBM scenario's updates at Japan's node.
    expect(f.warningSamples).toBeGreaterThan(50);
    expect(f.ed25519Backend).toBe('libsodium');
  }, 200_000);

  it('refuses a warm-up that is not a whole number, naming the option', () => {
    const r = concord('bench', 'link', '--warm-up', '-5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--warm-up must be a whole number, 0 or more, not '-5'");
  });

  it('runs, as every concord command does, with the Node flags the nodes run with', () => {
    // bin/concord's shebang, `npm start` and the processes `network up` starts use the same flags.
    const shebang = readFileSync(join(ROOT, 'bin', 'concord'), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${NODE_RUNTIME_FLAGS.join(' ')}`);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toContain(`node ${NODE_RUNTIME_FLAGS.join(' ')} bin/concord start`);
    const r = spawnSync(join(ROOT, 'bin', 'concord'), ['agreements', '--format', 'json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
  });
});

describe('concord bench dst', () => {
  it('runs the deterministic simulation over the seeds asked for and reports no failing seed', () => {
    const r = concord('bench', 'dst', '--seeds', '5', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // Each seed twice: three honest nodes, then one of them Byzantine.
    expect(out).toMatchObject({
      seeds: 5,
      honest: { failures: 0, failing: [] },
      byzantine: { failures: 0, failing: [] },
    });
    expect(Object.values(out.byzantine.attacksDelivered as Record<string, number>).some((n) => n > 0)).toBe(
      true,
    );
  });

  it('--cut runs the long partition at the rate and length asked for', () => {
    const r = concord('bench', 'dst', '--cut', '--rate', '10', '--cut-minutes', '0.5', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f).toMatchObject({ itemsPerS: 10, cutMs: 30_000, refused: 0, violations: [] });
    expect(f.queuedAtHeal).toBeGreaterThanOrEqual(300);
    expect(f.received).toEqual({ JPN: f.published, USA: f.published });
  }, 60_000);

  it('--payloads runs the Byzantine partner at the node level over the seeds asked for', () => {
    const r = concord('bench', 'dst', '--payloads', '--seeds', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f).toMatchObject({ seeds: 1, failures: 0, failing: [], agreed: 1 });
    expect(Object.keys(f.sent).length).toBeGreaterThan(10);
  }, 60_000);

  it('refuses a rate that is not a positive number, naming the option', () => {
    const r = concord('bench', 'dst', '--cut', '--rate', 'fast');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--rate must be a positive number, not 'fast'");
  });
});
