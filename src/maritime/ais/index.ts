/**
 * The AIS codec: NMEA 0183 `!AIVDM`/`!AIVDO` in, gpsd-compatible records out, and back again.
 * Pure: no clock, no disk; callers hand in lines and get records and counts.
 */

export {
  encodeRecord,
  encodeSentences,
  encodeStaticParts,
  type SentenceOptions,
  toSentences,
} from './encode.js';
export { GEN_SOURCE, nmeaLines, type TimedAisRecord } from './nmea-lines.js';
export { AisDecoder, type AisDecoderOptions, type AisMessage, type AisStats } from './pipeline.js';
export { type AisRecord, REJECT_REASONS, type RejectReason } from './record.js';
export { parseTagBlock, type TagBlock } from './tagblock.js';
export { decodeLines } from './text.js';
