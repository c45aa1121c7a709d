import { compareRelTo, type Nation } from '../domain/index.js';

/**
 * The marking of a node's shared missile tracks in a network of `nations`: SECRET in the nation's
 * own scheme (a foreign banner `//<N> SECRET` for all but the US), releasable to every nation of
 * the network in CAPCO order. The agreements then decide who actually gets them (a Quad partner
 * with no agreement on missile warning gets none).
 *
 * @example nodeTrackMarking('JPN', ['USA', 'JPN', 'KOR']) // '//JPN SECRET//REL TO USA, JPN, KOR'
 */
export function nodeTrackMarking(nation: Nation, nations: readonly Nation[]): string {
  const relTo = [...new Set([nation, ...nations])].sort(compareRelTo).join(', ');
  return nation === 'USA' ? `SECRET//REL TO ${relTo}` : `//${nation} SECRET//REL TO ${relTo}`;
}
