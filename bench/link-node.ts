// One nation's link over NATS as its own process, for `concord bench link`: the distributed mode
// runs one process per node, so the receivers' work does not queue behind the sender's. Reads its
// set-up (LinkNodeSetup) as one JSON line on stdin, prints `ready`, then `item <id> <ms>` for every
// item it accepts (ms on the machine's monotonic clock, comparable across processes). Ends when
// stdin closes.
import { createInterface } from 'node:readline';
import { isNation, type Nation } from '../src/domain/index.js';
import { importPrivateKeyPem, importPublicKeyPem, NatsTransport } from '../src/link/index.js';
import { benchLink, type LinkNodeSetup, monotonicMs, wall } from './link-setup.js';

async function main(setup: LinkNodeSetup): Promise<void> {
  const publicKeys = new Map(
    Object.entries(setup.publicPems)
      .filter(([n]) => isNation(n))
      .map(([n, pem]) => [n as Nation, importPublicKeyPem(pem, `bench key of ${n}`)]),
  );
  const transport = await NatsTransport.connect({
    url: setup.url,
    nation: setup.nation,
    password: setup.password,
    partners: setup.senders,
  });
  const { link, store } = benchLink({
    nation: setup.nation,
    synchronous: setup.synchronous,
    transport,
    clock: wall,
    timers: wall,
    dir: setup.dir,
    privateKey: importPrivateKeyPem(setup.privatePem, `bench key of ${setup.nation}`),
    publicKeys,
    onItem: (r) => process.stdout.write(`item ${r.item.id} ${monotonicMs()}\n`),
  });
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  link.stop();
  await transport.close();
  store.close();
}

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  lines.close();
  main(JSON.parse(line) as LinkNodeSetup).catch((e) => {
    process.stderr.write(`bench link node: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
});
