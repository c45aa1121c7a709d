import { useCallback, useEffect, useRef, useState } from 'react';
import { openStream, SILENT_BEFORE_FIRST_HEARTBEAT_MS, type StreamState } from '../api/client.js';
import type { Nation } from '../api/types.js';
import { applyMessage, type Consultations, NONE, withView } from './model.js';
import type { Consultation, ConsultMessage } from './types.js';

export interface ConsultationsState extends Consultations {
  readonly stream: StreamState;
  readonly streamDetail: string | undefined;
}

/**
 * The nation's consultations, live over the consultation stream. After a drop it reconnects by
 * itself asking for what it missed (`?after=<the last seq taken>`), so a reconnection costs the
 * events since, not the whole list; a node whose store was replaced answers with the list again.
 *
 * The stream is quiet between events but sends a heartbeat (every 10 s by default): a connection
 * silent for 2.5 heartbeats has stalled without closing (a laptop's network gone a while) and is
 * replaced, resuming the same way; so is it at a new `reconnect` value (the room's clock reads
 * failed and the node answers again).
 * `take` puts an action's answer in place at once (the stream brings the same a moment later).
 */
export function useConsultations(nation: Nation, token: string, reconnect = 0) {
  const [s, setS] = useState<ConsultationsState>({ ...NONE, stream: 'connecting', streamDetail: undefined });
  // What is held, outside React's batching: the place a reconnection resumes from is read from here.
  const held = useRef<Consultations>(NONE);
  const heldFor = useRef('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `reconnect` is what replaces the connection
  useEffect(() => {
    let alive = true;
    if (heldFor.current !== `${nation} ${token}`) {
      heldFor.current = `${nation} ${token}`;
      held.current = NONE;
      setS({ ...NONE, stream: 'connecting', streamDetail: undefined });
    }
    const close = openStream<ConsultMessage>(
      () => {
        const after = held.current.seq;
        return `/api/${nation}/consultations/stream${after === undefined ? '' : `?after=${after}`}`;
      },
      token,
      {
        // The stream's heartbeats tell a quiet stream from a stalled one; a silence of 2.5 of them
        // replaces the connection (shown as `stalled`), resuming from the last seq taken.
        silentAfterMs: SILENT_BEFORE_FIRST_HEARTBEAT_MS,
        onMessage: (m) => {
          if (!alive) return;
          held.current = applyMessage(held.current, m);
          const next = held.current;
          setS((old) => ({ ...old, ...next }));
        },
        onState: (stream, streamDetail) => {
          if (alive) setS((old) => ({ ...old, stream, streamDetail }));
        },
      },
    );
    return () => {
      alive = false;
      close();
    };
  }, [nation, token, reconnect]);
  const take = useCallback((c: Consultation | null) => {
    held.current = withView(held.current, c);
    const next = held.current;
    setS((old) => ({ ...old, ...next }));
  }, []);
  return { state: s, take };
}
