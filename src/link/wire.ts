import { isNation, isTopic, type Nation, type Topic } from '../domain/index.js';

/**
 * What a transport carries: opaque bytes (an encoded, signed envelope) with the routing facts a
 * transport needs. The receiver trusts none of it: the envelope inside is verified on its own.
 */
export interface WireMessage {
  readonly recipient: Nation;
  readonly sender: Nation;
  readonly topic: Topic;
  /** The envelope id, for transport-level dedupe (JetStream Nats-Msg-Id). */
  readonly id: string;
  readonly body: Uint8Array;
}

/** `concord.v1.<recipient>.<sender>.<topic>` */
export function subjectOf(m: Pick<WireMessage, 'recipient' | 'sender' | 'topic'>): string {
  return `concord.v1.${m.recipient}.${m.sender}.${m.topic}`;
}

/** The routing facts of a subject, or null when it is not one of ours (never throws: subjects come from outside). */
export function parseSubject(subject: string): { recipient: Nation; sender: Nation; topic: Topic } | null {
  const parts = subject.split('.');
  if (parts.length !== 5 || parts[0] !== 'concord' || parts[1] !== 'v1') return null;
  const [, , recipient, sender, topic] = parts as [string, string, string, string, string];
  if (!isNation(recipient) || !isNation(sender) || !isTopic(topic)) return null;
  return { recipient, sender, topic };
}
