import {
  type CompiledRegistry,
  type DecisionRequest,
  decide,
  MarkingParseError,
  type Nation,
  parseMarking,
  requiredRelay,
} from '../domain/index.js';
import type { LinkItem } from './engine.js';

/**
 * How the allies share: `trilateral` (every pair directly), `us-hub` (Japan and Korea exchange
 * through the United States, which re-releases each item; the arrangement the bilateral alliances
 * alone give) or `none` (each nation keeps its picture to itself).
 */
export type SharingPolicy = 'none' | 'us-hub' | 'trilateral';

export const SHARING_POLICIES: readonly SharingPolicy[] = ['none', 'us-hub', 'trilateral'];

/** The relay of the `us-hub` policy. */
export const US_HUB: Nation = 'USA';

/**
 * The link route (a `RoutePolicy`) of `nation` under `policy`: under `us-hub`, an item between two nations neither of
 * which is the hub goes through the hub; otherwise (and always under `trilateral`, and `none`, which
 * sends nothing to route) it goes directly.
 * @example routeFor('us-hub', 'JPN')('KOR') // 'USA'
 * @example routeFor('us-hub', 'JPN')('USA') // null (direct)
 */
export function routeFor(policy: SharingPolicy, nation: Nation): (recipient: Nation) => Nation | null {
  return (recipient) => (policy === 'us-hub' && nation !== US_HUB && recipient !== US_HUB ? US_HUB : null);
}

/**
 * `route`, and where it sends an item directly but the agreements allow it only through the relay an
 * agreement between the two names (TISA 2014: Japan and Korea through the United States), through
 * that relay. So when the direct agreement lapses or is suspended, what the relayed one still
 * covers goes on flowing, the way the agreements say, rather than stopping at the egress gate.
 * @example withAgreedRelays(routeFor('trilateral', 'JPN'), 'JPN', registry)('KOR', item) // 'USA' once the GSOMIA lapsed
 */
export function withAgreedRelays(
  route: (recipient: Nation, item: LinkItem) => Nation | null,
  nation: Nation,
  registry: () => CompiledRegistry,
): (recipient: Nation, item: LinkItem) => Nation | null {
  return (recipient, item) => {
    const via = route(recipient, item);
    if (via !== null || recipient === nation) return via;
    const reg = registry();
    const relays: Nation[] = [];
    for (const a of reg.between(nation, recipient)) {
      const r = requiredRelay(a, nation, recipient);
      if (r !== null && !relays.includes(r)) relays.push(r);
    }
    if (relays.length === 0) return null;
    let req: DecisionRequest;
    try {
      req = {
        marking: parseMarking(item.marking, {
          originator: item.originator,
          input: `item ${item.id} marking`,
        }),
        holder: nation,
        recipient,
        topic: item.topic,
        atMs: item.createdMs,
        ...(item.concerning ? { concerning: item.concerning } : {}),
      };
    } catch (err) {
      if (err instanceof MarkingParseError) return null;
      throw err;
    }
    if (decide(req, reg).allow) return null;
    return relays.find((relay) => decide({ ...req, via: relay }, reg).allow) ?? null;
  };
}
