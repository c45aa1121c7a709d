import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { Nation } from '../../domain/index.js';
import {
  generateSigningKeyPair,
  keyFilePaths,
  setupNetwork,
  startNatsServer,
  writeKeyPairFiles,
} from '../../link/index.js';
import { ROOT } from '../paths.js';
import { loadScenario } from '../scenarios.js';
import { UsageError } from '../usage.js';
import type { NodeConfig } from './node.js';

const NATIONS: Nation[] = ['USA', 'JPN', 'KOR'];

interface Options {
  scenario: string;
  speed: string;
  seed: string;
  policy: string;
  dataDir: string;
  basePort: string;
}

export function registerNetwork(program: Command): void {
  const network = program
    .command('network')
    .description('the distributed mode: one process per nation over NATS JetStream');
  network
    .command('up')
    .description(
      "start nats-server (Debian's package; JetStream on a loopback port) and one `concord node` process per nation",
    )
    .option('--scenario <name>', 'bundled scenario name or YAML file', 'korea-irbm-over-japan')
    .option('--speed <x>', 'scenario seconds per wall-clock second', '1')
    .option('--seed <n>', 'random seed of the simulated sensors', '1')
    .option('--policy <policy>', 'trilateral or us-hub', 'trilateral')
    .option('--data-dir <dir>', 'keys, stores, node configurations and the NATS store', '.concord-network')
    .option('--base-port <p>', 'API ports: base+1 (USA), base+2 (JPN), base+3 (KOR)', '7410')
    .action(async (o: Options) => {
      if (o.policy !== 'trilateral' && o.policy !== 'us-hub')
        throw new UsageError(`--policy must be trilateral or us-hub, not '${o.policy}'`);
      const speed = Number(o.speed);
      if (!(speed > 0)) throw new UsageError(`--speed must be a positive number, not '${o.speed}'`);
      const basePort = Number(o.basePort);
      if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65000)
        throw new UsageError(`--base-port must be from 1024 to 65000`);
      loadScenario(o.scenario); // fail here, not in three processes, on a bad scenario
      const dataDir = resolve(o.dataDir);
      const keysDir = join(dataDir, 'keys');
      mkdirSync(keysDir, { recursive: true });
      for (const n of NATIONS) {
        if (!existsSync(keyFilePaths(keysDir, n).privatePath))
          writeKeyPairFiles(keysDir, n, generateSigningKeyPair());
      }
      const nats = await startNatsServer({ dir: join(dataDir, 'nats'), nations: NATIONS });
      await setupNetwork(nats.url, nats.admin, NATIONS);
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(`nats-server ${nats.url} (JetStream in ${join(dataDir, 'nats')})`);
      const epochMs = Date.now() + 3_000; // time for the processes to start
      const children: ChildProcess[] = [];
      NATIONS.forEach((nation, i) => {
        const token = randomBytes(18).toString('base64url');
        const config: NodeConfig = {
          nation,
          partners: NATIONS.filter((n) => n !== nation),
          nats: { url: nats.url, password: nats.passwords.get(nation)! },
          keysDir,
          dataDir,
          api: { port: basePort + i + 1, tokens: { [token]: nation } },
          scenario: { name: o.scenario, seed: Number(o.seed), speed, epochMs },
          policy: o.policy as 'trilateral' | 'us-hub',
          trackMarking:
            nation === 'USA' ? 'SECRET//REL TO USA, JPN, KOR' : `//${nation} SECRET//REL TO USA, JPN, KOR`,
        };
        const file = join(dataDir, `${nation}.yaml`);
        writeFileSync(file, stringify(config), { mode: 0o600 });
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'concord'), 'node', '--config', file], {
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        children.push(child);
        say(
          `${nation}: curl -H 'Authorization: Bearer ${token}' http://127.0.0.1:${basePort + i + 1}/api/${nation}/picture`,
        );
      });
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
