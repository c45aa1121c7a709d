import type { Nation } from '../domain/index.js';
import {
  type AisFeedSpec,
  type AttachedFeeds,
  aisFeedSpecsOf,
  attachAisFeeds,
  type NmeaSink,
  parseAisFeedSpecs,
} from '../feeds/index.js';
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

/** The `--ais NATION=URL` values of a command line, parsed and checked against the nations run. */
export function aisOption(values: readonly string[], nations: readonly Nation[]): AisFeedSpec[] {
  const specs = parseAisFeedSpecs(values);
  checkFeedNations(specs, nations, '--ais');
  return specs;
}

/**
 * A node's feeds: its configuration's `ais:` entries and its `--ais` options, all for its own
 * nation, no address twice.
 */
export function nodeFeedSpecs(
  config: readonly { nation: string; url: string }[],
  configFile: string,
  values: readonly string[],
  self: Nation,
): AisFeedSpec[] {
  const fromConfig = aisFeedSpecsOf(config, configFile);
  checkFeedNations(fromConfig, [self], `${configFile} (ais)`);
  const fromOptions = aisOption(values, [self]);
  for (const s of fromOptions)
    if (fromConfig.some((c) => c.url === s.url))
      throw new UsageError(`--ais ${s.nation}=${s.url}: already in ${configFile} (ais)`);
  return [...fromConfig, ...fromOptions];
}

/** A node's maritime desk, when it has one: what a feed's lines go into. */
interface MaritimeDesk {
  ingestNmea: NmeaSink;
}

function deskOf(node: unknown): MaritimeDesk | undefined {
  const desk = (node as { maritime?: Partial<MaritimeDesk> } | undefined)?.maritime;
  return desk && typeof desk.ingestNmea === 'function' ? (desk as MaritimeDesk) : undefined;
}

export interface RunningFeeds {
  readonly attached: AttachedFeeds;
  close(): Promise<void>;
}

/**
 * Opens the feeds into their nations' nodes: each line goes to `node.maritime.ingestNmea(line,
 * receivedAtMs, source)` where the node has a maritime desk; where it has none, the line is
 * counted only, and the start says so. Every `FEED_STATUS_EVERY_MS` the counters of the feeds
 * that changed are printed (`say`), so a user sees lines arrive.
 */
export async function startAisFeeds(
  specs: readonly AisFeedSpec[],
  nodes: ReadonlyMap<Nation, unknown>,
  say: (text: string) => void,
): Promise<RunningFeeds | undefined> {
  if (specs.length === 0) return undefined;
  const counted = () => {};
  const attached = attachAisFeeds(
    specs,
    (n) => {
      const desk = deskOf(nodes.get(n));
      return desk ? (line, atMs, source) => desk.ingestNmea(line, atMs, source) : counted;
    },
    say,
  );
  for (const { spec } of attached.feeds) {
    const into = deskOf(nodes.get(spec.nation))
      ? "into its node's maritime picture"
      : 'counted only: this node has no maritime picture to ingest them';
    const how =
      spec.protocol === 'udp' ? 'listening for NMEA datagrams on' : 'connecting to the NMEA server at';
    say(`${spec.nation} AIS feed: ${how} ${spec.url}, lines ${into}`);
  }
  for (const { spec, feed } of attached.feeds) {
    try {
      await feed.ready;
    } catch (err) {
      await attached.close();
      throw new UsageError(
        `--ais ${spec.nation}=${spec.url}: cannot listen there (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
  }
  let last: string[] = [];
  const report = () => {
    const now = attached.statusLines();
    now.forEach((l, i) => {
      if (l !== last[i]) say(l);
    });
    last = now;
  };
  const timer = setInterval(report, FEED_STATUS_EVERY_MS);
  timer.unref();
  return {
    attached,
    close: async () => {
      clearInterval(timer);
      report(); // the last counts, before the feeds go
      await attached.close();
    },
  };
}
