import type { Command } from 'commander';
import type { Nation } from '../../domain/index.js';
import { isNation, TRILATERAL } from '../../domain/index.js';
import {
  type ApiBodies,
  type CotEvent,
  type CotSink,
  cotEventsOf,
  cotEventXml,
  exportFromApi,
  nationExport,
  openCotSink,
} from '../../interop/index.js';
import { SHARING_POLICIES } from '../../link/index.js';
import { endQuietlyOnClosedPipe } from '../pipe.js';
import { scenarioNetwork } from '../scenario-network.js';
import { UsageError } from '../usage.js';

interface Options {
  scenario?: string;
  node?: string;
  token?: string;
  nation: string;
  to: string;
  speed: string;
  from: string;
  until?: string;
  every: string;
  stale?: string;
  count?: string;
  ttl: string;
  seed: string;
  policy: string;
  friends?: string;
}

/** How often a status line is printed, wall-clock ms. */
const STATUS_EVERY_MS = 10_000;

export function registerCot(program: Command): void {
  program
    .command('cot')
    .description(
      "stream a nation's picture to TAK (ATAK, WinTAK, iTAK, TAK Server) as Cursor-on-Target events: missiles, predicted impact and overflight points, warned areas, vessels; from the embedded network run on a scenario, or from a running node's API",
    )
    .requiredOption(
      '--to <url>',
      "udp://HOST:PORT (one event per datagram; a multicast group such as TAK's SA group udp://239.2.3.1:6969) or tcp://HOST:PORT (a stream of events, e.g. a TAK server's CoT input)",
    )
    .requiredOption('--nation <code>', 'whose picture, e.g. JPN')
    .option('--scenario <name>', 'bundled scenario name or YAML file: run the embedded network on it')
    .option('--node <url>', "a running node's API, e.g. http://127.0.0.1:7400 (with --token)")
    .option('--token <token>', "an operator token of the nation's node (with --node)")
    .option('--speed <x>', 'scenario seconds per wall-clock second (with --scenario)', '4')
    .option(
      '--from <seconds>',
      'scenario second to start streaming at (with --scenario; run there at once)',
      '0',
    )
    .option('--until <seconds>', 'scenario second to stop at (with --scenario; default its end)')
    .option('--every <seconds>', 'wall-clock seconds between sends of the whole picture', '1')
    .option('--stale <seconds>', 'how long each event holds (default 5 sends, at least 10 s)')
    .option('--count <n>', 'stop after this many sends')
    .option('--ttl <hops>', 'multicast TTL', '1')
    .option('--seed <n>', 'random seed of the simulated sensors (with --scenario)', '1')
    .option(
      '--policy <policy>',
      `sharing policy (with --scenario): ${SHARING_POLICIES.join(', ')}`,
      'trilateral',
    )
    .option(
      '--friends <nations>',
      "flags whose state vessels show as friends, besides the nation's own (default: the scenario's nations; with --node USA,JPN,KOR)",
    )
    .action(async (o: Options) => {
      endQuietlyOnClosedPipe();
      if ((o.scenario === undefined) === (o.node === undefined))
        throw new UsageError('give either --scenario or --node (and --token)');
      const everyMs = seconds(o.every, '--every') * 1000;
      const staleMs =
        o.stale !== undefined ? seconds(o.stale, '--stale') * 1000 : Math.max(10_000, 5 * everyMs);
      const count = o.count !== undefined ? wholeNumber(o.count, '--count') : Number.POSITIVE_INFINITY;
      const ttl = wholeNumber(o.ttl, '--ttl');
      if (ttl < 1 || ttl > 255) throw new UsageError(`--ttl must be 1 to 255, not '${o.ttl}'`);
      const friends = o.friends !== undefined ? nations(o.friends) : undefined;
      const say = (text: string) => process.stdout.write(`${text}\n`);
      const sink = openCotSink(o.to, '--to', { ttl, log: (t) => say(`concord cot: ${t}`) });
      try {
        await sink.ready;
      } catch (err) {
        throw new UsageError(`--to ${o.to}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      const stream = new Stream(sink, say);
      try {
        if (o.node !== undefined) await fromNode(o, stream, { everyMs, staleMs, count, friends });
        else await fromScenario(o, stream, { everyMs, staleMs, count, friends });
      } finally {
        stream.report('done');
        await sink.close();
      }
    });
}

interface Pace {
  everyMs: number;
  staleMs: number;
  count: number;
  friends: Nation[] | undefined;
}

/** The sends so far, and the status line. */
class Stream {
  sends = 0;
  events = 0;
  unwritable = 0;
  private lastStatusMs = performance.now();

  constructor(
    readonly sink: CotSink,
    readonly say: (text: string) => void,
  ) {}

  send(events: readonly CotEvent[], label: string): void {
    for (const e of events) {
      let xml: string;
      try {
        xml = cotEventXml(e);
      } catch (err) {
        // A number that cannot be written is a bug upstream: that event is left out, and said.
        if (this.unwritable++ < 10) this.say(`concord cot: ${e.uid} not sent: ${(err as Error).message}`);
        continue;
      }
      this.sink.send(xml);
      this.events++;
    }
    this.sends++;
    if (performance.now() - this.lastStatusMs >= STATUS_EVERY_MS) this.report(label);
  }

  /** Status lines count from now (the network may take a while to prepare). */
  start(): void {
    this.lastStatusMs = performance.now();
  }

  report(label: string): void {
    this.lastStatusMs = performance.now();
    const c = this.sink.counters();
    const n = (x: number) => x.toLocaleString('en-US');
    const extra = [
      c.dropped > 0 ? `${n(c.dropped)} dropped (not connected)` : '',
      c.errors > 0 ? `${n(c.errors)} errors${c.lastError ? ` (${c.lastError})` : ''}` : '',
      this.unwritable > 0 ? `${n(this.unwritable)} unwritable` : '',
    ].filter((s) => s !== '');
    this.say(
      `${label}: ${n(this.sends)} ${this.sends === 1 ? 'send' : 'sends'}, ${n(c.sent)} events sent to ${this.sink.address.url}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`,
    );
  }
}

/** Ends a wait early on Ctrl-C or SIGTERM: the sink is then closed and the command exits 0. */
function interruption(): { readonly stopped: () => boolean; wait(ms: number): Promise<void>; off(): void } {
  let stopped = false;
  let wake: () => void = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stopped: () => stopped,
    wait: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      }),
    off: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** Runs the embedded network at --speed and sends the nation's picture every --every seconds. */
async function fromScenario(o: Options, stream: Stream, pace: Pace): Promise<void> {
  const speed = Number(o.speed);
  if (!(speed > 0 && Number.isFinite(speed)))
    throw new UsageError(`--speed must be a positive number, not '${o.speed}'`);
  const { net, scenario, nation, gather } = scenarioNetwork({ ...o, scenario: o.scenario! });
  const stop = interruption();
  try {
    const fromS = Number(o.from);
    const untilS = o.until !== undefined ? Number(o.until) : scenario.durationS;
    if (!(fromS >= 0 && fromS <= scenario.durationS))
      throw new UsageError(
        `--from must be a scenario second from 0 to ${scenario.durationS}, not '${o.from}'`,
      );
    if (!(untilS >= fromS && untilS <= scenario.durationS))
      throw new UsageError(
        `--until must be a scenario second from --from (${fromS}) to ${scenario.durationS}, not '${o.until}'`,
      );
    const startMs = scenario.startMs + fromS * 1000;
    const endMs = scenario.startMs + untilS * 1000;
    net.runUntil(startMs);
    const node = net.nodes.get(nation)!;
    const friends = pace.friends ?? scenario.nations;
    stream.say(
      `concord cot: ${nation}'s picture of ${scenario.name} from T+${fromS}s to T+${untilS}s at ${speed}x, every ${pace.everyMs / 1000} s, ` +
        `to ${stream.sink.address.url}${stream.sink.multicast ? ' (multicast)' : ''}; events stale after ${pace.staleMs / 1000} s`,
    );
    const wallStart = performance.now();
    stream.start();
    for (;;) {
      const target = Math.min(endMs, startMs + (performance.now() - wallStart) * speed);
      net.runUntil(target);
      const x = nationExport(node, net.sched.nowMs(), gather);
      const label = `T+${Math.round((target - scenario.startMs) / 1000)}s`;
      stream.send(
        cotEventsOf(x, { nowMs: Date.now(), staleMs: pace.staleMs, friends, opex: `s-${scenario.name}` }),
        label,
      );
      if (target >= endMs || stream.sends >= pace.count || stop.stopped()) break;
      await stop.wait(pace.everyMs);
      if (stop.stopped()) break;
    }
  } finally {
    stop.off();
    net.close();
  }
}

/** Reads a running node's picture, warnings, vessels and maritime events every --every seconds and sends them. */
async function fromNode(o: Options, stream: Stream, pace: Pace): Promise<void> {
  if (o.token === undefined) throw new UsageError('--node needs --token (an operator token of the nation)');
  if (!isNation(o.nation)) throw new UsageError(`--nation '${o.nation}' is not a nation code`);
  const nation = o.nation;
  const url = (path: string) => {
    try {
      return new URL(`/api/${nation}/${path}`, o.node);
    } catch {
      throw new UsageError(`--node must be an http(s) URL, not '${o.node}'`);
    }
  };
  const get = async (path: string, optional: boolean): Promise<unknown> => {
    const r = await fetch(url(path), { headers: { authorization: `Bearer ${o.token}` } });
    // A node without a maritime desk has no vessels to give.
    if (optional && r.status === 404) return undefined;
    if (!r.ok) throw new Error(`${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
    return r.json();
  };
  const friends = pace.friends ?? [...TRILATERAL];
  const stop = interruption();
  stream.say(
    `concord cot: ${nation}'s picture from ${o.node}, every ${pace.everyMs / 1000} s, to ${stream.sink.address.url}` +
      `${stream.sink.multicast ? ' (multicast)' : ''}; events stale after ${pace.staleMs / 1000} s`,
  );
  let failing = false;
  stream.start();
  try {
    for (;;) {
      let bodies: ApiBodies | undefined;
      try {
        const [picture, warnings, vessels, events] = await Promise.all([
          get('picture', false),
          get('warnings', false),
          get('vessels', true),
          get('maritime-events', true),
        ]);
        bodies = { picture, warnings, vessels, events };
        if (failing) stream.say(`concord cot: ${o.node} answers again`);
        failing = false;
      } catch (err) {
        const why =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        // The first read tells whether the command line is right; later, a node away is waited for.
        if (stream.sends === 0 && !failing) throw new UsageError(`--node ${o.node}: ${why}`);
        if (!failing)
          stream.say(`concord cot: ${o.node}: ${why}; trying again every ${pace.everyMs / 1000} s`);
        failing = true;
      }
      if (bodies) {
        const { export: x, skipped } = exportFromApi(nation, bodies);
        if (skipped > 0) stream.say(`concord cot: ${skipped} malformed items in ${o.node}'s answer left out`);
        stream.send(
          cotEventsOf(x, { nowMs: Date.now(), staleMs: pace.staleMs, friends }),
          new Date().toISOString(),
        );
      }
      if (stream.sends >= pace.count || stop.stopped()) break;
      await stop.wait(pace.everyMs);
      if (stop.stopped()) break;
    }
  } finally {
    stop.off();
  }
}

function seconds(v: string, option: string): number {
  const n = Number(v);
  if (!(n > 0 && Number.isFinite(n)))
    throw new UsageError(`${option} must be a positive number of seconds, not '${v}'`);
  return n;
}

function wholeNumber(v: string, option: string): number {
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1))
    throw new UsageError(`${option} must be a whole number, 1 or more, not '${v}'`);
  return n;
}

function nations(v: string): Nation[] {
  return v.split(',').map((s) => {
    const n = s.trim().toUpperCase();
    if (!isNation(n)) throw new UsageError(`--friends: '${s}' is not a nation code`);
    return n;
  });
}
