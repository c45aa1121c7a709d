/**
 * Live AIS feeds, the I/O edge of the maritime picture: NMEA lines from UDP (receivers and
 * plotters send datagrams) or TCP (AIS-catcher, gpsd), framed, counted and handed to a sink with
 * their receive time; garbage, stalls and disconnects cost a counter and a reconnect, never a
 * throw. And `concord ais replay`'s sender and server, so a feed can be tested without a radio.
 *
 * - `parseAisFeedSpecs(['JPN=udp://0.0.0.0:10110'])`, `aisFeedSpecsOf(config.ais, file)`,
 *   `parseFeedUrl(text, input)`: addresses, with errors naming the bad one.
 * - `openAisFeed(url, sink, options)` -> `AisFeed` (`counters()`, `ready`, `close()`);
 *   `attachAisFeeds(specs, sinkFor, log)` opens a nation's feeds into its sink;
 *   `attachContactFeeds(specs, sinkFor, log)` the same for sensor contacts (CSV lines,
 *   `ContactLineReader`); `attachCotFeeds(specs, sinkFor, log)` CoT events from TAK clients
 *   (UDP datagrams) as contacts.
 * - Record times: `RecordClock` takes a record's own time (a tag block's `c:`, a contact's
 *   `time`) within bounds of its receive time, re-anchoring a sender's clock that leaves them.
 * - `replaySchedule(lines, { speed, ratePerS })` (pure), `replayUdp`, `serveReplayTcp`.
 * - Pure parts: `LineFramer`, `backoffMs`, `packDatagrams`.
 */

export {
  type AttachedFeed,
  type AttachedFeeds,
  type AttachOptions,
  attachAisFeeds,
  attachContactFeeds,
  type ContactSink,
  describeCounters,
} from './attach.js';
export { type BackoffOptions, backoffMs, DEFAULT_BACKOFF } from './backoff.js';
export {
  type ContactLine,
  type ContactLineCounts,
  ContactLineReader,
  DEFAULT_CONTACT_COLUMNS,
} from './contact-lines.js';
export { type AttachedCotFeeds, attachCotFeeds, type CotFeedCounts } from './cot.js';
export type { FeedCounters } from './counters.js';
export { type AisFeed, type AisFeedOptions, DEFAULT_STALL_MS, type NmeaSink, openAisFeed } from './feed.js';
export { DEFAULT_MAX_LINE_BYTES, type FramerCounts, LineFramer } from './framing.js';
export {
  DEFAULT_RECORD_TIME_BOUNDS,
  RecordClock,
  type RecordTimeBounds,
  type RecordTimeCounts,
  tagTimeMs,
} from './record-time.js';
export {
  MAX_DATAGRAM_BYTES,
  packDatagrams,
  type ReplayCounts,
  type ReplayServer,
  replayUdp,
  serveReplayTcp,
} from './replay.js';
export {
  DEFAULT_REPLAY_RATE_PER_S,
  replaySchedule,
  type ScheduledMessage,
  type ScheduleOptions,
} from './schedule.js';
export {
  type AisFeedSpec,
  aisFeedSpecsOf,
  type FeedAddress,
  parseAisFeedSpecs,
  parseFeedUrl,
} from './url.js';
