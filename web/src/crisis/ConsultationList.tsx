import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { ownAck } from './model.js';
import type { Consultation } from './types.js';

/** The nation's consultations, open first; one is selected (Enter or click). */
export function ConsultationList({
  consultations,
  nation,
  selected,
  onSelect,
}: {
  consultations: readonly Consultation[];
  nation: Nation;
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (consultations.length === 0)
    return (
      <p className="state" data-testid="crisis-empty">
        {t('crisis.empty')}
      </p>
    );
  return (
    <ul className="crisis-list" aria-label={t('crisis.listLabel')}>
      {consultations.map((c) => {
        const ack = ownAck(c, nation);
        return (
          <li key={c.id}>
            <button
              type="button"
              aria-pressed={c.id === selected}
              onClick={() => onSelect(c.id!)}
              data-testid="consultation"
              data-consultation={c.id}
            >
              <strong>{c.subject}</strong>
              <span className="meta">
                {t(`crisis.level.${c.level ?? 'working'}`)}
                {c.form ? ` (${t(`crisis.form.${c.form}`)})` : ''} · {c.participants.join(', ')} ·{' '}
                {c.closed ? t('crisis.closed') : t('crisis.open')}
                {ack && ack.status !== 'acked' && !c.closed ? ` · ${t(`crisis.ack.${ack.status}`)}` : ''}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
