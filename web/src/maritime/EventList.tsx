import { useTranslation } from 'react-i18next';
import { MARITIME_EVENT_TYPES } from '../../../src/domain/maritime-events.js';
import type { MaritimeEvent } from '../api/types.js';
import { type EventFilter, filterEvents } from './picture.js';

const STATES = ['new', 'acknowledged', 'escalated', 'dismissed', 'withdrawn'] as const;

/** The maritime events, filterable by type and state; a row selects its event (and shows it on the map). */
export function EventList({
  events,
  filter,
  onFilter,
  selected,
  onSelect,
}: {
  events: MaritimeEvent[] | undefined;
  filter: EventFilter;
  onFilter: (f: EventFilter) => void;
  selected: string | undefined;
  onSelect: (e: MaritimeEvent) => void;
}) {
  const { t } = useTranslation();
  const shown = events ? filterEvents(events, filter) : [];
  return (
    <section className="events" aria-label={t('events.region')}>
      <div className="filters">
        <label>
          {t('events.filterType')}{' '}
          <select
            value={filter.type}
            onChange={(e) => onFilter({ ...filter, type: e.target.value as EventFilter['type'] })}
            data-testid="event-type-filter"
          >
            <option value="all">{t('events.all')}</option>
            {MARITIME_EVENT_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`events.type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('events.filterState')}{' '}
          <select
            value={filter.state}
            onChange={(e) => onFilter({ ...filter, state: e.target.value as EventFilter['state'] })}
            data-testid="event-state-filter"
          >
            <option value="all">{t('events.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`events.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {events === undefined ? (
        <p className="state">{t('events.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="state">{t('events.empty')}</p>
      ) : (
        <table className="event-table" data-testid="events">
          <caption>{t('events.caption', { shown: shown.length, count: events.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('events.type.label')}</th>
              <th scope="col">{t('events.zone')}</th>
              <th scope="col">MMSI</th>
              <th scope="col">{t('events.originator')}</th>
              <th scope="col">{t('events.state.label')}</th>
              <th scope="col">{t('events.detected')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr
                key={e.id}
                className={e.id === selected ? 'selected' : undefined}
                tabIndex={0}
                aria-selected={e.id === selected}
                onClick={() => onSelect(e)}
                onKeyDown={(k) => {
                  if (k.key === 'Enter' || k.key === ' ') {
                    k.preventDefault();
                    onSelect(e);
                  }
                }}
                data-testid="event-row"
                data-type={e.type}
                data-state={e.status.state}
              >
                <td>{t(`events.type.${e.type}`, { defaultValue: e.type })}</td>
                <td>{e.zone ?? ''}</td>
                <td>{e.mmsi.join(', ')}</td>
                <td>{e.originator}</td>
                <td>
                  {t(`events.state.${e.status.state}`)}
                  {e.status.holder ? ` → ${e.status.holder}` : ''}
                </td>
                <td>{e.detected.slice(0, 19).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
