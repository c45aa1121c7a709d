import { useCallback, useState } from 'react';
import { ApiError, apiPost } from '../api/client.js';
import type { Nation } from '../api/types.js';
import type { ActionBodies, ActionRoute, Consultation, EventResult } from './types.js';

export type Outcome =
  | { readonly ok: true; readonly route: ActionRoute }
  | { readonly ok: false; readonly route: ActionRoute; readonly status: number; readonly message: string };

/**
 * The consultation's action routes (`POST /api/<NATION>/consultations/<id>/<route>`), each authored
 * by the operator's own nation on its own node. The answer's consultation is taken at once; a refusal
 * is kept as the node said it (status and message), for the room to show.
 */
export function useAction(
  nation: Nation,
  token: string,
  consultation: string,
  take: (c: Consultation | null) => void,
) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const run = useCallback(
    async <R extends ActionRoute>(route: R, body: ActionBodies[R]): Promise<boolean> => {
      setBusy(true);
      try {
        const r = await apiPost<EventResult>(
          `/api/${nation}/consultations/${encodeURIComponent(consultation)}/${route}`,
          token,
          body,
        );
        take(r.consultation);
        setOutcome({ ok: true, route });
        return true;
      } catch (err) {
        const status = err instanceof ApiError ? err.status : 0;
        setOutcome({ ok: false, route, status, message: err instanceof Error ? err.message : String(err) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [nation, token, consultation, take],
  );
  return { run, busy, outcome };
}

export type Run = ReturnType<typeof useAction>['run'];

/** What a panel of the consultation gets: the consultation, the operator's nation, and its actions. */
export interface PanelProps {
  c: Consultation;
  nation: Nation;
  run: Run;
  busy: boolean;
}
