// The raw JetStream peer's consumer as its own process, for `concord bench link`: Concord's NATS row
// runs each receiving node in its own process, so its peer consumes in other processes than the
// one that publishes, as they do. Reads `{url, user, password, stream, durable}` as one JSON line on stdin,
// prints `ready` once its consumer is there, then `<message text> <ms>` for each message it
// acknowledges (ms on the machine's monotonic clock, comparable across processes). No Concord code
// on the message's path. Ends when stdin closes.
import { createInterface } from 'node:readline';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { monotonicMs } from './link-setup.js';

export interface RawConsumerSetup {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly stream: string;
  readonly durable: string;
}

/** Set once the bench has closed stdin: what fails while closing down is no longer its business. */
let ending = false;

async function main(setup: RawConsumerSetup): Promise<void> {
  const nc = await connect({
    servers: setup.url,
    user: setup.user,
    pass: setup.password,
    noAsyncTraces: true,
  });
  const consumer = await jetstream(nc).consumers.get(setup.stream, setup.durable);
  const messages = await consumer.consume({ max_messages: 1_000 });
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.once('end', () => {
    ending = true;
    void messages.close();
  });
  for await (const m of messages) {
    // Time first, as a Concord node's arrival is taken when its link hands the item over (before the ack).
    const at = monotonicMs();
    m.ack();
    process.stdout.write(`${m.string()} ${at}\n`);
  }
  await nc.close();
}

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  lines.close();
  main(JSON.parse(line) as RawConsumerSetup).catch((e) => {
    if (ending) process.exit(0);
    process.stderr.write(`bench raw consumer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
});
