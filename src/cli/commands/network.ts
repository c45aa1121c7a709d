import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ROOT, readText } from '../../bundled/index.js';
import { isNation, type Nation, parseYaml } from '../../domain/index.js';
import { loadScenario, nodeTrackMarking } from '../../exercise/index.js';
import {
  type CertFiles,
  checkUserNatsTls,
  createNatsTls,
  generateSigningKeyPair,
  installUserNatsTls,
  keyFilePaths,
  makePrivateDir,
  natsServerConfig,
  networkPartners,
  planNatsNetwork,
  setupInbox,
  startNatsNetwork,
  tlsNamesFor,
  type UserTlsFiles,
  writeKeyPairFiles,
  writeSecretFile,
} from '../../link/index.js';
import { NODE_RUNTIME_FLAGS } from '../../node/index.js';
import { UsageError } from '../usage.js';
import type { NodeConfig } from './node.js';

/** What `network nats-config` writes beside each nation's server configuration, and `network up --nats` reads. */
const credentialsSchema = z.strictObject({
  nation: z.string().refine(isNation, { error: 'not a known nation code' }),
  /** The nation's own server, where its node connects. */
  url: z.string(),
  /** The administrator: its password, or with TLS its client certificate (`user` is then its subject). */
  admin: z.strictObject({
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
  }),
  /** The node's password (its user is the nation code), without TLS. */
  password: z.string().min(1).optional(),
  /** The CA that signed the servers' certificates, when they require TLS. */
  caFile: z.string().optional(),
  /** With TLS, the node's client certificate: its identity on the server (no password). */
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
});
type Credentials = z.output<typeof credentialsSchema>;

/** The files `network nats-config` writes for `nation` into a data directory. */
function natsFiles(dataDir: string, nation: Nation) {
  const dir = join(dataDir, nation);
  return {
    dir,
    config: join(dir, 'nats-server.conf'),
    credentials: join(dir, 'nats-credentials.yaml'),
  };
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

/** `host:port`, as nats-server's `listen` takes it; the next `count - 1` ports must exist too. */
function parseListen(text: string, count: number): { host: string; port: number } {
  const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || !(port >= 1 && port <= 65536 - count))
    throw new UsageError(`--listen must be HOST:PORT (e.g. 127.0.0.1:4222), not '${text}'`);
  return { host: m[1]!, port };
}

function parsePort(text: string, option: string, count: number): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65536 - count)
    throw new UsageError(`${option} must be a port number (e.g. 7422), not '${text}'`);
  return port;
}

/** The user's own TLS material (`--tls-ca` with `--tls-cert-dir`), or null for none given. */
function userTls(o: { tlsCa?: string; tlsCertDir?: string }): UserTlsFiles | null {
  if (o.tlsCa === undefined && o.tlsCertDir === undefined) return null;
  if (o.tlsCa === undefined || o.tlsCertDir === undefined)
    throw new UsageError('--tls-ca and --tls-cert-dir go together: the CA and the certificates it signed');
  return {
    caFile: resolve(o.tlsCa),
    caInput: '--tls-ca',
    certDir: resolve(o.tlsCertDir),
    certDirInput: '--tls-cert-dir',
  };
}

/** A nats:// (or tls://) URL naming a host, read from `file`. */
function checkNatsUrl(text: string, file: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {}
  if (url === null || (url.protocol !== 'nats:' && url.protocol !== 'tls:') || url.hostname === '')
    throw new UsageError(`${file}: url: must be a nats:// or tls:// URL with a host, not '${text}'`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`${file}: url: must not carry a user or password: '${text}'`);
  return text;
}

/** Reads the credentials `network nats-config` wrote for each nation of the network. */
function readCredentials(
  dataDir: string,
  nations: readonly Nation[],
  scenario: string,
): Map<Nation, NationServer> {
  const all = new Map<Nation, NationServer>();
  for (const n of nations) {
    const file = natsFiles(dataDir, n).credentials;
    if (!existsSync(file))
      throw new UsageError(
        `--nats: no credentials file ${file} for ${n} (scenario ${scenario} runs nodes for ${nations.join(', ')}); run \`concord network nats-config --data-dir DIR --scenario ${scenario}\` first and start each nation's nats-server with the configuration it writes`,
      );
    const creds = parseYaml(readText(file), file, credentialsSchema);
    if (creds.nation !== n) throw new UsageError(`${file}: nation: ${creds.nation}, but the file is ${n}'s`);
    checkNatsUrl(creds.url, file);
    const cert = (o: { certFile?: string | undefined; keyFile?: string | undefined }, field: string) => {
      if ((o.certFile === undefined) !== (o.keyFile === undefined))
        throw new UsageError(`${file}: ${field}certFile and ${field}keyFile go together`);
      return o.certFile !== undefined && o.keyFile !== undefined
        ? { certFile: o.certFile, keyFile: o.keyFile }
        : undefined;
    };
    const nodeCert = cert(creds, '');
    const adminCert = cert(creds.admin, 'admin.');
    if (nodeCert === undefined && creds.password === undefined)
      throw new UsageError(`${file}: needs the node's password, or its certFile and keyFile`);
    if (adminCert === undefined && creds.admin.password === undefined)
      throw new UsageError(`${file}: admin: needs a password, or a certFile and keyFile`);
    all.set(n, {
      url: creds.url,
      admin: {
        user: creds.admin.user,
        ...(creds.admin.password !== undefined ? { password: creds.admin.password } : {}),
        ...(adminCert ? { cert: adminCert } : {}),
      },
      ...(creds.password !== undefined ? { password: creds.password } : {}),
      ...(creds.caFile !== undefined ? { caFile: creds.caFile } : {}),
      ...(nodeCert ? { cert: nodeCert } : {}),
    });
  }
  return all;
}

interface NatsConfigOptions {
  dataDir: string;
  scenario: string;
  listen: string;
  leafPort: string;
  storeDir?: string;
  tls: boolean;
}

interface Options {
  nats: boolean;
  tls: boolean;
  tlsCa?: string;
  tlsCertDir?: string;
  scenario: string;
  speed: string;
  seed: string;
  policy: string;
  dataDir: string;
  basePort: string;
  printAdmin: boolean;
}

interface NatsConfigOptions {
  dataDir: string;
  listen: string;
  leafPort: string;
  storeDir?: string;
  tls: boolean;
  tlsCa?: string;
  tlsCertDir?: string;
}

/** `--listen`'s host without the brackets of an IPv6 address. */
function bareHostOf(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

/** A nation's server as its node and `network up` see it. */
interface NationServer {
  readonly url: string;
  /** The administrator: its password, or its client certificate (with TLS). */
  readonly admin: { user: string; password?: string; cert?: CertFiles };
  /** The node's password, or its client certificate (with TLS). */
  readonly password?: string;
  readonly cert?: CertFiles;
  readonly caFile?: string;
}

export function registerNetwork(program: Command): void {
  const network = program
    .command('network')
    .description('the distributed mode: one process and one nats-server per nation');
  network
    .command('nats-config')
    .description(
      "write one nats-server configuration per nation for `network up --nats` (each nation's own server with JetStream; every other nation's server connects by a leaf node and may deliver only as itself; the agreements in force, with the governance acts made at run time, decide at each node what crosses) and the credentials file each nation's node uses",
    )
    .option(
      '--data-dir <dir>',
      'where to write NATION/nats-server.conf and NATION/nats-credentials.yaml',
      '.concord-network',
    )
    .option(
      '--scenario <name>',
      "configure a server for each nation the scenario's `nations:` names (USA, JPN, KOR unless it names others)",
      'korea-irbm-over-japan',
    )
    .option(
      '--listen <host:port>',
      "the address the first nation's server listens on for its node; the others take the next ports, in the scenario's order",
      '127.0.0.1:4222',
    )
    .option(
      '--leaf-port <port>',
      "the port the first nation's server listens on for partners' servers (same host); the others take the next ports",
      '7422',
    )
    .option(
      '--store-dir <dir>',
      "JetStream's directory on the servers' host (default: DIR/NATION/nats-store)",
    )
    .option(
      '--tls',
      "create a CA (DIR/ca) and per nation certificates for its server, its node and its server's administrator; every port requires TLS and a client certificate, whose subject is the client's identity (no passwords)",
      false,
    )
    .option(
      '--tls-ca <file>',
      'with --tls-cert-dir: your own CA certificate (PEM) instead of a created one (implies --tls)',
    )
    .option(
      '--tls-cert-dir <dir>',
      "your own certificates signed by --tls-ca, per nation (PEM): DIR/<NATION>.crt and .key for its server, naming the --listen host (and localhost if it is an IP address), DIR/<NATION>-node.crt and .key for its node, DIR/<NATION>-admin.crt and .key for its server's administrator; each certificate's subject is its user on the servers",
    )
    .action((o: NatsConfigOptions) => {
      const nations = loadScenario(o.scenario).nations;
      const { host, port } = parseListen(o.listen, nations.length);
      const leafPort = parsePort(o.leafPort, '--leaf-port', nations.length);
      const own = userTls(o);
      // Checked before anything is written: a bad file is an error naming it.
      if (own) checkUserNatsTls(own, nations, () => tlsNamesFor(bareHostOf(host)));
      const dataDir = resolve(o.dataDir);
      for (const n of nations) {
        const files = natsFiles(dataDir, n);
        for (const f of [files.config, files.credentials])
          if (existsSync(f)) throw new UsageError(`--data-dir: ${f} exists; it is never overwritten`);
      }
      if ((o.tls || own) && existsSync(join(dataDir, 'ca')))
        throw new UsageError(`--data-dir: ${join(dataDir, 'ca')} exists; it is never overwritten`);
      makePrivateDir(dataDir, '--data-dir');
      for (const n of nations) makePrivateDir(natsFiles(dataDir, n).dir, '--data-dir');
      const index = (n: Nation) => nations.indexOf(n);
      const plans = planNatsNetwork({
        nations,
        hostOf: () => host,
        portOf: (n) => port + index(n),
        leafPortOf: (n) => leafPort + index(n),
        secret,
      });
      const bareHost = bareHostOf(host);
      // The listening host, and loopback (nats.js checks the name `localhost` on a loopback address).
      const tls = own
        ? installUserNatsTls(dataDir, own, nations, () => tlsNamesFor(bareHost))
        : o.tls
          ? createNatsTls(dataDir, nations, () => [bareHost, '127.0.0.1', 'localhost'])
          : undefined;
      const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      const say = (line: string) => process.stdout.write(`${line}\n`);
      for (const plan of plans) {
        const files = natsFiles(dataDir, plan.nation);
        const tlsFiles = tls?.servers.get(plan.nation);
        writeSecretFile(
          files.config,
          natsServerConfig({
            ...plan,
            storeDir: resolve(o.storeDir ? join(o.storeDir, plan.nation) : join(files.dir, 'nats-store')),
            ...(tlsFiles ? { tls: tlsFiles } : {}),
          }),
          { exclusive: true, input: '--data-dir' },
        );
        // With TLS the certificates are the identities: no password is written, none would be accepted.
        const clients = tls?.clients.get(plan.nation);
        const credentials: Credentials = {
          nation: plan.nation,
          url: `${tls ? 'tls' : 'nats'}://${urlHost}:${plan.port}`,
          ...(tls && tlsFiles && clients
            ? {
                admin: { user: tlsFiles.subjects.admin, ...clients.admin },
                caFile: tls.caFile,
                ...clients.node,
              }
            : { admin: plan.admin, password: plan.nodePassword }),
        };
        writeSecretFile(files.credentials, stringify(credentials), { exclusive: true, input: '--data-dir' });
        say(`${plan.nation}: ${files.config}`);
        say(`${plan.nation}: ${files.credentials}`);
      }
      for (const plan of plans)
        say(`start ${plan.nation}'s server with: nats-server -c ${natsFiles(dataDir, plan.nation).config}`);
      say(
        `then: concord network up --nats --data-dir ${dataDir}${o.scenario === 'korea-irbm-over-japan' ? '' : ` --scenario ${o.scenario}`}`,
      );
    });
  network
    .command('up')
    .description(
      "start one nats-server per nation the scenario names (Debian's package; JetStream on loopback ports, each connected by leaf nodes to every other; the agreements decide at each node what crosses), or use those `network nats-config` configured (--nats), and one `concord node` process per nation",
    )
    .option(
      '--nats',
      'use the running nats-servers configured by `network nats-config` (their URLs and credentials are read from DIR/NATION/nats-credentials.yaml)',
      false,
    )
    .option(
      '--tls',
      'the servers started here require TLS and identify nodes, administrators and partner servers by their certificates (a CA and certificates are created in DIR/nats)',
      false,
    )
    .option(
      '--tls-ca <file>',
      'with --tls-cert-dir: your own CA certificate (PEM) instead of a created one (implies --tls)',
    )
    .option(
      '--tls-cert-dir <dir>',
      "your own certificates signed by --tls-ca, per nation (PEM): DIR/<NATION>.crt and .key for its server, naming 127.0.0.1 and localhost, DIR/<NATION>-node.crt and .key for its node, DIR/<NATION>-admin.crt and .key for its server's administrator",
    )
    .option('--scenario <name>', 'bundled scenario name or YAML file', 'korea-irbm-over-japan')
    .option('--speed <x>', 'scenario seconds per wall-clock second', '1')
    .option('--seed <n>', 'random seed of the simulated sensors', '1')
    .option('--policy <policy>', 'trilateral or us-hub', 'trilateral')
    .option('--data-dir <dir>', 'keys, stores, node configurations and the NATS stores', '.concord-network')
    .option(
      '--base-port <p>',
      "API ports: base+1, base+2, ... for the scenario's nations in order (USA, JPN, KOR by default)",
      '7410',
    )
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
      const own = userTls(o);
      if (o.nats && (o.tls || own))
        throw new UsageError(
          '--tls, --tls-ca and --tls-cert-dir are for the servers `network up` starts; `network nats-config --tls` makes TLS servers',
        );
      // Fail here, not in a process per nation, on a bad scenario; it names the nations of the network.
      const nations = loadScenario(o.scenario).nations;
      // Checked before anything is written or started: a bad file is an error naming it.
      if (own) checkUserNatsTls(own, nations, () => tlsNamesFor('127.0.0.1'));
      const dataDir = resolve(o.dataDir);
      const external = o.nats ? readCredentials(dataDir, nations, o.scenario) : null;
      // A node's partners are every other nation of the network, as its server's are
      // (planNatsNetwork): an agreement made while the network runs needs no new configuration.
      const partnersOf = (n: Nation) => networkPartners(nations, n);
      makePrivateDir(dataDir, '--data-dir');
      const keysDir = join(dataDir, 'keys');
      makePrivateDir(keysDir);
      for (const n of nations) {
        if (!existsSync(keyFilePaths(keysDir, n).privatePath))
          writeKeyPairFiles(keysDir, n, generateSigningKeyPair());
      }
      const say = (s: string) => process.stdout.write(`${s}\n`);
      let servers: Map<Nation, NationServer>;
      let stopServers: () => Promise<void>;
      if (external) {
        servers = external;
        stopServers = async () => {}; // not ours to stop
      } else {
        const started = await startNatsNetwork({
          dir: join(dataDir, 'nats'),
          nations,
          tls: own ?? o.tls,
        });
        servers = new Map(
          [...started.servers].map(([n, s]) => [
            n,
            s.clientCerts
              ? {
                  url: s.url,
                  admin: { user: s.admin.user, cert: s.clientCerts.admin },
                  cert: s.clientCerts.node,
                  ...(s.caFile ? { caFile: s.caFile } : {}),
                }
              : { url: s.url, admin: s.admin, password: s.nodePassword },
          ]),
        );
        stopServers = () => started.stop();
      }
      try {
        for (const [n, server] of servers) {
          try {
            await setupInbox(server.url, server.admin, n, partnersOf(n), {
              ...(server.caFile ? { caFile: server.caFile } : {}),
              ...(server.admin.cert ? { cert: server.admin.cert } : {}),
            });
          } catch (err) {
            throw new UsageError(
              `${n}'s nats-server ${server.url}: cannot set up the inbound streams as ${server.admin.user}: ${(err as Error).message}`,
            );
          }
          say(
            external
              ? `${n}: nats-server ${server.url} (external)`
              : `${n}: nats-server ${server.url} (JetStream in ${join(dataDir, 'nats', n)})`,
          );
        }
      } catch (err) {
        await stopServers();
        throw err;
      }
      // The nodes start the scenario together: each prepares (simulates its radars), says it is
      // ready, and is then given one start time a moment ahead, however long the others took.
      const children: ChildProcess[] = [];
      const ready: Promise<void>[] = [];
      nations.forEach((nation, i) => {
        const token = randomBytes(18).toString('base64url');
        const adminToken = randomBytes(18).toString('base64url');
        const config: NodeConfig = {
          nation,
          partners: partnersOf(nation),
          nats: {
            url: servers.get(nation)!.url,
            ...(servers.get(nation)!.caFile ? { caFile: servers.get(nation)!.caFile } : {}),
            ...(servers.get(nation)!.cert
              ? servers.get(nation)!.cert
              : { password: servers.get(nation)!.password! }),
          },
          keysDir,
          dataDir,
          api: { port: basePort + i + 1, tokens: { [token]: nation }, adminTokens: { [adminToken]: nation } },
          scenario: { name: o.scenario, seed: Number(o.seed), speed },
          policy: o.policy as 'trilateral' | 'us-hub',
          trackMarking: nodeTrackMarking(nation, nations),
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
        const address = `http://127.0.0.1:${basePort + i + 1}`;
        // As `concord start` prints them; the token rides in the fragment, which no server sees.
        say(`${nation} operator  ${address}/#/sign-in/${token}`);
        say(`${nation}: curl -H 'Authorization: Bearer ${token}' ${address}/api/${nation}/picture`);
        // An administrator's token in a terminal's scrollback or a CI log is a standing risk: on request only.
        if (o.printAdmin) say(`${nation} administrator  ${address}/#/sign-in/${adminToken}`);
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
        await stopServers();
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
      await stopServers();
    });
}
