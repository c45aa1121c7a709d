import { useTranslation } from 'react-i18next';
import type { Sharing, SharingCell } from '../api/types.js';
import { type Direction, matrixRows, routeOf } from './matrix.js';

/** The two halves of the matrix: what the nation may send each partner, and receive from each. */
export function SharingMatrix({ page }: { page: Sharing }) {
  return (
    <div className="sharing-matrix">
      <Half page={page} direction="send" />
      <Half page={page} direction="receive" />
    </div>
  );
}

function Half({ page, direction }: { page: Sharing; direction: Direction }) {
  const { t } = useTranslation();
  const titles = new Map(page.agreements.map((a) => [a.id, a.title]));
  return (
    <table className="matrix" data-testid={`matrix-${direction}`}>
      <caption>{t(`agreements.${direction}`, { nation: page.nation, day: page.at.slice(0, 10) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t(direction === 'send' ? 'agreements.to' : 'agreements.from')}</th>
          {page.topics.map((topic) => (
            <th key={topic} scope="col">
              {t(`topic.${topic}`, { defaultValue: topic })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrixRows(page, direction).map((row) => (
          <tr key={row.partner}>
            <th scope="row">{row.partner}</th>
            {row.cells.map((c, i) => {
              const from = direction === 'send' ? page.nation : row.partner;
              const to = direction === 'send' ? row.partner : page.nation;
              return (
                <td
                  key={page.topics[i]}
                  className={`flow ${routeOf(c)}`}
                  data-testid={`cell-${from}-${to}-${page.topics[i]}`}
                >
                  <Flow cell={c} titles={titles} />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A cell: the highest level and the agreement that allows it, directly or through which relay. */
function Flow({ cell, titles }: { cell: SharingCell | null; titles: Map<string, string> }) {
  const { t } = useTranslation();
  if (routeOf(cell) === 'none') return <span title={t('agreements.nothing')}>—</span>;
  const flows = cell!.direct ? [{ ...cell!.direct, relay: undefined }, ...cell!.via] : cell!.via;
  return (
    <ul>
      {flows.map((f) => (
        <li key={`${f.agreement}-${f.relay ?? ''}`} title={titles.get(f.agreement) ?? f.agreement}>
          <strong>{f.english}</strong>
          {/* The originator's own word, where it differs from the English equivalent. */}
          {f.level !== f.english ? <span className="level"> ({f.level})</span> : null}
          <br />
          <span className="agreement">{f.agreement}</span>
          {f.relay ? <span className="relay"> {t('agreements.via', { relay: f.relay })}</span> : null}
          {f.concerning ? (
            <span className="concerning"> {t('agreements.concerning', { nation: f.concerning })}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
