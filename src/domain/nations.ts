import { type InputPlace, UnknownNationError } from './errors.js';

/**
 * ISO 3166-1 alpha-3 trigraphs as used in releasability markings (CAPCO REL TO lists), with
 * English short names. Allies and partners first, then states named for adversary attribution.
 */
export const NATIONS = {
  USA: 'United States',
  JPN: 'Japan',
  KOR: 'Republic of Korea',
  AUS: 'Australia',
  IND: 'India',
  VNM: 'Vietnam',
  NZL: 'New Zealand',
  GBR: 'United Kingdom',
  CAN: 'Canada',
  PHL: 'Philippines',
  FRA: 'France',
  DEU: 'Germany',
  SGP: 'Singapore',
  IDN: 'Indonesia',
  MYS: 'Malaysia',
  THA: 'Thailand',
  BRN: 'Brunei',
  FJI: 'Fiji',
  TWN: 'Taiwan',
  PRK: "Democratic People's Republic of Korea",
  CHN: "People's Republic of China",
  RUS: 'Russian Federation',
} as const;

export type Nation = keyof typeof NATIONS;

export const NATION_CODES: readonly Nation[] = Object.keys(NATIONS) as Nation[];

/**
 * The three allies, each running a node of its own, in CAPCO order: the nations of a scenario's
 * network unless its `nations:` names others (the Quad partners, say), and the only parties of a
 * 2+2+2 consultation.
 */
export const TRILATERAL: readonly Nation[] = ['USA', 'JPN', 'KOR'];

export function isNation(s: string): s is Nation {
  return Object.hasOwn(NATIONS, s);
}

/**
 * The nation for a trigraph, or an UnknownNationError naming where it was read.
 * @example parseNation('JPN', { input: '--from' }) // 'JPN'
 */
export function parseNation(s: string, place: InputPlace): Nation {
  const code = s.trim().toUpperCase();
  if (isNation(code)) return code;
  throw new UnknownNationError(
    place,
    `unknown nation '${s}' (expected an ISO 3166-1 alpha-3 code such as USA, JPN, KOR)`,
  );
}

/** CAPCO order for REL TO lists: USA first, then trigraphs alphabetically. */
export function compareRelTo(a: Nation, b: Nation): number {
  if (a === b) return 0;
  if (a === 'USA') return -1;
  if (b === 'USA') return 1;
  return a < b ? -1 : 1;
}
