import type { EventJson } from '../detect/index.js';

/**
 * An event's canonical identity: what makes it the same finding wherever it was decided: its
 * type, vessels (sorted), start, zone, and its first evidence's kind and contact id (an identity
 * event's reason, a dark event's contact). End, position and confidence are what was found about it.
 */
export function eventIdentity(e: EventJson): string {
  const first = e.evidence[0] as { kind?: unknown; id?: unknown } | undefined;
  return JSON.stringify([
    e.type,
    [...e.mmsi].sort((a, b) => a - b),
    e.start,
    e.zone ?? null,
    first?.kind ?? null,
    first?.id ?? null,
  ]);
}

/**
 * The merge stage: keeps the first event of each identity. The same identity arriving again is a
 * duplicate (a redelivered batch, a pair seen by two partitions) when it is the same event, a
 * conflict when it differs (two partitions disagree: a sign the overlap band is too narrow).
 */
export class EventMerger {
  private readonly byId = new Map<string, string>();
  readonly stats = { events: 0, duplicates: 0, conflicts: 0 };
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

  /** The merged events, one NDJSON line each, in a canonical order (start, then identity). */
  lines(): string[] {
    return [...this.byId.entries()]
      .map(([id, text]) => ({ id, text, start: (JSON.parse(text) as EventJson).start }))
      .sort((a, b) =>
        a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      )
      .map((x) => `${x.text}\n`);
  }
}
