import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Nation, Track } from '../api/types.js';
import { originators, provenance } from './symbols.js';

type Column = 'id' | 'origin' | 'kind' | 'lat' | 'lon' | 'altitude' | 'speed' | 'sigma' | 'time';

const COLUMNS: readonly Column[] = [
  'id',
  'origin',
  'kind',
  'lat',
  'lon',
  'altitude',
  'speed',
  'sigma',
  'time',
];

function value(t: Track, c: Column, nation: Nation): string | number {
  switch (c) {
    case 'id':
      return t.id;
    case 'origin':
      return originators(t).join('+');
    case 'kind':
      return provenance(t, nation);
    case 'lat':
      return t.latDeg;
    case 'lon':
      return t.lonDeg;
    case 'altitude':
      return t.altitudeM;
    case 'speed':
      return t.speedMps;
    case 'sigma':
      return t.positionSigmaM;
    case 'time':
      return t.time;
  }
}

function cell(t: Track, c: Column, nation: Nation, tr: (k: string) => string): string {
  const v = value(t, c, nation);
  switch (c) {
    case 'kind':
      return tr(`tracks.${v}`) + (t.sources.length > 1 ? ` (${tr('tracks.fused')})` : '');
    case 'lat':
    case 'lon':
      return (v as number).toFixed(3);
    case 'altitude':
      return ((v as number) / 1000).toFixed(1);
    case 'speed':
    case 'sigma':
      return (v as number).toFixed(0);
    case 'time':
      return (v as string).slice(11, 19);
    default:
      return String(v);
  }
}

/**
 * The picture's tracks as a table, sorted by any column (click or Enter on its header; again:
 * reverse). A row, clicked or Enter on its id's button, opens the track's detail.
 */
export function TrackTable({
  tracks,
  nation,
  selected,
  onSelect,
}: {
  tracks: readonly Track[] | undefined;
  nation: Nation;
  selected?: string | undefined;
  onSelect?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ by: Column; down: boolean }>({ by: 'id', down: false });
  if (tracks === undefined) return <p className="state">{t('tracks.loading')}</p>;
  const rows = [...tracks].sort((a, b) => {
    const x = value(a, sort.by, nation);
    const y = value(b, sort.by, nation);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.down ? -c : c;
  });
  return (
    <table className="tracks" data-testid="track-table">
      <caption>{t('tracks.caption', { count: tracks.length })}</caption>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c}
              scope="col"
              aria-sort={sort.by === c ? (sort.down ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                title={t('tracks.sortBy', { column: t(`tracks.${c}`) })}
                onClick={() => setSort((s) => ({ by: c, down: s.by === c ? !s.down : false }))}
              >
                {t(`tracks.${c}`)}
                {sort.by === c ? (sort.down ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={COLUMNS.length} className="state">
              {t('tracks.empty')}
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr
              key={r.id}
              className={`${provenance(r, nation)}${r.id === selected ? ' selected' : ''}`}
              data-track={r.id}
              aria-selected={r.id === selected}
              onClick={() => onSelect?.(r.id)}
            >
              {COLUMNS.map((c) => (
                <td key={c}>
                  {c === 'id' && onSelect ? (
                    <button
                      type="button"
                      className="track-open"
                      title={t('trackDetail.select', { id: r.id })}
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(r.id);
                      }}
                    >
                      {r.id}
                    </button>
                  ) : (
                    cell(r, c, nation, t)
                  )}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
