import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Nation } from '../../domain/index.js';
import { makePrivateDir, writeSecretFile } from '../private-files.js';
import { type NationClientCerts, type NatsUser, natsServerConfig, planNatsNetwork } from './config.js';
import { createNatsTls } from './tls.js';
import { installUserNatsTls, tlsNamesFor, type UserTlsFiles } from './user-tls.js';

/** A free TCP port on loopback (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningNats {
  readonly nation: Nation;
  /** Where the nation's node connects (tls:// when the server requires TLS). */
  readonly url: string;
  readonly port: number;
  /** Where partners' servers connect. */
  readonly leafPort: number;
  readonly admin: NatsUser;
  /** The password of the nation's node (its user is the nation code). */
  readonly nodePassword: string;
  /** The CA a client must trust, when the server requires TLS. */
  readonly caFile?: string;
  /** With TLS, the node's and the administrator's client certificates: their only credentials. */
  readonly clientCerts?: NationClientCerts;
  /** The configuration file the server runs on. */
  readonly configFile: string;
  /** The server's process id while it runs (benchmarks read its CPU time). */
  pid(): number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and store, after stop(). */
  restart(): Promise<void>;
}

/** One nats-server per nation, each knowing its partners' servers (natsServerConfig). */
export interface NatsNetwork {
  readonly servers: ReadonlyMap<Nation, RunningNats>;
  /** The server of `nation` (throws for a nation not in the network). */
  server(nation: Nation): RunningNats;
  stop(): Promise<void>;
}

/**
 * Starts one Debian `nats-server` per nation on loopback ports, JetStream under `dir/<NATION>`,
 * every pair connected by leaf nodes on every topic (planNatsNetwork, natsServerConfig); with `tls`, every port requires TLS and a client certificate, which is the
 * client's identity (natsServerConfig): `true` creates a CA and per-nation certificates under
 * `dir`, the user's material (UserTlsFiles) is checked (each server certificate must name
 * 127.0.0.1 and localhost: tlsNamesFor) and copied there, before any server starts. Resolves once every server says it is ready (the leaf connections come
 * up moments later, and again after a partner's server restarts).
 */
export async function startNatsNetwork(opts: {
  dir: string;
  nations: readonly Nation[];
  tls?: boolean | UserTlsFiles;
  binary?: string;
}): Promise<NatsNetwork> {
  makePrivateDir(opts.dir);
  const ports = new Map<Nation, { port: number; leafPort: number }>();
  for (const n of opts.nations) ports.set(n, { port: await freePort(), leafPort: await freePort() });
  const plans = planNatsNetwork({
    nations: opts.nations,
    hostOf: () => '127.0.0.1',
    portOf: (n) => ports.get(n)!.port,
    leafPortOf: (n) => ports.get(n)!.leafPort,
    secret: randomSecret,
  });
  const tls =
    opts.tls === true
      ? createNatsTls(opts.dir, opts.nations, () => ['127.0.0.1', 'localhost'])
      : opts.tls
        ? installUserNatsTls(opts.dir, opts.tls, opts.nations, () => tlsNamesFor('127.0.0.1'))
        : undefined;
  const servers = new Map<Nation, RunningNats>();
  try {
    for (const plan of plans) {
      const dir = join(opts.dir, plan.nation);
      makePrivateDir(dir);
      const tlsFiles = tls?.servers.get(plan.nation);
      const config = natsServerConfig({
        ...plan,
        storeDir: join(dir, 'jetstream'),
        ...(tlsFiles ? { tls: tlsFiles } : {}),
      });
      servers.set(
        plan.nation,
        await startNatsServer({
          nation: plan.nation,
          dir,
          config,
          port: plan.port,
          leafPort: plan.leafPort,
          admin: plan.admin,
          nodePassword: plan.nodePassword,
          ...(tlsFiles ? { caFile: tlsFiles.caFile, clientCerts: tls!.clients.get(plan.nation)! } : {}),
          ...(opts.binary ? { binary: opts.binary } : {}),
        }),
      );
    }
  } catch (err) {
    for (const s of servers.values()) await s.stop();
    throw err;
  }
  return {
    servers,
    server(nation) {
      const s = servers.get(nation);
      if (s === undefined) throw new Error(`no nats-server for ${nation} in this network`);
      return s;
    },
    async stop() {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    },
  };
}

/**
 * Starts Debian's `nats-server` on `config` (written to `dir/nats-server.conf`, mode 0600 in a
 * 0700 folder: it holds passwords). Resolves once the server says it is ready.
 */
export async function startNatsServer(opts: {
  nation: Nation;
  dir: string;
  config: string;
  port: number;
  leafPort: number;
  admin: NatsUser;
  nodePassword: string;
  caFile?: string;
  clientCerts?: NationClientCerts;
  binary?: string;
}): Promise<RunningNats> {
  makePrivateDir(opts.dir);
  const configFile = join(opts.dir, 'nats-server.conf');
  writeSecretFile(configFile, opts.config);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = await launch(opts.binary ?? 'nats-server', configFile);
  };
  await start();
  return {
    nation: opts.nation,
    url: `${opts.caFile ? 'tls' : 'nats'}://127.0.0.1:${opts.port}`,
    port: opts.port,
    leafPort: opts.leafPort,
    admin: opts.admin,
    nodePassword: opts.nodePassword,
    ...(opts.caFile ? { caFile: opts.caFile } : {}),
    ...(opts.clientCerts ? { clientCerts: opts.clientCerts } : {}),
    configFile,
    pid: () => (child as ChildProcess | null)?.pid,
    async stop() {
      const c = child;
      child = null;
      if (c) await terminate(c);
    },
    async restart() {
      if (child) throw new Error('nats-server is running');
      await start();
    },
  };
}

function launch(binary: string, configFile: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const c = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      c.kill('SIGKILL');
      reject(new Error(`nats-server did not start within 30 s:\n${log}`));
    }, 30_000); // a restart recovers its JetStream store first; a loaded machine is slow at it
    c.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${binary} (install Debian's nats-server package): ${err.message}`));
    });
    c.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        c.stderr!.removeAllListeners('data');
        c.stderr!.resume();
        resolve(c);
      }
    });
    c.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
}

function terminate(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const kill = setTimeout(() => c.kill('SIGKILL'), 5_000);
    c.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    c.kill('SIGTERM');
  });
}

function randomSecret(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
}
