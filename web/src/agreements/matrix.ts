import type { AgreementEvents, Nation, Sharing, SharingCell } from '../api/types.js';

// The agreements view's arithmetic: the slider's days, the dates it marks, and the matrix's rows.

export const DAY_MS = 86_400_000;

/** The slider's first day: the TISA (2014-12-29) and both bilateral GSOMIAs it rests on are in its span. */
export const FIRST_DAY = '2014-01-01';

/** One dated event of an agreement, as the node serves it (`GET /api/<NATION>/agreements/events`). */
export type AgreementEvent = AgreementEvents['events'][number];

/** A day the slider marks, with the agreements' events on it. */
export interface Mark {
  readonly day: string;
  readonly events: readonly AgreementEvent[];
}

/**
 * The days the slider marks: each day in its span (FIRST_DAY to `today`) on which an agreement of
 * the node's nation was signed, entered into force, was given notice, suspended, resumed, amended or
 * ended, as the node folds them (its governance acts included), in order, one mark a day.
 */
export function marksOf(events: readonly AgreementEvent[], today: string): Mark[] {
  const byDay = new Map<string, AgreementEvent[]>();
  for (const e of events) {
    const day = dayOf(Date.parse(e.at));
    if (day < FIRST_DAY || day > today) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  return [...byDay]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, list]) => ({ day, events: list }));
}

/** `YYYY-MM-DD` of an instant, UTC. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Days since FIRST_DAY: the slider's value for a day. */
export function sliderValue(day: string): number {
  return Math.round((Date.parse(day) - Date.parse(FIRST_DAY)) / DAY_MS);
}

/** The day a slider value stands for. */
export function dayAt(value: number): string {
  return dayOf(Date.parse(FIRST_DAY) + value * DAY_MS);
}

/** True when `s` is a real calendar day `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && dayOf(Date.parse(s)) === s;
}

export type Direction = 'send' | 'receive';

export interface MatrixRow {
  readonly partner: Nation;
  /** Per topic, in the page's topic order: what may flow, or null when nothing may. */
  readonly cells: readonly (SharingCell | null)[];
}

/**
 * The rows of one half of the matrix: what the node's nation may send each partner (`send`) or
 * receive from each (`receive`), topic by topic. A pair and topic the node does not list: nothing.
 */
export function matrixRows(page: Sharing, direction: Direction): MatrixRow[] {
  const me = page.nation;
  return page.nations
    .filter((n) => n !== me)
    .map((partner) => ({
      partner,
      cells: page.topics.map(
        (topic) =>
          page.cells.find(
            (c) =>
              c.topic === topic &&
              (direction === 'send' ? c.from === me && c.to === partner : c.from === partner && c.to === me),
          ) ?? null,
      ),
    }));
}

/** How a cell's items travel: directly, only through a relay, or not at all. */
export function routeOf(cell: SharingCell | null): 'direct' | 'relayed' | 'none' {
  if (!cell) return 'none';
  return cell.direct ? 'direct' : cell.via.length > 0 ? 'relayed' : 'none';
}
