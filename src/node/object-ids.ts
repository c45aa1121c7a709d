import type { PictureTrack } from './picture.js';

/**
 * Names the objects of successive pictures. An object keeps the id it was first shown under while
 * any of its sources lives, so that a partner's track joined later by the node's own does not look
 * like a new object. Objects that merge keep the oldest id; when one splits (association lost for
 * a moment), the id stays with the part holding the source it was named after, and the other part
 * is named after one of its own sources: no two objects of a picture ever share an id.
 */
export class ObjectIds {
  /** Source key `<nation>:<trackId>` -> the id of the object it was last part of. */
  readonly #bySource = new Map<string, string>();
  /** When each id was first shown. */
  readonly #since = new Map<string, number>();

  /** The id of the object the source `<nation>:<trackId>` was last part of, if it ever was. */
  idOf(sourceKey: string): string | undefined {
    return this.#bySource.get(sourceKey);
  }

  assign(objects: readonly PictureTrack[], nowMs: number): PictureTrack[] {
    const since = (id: string) => this.#since.get(id) ?? Number.POSITIVE_INFINITY;
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
      for (const k of c.keys) this.#bySource.set(k, id);
      if (!this.#since.has(id)) this.#since.set(id, nowMs);
      return id === p.id ? p : { ...p, id };
    });
  }
}
