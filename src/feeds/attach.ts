import type { Nation } from '../domain/nations.js';
import type { FeedCounters } from './counters.js';
import { type AisFeed, type AisFeedOptions, type NmeaSink, openAisFeed } from './feed.js';
import type { AisFeedSpec } from './url.js';

export interface AttachedFeeds {
  readonly feeds: readonly { readonly spec: AisFeedSpec; readonly feed: AisFeed }[];
  /** Resolves when every UDP feed is bound and every TCP feed has tried once; rejects on a bind failure. */
  readonly ready: Promise<void>;
  /** One line per feed: `JPN AIS feed udp://0.0.0.0:10110: 1,204 lines, 3 garbage, up`. */
  statusLines(): string[];
  close(): Promise<void>;
}

/**
 * Opens every `--ais` feed, each line to its nation's sink, each event to `log` prefixed with
 * the nation and address: the CLI's wiring in one call.
 *
 * @example
 * const feeds = attachAisFeeds(parseAisFeedSpecs(o.ais), (n) => nodes.get(n)!.maritime.ingestNmea, say);
 */
export function attachAisFeeds(
  specs: readonly AisFeedSpec[],
  sinkFor: (nation: Nation) => NmeaSink,
  log: (text: string) => void,
  options: Omit<AisFeedOptions, 'log' | 'source'> = {},
): AttachedFeeds {
  const feeds = specs.map((spec) => ({
    spec,
    feed: openAisFeed(spec, sinkFor(spec.nation), {
      ...options,
      source: spec.url,
      log: (text) => log(`${spec.nation} AIS feed: ${text}`),
    }),
  }));
  const ready = Promise.all(feeds.map((f) => f.feed.ready)).then(() => {});
  // A caller that awaits each feed's own `ready` instead must not leave this one unhandled.
  ready.catch(() => {});
  return {
    feeds,
    ready,
    statusLines: () =>
      feeds.map(
        ({ spec, feed }) =>
          `${spec.nation} AIS feed ${spec.url}: ${describeCounters(feed.counters(), spec.protocol)}`,
      ),
    close: async () => {
      await Promise.all(feeds.map((f) => f.feed.close()));
    },
  };
}

/** `1,204 lines, 3 garbage, 2 reconnects, up` — zero counts other than lines left out. */
export function describeCounters(c: FeedCounters, protocol: 'udp' | 'tcp'): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(c.lines)} lines`];
  if (c.garbage > 0) parts.push(`${n(c.garbage)} garbage`);
  if (c.reconnects > 0) parts.push(`${n(c.reconnects)} reconnects`);
  if (c.stalls > 0) parts.push(`${n(c.stalls)} stalls`);
  if (c.sinkErrors > 0) parts.push(`${n(c.sinkErrors)} sink errors`);
  const state =
    protocol === 'udp' ? (c.up ? 'listening' : 'not listening') : c.up ? 'connected' : 'not connected';
  parts.push(c.lastError !== null && !c.up ? `${state} (${c.lastError})` : state);
  return parts.join(', ');
}
