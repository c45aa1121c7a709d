import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../api/client.js';
import type { EntryPage, Nation } from '../api/types.js';
import { StatusForm } from './StatusForm.js';

/** One entry: its status history, conditions, evidence, the papers' words, sources and flags. */
export function EntryDetail({
  nation,
  token,
  id,
  asOf,
  administrator,
  onEdited,
}: {
  nation: Nation;
  token: string;
  id: string;
  asOf: string;
  administrator: boolean;
  onEdited: () => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState<EntryPage | undefined>();
  const [error, setError] = useState<string | undefined>();
  const read = useCallback(
    (signal?: AbortSignal) => {
      const q = asOf ? `?asOf=${asOf}` : '';
      apiGet<EntryPage>(`/api/${nation}/commitments/${encodeURIComponent(id)}${q}`, token, signal).then(
        setPage,
        (err: unknown) => {
          if (!signal?.aborted) setError(err instanceof ApiError ? err.message : String(err));
        },
      );
    },
    [nation, token, id, asOf],
  );
  useEffect(() => {
    const abort = new AbortController();
    read(abort.signal);
    return () => abort.abort();
  }, [read]);

  if (error)
    return (
      <aside className="entry-detail side">
        <p className="state error">{t('scorecard.error', { message: error })}</p>
      </aside>
    );
  if (!page)
    return (
      <aside className="entry-detail side">
        <p className="state">{t('scorecard.loading')}</p>
      </aside>
    );
  const e = page.entry;
  return (
    <aside className="entry-detail side" aria-label={e.title} data-testid="entry-detail">
      <h3>{e.title}</h3>
      <p>{e.summary}</p>
      <p>
        <span className={`status ${e.status}`}>{t(`scorecard.statuses.${e.status}`)}</span>{' '}
        {e.asOf ? t('scorecard.sinceDay', { day: e.asOf }) : null} {e.note ? `— ${e.note}` : null}
      </p>
      {e.document ? <p>{t('scorecard.document', { document: e.document })}</p> : null}
      <h4>{t('scorecard.history')}</h4>
      {page.history.length === 0 ? (
        <p className="state">{t('scorecard.noHistory')}</p>
      ) : (
        <ol className="history" data-testid="entry-history">
          {page.history.map((h) => (
            <li key={`${h.asOf}-${h.status}`}>
              <time dateTime={h.asOf}>{h.asOf}</time>{' '}
              <span className={`status ${h.status}`}>{t(`scorecard.statuses.${h.status}`)}</span>
              {h.note ? ` — ${h.note}` : ''}
            </li>
          ))}
        </ol>
      )}
      {e.conditions.length > 0 ? (
        <>
          <h4>{t('scorecard.conditions')}</h4>
          <ul>
            {e.conditions.map((c) => (
              <li key={c.id}>
                <span className={`status ${c.status}`}>{t(`scorecard.statuses.${c.status}`)}</span> {c.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {page.quotes.length > 0 ? (
        <>
          <h4>{t('scorecard.quotes')}</h4>
          {page.quotes.map((q) => (
            <figure key={`${q.paper}-${q.place}`} className="quote">
              <blockquote>{q.text}</blockquote>
              <figcaption>
                {t(`scorecard.papers.${q.paper}`)}, {q.place}
              </figcaption>
            </figure>
          ))}
        </>
      ) : null}
      {e.evidence.length > 0 ? (
        <>
          <h4>{t('scorecard.evidence')}</h4>
          <ul>
            {e.evidence.map((v) => (
              <li key={`${v.date}-${v.text}`}>
                <time dateTime={v.date}>{v.date}</time> {v.text} <cite>{v.source.title}</cite>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>{t('scorecard.sources')}</h4>
      <ul className="sources">
        {e.sources.map((s) => (
          <li key={s.title}>
            <cite>{s.title}</cite>
            {s.date ? ` (${s.date})` : ''}
          </li>
        ))}
      </ul>
      {e.flags.length > 0 ? (
        <>
          <h4>{t('scorecard.flags')}</h4>
          <ul className="flags">
            {e.flags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      ) : null}
      {page.edits.length > 0 ? (
        <>
          <h4>{t('scorecard.edits')}</h4>
          <ul data-testid="entry-edits">
            {page.edits.map(({ event: x, by, stored }) =>
              // A proposal carries the status and its evidence; an approval names the proposal.
              x.kind === 'propose-status' ? (
                <li key={stored}>
                  {t('scorecard.editLine', { status: t(`scorecard.statuses.${x.status}`), asOf: x.asOf, by })}{' '}
                  — {x.evidence.text} <cite>{x.evidence.source.title}</cite>
                </li>
              ) : (
                <li key={stored}>{t('scorecard.approvalLine', { proposal: x.proposal, by })}</li>
              ),
            )}
          </ul>
        </>
      ) : null}
      {administrator ? (
        <StatusForm
          nation={nation}
          token={token}
          id={e.id}
          onEdited={() => {
            read();
            onEdited();
          }}
        />
      ) : null}
    </aside>
  );
}
