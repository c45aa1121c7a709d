import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet, apiPost } from '../api/client.js';
import type { Nation } from '../api/types.js';
import type { Consultation, EventResult } from './types.js';

const LEVELS = ['working', 'ministerial', 'leaders'] as const;

/**
 * Convenes a consultation by hand, the operator's nation convening: the subject, the partners (the
 * nations its agreements name), the level and how long each has to acknowledge.
 */
export function ConveneForm({
  nation,
  token,
  onConvened,
}: {
  nation: Nation;
  token: string;
  onConvened: (c: Consultation | null) => void;
}) {
  const { t } = useTranslation();
  const [partners, setPartners] = useState<Nation[] | undefined>(undefined);
  const [chosen, setChosen] = useState<ReadonlySet<Nation>>(new Set());
  const [subject, setSubject] = useState('');
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('working');
  const [ackMin, setAckMin] = useState(15);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    apiGet<{ agreements: { parties: Nation[] }[] }>(`/api/${nation}/agreements`, token, abort.signal).then(
      (a) => {
        const all = [...new Set(a.agreements.flatMap((x) => x.parties))].filter((n) => n !== nation).sort();
        setPartners(all);
        setChosen(new Set(all));
      },
      (err: unknown) => !abort.signal.aborted && setError(String(err instanceof Error ? err.message : err)),
    );
    return () => abort.abort();
  }, [nation, token]);
  return (
    <details className="crisis-convene">
      <summary>{t('crisis.convene')}</summary>
      <form
        className="crisis-form"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          apiPost<EventResult>(`/api/${nation}/consultations`, token, {
            subject,
            level,
            participants: [nation, ...chosen],
            ackWithinMs: Math.round(ackMin * 60_000),
          })
            .then((r) => {
              setSubject('');
              onConvened(r.consultation);
            })
            .catch((err: unknown) =>
              setError(err instanceof ApiError ? `${err.status}: ${err.message}` : String(err)),
            )
            .finally(() => setBusy(false));
        }}
      >
        <label className="wide">
          {t('crisis.subject')}{' '}
          <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={500} />
        </label>
        <fieldset>
          <legend>{t('crisis.participants')}</legend>
          <label>
            <input type="checkbox" checked disabled /> {nation}
          </label>
          {(partners ?? []).map((p) => (
            <label key={p}>
              <input
                type="checkbox"
                checked={chosen.has(p)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(p);
                  else next.delete(p);
                  setChosen(next);
                }}
              />{' '}
              {p}
            </label>
          ))}
        </fieldset>
        <label>
          {t('crisis.levelLabel')}{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as (typeof LEVELS)[number])}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`crisis.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('crisis.ackWithin')}{' '}
          <input
            type="number"
            min={1}
            max={10_080}
            value={ackMin}
            onChange={(e) => setAckMin(Number(e.target.value))}
            required
          />
        </label>
        <button type="submit" disabled={busy || chosen.size === 0}>
          {t('crisis.conveneSubmit')}
        </button>
        {error ? (
          <p className="alert" role="alert">
            {t('crisis.conveneFailed', { message: error })}
          </p>
        ) : null}
      </form>
    </details>
  );
}
