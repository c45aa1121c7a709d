import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { utc } from './format.js';
import { levelsAbove } from './model.js';
import type { Consultation } from './types.js';
import type { Run } from './useAction.js';

/** The level and its history (who raised it, why: by hand or for missed deadlines), and the escalate form. */
export function Escalation({ c, run, busy }: { c: Consultation; run: Run; busy: boolean }) {
  const { t } = useTranslation();
  const choices = levelsAbove(c);
  const [choice, setChoice] = useState(0);
  const [reason, setReason] = useState('');
  const levelName = (level: string, form?: string | null) =>
    `${t(`crisis.level.${level}`)}${form ? ` (${t(`crisis.form.${form}`)})` : ''}`;
  return (
    <section aria-labelledby="crisis-escalation">
      <h3 id="crisis-escalation">
        {t('crisis.escalation')}:{' '}
        <span data-testid="level">{c.level ? levelName(c.level, c.form) : '—'}</span>
      </h3>
      {c.escalation.missed.length > 0 ? (
        <p className="alert" role="alert">
          {t('crisis.missed', { nations: c.escalation.missed.join(', ') })}
        </p>
      ) : null}
      {c.escalation.note ? <p>{c.escalation.note}</p> : null}
      <ol className="crisis-levels">
        {c.levelHistory.map((h) => (
          <li key={h.event}>
            {utc(h.atMs)} · {levelName(h.level, h.form)} · {h.by} ·{' '}
            {h.cause.kind === 'missed-ack'
              ? t('crisis.cause.missed-ack', { nations: h.cause.nations.join(', ') })
              : t(`crisis.cause.${h.cause.kind}`)}
            {h.reason ? ` — ${h.reason}` : ''}
          </li>
        ))}
      </ol>
      {c.closed === null && choices.length > 0 ? (
        <form
          className="crisis-form"
          onSubmit={(e) => {
            e.preventDefault();
            const to = choices[Math.min(choice, choices.length - 1)]!;
            void run('escalate', { to: to.to, ...(to.form ? { form: to.form } : {}), reason }).then(
              (ok) => ok && setReason(''),
            );
          }}
        >
          <label>
            {t('crisis.escalateTo')}{' '}
            <select value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
              {choices.map((x, i) => (
                <option key={`${x.to}${x.form ?? ''}`} value={i}>
                  {levelName(x.to, x.form)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('crisis.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy}>
            {t('crisis.escalate')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
