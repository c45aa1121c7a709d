import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { InputError } from '../domain/errors.js';
import type { Nation } from '../domain/nations.js';
import type { CotReading } from '../interop/cot-in.js';
import type { ContactSink } from './attach.js';
import { DEFAULT_RECORD_TIME_BOUNDS, RecordClock, type RecordTimeBounds } from './record-time.js';
import type { AisFeedSpec } from './url.js';

/** What a CoT feed has seen so far. */
export interface CotFeedCounts {
  datagrams: number;
  /** Sea-surface events handed to the node as contacts. */
  contacts: number;
  /** Well-formed events that are not sea-surface objects, or Concord's own. */
  ignored: number;
  /** Datagrams refused (each told to the log, the first 20 and then every thousandth). */
  bad: number;
  /** Times the node's sink threw (the contact is lost, the feed goes on). */
  sinkErrors: number;
  up: boolean;
}

export interface AttachedCotFeeds {
  readonly feeds: readonly {
    readonly spec: AisFeedSpec;
    counts(): CotFeedCounts;
    localPort(): number | undefined;
  }[];
  /** Resolves when every feed is listening; rejects on a bind failure. */
  readonly ready: Promise<void>;
  /** One line per feed: `JPN CoT feed udp://0.0.0.0:4242: 12 datagrams, 9 contacts, 1 bad, listening`. */
  statusLines(): string[];
  close(): Promise<void>;
}

const BAD_TOLD = 20;

/**
 * Listens for CoT events from TAK clients (`--cot NATION=udp://HOST:PORT`, one event per datagram,
 * unicast; a multicast group is joined when HOST is one, e.g. udp://239.2.3.1:6969): each
 * sea-surface object (a friendly ship's report of itself, a spotter's mark on a vessel) goes to its
 * nation's node as a sensor contact (`options.read`: interop's `readCotEvent`), its time bounded against its receive time. A
 * bad datagram is counted and told to `log` naming the feed, the datagram's number and sender, and
 * the field; nothing a TAK client sends throws. Only UDP: a TCP address is refused here.
 */
export function attachCotFeeds(
  specs: readonly AisFeedSpec[],
  sinkFor: (nation: Nation) => ContactSink,
  log: (text: string) => void,
  options: {
    /**
     * The reader of one event (interop's `readCotEvent`), handed in so that the feeds, which
     * `concord ais` loads, do not load an XML parser.
     */
    readonly read: (text: string, input: string) => CotReading;
    readonly timeBounds?: RecordTimeBounds;
    readonly nowMs?: () => number;
  },
): AttachedCotFeeds {
  for (const s of specs)
    if (s.protocol !== 'udp')
      throw new InputError(
        { input: '--cot' },
        `${s.nation}=${s.url}: CoT feeds listen on udp://HOST:PORT only`,
      );
  const nowMs = options.nowMs ?? Date.now;
  const feeds = specs.map((spec) => {
    const c: CotFeedCounts = { datagrams: 0, contacts: 0, ignored: 0, bad: 0, sinkErrors: 0, up: false };
    const say = (t: string) => log(`${spec.nation} CoT feed: ${t}`);
    const clock = new RecordClock(options.timeBounds ?? DEFAULT_RECORD_TIME_BOUNDS);
    const sink = sinkFor(spec.nation);
    const multicast = /^2(2[4-9]|3\d)\./.test(spec.host) || spec.host.toLowerCase().startsWith('ff');
    const socket: Socket = createSocket({ type: isIPv6(spec.host) ? 'udp6' : 'udp4', reuseAddr: multicast });
    socket.on('message', (msg, from) => {
      const n = ++c.datagrams;
      const input = `${spec.url} datagram ${n} from ${from.address}:${from.port}`;
      try {
        const r = options.read(msg.toString('utf8'), input);
        if (r.kind === 'ignored') {
          c.ignored++;
          return;
        }
        const atMs = nowMs();
        try {
          sink({ ...r.contact, tMs: clock.timeOf(r.contact.tMs, atMs) }, spec.url);
          c.contacts++;
        } catch (err) {
          if (c.sinkErrors++ % 1000 === 0)
            say(`sink failed (${err instanceof Error ? err.message : String(err)})`);
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const b = ++c.bad;
        if (b <= BAD_TOLD || b % 1000 === 0)
          say(`${err.message}${b === BAD_TOLD ? ' (further bad datagrams: every 1,000th told)' : ''}`);
      }
    });
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('listening', () => {
        if (multicast) socket.addMembership(spec.host);
        c.up = true;
        say(`listening for CoT on ${spec.url}`);
        resolve();
      });
      socket.on('error', (err) => {
        say(`${spec.url}: ${err.message}`);
        if (!c.up) reject(err);
      });
    });
    ready.catch(() => {});
    socket.bind(spec.port, multicast ? undefined : spec.host);
    return {
      spec,
      ready,
      counts: () => ({ ...c }),
      localPort: () => (c.up ? socket.address().port : undefined),
      close: () =>
        new Promise<void>((resolve) => {
          if (!c.up) return resolve();
          c.up = false;
          socket.close(() => resolve());
        }),
    };
  });
  const ready = Promise.all(feeds.map((f) => f.ready)).then(() => {});
  ready.catch(() => {});
  const n = (x: number) => x.toLocaleString('en-US');
  return {
    feeds,
    ready,
    statusLines: () =>
      feeds.map(({ spec, counts }) => {
        const c = counts();
        const parts = [`${n(c.datagrams)} datagrams`, `${n(c.contacts)} contacts`];
        if (c.ignored > 0) parts.push(`${n(c.ignored)} ignored`);
        if (c.bad > 0) parts.push(`${n(c.bad)} bad`);
        if (c.sinkErrors > 0) parts.push(`${n(c.sinkErrors)} sink errors`);
        parts.push(c.up ? 'listening' : 'not listening');
        return `${spec.nation} CoT feed ${spec.url}: ${parts.join(', ')}`;
      }),
    close: async () => {
      await Promise.all(feeds.map((f) => f.close()));
    },
  };
}
