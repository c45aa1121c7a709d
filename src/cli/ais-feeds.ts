import type { Nation } from '../domain/index.js';
import {
  type AisFeedSpec,
  type AttachedCotFeeds,
  type AttachedFeeds,
  aisFeedSpecsOf,
  attachAisFeeds,
  attachContactFeeds,
  attachCotFeeds,
  type ContactSink,
  type NmeaSink,
  parseAisFeedSpecs,
} from '../feeds/index.js';
import { readCotEvent } from '../interop/index.js';
import { UsageError } from './usage.js';

/** How often the feeds' counters are printed (only those that changed). */
export const FEED_STATUS_EVERY_MS = 10_000;

/** Commander's collector for a repeatable option. */
export const collect = (value: string, list: string[]): string[] => [...list, value];

/** `--ais` values checked against the nations this process runs (`input` names the option or file). */
export function checkFeedNations(
  specs: readonly AisFeedSpec[],
  nations: readonly Nation[],
  input: string,
): void {
  for (const s of specs)
    if (!nations.includes(s.nation))
      throw new UsageError(
        `${input}: ${s.nation}=${s.url}: this process runs ${nations.join(', ')}; a feed goes to one of them`,
      );
}

/**
 * The `--ais NATION=URL` values of a command line (or `--contacts`, named by `option`), parsed and
 * checked against the nations run.
 */
export function aisOption(
  values: readonly string[],
  nations: readonly Nation[],
  option: '--ais' | '--contacts' | '--cot' = '--ais',
): AisFeedSpec[] {
  const specs = parseAisFeedSpecs(values, option);
  checkFeedNations(specs, nations, option);
  return specs;
}

/**
 * A node's feeds of one kind: its configuration's `ais:` (or `contacts:`) entries and its `--ais`
 * (or `--contacts`) options, all for its own nation, no address twice.
 */
export function nodeFeedSpecs(
  config: readonly { nation: string; url: string }[],
  configFile: string,
  values: readonly string[],
  self: Nation,
  kind: 'ais' | 'contacts' = 'ais',
): AisFeedSpec[] {
  const fromConfig = aisFeedSpecsOf(config, configFile, kind);
  checkFeedNations(fromConfig, [self], `${configFile} (${kind})`);
  const fromOptions = aisOption(values, [self], `--${kind}`);
  for (const s of fromOptions)
    if (fromConfig.some((c) => c.url === s.url))
      throw new UsageError(`--${kind} ${s.nation}=${s.url}: already in ${configFile} (${kind})`);
  return [...fromConfig, ...fromOptions];
}

/** An address is one socket: an AIS feed, a contacts feed and a CoT feed cannot share one. */
export function checkFeedsApart(
  ais: readonly AisFeedSpec[],
  contacts: readonly AisFeedSpec[],
  cot: readonly AisFeedSpec[] = [],
): void {
  for (const c of contacts)
    if (ais.some((a) => a.url === c.url))
      throw new UsageError(`--contacts ${c.nation}=${c.url}: that address is an AIS feed (--ais) already`);
  for (const c of cot) {
    if (ais.some((a) => a.url === c.url))
      throw new UsageError(`--cot ${c.nation}=${c.url}: that address is an AIS feed (--ais) already`);
    if (contacts.some((a) => a.url === c.url))
      throw new UsageError(
        `--cot ${c.nation}=${c.url}: that address is a contacts feed (--contacts) already`,
      );
    if (c.protocol !== 'udp')
      throw new UsageError(
        `--cot ${c.nation}=${c.url}: a CoT feed listens on udp://HOST:PORT (TAK clients send datagrams)`,
      );
  }
}

/** A node's maritime desk, when it has one: what a feed's lines and contacts go into. */
interface MaritimeDesk {
  ingestNmea: NmeaSink;
  ingestContact: ContactSink;
}

function deskOf(node: unknown): Partial<MaritimeDesk> | undefined {
  return (node as { maritime?: Partial<MaritimeDesk> } | undefined)?.maritime;
}

/** The node's sink for one kind of feed, when its desk has one. */
function sinkOf<K extends keyof MaritimeDesk>(node: unknown, kind: K): MaritimeDesk[K] | undefined {
  const desk = deskOf(node);
  const f = desk?.[kind];
  return typeof f === 'function' ? (f.bind(desk) as MaritimeDesk[K]) : undefined;
}

export interface RunningFeeds {
  readonly attached: AttachedFeeds;
  /** The `--contacts` feeds. */
  readonly contacts: AttachedFeeds;
  /** The `--cot` feeds. */
  readonly cot: AttachedCotFeeds;
  close(): Promise<void>;
}

/**
 * Opens the feeds into their nations' nodes: each AIS line goes to `node.maritime.ingestNmea(line,
 * atMs, source)`, each contact of a contacts feed to `node.maritime.ingestContact(contact,
 * source)`, where the node has a maritime desk; where it has none, they are counted only, and the
 * start says so. Every `FEED_STATUS_EVERY_MS` the counters of the feeds that changed are printed
 * (`say`), so a user sees lines arrive.
 */
export async function startAisFeeds(
  specs: readonly AisFeedSpec[],
  nodes: ReadonlyMap<Nation, unknown>,
  say: (text: string) => void,
  contactSpecs: readonly AisFeedSpec[] = [],
  cotSpecs: readonly AisFeedSpec[] = [],
): Promise<RunningFeeds | undefined> {
  if (specs.length === 0 && contactSpecs.length === 0 && cotSpecs.length === 0) return undefined;
  checkFeedsApart(specs, contactSpecs, cotSpecs);
  const counted = () => {};
  const ais = attachAisFeeds(specs, (n) => sinkOf(nodes.get(n), 'ingestNmea') ?? counted, say);
  const contacts = attachContactFeeds(
    contactSpecs,
    (n) => sinkOf(nodes.get(n), 'ingestContact') ?? counted,
    say,
  );
  const cot = attachCotFeeds(cotSpecs, (n) => sinkOf(nodes.get(n), 'ingestContact') ?? counted, say, {
    read: readCotEvent,
  });
  const all = [
    ...ais.feeds.map((f) => ({
      ...f,
      what: 'AIS',
      option: '--ais',
      carries: 'NMEA',
      sink: 'ingestNmea' as const,
    })),
    ...contacts.feeds.map((f) => ({
      ...f,
      what: 'contacts',
      option: '--contacts',
      carries: 'contact CSV',
      sink: 'ingestContact' as const,
    })),
  ];
  for (const { spec, what, carries, sink } of all) {
    const into = sinkOf(nodes.get(spec.nation), sink)
      ? "into its node's maritime picture"
      : 'counted only: this node has no maritime picture to ingest them';
    const how =
      spec.protocol === 'udp'
        ? `listening for ${carries} datagrams on`
        : `connecting to the ${carries} server at`;
    say(`${spec.nation} ${what} feed: ${how} ${spec.url}, lines ${into}`);
  }
  for (const { spec } of cot.feeds) {
    const into = sinkOf(nodes.get(spec.nation), 'ingestContact')
      ? "sea-surface objects into its node's maritime picture as contacts"
      : 'counted only: this node has no maritime picture to ingest them';
    say(`${spec.nation} CoT feed: listening for CoT datagrams from TAK clients on ${spec.url}, ${into}`);
  }
  const closeAll = async () => {
    await Promise.all([ais.close(), contacts.close(), cot.close()]);
  };
  for (const { spec, feed, option } of all) {
    try {
      await feed.ready;
    } catch (err) {
      await closeAll();
      throw new UsageError(
        `${option} ${spec.nation}=${spec.url}: cannot listen there (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
  }
  try {
    await cot.ready;
  } catch (err) {
    await closeAll();
    const bad = cot.feeds.find((f) => f.localPort() === undefined);
    throw new UsageError(
      `--cot ${bad ? `${bad.spec.nation}=${bad.spec.url}` : ''}: cannot listen there (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let last: string[] = [];
  const report = () => {
    const now = [...ais.statusLines(), ...contacts.statusLines(), ...cot.statusLines()];
    now.forEach((l, i) => {
      if (l !== last[i]) say(l);
    });
    last = now;
  };
  const timer = setInterval(report, FEED_STATUS_EVERY_MS);
  timer.unref();
  return {
    attached: ais,
    contacts,
    cot,
    close: async () => {
      clearInterval(timer);
      report(); // the last counts, before the feeds go
      await closeAll();
    },
  };
}
