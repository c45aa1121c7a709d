import { PerNationMap } from './per-nation-map.js';
import type { PictureTrack } from './picture.js';

/**
 * Sources a node remembers the object ids of, per nation: four times the tracks a partner may have
 * standing at once (MAX_PARTNER_TRACKS), so an honest nation's are never evicted by its own number.
 */
export const OBJECT_ID_SOURCES_PER_NATION = 4_096;
/**
 * How long a source absent from the pictures is remembered (ms): two hours, the longest flight (a
 * lofted ICBM falls ~70 minutes after launch): a partner's track may drop out of the picture for
 * much of a midcourse no radar sees, and must come back as the object it was.
 */
export const OBJECT_ID_MAX_AGE_MS = 7_200_000;

/**
 * Names the objects of successive pictures. An object keeps the id it was first shown under while
 * any of its sources lives, so that a partner's track joined later by the node's own does not look
 * like a new object. Objects that merge keep the oldest id; when one splits (association lost for
 * a moment), the id stays with the part holding the source it was named after, and the other part
 * is named after one of its own sources: no two objects of a picture ever share an id.
 *
 * A partner chooses its track ids, so the sources remembered are bounded per nation
 * (`PerNationMap`: a cap and an age): one partner inventing ids forgets only its own sources.
 */
export class ObjectIds {
  /** Source key `<nation>:<trackId>` -> the id of the object it was last part of. */
  readonly #bySource: PerNationMap<string>;
  /** When each id was first shown, and how many remembered sources name it (it goes with the last). */
  readonly #ids = new Map<string, { sinceMs: number; sources: number }>();

  constructor(sourcesPerNation = OBJECT_ID_SOURCES_PER_NATION, maxAgeMs = OBJECT_ID_MAX_AGE_MS) {
    this.#bySource = new PerNationMap(sourcesPerNation, maxAgeMs, (_key, id) => this.#release(id));
  }

  /** Sources remembered, and ids with their first-shown times (bounded: see the class comment). */
  get size(): { sources: number; ids: number } {
    return { sources: this.#bySource.size, ids: this.#ids.size };
  }

  /** The id of the object the source `<nation>:<trackId>` was last part of, if it ever was. */
  idOf(sourceKey: string): string | undefined {
    return this.#bySource.get(sourceKey);
  }

  assign(objects: readonly PictureTrack[], nowMs: number): PictureTrack[] {
    this.#bySource.prune(nowMs);
    const since = (id: string) => this.#ids.get(id)?.sinceMs ?? Number.POSITIVE_INFINITY;
    const claims = objects.map((p) => {
      const keys = p.sources.map((x) => `${x.nation}:${x.trackId}`);
      const ids = keys.map((k) => this.#bySource.get(k)).filter((id) => id !== undefined);
      const id = ids.sort((a, b) => since(a) - since(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
      return { keys, id };
    });
    const owner = new Map<string, number>();
    claims.forEach((c, i) => {
      if (c.id !== undefined && c.keys.includes(c.id) && !owner.has(c.id)) owner.set(c.id, i);
    });
    claims.forEach((c, i) => {
      if (c.id !== undefined && !owner.has(c.id)) owner.set(c.id, i);
    });
    return objects.map((p, i) => {
      const c = claims[i]!;
      let id = c.id !== undefined && owner.get(c.id) === i ? c.id : undefined;
      if (id === undefined) {
        // Source keys are unique in a picture; one not claimed as another object's id is free.
        id = c.keys.find((k) => !owner.has(k)) ?? `${c.keys[0]}/${i}`;
        owner.set(id, i);
      }
      // The id is held before the sources move to it, so that it never goes for want of one.
      const held = this.#ids.get(id) ?? { sinceMs: nowMs, sources: 0 };
      this.#ids.set(id, held);
      for (const k of c.keys) {
        const before = this.#bySource.get(k);
        if (before !== id) held.sources++;
        this.#bySource.set(k, id, nowMs);
        if (before !== undefined && before !== id) this.#release(before);
      }
      return id === p.id ? p : { ...p, id };
    });
  }

  #release(id: string): void {
    const held = this.#ids.get(id);
    if (held && --held.sources <= 0) this.#ids.delete(id);
  }
}
