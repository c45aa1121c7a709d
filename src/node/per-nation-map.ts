/**
 * A map whose keys are `<nation>:<rest>` (a track's `<nation>:<trackId>`), bounded per nation: at
 * most `capPerNation` entries of each nation (its least recently touched go first) and none left
 * untouched for longer than `maxAgeMs`. A partner decides which track ids it sends, so whatever a
 * node keeps by track id must be bounded like this, and per nation, so that one partner inventing
 * ids evicts only its own entries, never another nation's.
 */
export class PerNationMap<V> {
  /** Per nation, entries in the order they were last touched (a Map keeps insertion order). */
  readonly #byNation = new Map<string, Map<string, { value: V; touchedMs: number }>>();
  #size = 0;

  constructor(
    readonly capPerNation: number,
    readonly maxAgeMs: number,
    /** Told of every entry that leaves by eviction or age (not by `delete`). */
    private readonly onEvict?: (key: string, value: V) => void,
  ) {
    if (!(Number.isInteger(capPerNation) && capPerNation > 0))
      throw new Error(`capPerNation: ${capPerNation} is not a positive integer`);
    if (!(maxAgeMs > 0)) throw new Error(`maxAgeMs: ${maxAgeMs} is not positive`);
  }

  get size(): number {
    return this.#size;
  }

  /** Entries held for `nation`. */
  sizeOf(nation: string): number {
    return this.#byNation.get(nation)?.size ?? 0;
  }

  get(key: string): V | undefined {
    return this.#byNation.get(nationOf(key))?.get(key)?.value;
  }

  has(key: string): boolean {
    return this.#byNation.get(nationOf(key))?.has(key) ?? false;
  }

  /** Sets (or touches) `key` at `nowMs`; the nation's least recently touched entry goes if it is over its cap. */
  set(key: string, value: V, nowMs: number): void {
    const nation = nationOf(key);
    let m = this.#byNation.get(nation);
    if (!m) {
      m = new Map();
      this.#byNation.set(nation, m);
    }
    if (m.delete(key)) this.#size--;
    m.set(key, { value, touchedMs: nowMs });
    this.#size++;
    if (m.size > this.capPerNation) {
      const [oldest, e] = m.entries().next().value!;
      m.delete(oldest);
      this.#size--;
      this.onEvict?.(oldest, e.value);
    }
  }

  /** Marks `key` as used at `nowMs` (it goes last among its nation's for eviction); false if absent. */
  touch(key: string, nowMs: number): boolean {
    const m = this.#byNation.get(nationOf(key));
    const e = m?.get(key);
    if (!m || !e) return false;
    m.delete(key);
    e.touchedMs = nowMs;
    m.set(key, e);
    return true;
  }

  delete(key: string): boolean {
    const m = this.#byNation.get(nationOf(key));
    if (!m?.delete(key)) return false;
    this.#size--;
    return true;
  }

  /** Removes every entry untouched since before `nowMs - maxAgeMs`. Costs one step per entry removed, plus one per nation. */
  prune(nowMs: number): void {
    for (const [nation, m] of this.#byNation) {
      for (const [key, e] of m) {
        if (nowMs - e.touchedMs <= this.maxAgeMs) break;
        m.delete(key);
        this.#size--;
        this.onEvict?.(key, e.value);
      }
      if (m.size === 0) this.#byNation.delete(nation);
    }
  }

  /** Entries, each nation's in the order they were last touched (a snapshot: safe to set while iterating). */
  entries(): [string, V][] {
    const out: [string, V][] = [];
    for (const m of this.#byNation.values()) for (const [k, e] of m) out.push([k, e.value]);
    return out;
  }

  /** Values, each nation's in the order they were last touched. */
  *values(): IterableIterator<V> {
    for (const m of this.#byNation.values()) for (const e of m.values()) yield e.value;
  }
}

function nationOf(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(0, i);
}
