import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { z } from 'zod';
import { isNation, type Nation, parseYaml, TRILATERAL } from '../../domain/index.js';
import {
  generateSigningKeyPair,
  keyFilePaths,
  makePrivateDir,
  natsServerConfig,
  setupNetwork,
  startNatsServer,
  writeKeyPairFiles,
  writeSecretFile,
} from '../../link/index.js';
import { readText } from '../io.js';
import { NODE_RUNTIME_FLAGS, ROOT } from '../paths.js';
import { loadScenario } from '../scenarios.js';
import { UsageError } from '../usage.js';
import type { NodeConfig } from './node.js';

/** What `network nats-config` writes beside the server's configuration, and `network up --nats` reads. */
const credentialsSchema = z.strictObject({
  url: z.string(),
  admin: z.strictObject({ user: z.string().min(1), password: z.string().min(1) }),
  nations: z.partialRecord(
    z.string().refine(isNation, { error: 'not a known nation code' }),
    z.string().min(1),
  ),
});
type Credentials = z.output<typeof credentialsSchema>;

/** The files `network nats-config` writes into a data directory. */
function natsFiles(dataDir: string) {
  return {
    config: join(dataDir, 'nats-server.conf'),
    credentials: join(dataDir, 'nats-credentials.yaml'),
  };
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

/** `host:port`, as nats-server's `listen` takes it. */
function parseListen(text: string): { host: string; port: number } {
  const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || !(port >= 1 && port <= 65535))
    throw new UsageError(`--listen must be HOST:PORT (e.g. 127.0.0.1:4222), not '${text}'`);
  return { host: m[1]!, port };
}

/** A nats:// (or tls://) URL naming a host. */
function parseNatsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--nats must be a URL such as nats://127.0.0.1:4222, not '${text}'`);
  }
  if ((url.protocol !== 'nats:' && url.protocol !== 'tls:') || url.hostname === '')
    throw new UsageError(`--nats must be a nats:// or tls:// URL with a host, not '${text}'`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(
      `--nats must not carry a user or password (they come from the credentials file): '${text}'`,
    );
  return text;
}

/** Reads the credentials `network nats-config` wrote; every nation of the network must have a user. */
function readCredentials(file: string): Credentials {
  if (!existsSync(file))
    throw new UsageError(
      `--nats: no credentials file ${file}; run \`concord network nats-config --data-dir DIR\` first and start nats-server with the configuration it writes`,
    );
  const creds = parseYaml(readText(file), file, credentialsSchema);
  for (const n of TRILATERAL)
    if (creds.nations[n] === undefined) throw new UsageError(`${file}: nations: no password for ${n}`);
  return creds;
}

interface Options {
  nats?: string;
  scenario: string;
  speed: string;
  seed: string;
  policy: string;
  dataDir: string;
  basePort: string;
  printAdmin: boolean;
}

export function registerNetwork(program: Command): void {
  const network = program
    .command('network')
    .description('the distributed mode: one process per nation over NATS JetStream');
  network
    .command('nats-config')
    .description(
      'write the configuration of a nats-server for `network up --nats` (JetStream, one user per nation allowed to publish only as itself and read only its own inbox, an administrator) and the credentials file the nodes use',
    )
    .option(
      '--data-dir <dir>',
      'where to write nats-server.conf and nats-credentials.yaml',
      '.concord-network',
    )
    .option('--listen <host:port>', 'the address nats-server listens on', '127.0.0.1:4222')
    .option('--store-dir <dir>', "JetStream's directory on the server's host (default: DIR/nats-store)")
    .action((o: { dataDir: string; listen: string; storeDir?: string }) => {
      const { host, port } = parseListen(o.listen);
      const dataDir = resolve(o.dataDir);
      const files = natsFiles(dataDir);
      for (const f of [files.config, files.credentials])
        if (existsSync(f)) throw new UsageError(`--data-dir: ${f} exists; it is never overwritten`);
      makePrivateDir(dataDir, '--data-dir');
      const admin = { user: 'admin', password: secret() };
      const nations = Object.fromEntries(TRILATERAL.map((n) => [n, secret()]));
      writeSecretFile(
        files.config,
        natsServerConfig({
          host,
          port,
          storeDir: resolve(o.storeDir ?? join(dataDir, 'nats-store')),
          admin,
          nations: TRILATERAL.map((nation) => ({ nation, password: nations[nation]! })),
        }),
        { exclusive: true, input: '--data-dir' },
      );
      const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      const credentials: Credentials = { url: `nats://${urlHost}:${port}`, admin, nations };
      writeSecretFile(files.credentials, stringify(credentials), { exclusive: true, input: '--data-dir' });
      process.stdout.write(
        `${files.config}\n${files.credentials}\nstart the server with: nats-server -c ${files.config}\nthen: concord network up --nats nats://${urlHost}:${port} --data-dir ${dataDir}\n`,
      );
    });
  network
    .command('up')
    .description(
      "start nats-server (Debian's package; JetStream on a loopback port), or use the one at --nats, and one `concord node` process per nation",
    )
    .option(
      '--nats <url>',
      'use this running nats-server, configured by `network nats-config` (its credentials are read from the data directory)',
    )
    .option('--scenario <name>', 'bundled scenario name or YAML file', 'korea-irbm-over-japan')
    .option('--speed <x>', 'scenario seconds per wall-clock second', '1')
    .option('--seed <n>', 'random seed of the simulated sensors', '1')
    .option('--policy <policy>', 'trilateral or us-hub', 'trilateral')
    .option('--data-dir <dir>', 'keys, stores, node configurations and the NATS store', '.concord-network')
    .option('--base-port <p>', 'API ports: base+1 (USA), base+2 (JPN), base+3 (KOR)', '7410')
    .option(
      '--print-admin',
      "also print each node's administrator token (always kept in its configuration file, mode 0600)",
      false,
    )
    .action(async (o: Options) => {
      if (o.policy !== 'trilateral' && o.policy !== 'us-hub')
        throw new UsageError(`--policy must be trilateral or us-hub, not '${o.policy}'`);
      const speed = Number(o.speed);
      if (!(speed > 0)) throw new UsageError(`--speed must be a positive number, not '${o.speed}'`);
      const basePort = Number(o.basePort);
      if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65000)
        throw new UsageError(`--base-port must be from 1024 to 65000`);
      loadScenario(o.scenario, TRILATERAL); // fail here, not in three processes, on a bad scenario
      const dataDir = resolve(o.dataDir);
      const external =
        o.nats === undefined
          ? null
          : { url: parseNatsUrl(o.nats), credentials: readCredentials(natsFiles(dataDir).credentials) };
      makePrivateDir(dataDir, '--data-dir');
      const keysDir = join(dataDir, 'keys');
      makePrivateDir(keysDir);
      for (const n of TRILATERAL) {
        if (!existsSync(keyFilePaths(keysDir, n).privatePath))
          writeKeyPairFiles(keysDir, n, generateSigningKeyPair());
      }
      const say = (s: string) => process.stdout.write(`${s}\n`);
      let nats: { url: string; passwords: ReadonlyMap<Nation, string>; stop(): Promise<void> };
      if (external) {
        const { url, credentials } = external;
        try {
          await setupNetwork(url, credentials.admin, TRILATERAL);
        } catch (err) {
          throw new UsageError(
            `--nats ${url}: cannot set up the stream and consumers as ${credentials.admin.user}: ${(err as Error).message}`,
          );
        }
        const passwords = new Map(TRILATERAL.map((n) => [n, credentials.nations[n]!]));
        nats = { url, passwords, stop: async () => {} }; // not ours to stop
        say(`nats-server ${url} (external)`);
      } else {
        const started = await startNatsServer({ dir: join(dataDir, 'nats'), nations: TRILATERAL });
        await setupNetwork(started.url, started.admin, TRILATERAL);
        nats = started;
        say(`nats-server ${started.url} (JetStream in ${join(dataDir, 'nats')})`);
      }
      // The nodes start the scenario together: each prepares (simulates its radars), says it is
      // ready, and is then given one start time a moment ahead, however long the others took.
      const children: ChildProcess[] = [];
      const ready: Promise<void>[] = [];
      TRILATERAL.forEach((nation, i) => {
        const token = randomBytes(18).toString('base64url');
        const adminToken = randomBytes(18).toString('base64url');
        const config: NodeConfig = {
          nation,
          partners: TRILATERAL.filter((n) => n !== nation),
          nats: { url: nats.url, password: nats.passwords.get(nation)! },
          keysDir,
          dataDir,
          api: { port: basePort + i + 1, tokens: { [token]: nation }, adminTokens: { [adminToken]: nation } },
          scenario: { name: o.scenario, seed: Number(o.seed), speed },
          policy: o.policy as 'trilateral' | 'us-hub',
          trackMarking:
            nation === 'USA' ? 'SECRET//REL TO USA, JPN, KOR' : `//${nation} SECRET//REL TO USA, JPN, KOR`,
        };
        const file = join(dataDir, `${nation}.yaml`);
        writeSecretFile(file, stringify(config));
        const child = spawn(
          process.execPath,
          [...NODE_RUNTIME_FLAGS, join(ROOT, 'bin', 'concord'), 'node', '--config', file],
          {
            stdio: ['pipe', 'pipe', 'inherit'],
          },
        );
        children.push(child);
        ready.push(
          new Promise<void>((resolve, reject) => {
            const lines = createInterface({ input: child.stdout! });
            lines.on('line', (line) => {
              say(line);
              if (line === `concord node ${nation}: ready`) resolve();
            });
            child.once('exit', (code) =>
              reject(new Error(`concord node ${nation} exited (${code}) before it was ready`)),
            );
          }),
        );
        say(
          `${nation}: curl -H 'Authorization: Bearer ${token}' http://127.0.0.1:${basePort + i + 1}/api/${nation}/picture`,
        );
        // An administrator's token in a terminal's scrollback or a CI log is a standing risk: on request only.
        say(
          o.printAdmin
            ? `${nation}: administrator token ${adminToken} (in ${file})`
            : `${nation}: administrator token in ${file} (--print-admin prints it)`,
        );
      });
      try {
        await Promise.all(ready);
      } catch (e) {
        for (const c of children) c.kill('SIGTERM');
        await nats.stop();
        throw e;
      }
      const epochMs = Date.now() + 1_500; // time to open stores, connect and listen
      for (const c of children) c.stdin!.write(`${JSON.stringify({ epochMs })}\n`);
      say(`scenario starts at ${new Date(epochMs).toISOString()}`);
      say('network up; Ctrl-C to stop');
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((done) => {
              if (c.exitCode !== null) return done();
              c.once('exit', () => done());
              c.kill('SIGTERM');
            }),
        ),
      );
      await nats.stop();
    });
}
