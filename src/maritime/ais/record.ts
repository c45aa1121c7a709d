/**
 * What the codec produces: one object per AIS message, with gpsd's JSON field names, order and
 * scaling (`gpsdecode -j`, gpsd 3.22), so tools written for gpsd read it unchanged.
 */
export interface AisRecord {
  class: 'AIS';
  type: number;
  repeat: number;
  mmsi: number;
  scaled: true;
  [field: string]: unknown;
}

/** Why an input line or message produced no record; counted by `--stats`. */
export type RejectReason =
  /** A line with no `!xxVDM`/`!xxVDO` sentence in it (other NMEA, noise); blank and '#' lines are skipped. */
  | 'notAis'
  /** The NMEA checksum after '*' does not match the sentence (a sentence without '*' has none to check, as for gpsd). */
  | 'checksum'
  /** Not `!xxVDM`/`!xxVDO` with enough fields, or a fragment count/number that is not 1..9. */
  | 'malformed'
  /** A byte outside 7-bit ASCII in the sentence (gpsd drops these as corrupted). */
  | 'badCharacter'
  /** Channel C (secure AIS), '12', or a character that names no channel. */
  | 'badChannel'
  /** A tag block without its closing '\' or whose checksum is wrong (the sentence is still decoded). */
  | 'badTagBlock'
  /** Shorter than its message type needs. */
  | 'truncated'
  /** Longer than its message type allows, or than 2,048 bits. */
  | 'overlong'
  /** Message type 0 or 28..63, or type 24 part C/D. */
  | 'unknownType'
  /** A fragment whose message never completed (out of order, missing parts, or timed out). */
  | 'orphanFragment';

export const REJECT_REASONS: readonly RejectReason[] = [
  'notAis',
  'checksum',
  'malformed',
  'badCharacter',
  'badChannel',
  'badTagBlock',
  'truncated',
  'overlong',
  'unknownType',
  'orphanFragment',
];
