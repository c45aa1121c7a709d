import type { Nation } from '../domain/index.js';

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
