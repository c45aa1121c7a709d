import { type ExportFeature, exportFeatures, type FeatureKind } from './features.js';
import { DEG_DIGITS, decimal } from './numbers.js';
import type { NationExport } from './picture.js';
import type { Position } from './rings.js';

const FOLDERS: readonly { title: string; kinds: readonly FeatureKind[] }[] = [
  { title: 'Tracks', kinds: ['track'] },
  { title: 'Warnings', kinds: ['warning', 'warning-ellipse', 'warning-swept'] },
  { title: 'Vessels', kinds: ['vessel'] },
  { title: 'Maritime events', kinds: ['maritime-event'] },
  { title: 'Zones', kinds: ['zone'] },
];

/**
 * A nation's picture as a KML 2.2 document: a folder each of tracks, warnings (point, 95 % ellipse,
 * swept region), vessels and maritime events; each placemark with its time (`TimeStamp`) and its
 * properties as `ExtendedData`. Tracks are placed at their altitude (`absolute`); everything else
 * on the ground. Numbers are plain decimals.
 */
export function toKml(x: NationExport): string {
  const features = exportFeatures(x);
  const folders = FOLDERS.map(({ title, kinds }) => {
    const placemarks = features.filter((f) => kinds.includes(f.kind)).map(placemark);
    return `<Folder><name>${title}</name>${placemarks.join('')}</Folder>`;
  });
  const title = `Concord ${x.nation} picture at ${new Date(x.timeMs).toISOString()}`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<kml xmlns="http://www.opengis.net/kml/2.2">' +
    `<Document><name>${esc(title)}</name>${STYLES}${folders.join('')}</Document></kml>\n`
  );
}

// Missile red, warnings amber, vessels blue; regions half-transparent (KML colours are aabbggrr).
const STYLES =
  '<Style id="track"><IconStyle><color>ff0000ff</color></IconStyle></Style>' +
  '<Style id="warning"><IconStyle><color>ff00a5ff</color></IconStyle><LineStyle><color>ff00a5ff</color><width>2</width></LineStyle><PolyStyle><color>4000a5ff</color></PolyStyle></Style>' +
  '<Style id="vessel"><IconStyle><color>ffff7f00</color></IconStyle></Style>' +
  '<Style id="maritime-event"><IconStyle><color>ffff00ff</color></IconStyle></Style>' +
  '<Style id="zone"><LineStyle><color>ffffff00</color><width>1</width></LineStyle><PolyStyle><color>20ffff00</color></PolyStyle></Style>';

const styleOf = (k: FeatureKind) => (k.startsWith('warning') ? 'warning' : k);

function placemark(f: ExportFeature): string {
  const data = Object.entries(f.properties)
    .map(([k, v]) => `<Data name="${esc(k)}"><value>${esc(value(v, `${f.id} ${k}`))}</value></Data>`)
    .join('');
  return (
    `<Placemark id="${esc(xmlId(f.id))}"><name>${esc(f.name)}</name><styleUrl>#${styleOf(f.kind)}</styleUrl>` +
    `<TimeStamp><when>${new Date(f.timeMs).toISOString()}</when></TimeStamp>` +
    `<ExtendedData>${data}</ExtendedData>${geometry(f)}</Placemark>`
  );
}

function geometry(f: ExportFeature): string {
  const s = f.shape;
  if (s.type === 'point') {
    const at = `${decimal(s.lonDeg, DEG_DIGITS, `${f.id} longitude`)},${decimal(s.latDeg, DEG_DIGITS, `${f.id} latitude`)}`;
    return s.altitudeM !== undefined
      ? `<Point><altitudeMode>absolute</altitudeMode><coordinates>${at},${decimal(s.altitudeM, 0, `${f.id} altitude`)}</coordinates></Point>`
      : `<Point><coordinates>${at}</coordinates></Point>`;
  }
  const polygons = s.rings.map(
    (r) =>
      `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates(r, f.id)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`,
  );
  return polygons.length === 1 ? polygons[0]! : `<MultiGeometry>${polygons.join('')}</MultiGeometry>`;
}

function coordinates(ring: readonly Position[], what: string): string {
  return ring
    .map(
      ([lon, lat]) =>
        `${decimal(lon, DEG_DIGITS, `${what} longitude`)},${decimal(lat, DEG_DIGITS, `${what} latitude`)}`,
    )
    .join(' ');
}

function value(v: string | number | boolean | readonly string[], what: string): string {
  if (typeof v === 'number') return decimal(v, 3, what);
  if (typeof v === 'boolean') return String(v);
  return typeof v === 'string' ? v : v.join(' ');
}

/** An XML ID (an NCName): the feature id with what an NCName may not hold replaced. */
function xmlId(id: string): string {
  return `c-${id.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITY[c]!);
}
