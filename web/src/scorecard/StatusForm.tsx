import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUSES } from '../../../src/commitments/model.js';
import { ApiError, apiPost } from '../api/client.js';
import type { Nation, Status, StatusBody, StatusResult } from '../api/types.js';

/**
 * An administrator appends a status with its evidence (`POST .../commitments/<id>/status`). The node
 * decides: a refusal (a shared entry, another nation's, a day before the latest record) is shown as
 * it said it, naming the field.
 */
export function StatusForm({
  nation,
  token,
  id,
  onEdited,
}: {
  nation: Nation;
  token: string;
  id: string;
  onEdited: () => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('in-progress');
  const [asOf, setAsOf] = useState('');
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [source, setSource] = useState('');
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const body: StatusBody = {
      status,
      asOf,
      ...(note ? { note } : {}),
      evidence: { date, source, text },
    };
    try {
      const r = await apiPost<StatusResult>(
        `/api/${nation}/commitments/${encodeURIComponent(id)}/status`,
        token,
        body,
      );
      setAnswer({
        ok: true,
        message: t('scorecard.form.done', {
          status: t(`scorecard.statuses.${r.edit.status}`),
          asOf: r.edit.asOf,
        }),
      });
      onEdited();
    } catch (err) {
      setAnswer({ ok: false, message: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="status-form" onSubmit={(e) => void submit(e)} data-testid="status-form">
      <h4>{t('scorecard.form.title')}</h4>
      <label>
        {t('scorecard.status')}
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value as Status)}
          data-testid="form-status"
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`scorecard.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('scorecard.form.asOf')}
        <input
          type="date"
          required
          value={asOf}
          onChange={(e) => setAsOf(e.target.value)}
          data-testid="form-asof"
        />
      </label>
      <label>
        {t('scorecard.form.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="form-note" />
      </label>
      <fieldset>
        <legend>{t('scorecard.evidence')}</legend>
        <label>
          {t('scorecard.form.evidenceDate')}
          <input
            required
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            placeholder="YYYY-MM-DD"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            data-testid="form-evidence-date"
          />
        </label>
        <label>
          {t('scorecard.form.source')}
          <input
            required
            value={source}
            onChange={(e) => setSource(e.target.value)}
            data-testid="form-source"
          />
        </label>
        <label>
          {t('scorecard.form.text')}
          <textarea required value={text} onChange={(e) => setText(e.target.value)} data-testid="form-text" />
        </label>
      </fieldset>
      <button type="submit" disabled={busy} data-testid="form-submit">
        {t('scorecard.form.submit')}
      </button>
      {answer ? (
        <p
          className={answer.ok ? 'state' : 'state error'}
          role={answer.ok ? 'status' : 'alert'}
          data-testid="form-answer"
        >
          {answer.message}
        </p>
      ) : null}
    </form>
  );
}
