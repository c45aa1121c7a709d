/** One vessel of interest: matched by IMO, MMSI or name (any that is given). */
export interface WatchEntry {
  readonly name?: string;
  readonly imo?: number;
  readonly mmsi?: number;
  /** e.g. `UN 1718 designated`, `government`. */
  readonly category?: string;
  readonly designated?: string;
  readonly source?: string;
  /** Where the entry was read: `file:line`. */
  readonly place?: string;
}

/** Vessel names as AIS and lists spell them: upper case, single spaces, no punctuation but digits and letters. */
export function normaliseName(s: string): string {
  return s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

export interface WatchIndex {
  readonly entries: readonly WatchEntry[];
  byImo(imo: number | undefined): WatchEntry | undefined;
  byMmsi(mmsi: number | undefined): WatchEntry | undefined;
  byName(name: string | undefined): WatchEntry | undefined;
}

export function watchIndex(entries: readonly WatchEntry[]): WatchIndex {
  const imo = new Map<number, WatchEntry>();
  const mmsi = new Map<number, WatchEntry>();
  const name = new Map<string, WatchEntry>();
  for (const e of entries) {
    if (e.imo !== undefined && !imo.has(e.imo)) imo.set(e.imo, e);
    if (e.mmsi !== undefined && !mmsi.has(e.mmsi)) mmsi.set(e.mmsi, e);
    if (e.name !== undefined) {
      const n = normaliseName(e.name);
      if (n !== '' && !name.has(n)) name.set(n, e);
    }
  }
  return {
    entries,
    byImo: (k) => (k === undefined ? undefined : imo.get(k)),
    byMmsi: (k) => (k === undefined ? undefined : mmsi.get(k)),
    byName: (k) => (k === undefined ? undefined : name.get(normaliseName(k))),
  };
}
