import { useTranslation } from 'react-i18next';
import type { VesselPage } from '../api/types.js';
import { affiliation, partnerSources } from './picture.js';

/** One vessel: identity, who heard it (own feeds, partners), its history and the watch list's say. */
export function VesselDetail({
  mmsi,
  page,
  error,
  onClose,
}: {
  mmsi: number;
  page: VesselPage | undefined;
  error: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const v = page?.vessel ?? null;
  const id = page?.identities[0];
  const watch = page?.events.filter((e) => e.type === 'watchlist') ?? [];
  return (
    <section className="vessel" aria-label={t('vessel.region')} data-testid="vessel-detail">
      <h3>
        {t('vessel.title', { name: v?.name ?? id?.name ?? t('vessel.unnamed'), mmsi })}{' '}
        <button type="button" onClick={onClose}>
          {t('vessel.close')}
        </button>
      </h3>
      {error ? <p className="error">{error}</p> : null}
      {!page && !error ? <p className="state">{t('vessel.loading')}</p> : null}
      {page ? (
        <dl>
          <dt>{t('vessel.identity')}</dt>
          <dd>
            {t('vessel.identityLine', {
              imo: v?.imo ?? id?.imo ?? '—',
              callsign: id?.callsign ?? '—',
              shipType: v?.shipType ?? id?.shipType ?? '—',
            })}
            {v ? ` · ${t(`vessel.affiliation.${affiliation(v)}`)}` : ''}
          </dd>
          {v ? (
            <>
              <dt>{t('vessel.position')}</dt>
              <dd>
                {t('vessel.positionLine', {
                  lat: v.lat.toFixed(4),
                  lon: v.lon.toFixed(4),
                  speed: v.speed ?? '—',
                  course: v.course ?? '—',
                  time: v.lastSeen.slice(0, 19).replace('T', ' '),
                })}
                {v.positionSource ? ` (${t('vessel.positionFrom', { source: v.positionSource })})` : ''}
              </dd>
              <dt>{t('vessel.sources')}</dt>
              <dd data-testid="vessel-sources">
                {v.sources.filter((s) => !s.startsWith('partner:')).join(', ') || '—'}
                {partnerSources(v).length > 0
                  ? ` · ${t('vessel.partners', { nations: partnerSources(v).join(', ') })}`
                  : ''}
              </dd>
              {(v.otherIdentities ?? []).length > 0 ? (
                <>
                  <dt>{t('vessel.otherIdentities')}</dt>
                  <dd>
                    {(v.otherIdentities ?? [])
                      .map((o) => `${o.source}: ${o.name ?? '—'} / ${o.imo ?? '—'} / ${o.shipType ?? '—'}`)
                      .join('; ')}
                  </dd>
                </>
              ) : null}
            </>
          ) : (
            <dd>{t('vessel.notInPicture')}</dd>
          )}
          <dt>{t('vessel.watchlist')}</dt>
          <dd data-testid="vessel-watchlist">
            {watch.length === 0 ? t('vessel.noWatchMatch') : t('vessel.watchMatch', { count: watch.length })}
          </dd>
          <dt>{t('vessel.history')}</dt>
          <dd>
            {t('vessel.historyLine', {
              positions: page.track.length,
              identities: page.identities.length,
              events: page.events.length,
              first: page.track[0]?.time.slice(0, 19).replace('T', ' ') ?? '—',
            })}
          </dd>
          {page.identities.length > 1 ? (
            <dd>
              <ul>
                {page.identities.map((i) => (
                  <li key={`${i.firstSeen}-${i.name ?? ''}`}>
                    {i.name ?? '—'} / IMO {i.imo ?? '—'} / {i.callsign ?? '—'} ({i.firstSeen.slice(0, 10)}–
                    {i.lastSeen.slice(0, 10)})
                  </li>
                ))}
              </ul>
            </dd>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
