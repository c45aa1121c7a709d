import type { EventJson } from '../detect/index.js';

/**
 * An event's canonical identity: what makes it the same finding wherever it was decided: its
 * type, vessels (sorted), start, zone, its first evidence's kind and contact id (an identity
 * event's reason, a dark event's contact), and a dark event's second evidence's kind (`identified`
 * for a watch-listed vessel found silent, `unmatched` for a contact nothing explains). End,
 * position and confidence are what was found about it.
 */
export function eventIdentity(e: EventJson): string {
  const first = e.evidence[0] as { kind?: unknown; id?: unknown } | undefined;
  const second = e.type === 'dark' ? (e.evidence[1] as { kind?: unknown } | undefined) : undefined;
  return JSON.stringify([
    e.type,
    [...e.mmsi].sort((a, b) => a - b),
    e.start,
    e.zone ?? null,
    first?.kind ?? null,
    first?.id ?? null,
    ...(second ? [second.kind ?? null] : []),
  ]);
}

/**
 * The contact a dark event is about (its id, time and place) and whether it is the "watch-listed,
 * AIS silent" finding, which one process makes instead of associating the contact.
 */
function darkContact(e: EventJson): { key: string; silent: boolean } | undefined {
  if (e.type !== 'dark') return undefined;
  const first = e.evidence[0] as { kind?: unknown; id?: unknown } | undefined;
  if (first?.kind !== 'contact') return undefined;
  return {
    key: JSON.stringify([first.id, e.start, e.lat, e.lon]),
    silent: e.evidence.some((x) => (x as { kind?: unknown }).kind === 'identified'),
  };
}

/**
 * The merge stage: keeps the first event of each identity. The same identity arriving again is a
 * duplicate (a redelivered batch, a pair seen by two partitions) when it is the same event, a
 * conflict when it differs (two partitions disagree: a sign the overlap band is too narrow).
 */
export class EventMerger {
  private readonly byId = new Map<string, string>();
  /** `superseded`: association findings dropped because the contact's named vessel was found silent. */
  readonly stats = { events: 0, duplicates: 0, conflicts: 0, superseded: 0 };
  readonly conflicts: { kept: string; other: string }[] = [];

  /** Adds one NDJSON event line (with or without its newline); true when it is new. */
  add(line: string): boolean {
    const text = line.endsWith('\n') ? line.slice(0, -1) : line;
    const id = eventIdentity(JSON.parse(text) as EventJson);
    const seen = this.byId.get(id);
    if (seen === undefined) {
      this.byId.set(id, text);
      this.stats.events++;
      return true;
    }
    if (seen === text) this.stats.duplicates++;
    else {
      this.stats.conflicts++;
      if (this.conflicts.length < 100) this.conflicts.push({ kept: seen, other: text });
    }
    return false;
  }

  /**
   * The merged events, one NDJSON line each, in a canonical order (start, then identity). A
   * contact's association finding (decided by the partition owning its place) is dropped where the
   * partition of the vessel it names found that vessel watch-listed and silent: one process makes
   * only that finding then.
   */
  lines(): string[] {
    const all = [...this.byId.entries()].map(([id, text]) => {
      const e = JSON.parse(text) as EventJson;
      return { id, text, start: e.start, dark: darkContact(e) };
    });
    const silent = new Set(all.filter((x) => x.dark?.silent).map((x) => x.dark!.key));
    const kept = all.filter((x) => !(x.dark && !x.dark.silent && silent.has(x.dark.key)));
    this.stats.superseded = all.length - kept.length;
    return kept
      .sort((a, b) =>
        a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      )
      .map((x) => `${x.text}\n`);
  }
}
