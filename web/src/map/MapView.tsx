import 'maplibre-gl/dist/maplibre-gl.css';
import {
  AttributionControl,
  Map as MapLibre,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../api/client.js';
import type { MapZones } from '../api/types.js';
import { SessionContext } from '../session/SessionContext.js';
import { BASE_LAYERS, baseStyle } from './basemap.js';
import { ZonesPanel } from './ZonesPanel.js';
import {
  addZoneLayers,
  groupVisible,
  setGroupVisible,
  ZONE_GROUPS,
  type ZoneGroup,
  zoneLabels,
} from './zones-layer.js';

export interface MapViewProps {
  /** Called once the map and its style are loaded: the picture's layers are added there. */
  readonly onReady: (map: MapLibre) => void;
}

// MapLibre finds its worker next to its own module, which the bundle does not keep: the build ships
// the worker as an asset of its own, served by the node like the rest.
setWorkerUrl(workerUrl);

/** Where the map opens: the seas between Korea and Japan, where the bundled scenarios play. */
const HOME = { center: [134, 37] as [number, number], zoom: 4 };

/** Below this zoom the maritime desk's zones (a few tens of km) are not labelled: the labels would pile up. */
const MARITIME_LABEL_ZOOM = 7;

/** The zones read for a session (nation and token), kept while it lasts; a failure is not kept. */
let read: { key: string; zones: Promise<MapZones> } | undefined;
function zonesOf(nation: string, token: string): Promise<MapZones> {
  const key = `${nation} ${token}`;
  if (read?.key !== key) {
    const zones = apiGet<MapZones>(`/api/${nation}/zones`, token);
    read = { key, zones };
    zones.catch(() => {
      if (read?.zones === zones) read = undefined;
    });
  }
  return read.zones;
}

/** Degrees as a signed coordinate with its hemisphere, e.g. 37.512°N. */
export function formatDeg(v: number, pos: string, neg: string): string {
  return `${Math.abs(v).toFixed(3)}°${v >= 0 ? pos : neg}`;
}

export type ZonesState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly zones: MapZones }
  | { readonly kind: 'failed'; readonly message: string };

/** The offline map: basemap, zones, graticule, pan and zoom, scale bar, coordinates under the cursor. */
export function MapView({ onReady }: MapViewProps) {
  const { t, i18n } = useTranslation();
  const session = useContext(SessionContext);
  const box = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<{ lat: number; lon: number } | undefined>();
  const [map, setMap] = useState<MapLibre>();
  const [zones, setZones] = useState<ZonesState>({ kind: 'loading' });
  const [shown, setShown] = useState<Record<ZoneGroup, boolean>>({
    computed: true,
    bases: true,
    maritime: true,
  });
  // What the map itself says is drawn, group by group, once the zones are on it.
  const [drawn, setDrawn] = useState<ZoneGroup[] | undefined>();
  const [zoom, setZoom] = useState(HOME.zoom);
  const labels = useRef<{ group: ZoneGroup; marker: Marker; nation?: string; name: string }[]>([]);
  // onReady is called once, with the map the effect made.
  const ready = useRef(onReady);
  useEffect(() => {
    if (!box.current) return;
    const m = new MapLibre({
      container: box.current,
      style: baseStyle(),
      center: HOME.center,
      zoom: HOME.zoom,
      attributionControl: false,
      renderWorldCopies: false,
    });
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new ScaleControl({ unit: 'metric', maxWidth: 160 }), 'bottom-left');
    m.addControl(new AttributionControl({ compact: true, customAttribution: 'Natural Earth (world-atlas)' }));
    m.on('mousemove', (e) => setCursor({ lat: e.lngLat.lat, lon: e.lngLat.lng }));
    m.on('mouseout', () => setCursor(undefined));
    m.on('zoomend', () => setZoom(m.getZoom()));
    m.on('load', () => {
      ready.current(m);
      setMap(m);
    });
    return () => m.remove();
  }, []);

  // The zones the node uses, read once per session (each view's map reuses them).
  useEffect(() => {
    if (!session) return;
    let alive = true;
    setZones({ kind: 'loading' });
    zonesOf(session.nation, session.token).then(
      (z) => {
        if (alive) setZones({ kind: 'ready', zones: z });
      },
      (err: unknown) => {
        if (alive) setZones({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      alive = false;
    };
  }, [session]);

  // Drawn below the picture's layers (whatever onReady added above the basemap), once.
  useEffect(() => {
    if (!map || zones.kind !== 'ready' || map.getSource('computed-zones')) return;
    const above = map.getStyle().layers.find((l) => !(BASE_LAYERS as readonly string[]).includes(l.id));
    addZoneLayers(map, zones.zones, above?.id);
    labels.current = zoneLabels(zones.zones).map((l) => {
      const el = document.createElement('div');
      el.className = `zone-label zone-label-${l.group}`;
      el.dataset.zone = l.key;
      return {
        group: l.group,
        name: l.name,
        ...(l.nation ? { nation: l.nation } : {}),
        marker: new Marker({ element: el }).setLngLat(l.lonLat).addTo(map),
      };
    });
    setDrawn([]);
  }, [map, zones]);

  // The switcher's choices applied to the map, then read back from it; labels follow their group.
  useEffect(() => {
    if (!map || drawn === undefined) return;
    for (const g of ZONE_GROUPS) setGroupVisible(map, g, shown[g]);
    for (const l of labels.current) {
      const el = l.marker.getElement();
      const visible = shown[l.group] && (l.group !== 'maritime' || zoom >= MARITIME_LABEL_ZOOM);
      el.style.display = visible ? '' : 'none';
      // A nation Concord names is named in the operator's language; others as Natural Earth does.
      const name = l.nation && i18n.exists(`nation.${l.nation}`) ? t(`nation.${l.nation}`) : l.name;
      el.textContent = l.group === 'computed' ? t('zones.eezOf', { nation: name }) : name;
    }
    const now = ZONE_GROUPS.filter((g) => groupVisible(map, g));
    setDrawn((d) => (d && d.join() === now.join() ? d : now));
  }, [map, drawn, shown, zoom, t, i18n]);

  return (
    <div className="map-wrap">
      <div
        ref={box}
        className="map"
        role="application"
        aria-label={t('map.label')}
        data-testid="map"
        data-zones-drawn={drawn?.join(' ')}
      />
      <div className="cursor" aria-live="off">
        {cursor
          ? t('map.cursor', { lat: formatDeg(cursor.lat, 'N', 'S'), lon: formatDeg(cursor.lon, 'E', 'W') })
          : t('map.outside')}
      </div>
      {session ? (
        <ZonesPanel state={zones} shown={shown} onToggle={(g, on) => setShown((s) => ({ ...s, [g]: on }))} />
      ) : null}
    </div>
  );
}
