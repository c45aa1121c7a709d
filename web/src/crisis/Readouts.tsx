import { useState } from 'react';
import { useTranslation } from 'react-i18next';
// The node's own comparison (the statement export's "departs from the agreed text"): pure, type-only imports.
import { readoutDivergence } from '../../../src/consult/divergence.js';
import { utc } from './format.js';
import { TextForm } from './TextForm.js';
import type { Consultation } from './types.js';
import type { PanelProps } from './useAction.js';

/**
 * National readouts of the statements, and where each departs from the agreed text: sentences added,
 * left out, or reworded (with the words that differ), as the node's export shows them. Publishing a
 * readout is the one action still taken after the close.
 */
export function Readouts({ c, nation, run, busy }: PanelProps) {
  const { t } = useTranslation();
  const [statement, setStatement] = useState('joint');
  const agreed = c.statements.filter((s) => s.agreed !== null).map((s) => s.id);
  return (
    <section aria-labelledby="crisis-readouts">
      <h3 id="crisis-readouts">{t('crisis.readouts')}</h3>
      {c.readouts.length === 0 ? (
        <p className="state">{t('crisis.noReadouts')}</p>
      ) : (
        <ol className="crisis-readouts" data-testid="readouts">
          {c.readouts.map((r) => (
            <li key={r.id}>
              <span className="meta">
                {utc(r.atMs)} · {r.nation} · {r.statement} · <code>{r.marking}</code>
              </span>
              <p>{r.text}</p>
            </li>
          ))}
        </ol>
      )}
      {agreed.map((s) => (
        <Divergence key={s} c={c} statement={s} />
      ))}
      {c.participants.includes(nation) ? (
        <TextForm
          route="readouts"
          fields={{ statement }}
          textLabel={t('crisis.readoutText')}
          submitLabel={t('crisis.publishReadout')}
          run={run}
          busy={busy}
        >
          <label>
            {t('crisis.statementName')}{' '}
            <input value={statement} onChange={(e) => setStatement(e.target.value)} required />
          </label>
        </TextForm>
      ) : null}
    </section>
  );
}

function Divergence({ c, statement }: { c: Consultation; statement: string }) {
  const { t } = useTranslation();
  const ds = readoutDivergence(c, statement);
  if (ds.length === 0) return null;
  return (
    <div className="crisis-divergence" data-testid="divergence">
      <h4>{t('crisis.divergence', { statement })}</h4>
      <ul>
        {ds.map((d) => (
          <li key={d.nation} data-nation={d.nation}>
            <strong>{d.nation}</strong>:{' '}
            {d.identical ? (
              t('crisis.identical')
            ) : (
              <ul>
                {d.added.map((s) => (
                  <li key={`a${s}`} className="added">
                    {t('crisis.added', { sentence: s })}
                  </li>
                ))}
                {d.missing.map((s) => (
                  <li key={`m${s}`} className="missing">
                    {t('crisis.leftOut', { sentence: s })}
                  </li>
                ))}
                {d.changed.map((x) => (
                  <li key={`c${x.readout}`} className="changed">
                    {t('crisis.reworded', {
                      agreed: x.agreed,
                      readout: x.readout,
                      added: x.wordsAdded.join(' ') || '—',
                      removed: x.wordsRemoved.join(' ') || '—',
                    })}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
