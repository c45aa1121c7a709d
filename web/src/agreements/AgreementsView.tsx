import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../api/client.js';
import type { AgreementEvents, Nation, Sharing } from '../api/types.js';
import { AgreementList } from './AgreementList.js';
import { DateSlider } from './DateSlider.js';
import { dayOf, marksOf } from './matrix.js';
import { SharingMatrix } from './SharingMatrix.js';

/** A slider move settles before the node is asked: dragging across years asks once, not per day. */
const SETTLE_MS = 150;

/**
 * Who may send what to whom, and why, on a chosen day: the node's own releasability decisions
 * (`GET /api/<NATION>/sharing?at=`) as a matrix, with the standing of its nation's agreements then;
 * the slider marks the days of those agreements' events (`GET /api/<NATION>/agreements/events`).
 */
export function AgreementsView({ nation, token }: { nation: Nation; token: string }) {
  const { t } = useTranslation();
  const today = useMemo(() => dayOf(Date.now()), []);
  const [day, setDay] = useState(today);
  const [page, setPage] = useState<Sharing | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [events, setEvents] = useState<AgreementEvents['events']>([]);

  // The agreements' dated events, once: the slider marks their days (none while unread or refused).
  useEffect(() => {
    const abort = new AbortController();
    apiGet<AgreementEvents>(`/api/${nation}/agreements/events`, token, abort.signal).then(
      (e) => setEvents(e.events),
      () => {},
    );
    return () => abort.abort();
  }, [nation, token]);
  const marks = useMemo(() => marksOf(events, today), [events, today]);

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      apiGet<Sharing>(`/api/${nation}/sharing?at=${day}`, token, abort.signal)
        .then((p) => {
          setPage(p);
          setError(undefined);
          setLoading(false);
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted) return;
          setError(err instanceof ApiError ? err.message : String(err));
          setLoading(false);
        });
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [nation, token, day]);

  // What is shown is the day answered, never a stale day under a new date.
  const shown = page && dayOf(Date.parse(page.at)) === day ? page : undefined;
  return (
    <section className="agreements-view" aria-label={t('views.agreements')} data-testid="agreements-view">
      <DateSlider day={day} today={today} marks={marks} onDay={setDay} />
      {error ? (
        <p className="state error" role="alert">
          {t('agreements.error', { message: error })}
        </p>
      ) : null}
      {!shown && !error ? <p className="state">{t('agreements.loading')}</p> : null}
      {shown ? (
        <div className={loading ? 'agreements-body stale' : 'agreements-body'} data-day={day}>
          <SharingMatrix page={shown} />
          <AgreementList agreements={shown.agreements} />
        </div>
      ) : null}
    </section>
  );
}
