import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConsultEvent,
  type ContingencyPlan,
  type ConveneRule,
  type EventKind,
  type EventOf,
  type MeetingsCalendar,
  parseContingencies,
  parseMeetings,
  parseRules,
} from '../../src/consult/index.js';
import { type CompiledRegistry, type Nation, parseRegistry } from '../../src/domain/index.js';

const DATA = join(import.meta.dirname, '..', '..', 'data');
export const RULES_FILE = join(DATA, 'consult', 'rules.yaml');
export const CONTINGENCIES_FILE = join(DATA, 'consult', 'contingencies.yaml');
export const MEETINGS_FILE = join(DATA, 'consult', 'meetings.yaml');

export function bundledRegistry(): CompiledRegistry {
  const file = join(DATA, 'agreements.yaml');
  return parseRegistry(readFileSync(file, 'utf8'), file);
}
export const registry = bundledRegistry();
export const rules: readonly ConveneRule[] = parseRules(
  readFileSync(RULES_FILE, 'utf8'),
  RULES_FILE,
  registry,
);
export const plans: readonly ContingencyPlan[] = parseContingencies(
  readFileSync(CONTINGENCIES_FILE, 'utf8'),
  CONTINGENCIES_FILE,
);
export const calendar: MeetingsCalendar = parseMeetings(readFileSync(MEETINGS_FILE, 'utf8'), MEETINGS_FILE);

/** After the trilateral missile-warning mechanism and the Camp David commitment, with every GSOMIA in force. */
export const T0 = Date.parse('2024-08-01T00:00:00Z');
export const MIN = 60_000;

/** The consultation the unit tests share: convened by Japan at T0, trilateral, working level, 15 minutes. */
export const C = 'JPN:c1';

export function ev<K extends EventKind>(
  author: Nation,
  id: string,
  atMs: number,
  kind: K,
  body: EventOf<K>['body'],
  consultation = C,
): ConsultEvent {
  return { id: `${author}:${id}`, consultation, author, atMs, kind, body } as ConsultEvent;
}

export const convene = ev('JPN', 'c1', T0, 'convene', {
  subject: 'Missile warning W-1: predicted impact in Japan EEZ',
  trigger: { kind: 'missile-warning', id: 'W-1' },
  coalition: 'us-jpn-kor-trilateral',
  level: 'working',
  participants: ['USA', 'JPN', 'KOR'],
  ackWithinMs: 15 * MIN,
});

export const ack = (n: Nation, atMs: number) => ev(n, `ack-${atMs}`, atMs, 'acknowledge', { nation: n });
export const approve = (n: Nation, version: string, atMs: number, id = `ap-${version}-${atMs}`) =>
  ev(n, id, atMs, 'approve-version', { version, nation: n });
export const propose = (n: Nation, id: string, atMs: number, text: string, replaces?: string) =>
  ev(n, id, atMs, 'propose-statement-version', {
    statement: 'joint',
    text,
    ...(replaces !== undefined ? { replaces } : {}),
  });
