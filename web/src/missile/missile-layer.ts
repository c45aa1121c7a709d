import type { Feature, FeatureCollection } from 'geojson';
import { type GeoJSONSource, type Map as MapLibre, Marker } from 'maplibre-gl';
import type { Nation } from '../api/types.js';
import { ellipseRing, unwrapRing } from './geometry.js';
import { originators, provenance, symbolSvg } from './symbols.js';
import type { PictureState } from './usePicture.js';

// The missile picture on the map: trajectories, position uncertainty (each track's covariance
// ellipse at 95 %, as the node serves it), predicted impacts (ellipse,
// or the swept region of a possible impact under thrust, and the point), and a milsymbol marker per
// track. Sources and layers are added once; each new picture only replaces their data.

export const OWN_COLOR = '#b3261e';
export const PARTNER_COLOR = '#1f5fa8';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function addMissileLayers(map: MapLibre): void {
  // The map, reachable from its element: the console's browser tests and `concord bench console`
  // read what the layers draw (queryRenderedFeatures) through it.
  Object.defineProperty(map.getContainer(), 'concordMap', { value: map, configurable: true });
  for (const id of ['history', 'sigma', 'impact-areas', 'impact-points']) {
    map.addSource(id, { type: 'geojson', data: empty() });
  }
  map.addLayer({
    id: 'impact-areas',
    type: 'fill',
    source: 'impact-areas',
    paint: { 'fill-color': '#e8a33d', 'fill-opacity': 0.25, 'fill-outline-color': '#a0620c' },
  });
  map.addLayer({
    id: 'impact-areas-line',
    type: 'line',
    source: 'impact-areas',
    paint: { 'line-color': '#a0620c', 'line-width': 1.5 },
  });
  map.addLayer({
    id: 'sigma',
    type: 'line',
    source: 'sigma',
    paint: { 'line-color': ['get', 'color'], 'line-width': 1, 'line-dasharray': [1, 1] },
  });
  map.addLayer({
    id: 'history',
    type: 'line',
    source: 'history',
    paint: { 'line-color': ['get', 'color'], 'line-width': 2, 'line-opacity': 0.8 },
  });
  map.addLayer({
    id: 'impact-points',
    type: 'circle',
    source: 'impact-points',
    paint: {
      'circle-radius': 5,
      'circle-color': '#e8a33d',
      'circle-stroke-color': '#5b3600',
      'circle-stroke-width': 1.5,
    },
  });
}

const markers = new WeakMap<MapLibre, Map<string, Marker>>();

/** What a marker's click (or Enter) does, per map: the latest callback the view handed in. */
const onSelectOf = new WeakMap<MapLibre, (id: string) => void>();

export function updateMissileLayers(
  map: MapLibre,
  s: PictureState,
  nation: Nation,
  onSelect?: (id: string) => void,
): void {
  if (onSelect) onSelectOf.set(map, onSelect);
  const tracks = s.picture?.tracks ?? [];
  const colorOf = new Map(
    tracks.map((t) => [t.id, provenance(t, nation) === 'own' ? OWN_COLOR : PARTNER_COLOR]),
  );
  const history: Feature[] = [];
  for (const [id, line] of s.history) {
    if (line.length < 2) continue;
    history.push({
      type: 'Feature',
      properties: { id, color: colorOf.get(id) ?? '#666' },
      geometry: { type: 'LineString', coordinates: line.map((p) => [...p]) },
    });
  }
  // Each track's horizontal position uncertainty at 95 %, oriented as its covariance is.
  const sigma: Feature[] = tracks.map((t) => {
    const e = t.positionEllipse;
    return {
      type: 'Feature',
      properties: {
        id: t.id,
        color: colorOf.get(t.id)!,
        semiMajorM: e.semiMajorM,
        semiMinorM: e.semiMinorM,
        orientationDeg: e.orientationDeg,
      },
      geometry: {
        type: 'LineString',
        coordinates: ellipseRing(t.latDeg, t.lonDeg, e.semiMajorM, e.semiMinorM, e.orientationDeg, 72),
      },
    };
  });
  const live = (s.alerts?.warnings ?? []).filter((w) => w.withdrawn === undefined);
  const areas: Feature[] = [];
  const points: Feature[] = [];
  for (const w of live) {
    if (w.reason !== 'impact' && w.reason !== 'possible-impact') continue;
    points.push({
      type: 'Feature',
      properties: { trackId: w.trackId, reason: w.reason },
      geometry: { type: 'Point', coordinates: [w.lonDeg, w.latDeg] },
    });
    if (w.ellipse) {
      const e = w.ellipse;
      areas.push({
        type: 'Feature',
        properties: { trackId: w.trackId, kind: 'ellipse' },
        geometry: {
          type: 'Polygon',
          coordinates: [ellipseRing(w.latDeg, w.lonDeg, e.semiMajorM, e.semiMinorM, e.orientationDeg)],
        },
      });
    }
    if (w.swept && w.swept.length >= 4) {
      areas.push({
        type: 'Feature',
        properties: { trackId: w.trackId, kind: 'swept' },
        geometry: { type: 'Polygon', coordinates: [unwrapRing(w.swept)] },
      });
    }
  }
  const set = (id: string, features: Feature[]) =>
    (map.getSource(id) as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features,
    });
  set('history', history);
  set('sigma', sigma);
  set('impact-areas', areas);
  set('impact-points', points);

  // Markers: one per track in the picture, moved as it moves, removed when it leaves.
  let byId = markers.get(map);
  if (!byId) {
    byId = new Map();
    markers.set(map, byId);
  }
  const seen = new Set<string>();
  for (const t of tracks) {
    seen.add(t.id);
    let m = byId.get(t.id);
    if (!m) {
      const el = document.createElement('div');
      el.classList.add('track-marker');
      el.dataset.track = t.id;
      el.innerHTML = symbolSvg(t);
      // A button for the keyboard too: Tab reaches it, Enter or Space opens the track's detail.
      el.tabIndex = 0;
      el.setAttribute('role', 'button');
      const id = t.id;
      el.addEventListener('click', () => onSelectOf.get(map)?.(id));
      el.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        onSelectOf.get(map)?.(id);
      });
      m = new Marker({ element: el }).setLngLat([t.lonDeg, t.latDeg]).addTo(map);
      byId.set(t.id, m);
    }
    const el = m.getElement();
    // Classes added, not set: MapLibre positions the marker by its own.
    const own = provenance(t, nation) === 'own';
    el.classList.toggle('own', own);
    el.classList.toggle('partner', !own);
    el.title = `${t.id} — ${originators(t).join('+')}, ${(t.altitudeM / 1000).toFixed(0)} km, ${t.speedMps.toFixed(0)} m/s`;
    el.setAttribute('aria-label', el.title);
    m.setLngLat([t.lonDeg, t.latDeg]);
  }
  for (const [id, m] of byId) {
    if (!seen.has(id)) {
      m.remove();
      byId.delete(id);
    }
  }
}
