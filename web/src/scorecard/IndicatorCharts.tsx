import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../api/client.js';
import type { Indicators, Nation } from '../api/types.js';
import { Chart } from './Chart.js';
import { scheduleBars, seriesLines } from './indicators.js';

/** NATO's and the papers' yardstick, drawn on the spending chart. */
const TWO_PERCENT = 2;

/**
 * The indicators: defence spending as % of GDP by nation and year (each series apart: two methods
 * are never merged), and the cost-sharing schedules with published and formula amounts.
 */
export function IndicatorCharts({ nation, token }: { nation: Nation; token: string }) {
  const { t } = useTranslation();
  const [data, setData] = useState<Indicators | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [seriesId, setSeriesId] = useState<string | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    apiGet<Indicators>(`/api/${nation}/indicators`, token, abort.signal).then(setData, (err: unknown) => {
      if (!abort.signal.aborted) setError(err instanceof ApiError ? err.message : String(err));
    });
    return () => abort.abort();
  }, [nation, token]);

  const series = data?.series.find((s) => s.id === seriesId) ?? data?.series[0];
  const spending = useMemo<EChartsCoreOption | undefined>(() => {
    if (!series) return undefined;
    const d = seriesLines(series);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 30, bottom: 25 },
      xAxis: { type: 'category', data: d.years.map(String) },
      yAxis: { type: 'value', name: series.unit, min: 0 },
      series: d.lines.map((l, i) => ({
        type: 'line',
        name: l.nation,
        data: l.values,
        connectNulls: false,
        ...(i === 0
          ? {
              markLine: {
                symbol: 'none',
                data: [{ yAxis: TWO_PERCENT, name: '2%' }],
                lineStyle: { type: 'dashed' },
              },
            }
          : {}),
      })),
    };
  }, [series]);
  const schedules = useMemo(
    () =>
      data?.schedules.map((s) => {
        const b = scheduleBars(s);
        return {
          id: s.id,
          title: s.title,
          unit: `${s.currency} ${s.unit}`,
          option: {
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 55, right: 20, top: 30, bottom: 25 },
            xAxis: { type: 'category', data: b.years.map(String) },
            yAxis: { type: 'value', name: `${s.currency} bn`, min: 0 },
            series: [
              { type: 'bar', name: t('scorecard.published'), data: b.known },
              { type: 'line', name: t('scorecard.formula'), data: b.formula, connectNulls: false },
            ],
          } satisfies EChartsCoreOption,
        };
      }) ?? [],
    // `t` changes with the language, and the legend's words with it.
    [data, t],
  );

  if (error) return <p className="state error">{t('scorecard.error', { message: error })}</p>;
  if (!data) return <p className="state">{t('scorecard.loading')}</p>;
  return (
    <section className="indicators" aria-label={t('scorecard.indicators')}>
      <h3>{t('scorecard.indicators')}</h3>
      <div className="chart-box">
        <label>
          {t('scorecard.series')}{' '}
          <select
            value={series?.id}
            onChange={(e) => setSeriesId(e.target.value)}
            data-testid="series-select"
          >
            {data.series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        {spending && series ? (
          <>
            <Chart option={spending} label={series.title} testId="chart-spending" />
            <p className="chart-note">
              {series.method}. {t('scorecard.sources')}: {series.sources.map((s) => s.title).join('; ')}
            </p>
          </>
        ) : null}
      </div>
      {schedules.map((s) => (
        <div className="chart-box" key={s.id}>
          <h4>
            {s.title} ({s.unit})
          </h4>
          <Chart option={s.option} label={s.title} testId={`chart-${s.id}`} />
        </div>
      ))}
      {data.totals.map((x) => (
        <table key={x.id} className="totals">
          <caption>
            {x.title} ({x.currency} {x.unit})
          </caption>
          <tbody>
            {x.periods.map((p) => (
              <tr key={p.fromYear}>
                <th scope="row">
                  {p.fromYear}–{p.toYear}
                </th>
                <td>{p.total}</td>
                <td>{p.under ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
