import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTRY_KINDS, SOURCE_PAPER_IDS, STATUSES } from '../../../src/commitments/model.js';
import { ApiError, apiGet } from '../api/client.js';
import type { Nation, ScorecardPage } from '../api/types.js';
import { EntryDetail } from './EntryDetail.js';
import { IndicatorCharts } from './IndicatorCharts.js';
import { type ScorecardFilter, scorecardQuery } from './query.js';

/**
 * The papers' recommendations and the commitments, with their status on a day, filterable by paper,
 * kind and status; an entry's history, evidence, sources and the papers' words; the indicators.
 * An administrator appends a status (the node decides whether it may).
 */
export function ScorecardView({
  nation,
  token,
  administrator,
}: {
  nation: Nation;
  token: string;
  administrator: boolean;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ScorecardFilter>({
    paper: 'all',
    kind: 'all',
    status: 'all',
    asOf: '',
  });
  const [page, setPage] = useState<ScorecardPage | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

  useEffect(() => {
    const abort = new AbortController();
    apiGet<ScorecardPage>(`/api/${nation}/commitments${scorecardQuery(filter)}`, token, abort.signal).then(
      (p) => {
        setPage(p);
        setError(undefined);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof ApiError ? err.message : String(err));
      },
    );
    return () => abort.abort();
  }, [nation, token, filter]);

  const set = (f: Partial<ScorecardFilter>) => setFilter({ ...filter, ...f });
  return (
    <section className="scorecard" aria-label={t('views.scorecard')} data-testid="scorecard-view">
      <div className="filters">
        <label>
          {t('scorecard.paper')}{' '}
          <select
            value={filter.paper}
            onChange={(e) => set({ paper: e.target.value as ScorecardFilter['paper'] })}
            data-testid="paper-filter"
          >
            <option value="all">{t('scorecard.all')}</option>
            {SOURCE_PAPER_IDS.map((p) => (
              <option key={p} value={p}>
                {t(`scorecard.papers.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scorecard.kind')}{' '}
          <select
            value={filter.kind}
            onChange={(e) => set({ kind: e.target.value as ScorecardFilter['kind'] })}
          >
            <option value="all">{t('scorecard.all')}</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`scorecard.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scorecard.status')}{' '}
          <select
            value={filter.status}
            onChange={(e) => set({ status: e.target.value as ScorecardFilter['status'] })}
            data-testid="status-filter"
          >
            <option value="all">{t('scorecard.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`scorecard.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scorecard.asOf')}{' '}
          <input
            type="date"
            value={filter.asOf || (page?.asOf ?? '')}
            onChange={(e) => set({ asOf: e.target.value })}
            data-testid="scorecard-asof"
          />
        </label>
      </div>
      {error ? (
        <p className="state error" role="alert">
          {t('scorecard.error', { message: error })}
        </p>
      ) : null}
      <div className="scorecard-body">
        <div className="entries">
          {!page ? (
            <p className="state">{t('scorecard.loading')}</p>
          ) : page.entries.length === 0 ? (
            <p className="state">{t('scorecard.empty')}</p>
          ) : (
            <table className="entries-table" data-testid="scorecard-table">
              <caption>{t('scorecard.caption', { count: page.entries.length, asOf: page.asOf })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('scorecard.entry')}</th>
                  <th scope="col">{t('scorecard.kind')}</th>
                  <th scope="col">{t('scorecard.owner')}</th>
                  <th scope="col">{t('scorecard.status')}</th>
                  <th scope="col">{t('scorecard.since')}</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((e) => (
                  <tr
                    key={e.id}
                    data-entry={e.id}
                    className={e.id === selected ? 'selected' : undefined}
                    tabIndex={0}
                    aria-selected={e.id === selected}
                    onClick={() => setSelected(e.id)}
                    onKeyDown={(k) => {
                      if (k.key === 'Enter' || k.key === ' ') {
                        k.preventDefault();
                        setSelected(e.id);
                      }
                    }}
                  >
                    <td>
                      {e.title}
                      {e.quotes.length > 0 ? <q className="quote-inline">{e.quotes[0]!.text}</q> : null}
                    </td>
                    <td>{t(`scorecard.kinds.${e.kind}`)}</td>
                    <td>{e.owner.join(', ')}</td>
                    <td>
                      <span className={`status ${e.status}`}>{t(`scorecard.statuses.${e.status}`)}</span>
                    </td>
                    <td>{e.asOf ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {selected ? (
          <EntryDetail
            key={selected}
            nation={nation}
            token={token}
            id={selected}
            asOf={filter.asOf}
            administrator={administrator}
            // A new filter object: the list is read again, with the new status.
            onEdited={() => setFilter((f) => ({ ...f }))}
          />
        ) : (
          <p className="state side">{t('scorecard.pick')}</p>
        )}
      </div>
      <IndicatorCharts nation={nation} token={token} />
    </section>
  );
}
