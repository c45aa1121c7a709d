import { type InputPlace, UnknownTopicError } from './errors.js';

/** What an item is about, as agreements scope it. */
export const TOPICS = {
  'missile-warning': 'missile launches, tracks, predicted impact points and warnings',
  maritime: 'maritime domain awareness: vessel tracks, contacts and maritime events',
  'intelligence-report': 'finished intelligence reports and assessments',
  consultation: 'consultation events: convening, messages, statements',
  'pandemic-response': 'public-health and pandemic-response coordination',
  commitment: 'records of commitments, indicators and evidence',
  registry:
    "the commitments registry's shared record: status edits proposed and approved by the entries' owners",
  governance: 'acts on agreements and coalitions: notices, suspensions, proposals, signatures',
} as const;

export type Topic = keyof typeof TOPICS;

export const TOPIC_NAMES: readonly Topic[] = Object.keys(TOPICS) as Topic[];

export function isTopic(s: string): s is Topic {
  return Object.hasOwn(TOPICS, s);
}

/** @example parseTopic('maritime', { input: '--topic' }) // 'maritime' */
export function parseTopic(s: string, place: InputPlace): Topic {
  if (isTopic(s)) return s;
  throw new UnknownTopicError(place, `unknown topic '${s}' (known: ${TOPIC_NAMES.join(', ')})`);
}
