import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort, inboxPrefix } from '../../src/link/index.js';
import { parseScenario, parseSensorSites, simulate } from '../../src/sim/index.js';
import { BIN, concord, openSecrets } from './run.js';

/** Polls `fn` every 250 ms until it returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Runs `concord network up --base-port P ARGS`, hands `check` the output so far (a function: it
 * grows) and the base port, then stops it with SIGTERM and expects a clean exit. A failure carries
 * the output.
 */
async function withNetworkUp(
  args: string[],
  check: (out: () => string, basePort: number) => Promise<void>,
): Promise<string> {
  const basePort = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(process.execPath, [BIN, 'network', 'up', '--base-port', String(basePort), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  try {
    await check(() => out, basePort);
  } catch (err) {
    throw new Error(`${(err as Error).message}; output:\n${out}`);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
  return out;
}

/** Runs `concord network up ARGS` and checks that Korea's track reaches Japan's node, then stops it. */
function upAndCheck(args: string[]): Promise<string> {
  return withNetworkUp(['--speed', '10', ...args], async (output, basePort) => {
    const token = await waitFor(
      async () => /JPN: curl -H 'Authorization: Bearer ([^']+)'/.exec(output())?.[1],
      20_000,
    );
    const sources = await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${basePort + 2}/api/JPN/picture`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!r.ok) return undefined;
      const body = (await r.json()) as { tracks: { sources: { nation: string }[] }[] };
      const nations = new Set(body.tracks.flatMap((t) => t.sources.map((s) => s.nation)));
      return nations.has('KOR') ? [...nations] : undefined;
    }, 75_000);
    expect(sources).toContain('KOR');
    // The nodes started the scenario together, once each had prepared.
    for (const n of ['USA', 'JPN', 'KOR']) expect(output()).toContain(`concord node ${n}: ready`);
    expect(output().indexOf('scenario starts at')).toBeGreaterThan(output().lastIndexOf(': ready'));
    // Another nation's token is refused by Japan's node.
    const korToken = /KOR: curl -H 'Authorization: Bearer ([^']+)'/.exec(output())![1]!;
    const refused = await fetch(`http://127.0.0.1:${basePort + 2}/api/JPN/picture`, {
      headers: { authorization: `Bearer ${korToken}` },
    });
    expect(refused.status).toBe(401);
  });
}

/** Starts Debian's nats-server on a configuration file, as an operator would; resolves once it is ready. */
function runNatsServer(config: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const c = spawn('nats-server', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    c.once('error', reject);
    c.once('exit', (code) => reject(new Error(`nats-server exited with ${code}:\n${log}`)));
    c.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('Server is ready')) resolve(c);
    });
  });
}

describe('concord network up (the distributed mode: nats-server and one process per nation)', () => {
  it("brings Korea's track to Japan's node over NATS JetStream, and stops cleanly", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'concord-network-')), 'data'); // made by the command
    await upAndCheck(['--data-dir', dir]);
    // The NATS server's configuration (every nation's password), the nodes' configurations (their
    // tokens and NATS password), keys and stores: each 0600 in a 0700 folder.
    const { secrets, open } = openSecrets(dir);
    expect(secrets.map((f) => f.replace(/\\/g, '/'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/nats-server\.conf$/),
        'JPN.yaml',
        'keys/JPN.key.pem',
        'JPN.sqlite',
      ]),
    );
    expect(open).toEqual([]);
  }, 200_000);

  it('uses an existing nats-server configured by `network nats-config`, and leaves it running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-ext-'));
    const port = await freePort();
    const written = concord('network', 'nats-config', '--data-dir', dir, '--listen', `127.0.0.1:${port}`);
    expect(openSecrets(dir)).toEqual({
      secrets: expect.arrayContaining(['nats-server.conf', 'nats-credentials.yaml']),
      open: [],
    });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const conf = join(dir, 'nats-server.conf');
    const credsFile = join(dir, 'nats-credentials.yaml');
    // Passwords are for the operator and the nodes only.
    expect(statSync(conf).mode & 0o077).toBe(0);
    expect(statSync(credsFile).mode & 0o077).toBe(0);
    const creds = parse(readFileSync(credsFile, 'utf8')) as {
      url: string;
      admin: { user: string; password: string };
      nations: Record<string, string>;
    };
    expect(creds.url).toBe(`nats://127.0.0.1:${port}`);
    expect(Object.keys(creds.nations).sort()).toEqual(['JPN', 'KOR', 'USA']);
    // Written once: a second run would change the passwords under a running server.
    const again = concord('network', 'nats-config', '--data-dir', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('nats-server.conf exists');

    const server = await runNatsServer(conf);
    try {
      const out = await upAndCheck(['--nats', creds.url, '--data-dir', dir]);
      expect(out).toContain(`nats-server ${creds.url} (external)`);
      // The server outlives the network, with the users and permissions of the generated file:
      // Japan's user cannot read Korea's inbox.
      const nc = await connect({
        servers: creds.url,
        user: 'JPN',
        pass: creds.nations.JPN!,
        inboxPrefix: inboxPrefix('JPN'),
      });
      try {
        const js = jetstream(nc, { timeout: 2_000 });
        await expect(js.consumers.get('CONCORD', 'KOR')).rejects.toThrow();
        expect(await js.consumers.get('CONCORD', 'JPN')).toBeDefined();
      } finally {
        await nc.close();
      }
      // A wrong password is refused at once, naming the option.
      const badCreds = { ...creds, admin: { ...creds.admin, password: 'wrong' } };
      const otherDir = mkdtempSync(join(tmpdir(), 'concord-network-bad-'));
      writeFileSync(join(otherDir, 'nats-credentials.yaml'), stringify(badCreds));
      const refused = concord('network', 'up', '--nats', creds.url, '--data-dir', otherDir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`--nats ${creds.url}: cannot set up`);
    } finally {
      server.kill('SIGTERM');
    }
  }, 200_000);

  it("plays each node's scripted incidents and watch officers over NATS: the drill's consultations run to agreement", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-drill-'));
    await withNetworkUp(
      ['--scenario', 'senkaku-incursion-drill', '--speed', '200', '--data-dir', dir],
      async (output, basePort) => {
        // The last approval of the leaders' statement is authored at the US node once Japan's and
        // Korea's approvals have reached it over NATS; the incursion consultation was closed by Japan.
        await waitFor(async () => (output().includes('AGREED by USA, JPN, KOR') ? true : undefined), 90_000);
        expect(output()).toMatch(/JPN: closes consultation "Incursion into the Senkaku territorial sea/);
        expect(output()).not.toContain('refused');
        // Korea's node holds the leaders' consultation, agreed, and not the bilateral one.
        const token = /KOR: curl -H 'Authorization: Bearer ([^']+)'/.exec(output())![1]!;
        const r = await fetch(`http://127.0.0.1:${basePort + 3}/api/KOR/consultations`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await r.json()) as {
          consultations: { level: string; statements: { agreed: unknown }[] }[];
        };
        expect(body.consultations.map((c) => c.level)).toEqual(['leaders']);
        expect(body.consultations[0]!.statements[0]!.agreed).toBeTruthy();
      },
    );
  }, 150_000);

  it("issues no warning after the missile has come down: issue 18's SRBM, one process per nation", async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'sinpo-kn23-depressed.yaml');
    const root = join(import.meta.dirname, '..', '..');
    const sites = parseSensorSites(readFileSync(join(root, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
    const scenario = parseScenario(readFileSync(fixture, 'utf8'), fixture, sites);
    const flight = simulate(scenario, 1).flights[0]!;
    const impactMs = scenario.startMs + (flight.launchAfterS + flight.flightTimeS) * 1000;
    const speed = 50;
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-ghost-'));
    await withNetworkUp(
      ['--scenario', fixture, '--speed', String(speed), '--data-dir', dir],
      async (output, basePort) => {
        const epochMs = await waitFor(async () => {
          const m = /scenario starts at (\S+)/.exec(output());
          return m ? Date.parse(m[1]!) : undefined;
        }, 60_000);
        // Until scenario T+450 s: past the impact (~T+284 s) and the ghost's warning before the fix (T+420 s).
        await waitFor(async () => ((Date.now() - epochMs) * speed >= 450_000 ? true : undefined), 60_000);
        const nations = ['USA', 'JPN', 'KOR'];
        const warned: string[] = [];
        for (const [i, n] of nations.entries()) {
          const token = new RegExp(`${n}: curl -H 'Authorization: Bearer ([^']+)'`).exec(output())![1]!;
          const r = await fetch(`http://127.0.0.1:${basePort + i + 1}/api/${n}/warnings`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await r.json()) as { warnings: { reason: string; issued: string }[] };
          for (const w of body.warnings) {
            warned.push(`${n} ${w.reason}`);
            expect(Date.parse(w.issued), `${n} ${w.reason} issued ${w.issued}`).toBeLessThanOrEqual(impactMs);
          }
        }
        // Japan was warned while the missile flew; nothing escalated on a warning after it fell.
        expect(warned).toContain('JPN impact');
        expect(output()).not.toContain('ESCALATES');
      },
    );
  }, 150_000);

  it('refuses a malformed --nats URL, and a data directory without credentials, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-none-'));
    const badUrl = concord('network', 'up', '--nats', 'localhost-4222', '--data-dir', dir);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain(
      "--nats must be a URL such as nats://127.0.0.1:4222, not 'localhost-4222'",
    );
    const http = concord('network', 'up', '--nats', 'http://127.0.0.1:4222', '--data-dir', dir);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('--nats must be a nats:// or tls:// URL');
    const noCreds = concord('network', 'up', '--nats', 'nats://127.0.0.1:4222', '--data-dir', dir);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toContain(`no credentials file ${join(dir, 'nats-credentials.yaml')}`);
    const badListen = concord('network', 'nats-config', '--data-dir', dir, '--listen', '4222');
    expect(badListen.code).toBe(2);
    expect(badListen.stderr).toContain("--listen must be HOST:PORT (e.g. 127.0.0.1:4222), not '4222'");
  });
});
