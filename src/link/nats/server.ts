import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Nation } from '../../domain/index.js';
import { makePrivateDir, writeSecretFile } from '../private-files.js';
import { type NatsUser, natsServerConfig } from './config.js';

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
  readonly url: string;
  readonly port: number;
  readonly admin: NatsUser;
  readonly passwords: ReadonlyMap<Nation, string>;
  /** The server's process id while it runs (benchmarks read its CPU time). */
  pid(): number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store, after stop(). */
  restart(): Promise<void>;
}

/**
 * Starts Debian's `nats-server` on a loopback port with JetStream under `dir`, configured by
 * natsServerConfig. Resolves once the server says it is ready.
 */
export async function startNatsServer(opts: {
  dir: string;
  nations: readonly Nation[];
  port?: number;
  binary?: string;
  passwordOf?: (nation: Nation) => string;
}): Promise<RunningNats> {
  const port = opts.port ?? (await freePort());
  // The configuration holds every nation's password; JetStream's store, every nation's traffic.
  makePrivateDir(opts.dir);
  const passwords = new Map(opts.nations.map((n) => [n, opts.passwordOf?.(n) ?? randomSecret()]));
  const admin = { user: 'admin', password: randomSecret() };
  const configFile = join(opts.dir, 'nats-server.conf');
  writeSecretFile(
    configFile,
    natsServerConfig({
      port,
      storeDir: join(opts.dir, 'jetstream'),
      admin,
      nations: [...passwords].map(([nation, password]) => ({ nation, password })),
    }),
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    child = await launch(opts.binary ?? 'nats-server', configFile);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    admin,
    passwords,
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
