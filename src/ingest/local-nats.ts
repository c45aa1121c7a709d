import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNatsServer } from '../link/index.js';

/**
 * A private nats-server (Debian's package) with JetStream, on a free loopback port, its store in a
 * temporary folder removed on stop: for `concord ais ingest` without `--nats`, tests and benchmarks.
 */
export async function startLocalNats(): Promise<{
  url: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'concord-ingest-nats-'));
  const port = await freePort();
  const config = `listen: "127.0.0.1:${port}"\nmax_payload: 1048576\njetstream {\n  store_dir: "${join(dir, 'js')}"\n}\n`;
  try {
    const s = await startNatsServer({
      nation: 'USA',
      dir: join(dir, 'server'),
      config,
      port,
      leafPort: 0,
      admin: { user: 'none', password: 'none' },
      nodePassword: 'none',
    });
    return {
      url: s.url,
      pid: () => s.pid(),
      async stop() {
        await s.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
