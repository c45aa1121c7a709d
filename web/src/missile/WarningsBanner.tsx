import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeg } from '../map/MapView.js';
import { formatDuration } from './geometry.js';
import { orderWarnings } from './order.js';
import { type PictureState, scenarioNowMs } from './usePicture.js';

/** A re-render every `everyMs`, for the countdowns. */
function useTick(everyMs: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The warnings banner: each warning the node issued to the nation, with a countdown to the predicted
 * impact or overflight on the scenario clock (extrapolated between pictures), and the area.
 */
export function WarningsBanner({ state }: { state: PictureState }) {
  const { t } = useTranslation();
  const wallNow = useTick(250);
  const now = scenarioNowMs(state, wallNow);
  const warnings = orderWarnings(state.alerts?.warnings ?? [], now);
  if (warnings.length === 0)
    return (
      <section className="banner quiet" aria-label={t('warnings.region')} data-testid="warnings">
        {t('warnings.none')}
      </section>
    );
  return (
    <section
      className="banner alert"
      aria-label={t('warnings.region')}
      aria-live="polite"
      data-testid="warnings"
    >
      <ul>
        {warnings.map((w) => {
          const toEventS = now === undefined ? w.timeToEventS : (Date.parse(w.event) - now) / 1000;
          const when =
            toEventS >= 0
              ? t('warnings.countdown', { time: formatDuration(toEventS) })
              : t('warnings.passed', { time: formatDuration(-toEventS) });
          const withdrawn = w.withdrawn !== undefined;
          return (
            <li
              key={`${w.trackId}|${w.reason}|${w.area}`}
              className={withdrawn ? 'withdrawn' : w.reason}
              data-testid="warning"
            >
              <strong>{t(`warnings.reason.${w.reason}`)}</strong>{' '}
              <span className="countdown" data-testid="countdown">
                {when}
              </span>{' '}
              {t('warnings.line', {
                area: `${w.area} (${t(`warnings.zone.${w.zone}`)})`,
                lat: formatDeg(w.latDeg, 'N', 'S'),
                lon: formatDeg(w.lonDeg, 'E', 'W'),
                track: w.trackId,
                phase: t(`warnings.phase.${w.phase}`),
              })}
              {withdrawn ? ` — ${t('warnings.withdrawn')}` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
