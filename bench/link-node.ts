// One nation's link over NATS as its own process, for `concord bench link`: the distributed mode
// runs one process per node, so the receivers' work does not queue behind the sender's. Reads its
// set-up as one JSON line on stdin, prints `ready`, then `item <id> <ms>` for every item it
// accepts (ms on the machine's monotonic clock, process.hrtime: the same clock in every process on
// one machine, unlike performance.timeOrigin, which was measured ms apart between processes). Ends
// when stdin closes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { BUNDLED_AGREEMENTS } from '../src/cli/paths.js';
import { isNation, type Nation, parseRegistry } from '../src/domain/index.js';
import {
  envelopeCrypto,
  importPrivateKeyPem,
  importPublicKeyPem,
  Link,
  NatsTransport,
} from '../src/link/index.js';
import { openStore } from '../src/store/index.js';

export interface LinkNodeSetup {
  readonly nation: Nation;
  readonly partners: readonly Nation[];
  readonly url: string;
  readonly password: string;
  readonly privatePem: string;
  readonly publicPems: Readonly<Record<string, string>>;
  readonly dir: string;
  readonly synchronous: 'full' | 'normal';
}

/** Milliseconds on the machine-wide monotonic clock (CLOCK_MONOTONIC on Linux). */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

async function main(setup: LinkNodeSetup): Promise<void> {
  const registry = parseRegistry(readFileSync(BUNDLED_AGREEMENTS, 'utf8'), BUNDLED_AGREEMENTS);
  const publicKeys = new Map(
    Object.entries(setup.publicPems)
      .filter(([n]) => isNation(n))
      .map(([n, pem]) => [n as Nation, importPublicKeyPem(pem, `bench key of ${n}`)]),
  );
  const wall = { nowMs: () => Date.now(), after: (ms: number, fn: () => void) => void setTimeout(fn, ms) };
  const store = openStore(join(setup.dir, `${setup.nation}.sqlite`), { synchronous: setup.synchronous });
  const transport = await NatsTransport.connect({
    url: setup.url,
    nation: setup.nation,
    password: setup.password,
  });
  const link = new Link({
    nation: setup.nation,
    clock: wall,
    timers: wall,
    transport,
    outbox: store.outbox,
    inbox: store.inbox,
    audit: store.audit,
    transaction: (fn) => store.transaction(fn),
    crypto: envelopeCrypto({
      nation: setup.nation,
      privateKey: importPrivateKeyPem(setup.privatePem, `bench key of ${setup.nation}`),
      publicKeys,
      freshnessMs: 86_400_000,
    }),
    registry: () => registry,
    onItem: (r) => process.stdout.write(`item ${r.item.id} ${monotonicMs()}\n`),
  });
  link.start(setup.partners);
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  link.stop();
  await transport.close();
  store.close();
}

// Run as a script (not when bench/link.ts imports the set-up's type and clock from here).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = createInterface({ input: process.stdin });
  lines.once('line', (line) => {
    lines.close();
    main(JSON.parse(line) as LinkNodeSetup).catch((e) => {
      process.stderr.write(`bench link node: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
  });
}
