import type { Map as MapLibre } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { MapView } from '../map/MapView.js';
import { addMissileLayers, OWN_COLOR, PARTNER_COLOR, updateMissileLayers } from './missile-layer.js';
import { TrackDetail } from './TrackDetail.js';
import { TrackTable } from './TrackTable.js';
import { usePicture } from './usePicture.js';
import { WarningsBanner } from './WarningsBanner.js';

/** The missile picture: warnings banner, map with the tracks, track table; live over the picture stream. */
export function MissileView({ nation, token }: { nation: Nation; token: string }) {
  const { t } = useTranslation();
  const state = usePicture(nation, token);
  const [map, setMap] = useState<MapLibre | undefined>();
  const [selected, setSelected] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (map) updateMissileLayers(map, state, nation, setSelected);
  }, [map, state, nation]);
  const track = selected === undefined ? undefined : state.picture?.tracks.find((x) => x.id === selected);
  return (
    <div className="missile">
      <div className="status-line">
        <span className={`stream ${state.stream}`} data-testid="stream-state">
          {t(`stream.${state.stream}`, { detail: state.streamDetail ?? '' })}
        </span>
        {state.picture ? (
          <span className="clock">
            {t('clock', { time: state.picture.time.slice(0, 19).replace('T', ' ') })}
          </span>
        ) : null}
      </div>
      <WarningsBanner state={state} />
      <MapView
        onReady={(m) => {
          addMissileLayers(m);
          setMap(m);
        }}
      />
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: OWN_COLOR }} /> {t('legend.own')}
        </li>
        <li>
          <span className="swatch" style={{ background: PARTNER_COLOR }} /> {t('legend.partner')}
        </li>
        <li>
          <span className="swatch impact" /> {t('legend.impact')}
        </li>
        <li>
          <span className="swatch zones" /> {t('legend.zones')}
        </li>
        <li>
          <span className="swatch bases" /> {t('legend.bases')}
        </li>
      </ul>
      <TrackTable tracks={state.picture?.tracks} nation={nation} selected={selected} onSelect={setSelected} />
      {track ? (
        <TrackDetail
          nation={nation}
          token={token}
          track={track}
          samples={state.samples.get(track.id) ?? []}
          onClose={() => setSelected(undefined)}
        />
      ) : null}
    </div>
  );
}
