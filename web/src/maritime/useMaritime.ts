import { useCallback, useEffect, useState } from 'react';
import {
  ApiError,
  apiGet,
  openStream,
  SILENT_BEFORE_FIRST_HEARTBEAT_MS,
  type StreamState,
} from '../api/client.js';
import type {
  MaritimeEvent,
  MaritimeEvents,
  MaritimeMessage,
  Nation,
  Vessel,
  Vessels,
} from '../api/types.js';
import { mergeEvents, mergeVessels } from './picture.js';

export interface MaritimeState {
  /** undefined: the first read has not answered yet. */
  readonly vessels: Map<number, Vessel> | undefined;
  readonly events: MaritimeEvent[] | undefined;
  readonly stream: StreamState;
  readonly streamDetail?: string;
  /** The first read's failure, if it failed. */
  readonly error?: string;
}

/** Events read at first (the API's most). */
const EVENTS_LIMIT = 1000;

/**
 * The nation's maritime picture: `GET vessels` and `GET maritime-events` once, then the maritime
 * stream's updates merged in (it reconnects by itself; its first message after a reconnection
 * carries every vessel and replaces those held, so nothing missed during a drop stays missing or
 * stale). `update` merges an event
 * a triage action answered with.
 */
export function useMaritime(nation: Nation, token: string) {
  const [s, setS] = useState<MaritimeState>({ vessels: undefined, events: undefined, stream: 'connecting' });
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([
      apiGet<Vessels>(`/api/${nation}/vessels`, token, abort.signal),
      apiGet<MaritimeEvents>(`/api/${nation}/maritime-events?limit=${EVENTS_LIMIT}`, token, abort.signal),
    ]).then(
      ([v, e]) =>
        setS((old) => ({
          ...old,
          vessels: mergeVessels(old.vessels ?? new Map(), v.vessels),
          events: mergeEvents(old.events ?? [], e.events),
        })),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setS((old) => ({ ...old, error: err instanceof ApiError ? err.message : String(err) }));
      },
    );
    // After a reconnection the stream's first message is the node's whole picture: it replaces what
    // the console held, so vessels the node dropped meanwhile go too. (At the first connection it is
    // merged: the GET may answer after it.)
    let connections = 0;
    let resync = false;
    const close = openStream<MaritimeMessage>(`/api/${nation}/maritime/stream`, token, {
      // Quiet while no vessel is heard, but for its heartbeats: 2.5 of them missed is a drop.
      silentAfterMs: SILENT_BEFORE_FIRST_HEARTBEAT_MS,
      onMessage: (m) => {
        const replace = m.type === 'vessels' && resync;
        if (m.type === 'vessels') resync = false;
        setS((old) =>
          m.type === 'vessels'
            ? replace
              ? { ...old, vessels: mergeVessels(new Map(), m.vessels) }
              : m.vessels.length === 0
                ? old
                : { ...old, vessels: mergeVessels(old.vessels ?? new Map(), m.vessels) }
            : { ...old, events: mergeEvents(old.events ?? [], [m.event]) },
        );
      },
      onState: (stream, detail) => {
        if (stream === 'open' && ++connections > 1) resync = true;
        setS((old) => (detail === undefined ? { ...old, stream } : { ...old, stream, streamDetail: detail }));
      },
    });
    return () => {
      abort.abort();
      close();
    };
  }, [nation, token]);
  const update = useCallback(
    (e: MaritimeEvent) => setS((old) => ({ ...old, events: mergeEvents(old.events ?? [], [e]) })),
    [],
  );
  return { state: s, update };
}
