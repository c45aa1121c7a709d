import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { utc } from './format.js';
import { ownPositions } from './model.js';
import type { Consultation } from './types.js';
import type { Run } from './useAction.js';

/**
 * The nation's private positions in this consultation (its own only), and the form to record one.
 * A position travels to a partner only if its marking and the agreements release it: the default
 * marking keeps it national.
 */
export function Positions({
  c,
  nation,
  run,
  busy,
}: {
  c: Consultation;
  nation: Nation;
  run: Run;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [marking, setMarking] = useState('SECRET//NOFORN');
  const own = ownPositions(c, nation);
  return (
    <section aria-labelledby="crisis-positions">
      <h3 id="crisis-positions">{t('crisis.positions', { nation })}</h3>
      {own.length === 0 ? (
        <p className="state">{t('crisis.noPositions')}</p>
      ) : (
        <ol className="crisis-positions" data-testid="positions">
          {own.map((p) => (
            <li key={p.id}>
              <span className="meta">
                {utc(p.atMs)} · <code>{p.marking}</code>
                {p.about ? ` · ${p.about}` : ''}
              </span>
              <p>{p.text}</p>
            </li>
          ))}
        </ol>
      )}
      {c.closed === null ? (
        <form
          className="crisis-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('positions', { text, marking }).then((ok) => ok && setText(''));
          }}
        >
          <label className="wide">
            {t('crisis.position')}{' '}
            <textarea value={text} onChange={(e) => setText(e.target.value)} required rows={2} />
          </label>
          <label>
            {t('crisis.marking')}{' '}
            <input value={marking} onChange={(e) => setMarking(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy}>
            {t('crisis.recordPosition')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
