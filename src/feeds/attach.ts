import type { Nation } from '../domain/nations.js';
import type { Contact } from '../maritime/index.js';
import { type ContactLineCounts, ContactLineReader } from './contact-lines.js';
import type { FeedCounters } from './counters.js';
import { type AisFeed, type AisFeedOptions, type NmeaSink, openAisFeed } from './feed.js';
import {
  DEFAULT_RECORD_TIME_BOUNDS,
  RecordClock,
  type RecordTimeBounds,
  type RecordTimeCounts,
  tagTimeMs,
} from './record-time.js';
import type { AisFeedSpec } from './url.js';

/** Takes one sensor contact from a feed (`node.maritime.ingestContact(contact, source)`), its time already bounded. */
export type ContactSink = (contact: Contact, source: string) => void;

export interface AttachOptions extends Omit<AisFeedOptions, 'log' | 'source'> {
  /** How far a record's own time may lie from its receive time (default DEFAULT_RECORD_TIME_BOUNDS). */
  readonly timeBounds?: RecordTimeBounds;
}

export interface AttachedFeed {
  readonly spec: AisFeedSpec;
  readonly feed: AisFeed;
  /** The feed's record times: own times seen, re-anchorings. */
  readonly times: RecordTimeCounts;
  /** A contacts feed's lines: headers, contacts, bad lines. */
  readonly contacts?: ContactLineCounts;
}

export interface AttachedFeeds {
  readonly feeds: readonly AttachedFeed[];
  /** Resolves when every UDP feed is bound and every TCP feed has tried once; rejects on a bind failure. */
  readonly ready: Promise<void>;
  /** One line per feed: `JPN AIS feed udp://0.0.0.0:10110: 1,204 lines, 3 garbage, up`. */
  statusLines(): string[];
  close(): Promise<void>;
}

/**
 * Opens every `--ais` feed, each line to its nation's sink, each event to `log` prefixed with
 * the nation and address: the CLI's wiring in one call. A line goes with its record time: its tag
 * block's `c:` where it has one, bounded against its receive time by the feed's `RecordClock`
 * (receive time where it has none).
 *
 * @example
 * const feeds = attachAisFeeds(parseAisFeedSpecs(o.ais), (n) => nodes.get(n)!.maritime.ingestNmea, say);
 */
export function attachAisFeeds(
  specs: readonly AisFeedSpec[],
  sinkFor: (nation: Nation) => NmeaSink,
  log: (text: string) => void,
  options: AttachOptions = {},
): AttachedFeeds {
  const feeds = specs.map((spec): AttachedFeed => {
    const clock = new RecordClock(options.timeBounds ?? DEFAULT_RECORD_TIME_BOUNDS);
    const sink = sinkFor(spec.nation);
    return {
      spec,
      times: clock.counts,
      feed: openAisFeed(
        spec,
        (line, atMs, source) => sink(line, clock.timeOf(tagTimeMs(line), atMs), source),
        {
          ...options,
          source: spec.url,
          log: (text) => log(`${spec.nation} AIS feed: ${text}`),
        },
      ),
    };
  });
  return attached(feeds, 'AIS');
}

/** Bad lines of a contacts feed told in full before only every thousandth is. */
const BAD_LINES_TOLD = 20;

/**
 * Opens every `--contacts` feed: each line a row of the contacts CSV (`ContactLineReader`: a
 * header line optional, columns by name), each contact to its nation's sink with its time bounded
 * against its receive time (`RecordClock`). A bad line is counted and told to `log` naming the
 * feed, the line, the column and the field (the first 20, then every thousandth); nothing a feed
 * sends throws.
 */
export function attachContactFeeds(
  specs: readonly AisFeedSpec[],
  sinkFor: (nation: Nation) => ContactSink,
  log: (text: string) => void,
  options: AttachOptions = {},
): AttachedFeeds {
  const feeds = specs.map((spec): AttachedFeed => {
    const clock = new RecordClock(options.timeBounds ?? DEFAULT_RECORD_TIME_BOUNDS);
    const reader = new ContactLineReader(spec.url);
    const sink = sinkFor(spec.nation);
    const say = (text: string) => log(`${spec.nation} contacts feed: ${text}`);
    const onLine: NmeaSink = (line, atMs, source) => {
      const r = reader.line(line);
      if (r.kind === 'contact') sink({ ...r.contact, tMs: clock.timeOf(r.contact.tMs, atMs) }, source);
      else if (r.kind === 'bad') {
        const n = reader.counts.bad;
        if (n <= BAD_LINES_TOLD || n % 1000 === 0)
          say(`${r.error.message}${n === BAD_LINES_TOLD ? ' (further bad lines: every 1,000th told)' : ''}`);
      }
    };
    return {
      spec,
      times: clock.counts,
      contacts: reader.counts,
      feed: openAisFeed(spec, onLine, { ...options, source: spec.url, log: say }),
    };
  });
  return attached(feeds, 'contacts');
}

function attached(feeds: readonly AttachedFeed[], what: 'AIS' | 'contacts'): AttachedFeeds {
  const ready = Promise.all(feeds.map((f) => f.feed.ready)).then(() => {});
  // A caller that awaits each feed's own `ready` instead must not leave this one unhandled.
  ready.catch(() => {});
  return {
    feeds,
    ready,
    statusLines: () =>
      feeds.map(
        ({ spec, feed, times, contacts }) =>
          `${spec.nation} ${what} feed ${spec.url}: ${describeCounters(feed.counters(), spec.protocol, times, contacts)}`,
      ),
    close: async () => {
      await Promise.all(feeds.map((f) => f.feed.close()));
    },
  };
}

/**
 * `1,204 lines, 3 garbage, 2 reconnects, up` — zero counts other than lines left out; a contacts
 * feed adds its contacts and bad lines, any feed the times it re-anchored.
 */
export function describeCounters(
  c: FeedCounters,
  protocol: 'udp' | 'tcp',
  times?: RecordTimeCounts,
  contacts?: ContactLineCounts,
): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(c.lines)} lines`];
  if (contacts) parts.push(`${n(contacts.contacts)} contacts`);
  if (contacts && contacts.bad > 0) parts.push(`${n(contacts.bad)} bad`);
  if (c.garbage > 0) parts.push(`${n(c.garbage)} garbage`);
  if (times && times.reanchored > 0) parts.push(`${n(times.reanchored)} times re-anchored`);
  if (c.reconnects > 0) parts.push(`${n(c.reconnects)} reconnects`);
  if (c.stalls > 0) parts.push(`${n(c.stalls)} stalls`);
  if (c.sinkErrors > 0) parts.push(`${n(c.sinkErrors)} sink errors`);
  const state =
    protocol === 'udp' ? (c.up ? 'listening' : 'not listening') : c.up ? 'connected' : 'not connected';
  parts.push(c.lastError !== null && !c.up ? `${state} (${c.lastError})` : state);
  return parts.join(', ');
}
