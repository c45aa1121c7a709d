import { InputError } from '../domain/errors.js';
import { isNation, type Nation } from '../domain/nations.js';

/** Where a feed comes from: `udp://HOST:PORT` (listen there) or `tcp://HOST:PORT` (connect there). */
export interface FeedAddress {
  readonly protocol: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
  /** The URL as written (normalised: no trailing slash). */
  readonly url: string;
}

/** One `--ais NATION=URL`. */
export interface AisFeedSpec extends FeedAddress {
  readonly nation: Nation;
}

/**
 * Reads `udp://HOST:PORT` or `tcp://HOST:PORT` (an IPv6 host in brackets). `input` names where the
 * text came from in errors (`--ais`, `node.yaml (ais[1].url)`).
 *
 * @example parseFeedUrl('udp://0.0.0.0:10110', '--ais') // { protocol: 'udp', host: '0.0.0.0', port: 10110, ... }
 */
export function parseFeedUrl(
  text: string,
  input: string,
  field?: string,
  /** Port 0 (any free port) allowed: for a listener that reports the port it got. */
  anyPort = false,
): FeedAddress {
  const place = field === undefined ? { input } : { input, field };
  const m = /^(udp|tcp):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(text.trim());
  if (!m)
    throw new InputError(
      place,
      `'${text}' is not a feed address: expected udp://HOST:PORT or tcp://HOST:PORT`,
    );
  const port = Number(m[3]);
  if (port < (anyPort ? 0 : 1) || port > 65_535)
    throw new InputError(place, `'${text}': port ${port} is not ${anyPort ? 0 : 1}-65535`);
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  const protocol = m[1] as 'udp' | 'tcp';
  return { protocol, host, port, url: `${protocol}://${m[2]}:${port}` };
}

/**
 * Reads `--ais` values, `NATION=URL` each. Throws an InputError naming the bad one (and its
 * position among them); the same address twice is an error (one socket cannot serve two nations).
 *
 * @example parseAisFeedSpecs(['JPN=udp://127.0.0.1:10110', 'KOR=tcp://127.0.0.1:5631'])
 */
export function parseAisFeedSpecs(specs: readonly string[], input = '--ais'): AisFeedSpec[] {
  const out: AisFeedSpec[] = [];
  specs.forEach((spec, i) => {
    const where = specs.length > 1 ? `${input} #${i + 1}` : input;
    const eq = spec.indexOf('=');
    if (eq < 0)
      throw new InputError(
        { input: where },
        `'${spec}' is not NATION=URL (e.g. JPN=udp://0.0.0.0:10110 or JPN=tcp://127.0.0.1:5631)`,
      );
    const nation = spec.slice(0, eq).trim().toUpperCase();
    if (!isNation(nation)) throw new InputError({ input: where }, `'${spec}': unknown nation '${nation}'`);
    const address = parseFeedUrl(spec.slice(eq + 1), where);
    out.push({ nation, ...address });
  });
  assertDistinct(out, input);
  return out;
}

/** The node config's `ais: [{nation, url}]` (or `contacts:`, named by `key`), already schema-checked for shape. */
export function aisFeedSpecsOf(
  entries: readonly { readonly nation: string; readonly url: string }[],
  input: string,
  key = 'ais',
): AisFeedSpec[] {
  const out = entries.map((e, i) => {
    if (!isNation(e.nation))
      throw new InputError({ input, field: `${key}[${i}].nation` }, `unknown nation '${e.nation}'`);
    return { nation: e.nation, ...parseFeedUrl(e.url, input, `${key}[${i}].url`) };
  });
  assertDistinct(out, input);
  return out;
}

function assertDistinct(specs: readonly AisFeedSpec[], input: string): void {
  const seen = new Map<string, Nation>();
  for (const s of specs) {
    const before = seen.get(s.url);
    if (before !== undefined)
      throw new InputError({ input }, `${s.url} is given twice (for ${before} and ${s.nation})`);
    seen.set(s.url, s.nation);
  }
}
