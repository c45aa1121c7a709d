import { useState } from 'react';
import './crisis.css';
import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { ConsultationDetail } from './ConsultationDetail.js';
import { ConsultationList } from './ConsultationList.js';
import { ConveneForm } from './ConveneForm.js';
import { ordered, scenarioNow } from './model.js';
import { useConsultations } from './useConsultations.js';
import { useScenarioClock, useTick } from './useScenarioClock.js';

/**
 * The crisis room: the nation's consultations, live over the consultation stream (resuming after a
 * drop from the last event received), and the one selected with its acknowledgements, escalation,
 * timeline, private positions, statements, readouts and export.
 */
export function CrisisRoom({ nation, token }: { nation: Nation; token: string }) {
  const { t } = useTranslation();
  const clock = useScenarioClock();
  const { state, take } = useConsultations(nation, token, clock?.recoveries ?? 0);
  const nowMs = scenarioNow(clock, useTick(500));
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const list = state.byId ? ordered(state.byId) : undefined;
  const current = (selected !== undefined ? state.byId?.get(selected) : undefined) ?? list?.[0];
  return (
    <div className="crisis" data-testid="crisis-room">
      <div className="status-line">
        <span className={`stream ${state.stream}`} data-testid="crisis-stream-state">
          {t(`stream.${state.stream}`, { detail: state.streamDetail ?? '' })}
        </span>
        {nowMs !== undefined ? (
          <span className="clock">
            {t('clock', { time: new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ') })}
          </span>
        ) : null}
      </div>
      <ConveneForm
        nation={nation}
        token={token}
        onConvened={(c) => {
          take(c);
          if (c?.id) setSelected(c.id);
        }}
      />
      <div className="crisis-main">
        <nav aria-label={t('crisis.listLabel')}>
          <h2>{t('crisis.title')}</h2>
          {list === undefined ? (
            state.stream === 'refused' ? null : (
              <p className="state">{t('crisis.loading')}</p>
            )
          ) : (
            <ConsultationList
              consultations={list}
              nation={nation}
              selected={current?.id ?? undefined}
              onSelect={setSelected}
            />
          )}
        </nav>
        {current ? (
          <ConsultationDetail
            key={current.id}
            c={current}
            nation={nation}
            token={token}
            nowMs={nowMs}
            take={take}
          />
        ) : null}
      </div>
    </div>
  );
}
