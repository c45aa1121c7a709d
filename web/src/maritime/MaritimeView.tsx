import type { Map as MapLibre } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet } from '../api/client.js';
import type { MaritimeEvent, Nation, VesselPage } from '../api/types.js';
import { MapView } from '../map/MapView.js';
import { EventList } from './EventList.js';
import type { EventFilter } from './picture.js';
import { TriagePanel } from './TriagePanel.js';
import { useMaritime } from './useMaritime.js';
import { VesselDetail } from './VesselDetail.js';
import {
  AFFILIATION_COLOR,
  addMaritimeLayers,
  setEvents,
  setVessels,
  setVesselTrack,
} from './vessels-layer.js';

/** The maritime picture: vessels on the map (clustered), a vessel's detail, the events and their triage. */
export function MaritimeView({ nation, token }: { nation: Nation; token: string }) {
  const { t } = useTranslation();
  const { state, update } = useMaritime(nation, token);
  const [map, setMap] = useState<MapLibre | undefined>();
  const [filter, setFilter] = useState<EventFilter>({ type: 'all', state: 'all' });
  const [eventId, setEventId] = useState<string | undefined>();
  const [mmsi, setMmsi] = useState<number | undefined>();
  const [page, setPage] = useState<{ page?: VesselPage; error?: string }>({});
  const events = useRef(state.events);
  events.current = state.events;

  useEffect(() => {
    if (map && state.vessels) setVessels(map, state.vessels);
  }, [map, state.vessels]);
  useEffect(() => {
    if (map) setEvents(map, state.events ?? [], eventId);
  }, [map, state.events, eventId]);
  useEffect(() => {
    if (map) setVesselTrack(map, page.page);
  }, [map, page]);
  useEffect(() => {
    setPage({});
    if (mmsi === undefined) return;
    const abort = new AbortController();
    apiGet<VesselPage>(`/api/${nation}/vessels/${mmsi}`, token, abort.signal).then(
      (p) => setPage({ page: p }),
      (err: unknown) =>
        !abort.signal.aborted &&
        setPage({ error: err instanceof ApiError ? `${err.status}: ${err.message}` : String(err) }),
    );
    return () => abort.abort();
  }, [mmsi, nation, token]);

  // Where the map is to go: set by selecting an event, flown to once the map is ready (an event
  // may be selected before the map has loaded).
  const [focus, setFocus] = useState<{ lon: number; lat: number } | undefined>();
  useEffect(() => {
    if (!map || !focus) return;
    map.flyTo({ center: [focus.lon, focus.lat], zoom: Math.max(map.getZoom(), 8) });
  }, [map, focus]);
  const selectEvent = (e: MaritimeEvent) => {
    setEventId(e.id);
    if (e.mmsi[0] !== undefined) setMmsi(e.mmsi[0]);
    setFocus({ lon: e.lon, lat: e.lat });
  };
  // The map's handlers are bound once: they call the latest selectEvent (with the map set).
  const select = useRef(selectEvent);
  select.current = selectEvent;
  const selected = state.events?.find((e) => e.id === eventId);

  return (
    <div className="maritime">
      <div className="status-line">
        <span className={`stream ${state.stream}`} data-testid="maritime-stream-state">
          {t(`stream.${state.stream}`, { detail: state.streamDetail ?? '' })}
        </span>
        <span data-testid="vessel-count" data-count={state.vessels?.size ?? 0}>
          {state.vessels ? t('vessels.count', { count: state.vessels.size }) : t('vessels.loading')}
        </span>
        {state.error ? <span className="error">{state.error}</span> : null}
      </div>
      <div className="maritime-body">
        <MapView
          onReady={(m) => {
            addMaritimeLayers(m, {
              onVessel: setMmsi,
              onEvent: (id) => {
                const e = events.current?.find((x) => x.id === id);
                if (e) select.current(e);
              },
            });
            setMap(m);
          }}
        />
        <aside className="side">
          {mmsi !== undefined ? (
            <VesselDetail
              mmsi={mmsi}
              page={page.page}
              error={page.error}
              onClose={() => setMmsi(undefined)}
            />
          ) : (
            <p className="state">{t('vessel.hint')}</p>
          )}
          {selected ? (
            <TriagePanel
              key={selected.id}
              nation={nation}
              token={token}
              event={selected}
              onChanged={update}
            />
          ) : null}
        </aside>
      </div>
      <ul className="legend">
        {(['friendly', 'neutral', 'unknown'] as const).map((a) => (
          <li key={a}>
            <span className="swatch" style={{ background: AFFILIATION_COLOR[a] }} />{' '}
            {t(`vessel.affiliation.${a}`)}
          </li>
        ))}
        <li>
          <span className="swatch cluster" /> {t('legend.cluster')}
        </li>
        <li>
          <span className="swatch event" /> {t('legend.event')}
        </li>
      </ul>
      <EventList
        events={state.events}
        filter={filter}
        onFilter={setFilter}
        selected={eventId}
        onSelect={selectEvent}
      />
    </div>
  );
}
