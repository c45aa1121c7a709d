import { useTranslation } from 'react-i18next';
import { utc } from './format.js';
import { ownPositions } from './model.js';
import { TextForm } from './TextForm.js';
import type { PanelProps } from './useAction.js';

/**
 * The nation's private positions in this consultation (its own only), and the form to record one.
 * A position travels to a partner only if its marking and the agreements release it: the default
 * marking keeps it national.
 */
export function Positions({ c, nation, run, busy }: PanelProps) {
  const { t } = useTranslation();
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
        <TextForm
          route="positions"
          fields={{}}
          marking="SECRET//NOFORN"
          textLabel={t('crisis.position')}
          submitLabel={t('crisis.recordPosition')}
          run={run}
          busy={busy}
        />
      ) : null}
    </section>
  );
}
