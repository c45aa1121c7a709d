import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { NatsTransport, setupInbox } from '../../src/link/index.js';
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

/**
 * Runs `concord network up ARGS` and checks that Korea's track reaches Japan's node, then stops it.
 * At 20x the IRBM's launch (T+120 s) comes 6 s after the start and Korea's track reaches Japan
 * (~T+177 s) some 9 s after it; the missile flies on for over 40 s of wall clock after that.
 */
function upAndCheck(args: string[]): Promise<string> {
  return withNetworkUp(['--speed', '20', ...args], async (output, basePort) => {
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
    // Each operator's console sign-in link, as `concord start` prints it, on its node's port.
    const link = new RegExp(
      `^JPN operator {2}http://127\\.0\\.0\\.1:${basePort + 2}/#/sign-in/([\\w-]+)$`,
      'm',
    ).exec(output());
    expect(link?.[1]).toBe(token);
    expect(output()).toMatch(/^KOR operator {2}http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\/[\w-]+$/m);
    expect(output()).not.toMatch(/ administrator {2}http/);
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
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-'));
    const out = await upAndCheck(['--data-dir', dir]);
    // One server per nation, each node on its own.
    const urls = ['USA', 'JPN', 'KOR'].map(
      (n) => new RegExp(`${n}: nats-server (nats://\\S+)`).exec(out)?.[1],
    );
    expect(new Set(urls).size).toBe(3);
    expect(parse(readFileSync(join(dir, 'JPN.yaml'), 'utf8')).nats.url).toBe(urls[1]);
    expect(statSync(join(dir, 'nats', 'JPN', 'nats-server.conf')).mode & 0o077).toBe(0);
    // The servers' configurations (passwords), the nodes' configurations (their tokens and NATS
    // password), keys and stores: each 0600 in a 0700 folder.
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

  it('uses the nats-servers `network nats-config` configured, one per nation, and leaves them running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-ext-'));
    // Three consecutive ports for the nodes, three for the leaf nodes.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const leafPort = port + 10;
    const written = concord(
      'network',
      'nats-config',
      '--data-dir',
      dir,
      '--listen',
      `127.0.0.1:${port}`,
      '--leaf-port',
      String(leafPort),
    );
    expect(openSecrets(dir)).toEqual({
      secrets: expect.arrayContaining(['USA/nats-server.conf', 'USA/nats-credentials.yaml']),
      open: [],
    });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    type Creds = { nation: string; url: string; admin: { user: string; password: string }; password: string };
    const creds = new Map<string, Creds>();
    for (const [i, n] of ['USA', 'JPN', 'KOR'].entries()) {
      const conf = join(dir, n, 'nats-server.conf');
      const credsFile = join(dir, n, 'nats-credentials.yaml');
      // Passwords are for the nation's operator and node only.
      expect(statSync(join(dir, n)).mode & 0o077).toBe(0);
      expect(statSync(conf).mode & 0o077).toBe(0);
      expect(statSync(credsFile).mode & 0o077).toBe(0);
      const c = parse(readFileSync(credsFile, 'utf8')) as Creds;
      expect(c.url).toBe(`nats://127.0.0.1:${port + i}`);
      expect(c.nation).toBe(n);
      creds.set(n, c);
    }
    // Permissions name the network's nations and every known topic, each subject its own sender's:
    // an agreement made at run time (on `commitment`, which none covers today) needs no new file.
    const korConf = readFileSync(join(dir, 'KOR', 'nats-server.conf'), 'utf8');
    expect(korConf).toContain('"concord.v1.JPN.KOR.missile-warning"');
    expect(korConf).toContain('"concord.v1.JPN.KOR.commitment"');
    expect(korConf).not.toMatch(/concord\.v1\.\*|concord\.v1\.[A-Z]{3}\.[A-Z]{3}\.>/);
    // Written once: a second run would change the passwords under running servers.
    const again = concord('network', 'nats-config', '--data-dir', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('nats-server.conf exists');

    const servers = await Promise.all(
      ['USA', 'JPN', 'KOR'].map((n) => runNatsServer(join(dir, n, 'nats-server.conf'))),
    );
    try {
      const out = await upAndCheck(['--nats', '--data-dir', dir]);
      expect(out).toContain(`JPN: nats-server ${creds.get('JPN')!.url} (external)`);
      // The servers outlive the network, with the users and permissions of the generated files:
      // Japan's own administrator, on Japan's server, cannot reach Korea's inbox.
      const jpn = creds.get('JPN')!;
      const nc = await connect({ servers: jpn.url, user: jpn.admin.user, pass: jpn.admin.password });
      try {
        const korDomain = jetstream(nc, { domain: 'KOR', timeout: 2_000 });
        await expect(korDomain.consumers.get('IN_USA', 'node')).rejects.toThrow();
        expect(await jetstream(nc, { timeout: 2_000 }).consumers.get('IN_KOR', 'node')).toBeDefined();
      } finally {
        await nc.close();
      }
      // A wrong password is refused at once, naming the server.
      const otherDir = mkdtempSync(join(tmpdir(), 'concord-network-bad-'));
      for (const [n, c] of creds) {
        mkdirSync(join(otherDir, n));
        const bad = n === 'USA' ? { ...c, admin: { ...c.admin, password: 'wrong' } } : c;
        writeFileSync(join(otherDir, n, 'nats-credentials.yaml'), stringify(bad));
      }
      const refused = concord('network', 'up', '--nats', '--data-dir', otherDir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`USA's nats-server ${creds.get('USA')!.url}: cannot set up`);
    } finally {
      for (const server of servers) server.kill('SIGTERM');
    }
  }, 200_000);

  it("writes TLS configurations with `nats-config --tls`: a CA, a certificate per nation, and servers that carry a partner's message over TLS only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-tls-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const written = concord(
      'network',
      'nats-config',
      '--tls',
      '--data-dir',
      dir,
      '--listen',
      `127.0.0.1:${port}`,
      '--leaf-port',
      String(port + 10),
    );
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    for (const f of [
      'ca',
      join('ca', 'ca-key.pem'),
      join('JPN', 'tls'),
      join('JPN', 'tls', 'server-key.pem'),
    ])
      expect(statSync(join(dir, f)).mode & 0o077, f).toBe(0);
    type Creds = {
      url: string;
      password?: string;
      caFile: string;
      certFile: string;
      keyFile: string;
      admin: { user: string; password?: string; certFile: string; keyFile: string };
    };
    const creds = (n: string) => parse(readFileSync(join(dir, n, 'nats-credentials.yaml'), 'utf8')) as Creds;
    expect(creds('JPN').url).toBe(`tls://127.0.0.1:${port + 1}`);
    expect(creds('JPN').caFile).toBe(join(dir, 'ca', 'ca.pem'));
    // Japan's and Korea's servers, as their operators start them: Korea's node reaches Japan's.
    const servers = await Promise.all(
      ['JPN', 'KOR'].map((n) => runNatsServer(join(dir, n, 'nats-server.conf'))),
    );
    try {
      const node = (n: 'JPN' | 'KOR') =>
        NatsTransport.connect({
          url: creds(n).url,
          nation: n,
          cert: { certFile: creds(n).certFile, keyFile: creds(n).keyFile },
          partners: [n === 'JPN' ? 'KOR' : 'JPN'],
          caFile: creds(n).caFile,
          publishTimeoutMs: 1_000,
        });
      const jpnCreds = creds('JPN');
      // The certificates are the identities: no password is written for the node or the administrator.
      expect(jpnCreds.password).toBeUndefined();
      expect(jpnCreds.admin.password).toBeUndefined();
      expect(jpnCreds.admin.user).toBe('CN=concord-admin-JPN,O=Concord');
      expect(statSync(jpnCreds.keyFile).mode & 0o077).toBe(0);
      await setupInbox(jpnCreds.url, jpnCreds.admin, 'JPN', ['KOR'], {
        caFile: jpnCreds.caFile,
        cert: { certFile: jpnCreds.admin.certFile, keyFile: jpnCreds.admin.keyFile },
      });
      const kor = await node('KOR');
      const jpn = await node('JPN');
      const got = new Promise<string>((resolve) =>
        jpn.listen('JPN', (m, ack) => {
          ack();
          resolve(new TextDecoder().decode(m.body));
        }),
      );
      const send = () =>
        new Promise<boolean>((resolve) =>
          kor.send(
            {
              recipient: 'JPN',
              sender: 'KOR',
              topic: 'maritime',
              id: 'k-1',
              body: new TextEncoder().encode('over tls'),
            },
            { acked: () => resolve(true), failed: () => resolve(false) },
          ),
        );
      for (let i = 0; !(await send()); i++) if (i > 30) throw new Error('no TLS leaf node from KOR to JPN');
      expect(await got).toBe('over tls');
      await kor.close();
      await jpn.close();
    } finally {
      for (const server of servers) server.kill('SIGTERM');
    }
  }, 60_000);

  it("plays each node's ships, scripted incidents and watch officers over NATS: the drill's consultations, one convened by Japan's detection, run to agreement; a registry edit is approved across nodes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-drill-'));
    await withNetworkUp(
      // 50x, not faster: the incursion is detected at ~T+82s, and a node that starts late on a loaded
      // machine (its API compiled after the start time) must still convene before the watch officers
      // scripted from T+120s act, or their actions run late and out of order.
      ['--scenario', 'senkaku-incursion-drill', '--speed', '50', '--data-dir', dir],
      async (output, basePort) => {
        // The last approval of the leaders' statement is authored at the US node once Japan's and
        // Korea's approvals have reached it over NATS; the incursion consultation was closed by Japan.
        await waitFor(async () => (output().includes('AGREED by USA, JPN, KOR') ? true : undefined), 90_000);
        // The incursion is no script: Japan's node detects the China Coast Guard ships its patrol
        // vessel's receiver hears entering the territorial sea, and the rule convenes on that detection.
        const entry =
          /T\+(\d+\.\d)s JPN: maritime zone-entry by MMSI 4139991\d\d in senkaku-territorial-sea \(detected, confidence [\d.]+; event (\S+)\)/.exec(
            output(),
          );
        expect(entry).not.toBeNull();
        expect(Number(entry![1])).toBeGreaterThan(0);
        expect(output()).toContain(
          `JPN: CONSULTATION convened at working with USA, JPN: "Incursion into the Senkaku territorial sea (zone-entry:${entry![2]})"`,
        );
        expect(output()).not.toMatch(/(USA|KOR): maritime zone-entry by MMSI 4139991/);
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
        expect(r.status, JSON.stringify(body)).toBe(200);
        expect(body.consultations.map((c) => c.level)).toEqual(['leaders']);
        expect(body.consultations[0]!.statements[0]!.agreed).toBeTruthy();

        // The commitments registry over NATS (topic `registry`, which the Camp David commitment
        // carries): an edit Japan's administrator proposes for an entry Japan and Korea own waits for
        // Korea's approval; then every node, the US's too, folds the same history and proposal.
        const whiteLists = 'rec-restore-white-lists';
        const call = async (nation: 'USA' | 'JPN' | 'KOR', path: string, body?: unknown) => {
          const api = parse(readFileSync(join(dir, `${nation}.yaml`), 'utf8')).api as {
            tokens: object;
            adminTokens: object;
          };
          const res = await fetch(
            `http://127.0.0.1:${basePort + ['USA', 'JPN', 'KOR'].indexOf(nation) + 1}/api/${nation}/commitments/${whiteLists}${path}`,
            {
              method: body === undefined ? 'GET' : 'POST',
              headers: {
                authorization: `Bearer ${Object.keys(body === undefined ? api.tokens : api.adminTokens)[0]}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            },
          );
          return {
            status: res.status,
            body: (await res.json()) as {
              proposal?: { id: string; state: string };
              history?: { asOf: string; status: string }[];
              proposals?: { id: string; state: string }[];
            },
          };
        };
        const proposed = await call('JPN', '/status', {
          status: 'in-progress',
          asOf: '2025-03-01',
          note: 'test: the listings under review',
          evidence: { date: '2025-03-01', source: 'Test reporting', text: 'A review of the listings began.' },
        });
        expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
        expect(proposed.body.proposal?.state).toBe('pending');
        const id = proposed.body.proposal!.id;
        await waitFor(async () => {
          const r = await call('KOR', '');
          return r.body.proposals?.some((x) => x.id === id) ? true : undefined;
        }, 30_000);
        const approved = await call('KOR', '/approvals', { proposal: id });
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
        expect(approved.body.proposal?.state).toBe('in-force');
        const folded = await Promise.all(
          (['USA', 'JPN', 'KOR'] as const).map((n) =>
            waitFor(async () => {
              const r = await call(n, '');
              return r.body.proposals?.find((x) => x.id === id)?.state === 'in-force'
                ? { history: r.body.history, proposals: r.body.proposals }
                : undefined;
            }, 30_000),
          ),
        );
        expect(folded[0]!.history?.at(-1)).toMatchObject({ asOf: '2025-03-01', status: 'in-progress' });
        expect(folded[1]).toEqual(folded[0]);
        expect(folded[2]).toEqual(folded[0]);
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

  it('refuses a data directory without credentials, and a malformed URL in one, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-network-none-'));
    const noCreds = concord('network', 'up', '--nats', '--data-dir', dir);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toContain(`no credentials file ${join(dir, 'USA', 'nats-credentials.yaml')}`);
    for (const n of ['USA', 'JPN', 'KOR']) {
      mkdirSync(join(dir, n));
      writeFileSync(
        join(dir, n, 'nats-credentials.yaml'),
        stringify({
          nation: n,
          url: 'http://127.0.0.1:4222',
          admin: { user: 'a', password: 'b' },
          password: 'c',
        }),
      );
    }
    const http = concord('network', 'up', '--nats', '--data-dir', dir);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain(
      `${join(dir, 'USA', 'nats-credentials.yaml')}: url: must be a nats:// or tls:// URL with a host, not 'http://127.0.0.1:4222'`,
    );
    const badListen = concord('network', 'nats-config', '--data-dir', dir, '--listen', '4222');
    expect(badListen.code).toBe(2);
    expect(badListen.stderr).toContain("--listen must be HOST:PORT (e.g. 127.0.0.1:4222), not '4222'");
    const badLeaf = concord('network', 'nats-config', '--data-dir', dir, '--leaf-port', 'x');
    expect(badLeaf.code).toBe(2);
    expect(badLeaf.stderr).toContain("--leaf-port must be a port number (e.g. 7422), not 'x'");
  });
});
