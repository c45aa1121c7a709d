import { useEffect, useState } from 'react';
import './track-detail.css';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../api/client.js';
import type { Nation, Track } from '../api/types.js';
import type { TrackDetail as Detail, TrackDetailSource } from './detail-types.js';
import { originators, provenance } from './symbols.js';
import { apogeeM, thinTrail } from './trail.js';
import type { TrackSample } from './usePicture.js';

/** Rows of the trajectory table. */
const TRAIL_ROWS = 10;

/**
 * One track of the picture in detail: its originator(s) and each source's marking, the trajectory
 * this console has seen, and where each partner's source came from — the item, the sender, the
 * level it is held at, and the releasability decision that let it in as this node's audit log
 * records it (`GET /api/<NATION>/picture/<id>`; read again when the track's sources change).
 */
export function TrackDetail({
  nation,
  token,
  track,
  samples,
  onClose,
}: {
  nation: Nation;
  token: string;
  track: Track;
  samples: readonly TrackSample[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<Detail | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const sourcesKey = track.sources.map((s) => `${s.nation}:${s.trackId}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the track's sources change
  useEffect(() => {
    const abort = new AbortController();
    setError(undefined);
    apiGet<Detail>(`/api/${nation}/picture/${encodeURIComponent(track.id)}`, token, abort.signal).then(
      (d) => setDetail(d),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setError(err instanceof ApiError ? `${err.status}: ${err.message}` : String(err));
      },
    );
    return () => abort.abort();
  }, [nation, token, track.id, sourcesKey]);
  const top = apogeeM(samples);
  return (
    <section className="track-detail" aria-labelledby="track-detail-title" data-testid="track-detail">
      <h3 id="track-detail-title">
        {t('trackDetail.title', { id: track.id })}{' '}
        <button type="button" onClick={onClose} data-testid="track-detail-close">
          {t('trackDetail.close')}
        </button>
      </h3>
      <p>
        {t('trackDetail.originators', { nations: originators(track).join(', ') })} ·{' '}
        {t(`tracks.${provenance(track, nation)}`)}
        {track.sources.length > 1 ? ` (${t('tracks.fused')})` : ''}
      </p>
      <h4>{t('trackDetail.sources')}</h4>
      {error ? (
        <p className="state error" role="alert">
          {t('trackDetail.failed', { message: error })}
        </p>
      ) : detail === undefined ? (
        <p className="state">{t('trackDetail.loading')}</p>
      ) : (
        <table className="track-sources" data-testid="track-sources">
          <thead>
            <tr>
              <th scope="col">{t('trackDetail.source')}</th>
              <th scope="col">{t('trackDetail.marking')}</th>
              <th scope="col">{t('trackDetail.howReached')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.sources.map((s) => (
              <tr key={`${s.nation}:${s.trackId}`} data-source={`${s.nation}:${s.trackId}`}>
                <th scope="row">
                  {s.nation}:{s.trackId} ({t(s.own ? 'trackDetail.own' : 'trackDetail.partner')})
                </th>
                <td>
                  <code>{s.marking ?? '—'}</code>
                </td>
                <td data-testid="admission">
                  <Admission s={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t('trackDetail.trajectory')}</h4>
      {samples.length === 0 ? (
        <p className="state">{t('trackDetail.noTrajectory')}</p>
      ) : (
        <>
          <p data-testid="trajectory-summary">
            {t('trackDetail.trajectoryLine', {
              count: samples.length,
              first: samples[0]!.time.slice(11, 19),
              last: samples[samples.length - 1]!.time.slice(11, 19),
              apogee: (top / 1000).toFixed(0),
            })}
          </p>
          <table className="track-trail" data-testid="trajectory">
            <thead>
              <tr>
                <th scope="col">{t('tracks.time')}</th>
                <th scope="col">{t('tracks.lat')}</th>
                <th scope="col">{t('tracks.lon')}</th>
                <th scope="col">{t('tracks.altitude')}</th>
                <th scope="col">{t('tracks.speed')}</th>
              </tr>
            </thead>
            <tbody>
              {thinTrail(samples, TRAIL_ROWS).map((p) => (
                <tr key={p.time}>
                  <td>{p.time.slice(11, 19)}</td>
                  <td>{p.latDeg.toFixed(3)}</td>
                  <td>{p.lonDeg.toFixed(3)}</td>
                  <td>{(p.altitudeM / 1000).toFixed(1)}</td>
                  <td>{p.speedMps.toFixed(0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Admission({ s }: { s: TrackDetailSource }) {
  const { t } = useTranslation();
  if (!s.held) return <>{t('trackDetail.notHeld')}</>;
  if (s.own) return <>{t('trackDetail.ownSensors')}</>;
  const a = s.admission;
  return (
    <>
      {t('trackDetail.sentBy', {
        sender: s.sender ?? '—',
        level: s.levelHere ?? '—',
        time: s.received?.slice(11, 19) ?? '—',
      })}
      <br />
      {a
        ? t('trackDetail.decision', {
            rule: a.rule ?? '—',
            agreement: a.agreement ?? '—',
            seq: a.seq,
            hash: a.hash.slice(0, 12),
            time: a.time.slice(11, 19),
          })
        : t('trackDetail.noRecord')}
      {a?.reason ? (
        <>
          <br />
          <span className="meta">{a.reason}</span>
        </>
      ) : null}
    </>
  );
}
