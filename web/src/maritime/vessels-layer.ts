import type { Feature, FeatureCollection } from 'geojson';
import type { GeoJSONSource, MapLayerMouseEvent, Map as MapLibre } from 'maplibre-gl';
import ms from 'milsymbol';
import type { MaritimeEvent, Vessel, VesselPage } from '../api/types.js';
import { type Affiliation, SURFACE_SIDC, vesselCollection, vesselDiff } from './picture.js';

// The maritime layer on the map: the vessels as one clustered GeoJSON source (MapLibre's own
// clustering, in its worker: 100,000 points stay fluid because only clusters are drawn at low zoom),
// dots by affiliation at middle zoom and milsymbol sea-surface symbols from SYMBOL_ZOOM; the events
// as rings; the selected vessel's kept track. Sources and layers are added once; updates replace data.

export const CLUSTER_MAX_ZOOM = 7;
export const SYMBOL_ZOOM = 8;
export const AFFILIATION_COLOR: Record<Affiliation, string> = {
  friendly: '#3b7fd4',
  neutral: '#3a9a4a',
  unknown: '#d4b43b',
};
const EVENT_COLOR = '#c2185b';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

function addSymbolImages(map: MapLibre): void {
  for (const aff of Object.keys(SURFACE_SIDC) as Affiliation[]) {
    const canvas = new ms.Symbol(SURFACE_SIDC[aff], { size: 22 }).asCanvas(2);
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    map.addImage(`vessel-${aff}`, data, { pixelRatio: 2 });
  }
}

export interface MaritimeLayerHandlers {
  readonly onVessel: (mmsi: number) => void;
  readonly onEvent: (id: string) => void;
}

export function addMaritimeLayers(map: MapLibre, h: MaritimeLayerHandlers): void {
  addSymbolImages(map);
  map.addSource('vessels', {
    type: 'geojson',
    data: empty(),
    cluster: true,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterRadius: 40,
  });
  map.addSource('vessel-track', { type: 'geojson', data: empty() });
  map.addSource('maritime-events', { type: 'geojson', data: empty() });
  map.addLayer({
    id: 'vessel-track',
    type: 'line',
    source: 'vessel-track',
    paint: { 'line-color': '#333', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'vessel-clusters',
    type: 'circle',
    source: 'vessels',
    filter: ['has', 'point_count'],
    paint: {
      // The area grows with the count: 10 px for a few, 28 px for 10,000 and more.
      'circle-radius': ['interpolate', ['linear'], ['log10', ['get', 'point_count']], 0, 8, 4, 28],
      'circle-color': '#5b7083',
      'circle-opacity': 0.6,
      'circle-stroke-color': '#2b3a48',
      'circle-stroke-width': 1,
    },
  });
  const colorByAff: unknown[] = ['match', ['get', 'aff']];
  for (const [aff, color] of Object.entries(AFFILIATION_COLOR)) colorByAff.push(aff, color);
  colorByAff.push('#888');
  map.addLayer({
    id: 'vessel-points',
    type: 'circle',
    source: 'vessels',
    filter: ['!', ['has', 'point_count']],
    maxzoom: SYMBOL_ZOOM,
    paint: {
      'circle-radius': 4,
      'circle-color': colorByAff as never,
      'circle-stroke-color': '#222',
      'circle-stroke-width': 0.8,
    },
  });
  map.addLayer({
    id: 'vessel-symbols',
    type: 'symbol',
    source: 'vessels',
    filter: ['!', ['has', 'point_count']],
    minzoom: SYMBOL_ZOOM,
    layout: {
      'icon-image': ['concat', 'vessel-', ['get', 'aff']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
  map.addLayer({
    id: 'maritime-events',
    type: 'circle',
    source: 'maritime-events',
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 14, 9],
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': EVENT_COLOR,
      'circle-stroke-width': ['case', ['get', 'selected'], 3, 1.5],
    },
  });

  const vesselClick = (e: MapLayerMouseEvent) => {
    const mmsi = e.features?.[0]?.properties?.mmsi;
    if (typeof mmsi === 'number') h.onVessel(mmsi);
  };
  map.on('click', 'vessel-points', vesselClick);
  map.on('click', 'vessel-symbols', vesselClick);
  map.on('click', 'maritime-events', (e) => {
    const id = e.features?.[0]?.properties?.id;
    if (typeof id === 'string') h.onEvent(id);
  });
  // A cluster opens by zooming to where it splits.
  map.on('click', 'vessel-clusters', (e) => {
    const f = e.features?.[0];
    const id = f?.properties?.cluster_id;
    if (!f || typeof id !== 'number' || f.geometry.type !== 'Point') return;
    const at = f.geometry.coordinates as [number, number];
    void (map.getSource('vessels') as GeoJSONSource)
      .getClusterExpansionZoom(id)
      .then((zoom) => map.easeTo({ center: at, zoom }));
  });
  for (const layer of ['vessel-points', 'vessel-symbols', 'vessel-clusters', 'maritime-events']) {
    map.on('mouseenter', layer, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', layer, () => {
      map.getCanvas().style.cursor = '';
    });
  }
}

/** Above this share of the vessels changed, the whole source is replaced rather than patched. */
const PATCH_MAX_SHARE = 0.2;
const drawnVessels = new WeakMap<MapLibre, ReadonlyMap<number, Vessel>>();

/**
 * Draws `vessels`: the first time, and when much changed, as the source's whole data; otherwise as a
 * patch of the vessels that changed (features keyed by MMSI), so the stream's second-by-second few
 * do not send 100,000 points to the map's worker each time.
 */
export function setVessels(map: MapLibre, vessels: ReadonlyMap<number, Vessel>): void {
  const source = map.getSource('vessels') as GeoJSONSource | undefined;
  if (!source) return;
  const drawn = drawnVessels.get(map);
  drawnVessels.set(map, vessels);
  if (drawn) {
    const { changed, removed } = vesselDiff(drawn, vessels);
    if (changed.length === 0 && removed.length === 0) return;
    if (changed.length + removed.length <= PATCH_MAX_SHARE * vessels.size) {
      void source.updateData({ add: vesselCollection(changed).features, remove: removed });
      return;
    }
  }
  void source.setData(vesselCollection(vessels.values()));
}

export function setEvents(
  map: MapLibre,
  events: readonly MaritimeEvent[],
  selected: string | undefined,
): void {
  const features: Feature[] = events.map((e) => ({
    type: 'Feature',
    properties: { id: e.id, type: e.type, selected: e.id === selected },
    geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
  }));
  (map.getSource('maritime-events') as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features,
  });
}

export function setVesselTrack(map: MapLibre, page: VesselPage | undefined): void {
  const coords = (page?.track ?? []).map((p) => [p.lon, p.lat]);
  (map.getSource('vessel-track') as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features:
      coords.length < 2
        ? []
        : [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } }],
  });
}
