// `concord bench link`: latency from a track update at one node to that track at every partner,
// in-process and over NATS JetStream on loopback, with raw JetStream publish -> consume latency
// (same stream, durability and ack settings, no Concord code) measured in the same run as the
// peer; and throughput of items through the link with signing and verification on.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BUNDLED_AGREEMENTS, BUNDLED_US_BASES } from '../src/bundled/index.js';
import type { Nation } from '../src/domain/index.js';
import { parseRegistry, TRILATERAL } from '../src/domain/index.js';
import { EmbeddedNetwork, loadScenario } from '../src/exercise/index.js';
import {
  CONSUMER,
  createUuidV7Generator,
  ed25519Backend,
  exportKeyPairPem,
  generateSigningKeyPair,
  inboundStream,
  JetStreamPublisher,
  type Link,
  type LinkItem,
  type NatsNetwork,
  NatsTransport,
  type ReceivedItem,
  Scheduler,
  SimNetwork,
  type Transport,
} from '../src/link/index.js';
import { loadProtectedAreas, NODE_RUNTIME_FLAGS } from '../src/node/index.js';
import { openStore } from '../src/store/index.js';
import { startTestNatsNetwork } from '../src/testing/nats.js';
import { printTable } from './harness.js';
import { benchLink, type LinkNodeSetup, monotonicMs, wall } from './link-setup.js';
import type { RawConsumerSetup } from './raw-consumer.js';

export interface Options {
  json: boolean;
  samples?: number;
  warmUp?: number;
}

/** How many items each row times, and after how many it starts timing; handed to every row. */
interface Counts {
  /** Items timed per row (`--samples`, default 3,000). */
  readonly samples: number;
  /**
   * Items sent before a row's timing starts (`--warm-up`, default 2,000), as a node that has run a
   * while: V8 goes on compiling the hot path for the first thousands of items of a fresh process
   * (the measurement: docs/figures.md, "What the link's design choices rest on").
   */
  readonly warmUp: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Three links in this process on `transportOf`. */
function links(
  synchronous: 'full' | 'normal',
  checkpoint: 'auto' | 'background',
  transportOf: (n: Nation) => Transport,
  clock: { nowMs(): number },
  timers: { after(ms: number, fn: () => void): void },
  dir: string,
  onItem: (n: Nation, r: ReceivedItem) => void,
  opened: { close(): void }[],
): Map<Nation, Link> {
  const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
  const publicKeys = new Map([...keys].map(([n, k]) => [n, k.publicKey]));
  return new Map(
    TRILATERAL.map((nation) => {
      const { link, store } = benchLink({
        nation,
        synchronous,
        checkpoint,
        transport: transportOf(nation),
        clock,
        timers,
        dir,
        privateKey: keys.get(nation)!.privateKey,
        publicKeys,
        onItem: (r) => onItem(nation, r),
      });
      opened.push(store);
      return [nation, link];
    }),
  );
}

const ids = createUuidV7Generator();
const item = (nowMs: number): LinkItem => ({
  id: ids.next(Math.floor(nowMs)),
  originator: 'KOR',
  topic: 'missile-warning',
  marking: '//KOR SECRET//REL TO USA, JPN, KOR',
  createdMs: nowMs,
  concerning: 'PRK',
  payload: {
    kind: 'track',
    trackId: 1,
    tMs: nowMs,
    x: [1, 2, 3, 4, 5, 6],
    P: Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 100 : 0)),
  },
});

/**
 * Latency, ms, from KOR's publish to the item reaching both partners (the later of the two
 * arrival times, taken when each partner's link hands the item to its node — where it enters the
 * picture), one item at a time. The scheduler is run until it is quiet after each item, so the
 * sender's bookkeeping after the deliveries (recording the acknowledgements) is done before the
 * next item starts but is not counted in this one's latency, as over NATS; then the event loop
 * turns once before the next item.
 */
async function latencies(
  net: {
    links: Map<Nation, Link>;
    /** Arrival times (performance.now()) per item id and partner. */
    arrivals: Map<string, Map<Nation, number>>;
    step?: () => void;
    /** The links' clock: an item is created at its time (the in-process links run on virtual time). */
    nowMs: () => number;
  },
  c: Counts,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < c.samples + c.warmUp; i++) {
    const t0 = performance.now();
    const it = item(net.nowMs());
    const at = new Map<Nation, number>();
    net.arrivals.set(it.id, at);
    net.links.get('KOR')!.publish(it, ['USA', 'JPN']);
    for (;;) {
      net.step?.();
      if (at.size === 2) break;
      if (performance.now() - t0 > 30_000)
        throw new Error(`bench link: item ${i} did not reach both partners within 30 s`);
      await new Promise((r) => setImmediate(r));
    }
    if (i >= c.warmUp) out.push(Math.max(...at.values()) - t0);
    net.arrivals.delete(it.id);
    // The event loop turns between items, as it does in a node between two messages (and as the
    // NATS rows, which await their arrivals, always did). Without this the whole row ran as one
    // task, and what the runtime defers to its own tasks (V8 schedules young-generation
    // collections as tasks when the space is nearly full) had to happen inside the items
    // (docs/figures.md).
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

/**
 * Track update -> warning, ms: on the bundled IRBM scenario (the embedded network, SQLite in
 * memory), after every scan of any nation's radars and the partner deliveries it causes, the time
 * Japan's node takes to fuse its picture, predict impact and overflight, and issue or update its
 * warnings. The nodes' own once-a-second assessment is turned off so that each call does the work.
 */
function warningLatencies(): number[] {
  const scenario = loadScenario('korea-irbm-over-japan');
  const registry = parseRegistry(readFileSync(BUNDLED_AGREEMENTS, 'utf8'), BUNDLED_AGREEMENTS);
  const net = new EmbeddedNetwork({
    scenario,
    seed: 1,
    nations: TRILATERAL,
    keys: new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
    openStore: () => openStore(':memory:', { synchronous: 'normal' }),
    registry: () => registry,
    trackMarking: () => 'SECRET//REL TO USA, JPN, KOR',
    areas: loadProtectedAreas(BUNDLED_US_BASES),
    assessEveryMs: 86_400_000,
  });
  const jpn = net.nodes.get('JPN')!;
  const out: number[] = [];
  const scanTimes = [...new Set(net.simulation.measurements.map((m) => m.tMs))].sort((a, b) => a - b);
  for (const tMs of scanTimes) {
    net.runUntil(tMs + 10);
    const t0 = performance.now();
    jpn.assess();
    const ms = performance.now() - t0;
    if (jpn.picture().length > 0) out.push(ms);
  }
  net.close();
  return out;
}

/** A NATS row, set up and running: `next()` sends one item (or message) and resolves with its latency, ms. */
interface NatsRow {
  next(): Promise<number>;
  close(): Promise<void>;
  /** The row's processes by role (this one among them), whose CPU time `interleaved` reads. */
  readonly processes: Readonly<Record<string, number | undefined>>;
}

/**
 * CPU time, ms, that process `pid` has used (all its threads, user and system), from
 * /proc/<pid>/stat; null where that cannot be read (not Linux, or the process is gone). The
 * kernel counts in USER_HZ ticks, 100 per second on Linux.
 */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3; utime and
    // stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/** Runs `row` `n` times and returns the latencies. */
async function times(row: NatsRow, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push(await row.next());
  return ms;
}

/** Rounds of the interleaved NATS rows (see `interleaved`). */
const ROUNDS = 10;

/**
 * Latencies of several rows measured in turns: each warmed up by `c.warmUp` items, then `c.samples`
 * each in ROUNDS rounds, in the order A B, B A, A B, ... The machine's slow and fast spells
 * (on this project's 2-vCPU VM, seconds to minutes long) then fall on both rows alike, so their
 * ratio compares the rows, not the moments they ran at; measured one after the other, a spell
 * that began between them moved the ratio by itself.
 */
async function interleaved(
  rows: readonly NatsRow[],
  shared: Readonly<Record<string, number | undefined>>,
  c: Counts,
): Promise<{ ms: number[][]; cpuMsPerItem: (Record<string, number> | null)[] }> {
  for (const row of rows) await times(row, c.warmUp);
  const out = rows.map((): number[] => []);
  // CPU time per process of each row's own rounds: its processes' and the shared ones' (the
  // server), read before and after each of its rounds. Null once any reading fails.
  const cpu = rows.map((): Record<string, number> | null => ({}));
  const read = (row: NatsRow) =>
    Object.entries({ ...row.processes, ...shared }).map(([role, pid]) => [role, cpuMsOf(pid)] as const);
  const per = Math.ceil(c.samples / ROUNDS);
  for (let round = 0, done = 0; done < c.samples; round++, done += per) {
    const order = round % 2 === 0 ? rows.map((_, j) => j) : rows.map((_, j) => rows.length - 1 - j);
    for (const j of order) {
      const before = read(rows[j]!);
      out[j]!.push(...(await times(rows[j]!, Math.min(per, c.samples - done))));
      const after = read(rows[j]!);
      const sum = cpu[j];
      if (sum === null || sum === undefined) continue;
      for (const [k, [role, t0]] of before.entries()) {
        const t1 = after[k]![1];
        if (t0 === null || t1 === null) {
          cpu[j] = null;
          break;
        }
        sum[role] = (sum[role] ?? 0) + (t1 - t0);
      }
    }
  }
  const perItem = (sum: Record<string, number> | null) => {
    if (sum === null) return null;
    const each = Object.fromEntries(Object.entries(sum).map(([role, ms]) => [role, r3(ms / c.samples)]));
    return { ...each, total: r3(Object.values(sum).reduce((a, b) => a + b, 0) / c.samples) };
  };
  return { ms: out, cpuMsPerItem: cpu.map(perItem) };
}

/** Runs `fn` on `row`, then closes the row (its processes and connections) however `fn` ended. */
async function closing<R extends { close(): Promise<void> }, T>(
  row: R,
  fn: (row: R) => Promise<T>,
): Promise<T> {
  try {
    return await fn(row);
  } finally {
    await row.close();
  }
}

/** Resolves when `done()` holds, checked at each `wake()`; rejects after 30 s. */
function waiter(what: string): { wake(): void; until(done: () => boolean): Promise<void> } {
  let wake: (() => void) | null = null;
  return {
    wake: () => wake?.(),
    until: (done) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`bench link: ${what} within 30 s`)), 30_000);
        wake = () => {
          if (!done()) return;
          clearTimeout(t);
          wake = null;
          resolve();
        };
        wake();
      }),
  };
}

/** Ends a child process of the bench by closing its stdin, and waits for it. */
async function endChild(c: ChildProcess): Promise<void> {
  c.removeAllListeners('exit');
  c.stdin!.end();
  await new Promise((r) => c.once('exit', r));
}

/**
 * Concord over NATS with each node in its own process: KOR publishes here, USA and JPN receive in
 * children (bench/link-node.ts) that report each item's arrival time; an item's latency is from
 * KOR's publish to the later of the two arrivals. `burst(n)` then measures deliveries per second.
 */
async function concordOverNats(
  nats: NatsNetwork,
  synchronous: 'full' | 'normal',
  dir: string,
): Promise<NatsRow & { burst(n: number): Promise<number> }> {
  mkdirSync(dir, { recursive: true });
  const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
  const publicPems = Object.fromEntries(TRILATERAL.map((n) => [n, exportKeyPairPem(keys.get(n)!).publicPem]));
  const arrivals = new Map<string, Map<Nation, number>>();
  const arrival = waiter('an item did not reach both partners');
  const children: ChildProcess[] = [];
  const receivers = TRILATERAL.filter((n) => n !== 'KOR');
  for (const nation of receivers) {
    const child = spawn(
      process.execPath,
      [...NODE_RUNTIME_FLAGS, fileURLToPath(new URL('./link-node.js', import.meta.url))],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench link: ${nation}'s node exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'ready') return resolve();
        const [word, id, at] = line.split(' ');
        if (word !== 'item' || id === undefined || at === undefined) return;
        arrivals.get(id)?.set(nation, Number(at));
        arrival.wake();
      });
    });
    const setup: LinkNodeSetup = {
      nation,
      partners: TRILATERAL.filter((n) => n !== nation),
      senders: ['KOR'],
      url: nats.server(nation).url,
      password: nats.server(nation).nodePassword,
      privatePem: exportKeyPairPem(keys.get(nation)!).privatePem,
      publicPems,
      dir,
      synchronous,
    };
    child.stdin!.write(`${JSON.stringify(setup)}\n`);
    await ready;
  }
  const transport = await NatsTransport.connect({
    url: nats.server('KOR').url,
    nation: 'KOR',
    password: nats.server('KOR').nodePassword,
    partners: [],
  });
  const { link: kor, store: korStore } = benchLink({
    nation: 'KOR',
    synchronous,
    transport,
    clock: wall,
    timers: wall,
    dir,
    privateKey: keys.get('KOR')!.privateKey,
    publicKeys: new Map([...keys].map(([n, k]) => [n, k.publicKey])),
    onItem: () => {},
  });
  const arrived = (id: string) => arrivals.get(id)!.size === receivers.length;
  return {
    processes: { KOR: process.pid, ...Object.fromEntries(receivers.map((n, i) => [n, children[i]!.pid])) },
    async next() {
      const it = item(Date.now());
      arrivals.set(it.id, new Map());
      const t0 = monotonicMs();
      kor.publish(it, receivers);
      await arrival.until(() => arrived(it.id));
      const ms = Math.max(...arrivals.get(it.id)!.values()) - t0;
      arrivals.delete(it.id);
      return ms;
    },
    async burst(n) {
      const ids: string[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const it = item(Date.now());
        arrivals.set(it.id, new Map());
        ids.push(it.id);
        kor.publish(it, receivers);
      }
      let next = 0; // ids before it have arrived: each wake looks on from there, not from the start
      await arrival.until(() => {
        while (next < ids.length && arrived(ids[next]!)) next++;
        return next === ids.length;
      });
      for (const id of ids) arrivals.delete(id);
      return (n * receivers.length) / ((performance.now() - t0) / 1000);
    },
    async close() {
      kor.stop();
      await transport.close();
      korStore.close();
      for (const c of children) await endChild(c);
    },
  };
}

/**
 * The raw peer's path: published on USA's server (as its administrator), carried by the same leaf
 * nodes and account imports to Japan's and Korea's servers, into their streams of what USA sends
 * (same storage, retention, limits and duplicate window as Concord's), read by those streams' own
 * consumers — which Concord's receivers leave alone: in this bench they read only what KOR sends.
 * Concord's row goes KOR -> USA, JPN: one leaf hop each, as the peer's.
 */
const RAW_PATHS = [
  { subject: 'concord.v1.JPN.USA.missile-warning', at: 'JPN' },
  { subject: 'concord.v1.KOR.USA.missile-warning', at: 'KOR' },
] as const;

/**
 * The raw peer as the NATS rows run: each message published here to two subjects (back to back, as
 * KOR's link sends one item to its two partners), each consumed by its own durable, explicitly
 * acknowledged consumer in a child process (bench/raw-consumer.ts); latency to the later of the
 * two arrivals. No Concord code on the messages' path.
 */
/**
 * Publishes as Concord's transport does (JetStreamPublisher: same client code, same Nats-Msg-Id),
 * resolving once JetStream has stored the message: the peer differs from the NATS row by the link
 * alone, not by how it talks to JetStream.
 */
/**
 * Until USA's server reaches Japan's and Korea's through their leaf nodes (they connect just after
 * the servers start): the probes land in the streams the raw peer reads, which ignores them.
 */
async function leafNodesUp(nc: NatsConnection): Promise<void> {
  const publish = rawPublisher(nc, 500);
  for (let i = 0; ; i++) {
    try {
      await Promise.all(RAW_PATHS.map(({ subject }) => publish(subject, `probe-${i}`, `probe-${i}`)));
      return;
    } catch (err) {
      if (i >= 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function rawPublisher(
  nc: NatsConnection,
  timeoutMs = 5_000,
): (subject: string, body: string, msgId: string) => Promise<void> {
  const publisher = new JetStreamPublisher(nc, { inbox: '_INBOX', timeoutMs });
  return (subject, body, msgId) =>
    new Promise((resolve, reject) =>
      publisher.publish(subject, body, msgId, {
        acked: resolve,
        failed: (why) => reject(new Error(`bench link: raw publish on ${subject}: ${why}`)),
      }),
    );
}

async function rawFanOut(nats: NatsNetwork, nc: NatsConnection): Promise<NatsRow> {
  const arrivals = new Map<string, number[]>();
  const arrival = waiter('a raw message did not reach both consumers');
  const children: ChildProcess[] = [];
  for (const { at } of RAW_PATHS) {
    const durable = `${CONSUMER} of ${inboundStream('USA')} at ${at}`;
    const child = spawn(
      process.execPath,
      [...NODE_RUNTIME_FLAGS, fileURLToPath(new URL('./raw-consumer.js', import.meta.url))],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(child);
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench link: raw consumer ${durable} exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'ready') return resolve();
        const [key, at] = line.split(' ');
        if (key === undefined || at === undefined) return;
        arrivals.get(key)?.push(Number(at));
        arrival.wake();
      });
    });
    const setup: RawConsumerSetup = {
      url: nats.server(at).url,
      user: nats.server(at).admin.user,
      password: nats.server(at).admin.password,
      stream: inboundStream('USA'),
      durable: CONSUMER,
    };
    child.stdin!.write(`${JSON.stringify(setup)}\n`);
    await ready;
  }
  const publish = rawPublisher(nc);
  let sent = 0;
  return {
    processes: {
      publisher: process.pid,
      ...Object.fromEntries(children.map((c, i) => [`consumer${i}`, c.pid])),
    },
    async next() {
      const key = `f${sent++}`;
      const at: number[] = [];
      arrivals.set(key, at);
      const t0 = monotonicMs();
      await Promise.all(RAW_PATHS.map(({ subject }, k) => publish(subject, key, `fan-${key}-${k}`)));
      await arrival.until(() => at.length === RAW_PATHS.length);
      arrivals.delete(key);
      return Math.max(...at) - t0;
    },
    async close() {
      for (const c of children) await endChild(c);
    },
  };
}

/** The in-process network of the rows below: the simulated network with no delay, on one scheduler. */
interface InProcessNet {
  readonly sched: Scheduler;
  readonly sim: SimNetwork;
}

function inProcessNet(): InProcessNet {
  const sched = new Scheduler(Date.now());
  const sim = new SimNetwork(
    sched,
    { next: () => 0.5 },
    { dropRate: 0, duplicateRate: 0, delayMs: { min: 0, max: 0 } },
  );
  return { sched, sim };
}

/**
 * An in-process row: three links on `net`, run to quiescence at each step (wall time measured).
 * Checkpoints in a worker (`background`), as the embedded network and `concord node` run their
 * stores; `auto` (SQLite's default, a checkpoint inside the commit that crosses 1,000 pages) is
 * measured beside it for comparison.
 */
async function inProcessRow(
  net: InProcessNet,
  c: Counts,
  dir: string,
  synchronous: 'full' | 'normal',
  checkpoint: 'auto' | 'background' = 'background',
): Promise<number[]> {
  const { sched, sim } = net;
  const arrivals = new Map<string, Map<Nation, number>>();
  const opened: { close(): void }[] = [];
  const ls = links(
    synchronous,
    checkpoint,
    () => sim,
    sched,
    sched,
    join(dir, `in-${synchronous}-${checkpoint}`),
    (n, r) => arrivals.get(r.item.id)?.set(n, performance.now()),
    opened,
  );
  const ms = await latencies(
    {
      links: ls,
      arrivals,
      step: () => sched.runUntil(sched.nowMs() + 1),
      nowMs: () => sched.nowMs(),
    },
    c,
  );
  for (const l of ls.values()) l.stop();
  for (const st of opened) st.close();
  return ms;
}

/**
 * Concord's NATS row (NORMAL) and its peer, raw JetStream publish -> consume (same stream, explicit
 * ack, no Concord code, on a client set up as Concord's: `noAsyncTraces`) as the row runs: the
 * publisher here, one consumer in each of two other processes, a message arrived when both have
 * it. Measured in turns (see `interleaved`); then the throughput burst.
 */
async function natsRowAndPeer(nats: NatsNetwork, nc: NatsConnection, c: Counts, dir: string) {
  const { timed, itemsPerS } = await closing(
    await concordOverNats(nats, 'normal', join(dir, 'nats-normal')),
    async (concordRow) => {
      const timed = await closing(await rawFanOut(nats, nc), (rawRow) =>
        interleaved(
          [concordRow, rawRow],
          Object.fromEntries([...nats.servers].map(([n, s]) => [`natsServer${n}`, s.pid()])),
          c,
        ),
      );
      return { timed, itemsPerS: await concordRow.burst(2_000) };
    },
  );
  const [natsMs, rawFanOutMs] = timed.ms as [number[], number[]];
  const [natsCpuMsPerItem, rawJetStreamCpuMsPerItem] = timed.cpuMsPerItem;
  return { natsMs, rawFanOutMs, natsCpuMsPerItem, rawJetStreamCpuMsPerItem, itemsPerS };
}

/** The NATS row with synchronous=FULL, what `concord node` uses, for comparison (its own processes and stores). */
async function natsFullRow(nats: NatsNetwork, c: Counts, dir: string): Promise<number[]> {
  return closing(await concordOverNats(nats, 'full', join(dir, 'nats-full')), async (fullRow) => {
    await times(fullRow, c.warmUp);
    return times(fullRow, c.samples);
  });
}

/**
 * The simplest peer, one consumer in the publishing process (the peer of earlier figures): published
 * on USA's server, consumed from Japan's stream of what USA sends, over one leaf hop.
 */
async function rawOneProcessRow(nats: NatsNetwork, nc: NatsConnection, c: Counts): Promise<number[]> {
  const jpn = nats.server('JPN');
  const reader = await connect({
    servers: jpn.url,
    user: jpn.admin.user,
    pass: jpn.admin.password,
    noAsyncTraces: true,
  });
  const consumer = await jetstream(reader).consumers.get(inboundStream('USA'), CONSUMER);
  const publish = rawPublisher(nc);
  const messages = await consumer.consume();
  const allRawMs: number[] = [];
  const sent = new Map<string, number>();
  const done = (async () => {
    for await (const m of messages) {
      const t = sent.get(m.string());
      m.ack();
      if (t !== undefined) allRawMs.push(performance.now() - t);
      if (allRawMs.length >= c.samples + c.warmUp) break;
    }
  })();
  for (let i = 0; i < c.samples + c.warmUp; i++) {
    const key = `m${i}`;
    sent.set(key, performance.now());
    await publish('concord.v1.JPN.USA.maritime', key, `raw-${i}`);
    while (allRawMs.length <= i) await new Promise((r) => setImmediate(r));
  }
  await done;
  await reader.close();
  return allRawMs.slice(c.warmUp);
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const c: Counts = { samples: Math.floor(o.samples ?? 3_000), warmUp: Math.floor(o.warmUp ?? 2_000) };
  const dir = mkdtempSync(join(tmpdir(), 'concord-bench-link-'));
  try {
    const warningMs = warningLatencies();
    // The embedded network's stores run at synchronous=NORMAL (see `concord start`); FULL, what a
    // distributed node uses, is measured beside it.
    const net = inProcessNet();
    const inMs = await inProcessRow(net, c, dir, 'normal');
    const inAutoMs = await inProcessRow(net, c, dir, 'normal', 'auto');
    const inFullMs = await inProcessRow(net, c, dir, 'full');

    // NATS JetStream on loopback (Debian's nats-server), one process per node as in the distributed
    // mode: KOR's link here, USA's and JPN's in child processes (bench/link-node.ts). Debian's
    // nats-server (2.9) writes JetStream messages without an fsync each (strace; docs/figures.md);
    // the raw peer has that durability, so the compared row's stores match it (NORMAL: survives
    // kill -9, not power loss). FULL, what `concord node` uses, is measured beside it.
    // One server per nation, connected by leaf nodes, as `network up` runs them.
    const nats = await startTestNatsNetwork({ dir: join(dir, 'nats'), nations: TRILATERAL });
    const usa = nats.server('USA');
    const nc = await connect({
      servers: usa.url,
      user: usa.admin.user,
      pass: usa.admin.password,
      noAsyncTraces: true,
    });
    await leafNodesUp(nc);
    const { natsMs, rawFanOutMs, natsCpuMsPerItem, rawJetStreamCpuMsPerItem, itemsPerS } =
      await natsRowAndPeer(nats, nc, c, dir);
    const natsFullMs = await natsFullRow(nats, c, dir);
    const rawMs = await rawOneProcessRow(nats, nc, c);
    await nc.close();
    await nats.stop();

    const figures = {
      samples: c.samples,
      warmUp: c.warmUp,
      inProcessP50Ms: r3(percentile(inMs, 50)),
      inProcessP99Ms: r3(percentile(inMs, 99)),
      inProcessMaxMs: r3(Math.max(...inMs)),
      inProcessAutoCheckpointP50Ms: r3(percentile(inAutoMs, 50)),
      inProcessAutoCheckpointP99Ms: r3(percentile(inAutoMs, 99)),
      inProcessAutoCheckpointMaxMs: r3(Math.max(...inAutoMs)),
      inProcessSyncFullP50Ms: r3(percentile(inFullMs, 50)),
      inProcessSyncFullP99Ms: r3(percentile(inFullMs, 99)),
      natsP50Ms: r3(percentile(natsMs, 50)),
      natsP99Ms: r3(percentile(natsMs, 99)),
      natsMaxMs: r3(Math.max(...natsMs)),
      rawJetStreamP50Ms: r3(percentile(rawFanOutMs, 50)),
      rawJetStreamP99Ms: r3(percentile(rawFanOutMs, 99)),
      rawJetStreamMaxMs: r3(Math.max(...rawFanOutMs)),
      natsP99Ratio: r3(percentile(natsMs, 99) / percentile(rawFanOutMs, 99)),
      rawJetStreamOneProcessP50Ms: r3(percentile(rawMs, 50)),
      rawJetStreamOneProcessP99Ms: r3(percentile(rawMs, 99)),
      natsP99RatioOneProcess: r3(percentile(natsMs, 99) / percentile(rawMs, 99)),
      natsSyncFullP50Ms: r3(percentile(natsFullMs, 50)),
      natsSyncFullP99Ms: r3(percentile(natsFullMs, 99)),
      itemsPerS: Math.round(itemsPerS),
      /** CPU time per item of the NATS row and its peer, ms, per process (all threads) and in total; null off Linux. */
      natsCpuMsPerItem,
      rawJetStreamCpuMsPerItem,
      warningP50Ms: r3(percentile(warningMs, 50)),
      warningP99Ms: r3(percentile(warningMs, 99)),
      warningMaxMs: r3(Math.max(...warningMs)),
      warningSamples: warningMs.length,
      targets: { inProcessP99Ms: 2, natsP99Ratio: 2, warningP99Ms: 20 },
      /** This process's Node flags: the in-process rows run here (`npm start` adds NODE_RUNTIME_FLAGS). */
      nodeFlags: process.execArgv.join(' '),
      ed25519Backend,
    };
    if (!o.json) {
      printTable(
        `link latency: a track update at KOR to that item at both partners (USA, JPN), one at a time; ${c.samples} items per row after ${c.warmUp} warm-up items, the NATS row and its peer in ${ROUNDS} alternating rounds`,
        [
          ['', 'p50 ms', 'p99 ms', 'max ms', 'target'],
          [
            'in-process (synchronous=NORMAL)',
            String(figures.inProcessP50Ms),
            String(figures.inProcessP99Ms),
            String(figures.inProcessMaxMs),
            `p99 <= 2 ms (${verdict(figures.inProcessP99Ms <= 2)})`,
          ],
          [
            'in-process, checkpoints in the commit (SQLite default)',
            String(figures.inProcessAutoCheckpointP50Ms),
            String(figures.inProcessAutoCheckpointP99Ms),
            String(figures.inProcessAutoCheckpointMaxMs),
            '',
          ],
          [
            'in-process, synchronous=FULL',
            String(figures.inProcessSyncFullP50Ms),
            String(figures.inProcessSyncFullP99Ms),
            '',
            '',
          ],
          [
            'NATS JetStream (synchronous=NORMAL)',
            String(figures.natsP50Ms),
            String(figures.natsP99Ms),
            String(figures.natsMaxMs),
            `p99 <= 2x raw (${figures.natsP99Ratio}x: ${verdict(figures.natsP99Ratio <= 2)})`,
          ],
          [
            'NATS JetStream, synchronous=FULL',
            String(figures.natsSyncFullP50Ms),
            String(figures.natsSyncFullP99Ms),
            '',
            '',
          ],
          [
            'peer: raw JetStream, two consumer processes',
            String(figures.rawJetStreamP50Ms),
            String(figures.rawJetStreamP99Ms),
            String(figures.rawJetStreamMaxMs),
            '1x',
          ],
          [
            'raw JetStream, consumer in the publisher',
            String(figures.rawJetStreamOneProcessP50Ms),
            String(figures.rawJetStreamOneProcessP99Ms),
            '',
            `(NATS p99 = ${figures.natsP99RatioOneProcess}x)`,
          ],
        ],
      );
      process.stdout.write(
        `throughput over NATS with signing and verification: ${figures.itemsPerS} deliveries/s (Ed25519 by ${figures.ed25519Backend})\n` +
          `CPU time per item, ms (all threads, from /proc): NATS row ${cpuLine(figures.natsCpuMsPerItem)}; its peer ${cpuLine(figures.rawJetStreamCpuMsPerItem)}\n` +
          'Concord latency includes signing, the SQLite outbox, verification, the releasability re-check and the inbox;\n' +
          'the raw peer publishes each message to two subjects, consumed in two other processes (as USA and JPN are),\n' +
          'and a message has arrived when both have it; nats-server writes them without an fsync each. The NORMAL\n' +
          'rows match that durability (survive kill -9, not power loss), as the embedded network does; the FULL rows fsync\n' +
          'every commit (outbox, delivery, inbox), as `concord node` does.\n' +
          `in-process rows run in this process, Node flags: '${figures.nodeFlags}' (the nodes run with ${NODE_RUNTIME_FLAGS.join(' ')})\n` +
          `track update -> warning at JPN (IRBM scenario, ${figures.warningSamples} updates): p50 ${figures.warningP50Ms} ms, ` +
          `p99 ${figures.warningP99Ms} ms, max ${figures.warningMaxMs} ms (target p99 <= 20 ms: ${verdict(figures.warningP99Ms <= 20)})\n`,
      );
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuLine = (c: Record<string, number> | null | undefined) =>
  c
    ? `${c.total} (${Object.entries(c)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`
    : 'not measured (no /proc)';
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const r3 = (x: number) => Math.round(x * 1000) / 1000;
