import 'maplibre-gl/dist/maplibre-gl.css';
import {
  AttributionControl,
  Map as MapLibre,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baseStyle } from './basemap.js';

export interface MapViewProps {
  /** Called once the map and its style are loaded: the picture's layers are added there. */
  readonly onReady: (map: MapLibre) => void;
}

// MapLibre finds its worker next to its own module, which the bundle does not keep: the build ships
// the worker as an asset of its own, served by the node like the rest.
setWorkerUrl(workerUrl);

/** Where the map opens: the seas between Korea and Japan, where the bundled scenarios play. */
const HOME = { center: [134, 37] as [number, number], zoom: 4 };

/** Degrees as a signed coordinate with its hemisphere, e.g. 37.512°N. */
export function formatDeg(v: number, pos: string, neg: string): string {
  return `${Math.abs(v).toFixed(3)}°${v >= 0 ? pos : neg}`;
}

/** The offline map: basemap, zones, graticule, pan and zoom, scale bar, coordinates under the cursor. */
export function MapView({ onReady }: MapViewProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<{ lat: number; lon: number } | undefined>();
  // onReady is called once, with the map the effect made.
  const ready = useRef(onReady);
  useEffect(() => {
    if (!box.current) return;
    const map = new MapLibre({
      container: box.current,
      style: baseStyle(),
      center: HOME.center,
      zoom: HOME.zoom,
      attributionControl: false,
      renderWorldCopies: false,
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 160 }), 'bottom-left');
    map.addControl(
      new AttributionControl({ compact: true, customAttribution: 'Natural Earth (world-atlas)' }),
    );
    map.on('mousemove', (e) => setCursor({ lat: e.lngLat.lat, lon: e.lngLat.lng }));
    map.on('mouseout', () => setCursor(undefined));
    map.on('load', () => ready.current(map));
    return () => map.remove();
  }, []);
  return (
    <div className="map-wrap">
      <div ref={box} className="map" role="application" aria-label={t('map.label')} data-testid="map" />
      <div className="cursor" aria-live="off">
        {cursor
          ? t('map.cursor', { lat: formatDeg(cursor.lat, 'N', 'S'), lon: formatDeg(cursor.lon, 'E', 'W') })
          : t('map.outside')}
      </div>
    </div>
  );
}
