import ms from 'milsymbol';
import type { Nation, Track } from '../api/types.js';

// MIL-STD-2525C symbols (milsymbol): every object of the missile picture is a hostile ballistic
// missile in flight (air track, weapon, missile in flight, ballistic). Whether a track is the
// nation's own or only a partner's is drawn apart from the symbol (the marker's ring), so the
// symbol keeps its standard meaning.

export const HOSTILE_BALLISTIC_MISSILE = 'SHAPWMB---';

/** own: the nation's own sensors contribute to the track; partner: only partners' tracks do. */
export type Provenance = 'own' | 'partner';

export function provenance(t: Track, nation: Nation): Provenance {
  return t.sources.some((s) => s.nation === nation) ? 'own' : 'partner';
}

/** The nations whose tracks make up the object, originator (its first source) first. */
export function originators(t: Track): Nation[] {
  return [...new Set(t.sources.map((s) => s.nation))];
}

const cache = new Map<string, string>();

/** The symbol's SVG, labelled with the track's id (uniqueDesignation). */
export function symbolSvg(t: Track): string {
  const key = t.id;
  let svg = cache.get(key);
  if (svg === undefined) {
    svg = new ms.Symbol(HOSTILE_BALLISTIC_MISSILE, { size: 26, uniqueDesignation: t.id }).asSVG();
    cache.set(key, svg);
  }
  return svg;
}
