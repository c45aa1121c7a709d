// The Quad as a running network from the command line: `concord start` and `concord network up` on
// ecs-sanctions-evasion, whose `nations:` names USA, JPN, KOR, AUS and IND. The runs play the
// bundled file with 20 background ships instead of 300 (test/support/quad-light.ts): what is
// checked here is the five nodes, their tokens, figures and servers, which the background traffic
// does not change; it only made each node's start (and `network up`'s five) several times longer.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeQuadLight } from '../support/quad-light.js';
import { BIN, concord, openSecrets } from './run.js';

const QUAD_PLUS = ['USA', 'JPN', 'KOR', 'AUS', 'IND'];

/** Spawns bin/concord; `until(out)` resolves once the output so far shows what the test waits for. */
function spawnConcord(args: string[]): {
  child: ChildProcess;
  out: () => string;
  until: (re: RegExp) => Promise<void>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const until = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(out)) resolve();
      };
      waiters.push(check);
      child.once('exit', (code) =>
        reject(new Error(`concord exited (${code}) before ${re}; output:\n${out}`)),
      );
      check();
    });
  return { child, out: () => out, until };
}

/** Stops `child` with `signal` and resolves with its exit code. */
function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

const status = (url: string, token: string) =>
  fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

/** The status `url` answers once its node listens (polled every 250 ms, for at most `timeoutMs`). */
async function statusOnceUp(url: string, token: string, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await status(url, token);
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('the Quad as a running network (ecs-sanctions-evasion names USA, JPN, KOR, AUS, IND)', () => {
  // One run for both: its data directory holds a trilateral run's tokens, which it keeps (they
  // still sign their operators in) while it adds the new nations'.
  it('concord start runs five nodes: a sign-in line and a token per nation, each answering its own status; a trilateral data directory keeps its tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-quad-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const kept = { USA: 'usa-kept', JPN: 'jpn-kept', KOR: 'kor-kept' };
    writeFileSync(join(dataDir, 'tokens.json'), JSON.stringify(kept), { mode: 0o600 });
    const run = spawnConcord([
      'start',
      '--scenario',
      writeQuadLight(),
      '--speed',
      '100000',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    try {
      await run.until(/serving the API/);
      const out = run.out();
      expect(out).toContain(
        'Concord embedded network: USA, JPN, KOR, AUS, IND on scenario ecs-sanctions-evasion',
      );
      const tokens = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(tokens)).toEqual(QUAD_PLUS);
      expect(tokens).toMatchObject(kept);
      expect(tokens.AUS).toMatch(/^[\w-]{20,}$/);
      expect(tokens.IND).toMatch(/^[\w-]{20,}$/);
      const address = /API (http:\/\/\S+)/.exec(out)![1]!;
      for (const n of QUAD_PLUS) {
        expect(out).toContain(`${n} operator  ${address}/#/sign-in/${tokens[n]}`);
        expect(await status(`${address}/api/${n}/status`, tokens[n]!), n).toBe(200);
      }
      expect(await status(`${address}/api/IND/status`, tokens.AUS!)).toBe(403);
      expect(openSecrets(dataDir).open).toEqual([]);
    } finally {
      expect(await stop(run.child, 'SIGINT')).toBe(0);
    }
  }, 120_000);

  it("concord exercise reports every named nation's figures in results.json, in the same shape", () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-quad-exercise-'));
    const r = concord('exercise', writeQuadLight(), '--policy', 'trilateral', '--report', dir);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.runs).toHaveLength(1);
    expect(Object.keys(results.runs[0].nations)).toEqual(QUAD_PLUS);
    expect(results.runs[0].nations.AUS).toEqual({
      firstDetectionS: null,
      firstAwarenessS: null,
      firstWarningS: null,
      leadTimeS: null,
      physicalLimitLeadTimeS: null,
      // Darwin's receiver hears none of the East China Sea's ships.
      maritimeEvents: [],
    });
    expect(r.stdout).toMatch(/IND aware - warned - lead - maritime events 0/);
  }, 120_000);

  it('concord network up runs five nodes over five nats-servers, each server letting a partner deliver only what their agreements name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-quad-net-'));
    const basePort = 20_000 + Math.floor(Math.random() * 30_000);
    const run = spawnConcord([
      'network',
      'up',
      '--scenario',
      writeQuadLight(),
      '--data-dir',
      dir,
      '--base-port',
      String(basePort),
    ]);
    try {
      await run.until(/network up; Ctrl-C to stop/);
      const out = run.out();
      for (const [i, n] of QUAD_PLUS.entries()) {
        expect(out).toMatch(new RegExp(`${n}: nats-server nats://`));
        const token = new RegExp(
          `${n}: curl -H 'Authorization: Bearer ([^']+)' http://127\\.0\\.0\\.1:${basePort + i + 1}/api/${n}/picture`,
        ).exec(out)?.[1];
        expect(token, n).toBeDefined();
        expect(
          await statusOnceUp(`http://127.0.0.1:${basePort + i + 1}/api/${n}/status`, token!, 20_000),
          n,
        ).toBe(200);
      }
      // Every pair of the five is connected on every topic (an agreement made while the network
      // runs needs no new configuration; the nodes' gates decide what crosses: docs/architecture.md),
      // and each partner may publish into a server only as itself.
      const kor = readFileSync(join(dir, 'nats', 'KOR', 'nats-server.conf'), 'utf8');
      for (const topic of ['pandemic-response', 'maritime', 'missile-warning'])
        for (const from of ['AUS', 'IND', 'USA', 'JPN'])
          expect(kor).toContain(`"concord.v1.KOR.${from}.${topic}"`);
      expect(kor).not.toContain('"concord.v1.KOR.KOR.');
      const ind = readFileSync(join(dir, 'nats', 'IND', 'nats-server.conf'), 'utf8');
      expect(ind).toContain('"concord.v1.IND.AUS.maritime"');
      expect(ind).toContain('"concord.v1.IND.AUS.missile-warning"');
      expect(openSecrets(dir).open).toEqual([]);
    } finally {
      expect(await stop(run.child, 'SIGTERM')).toBe(0);
    }
  }, 180_000);
});
