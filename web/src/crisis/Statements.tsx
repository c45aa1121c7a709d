import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { utc } from './format.js';
import { latestLive, stancesOn } from './model.js';
import type { Consultation, Statement } from './types.js';
import type { PanelProps, Run } from './useAction.js';

/**
 * Statement drafting: each statement's latest live version with every participant's approval, the
 * nation's approve / reject, earlier versions, a new version (which replaces the latest live one),
 * and, once every participant approved one version, the agreed text and its export.
 */
export function Statements({
  c,
  nation,
  run,
  busy,
  onExport,
}: PanelProps & { onExport: (statement: string, format: 'md' | 'html') => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('joint');
  const [text, setText] = useState('');
  const replaces = (statement: string) => {
    const s = c.statements.find((x) => x.id === statement);
    return s ? latestLive(s)?.id : undefined;
  };
  return (
    <section aria-labelledby="crisis-statements">
      <h3 id="crisis-statements">{t('crisis.statements')}</h3>
      {c.statements.length === 0 ? <p className="state">{t('crisis.noStatements')}</p> : null}
      {c.statements.map((s) => (
        <StatementCard key={s.id} c={c} s={s} nation={nation} run={run} busy={busy} onExport={onExport} />
      ))}
      {c.closed === null ? (
        <form
          className="crisis-form"
          onSubmit={(e) => {
            e.preventDefault();
            const r = replaces(name);
            void run('statements', { statement: name, text, ...(r ? { replaces: r } : {}) }).then(
              (ok) => ok && setText(''),
            );
          }}
        >
          <label>
            {t('crisis.statementName')}{' '}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              pattern="[a-z0-9][a-z0-9-]{0,63}"
            />
          </label>
          <label className="wide">
            {t('crisis.draft')}{' '}
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              rows={3}
              data-testid="draft"
            />
          </label>
          <button type="submit" disabled={busy} data-testid="propose">
            {replaces(name) ? t('crisis.proposeNew') : t('crisis.propose')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function StatementCard({
  c,
  s,
  nation,
  run,
  busy,
  onExport,
}: {
  c: Consultation;
  s: Statement;
  nation: Nation;
  run: Run;
  busy: boolean;
  onExport: (statement: string, format: 'md' | 'html') => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const live = latestLive(s);
  const older = s.versions.filter((v) => v.id !== live?.id).sort((a, b) => b.atMs - a.atMs);
  const mine = live ? stancesOn(c, s, live).find((x) => x.nation === nation) : undefined;
  const participant = c.participants.includes(nation);
  return (
    <article className="crisis-statement" data-testid="statement" data-statement={s.id}>
      <h4>
        {s.id}{' '}
        {s.agreed ? (
          <span className="badge agreed" data-testid="agreed">
            {t('crisis.agreed', { time: utc(s.agreed.atMs) })}
          </span>
        ) : (
          <span className="badge">{t('crisis.notAgreed')}</span>
        )}
      </h4>
      {live ? (
        <>
          <p className="meta">
            {t('crisis.version', { version: live.id, author: live.author, time: utc(live.atMs) })} ·{' '}
            <code>{live.marking}</code>
          </p>
          <blockquote data-testid="statement-text">{live.text}</blockquote>
          <table className="crisis-approvals" data-testid="approvals">
            <caption>{t('crisis.approvals')}</caption>
            <tbody>
              {stancesOn(c, s, live).map((x) => (
                <tr key={x.nation} data-nation={x.nation} className={`stance ${x.stance}`}>
                  <th scope="row">{x.nation}</th>
                  <td data-testid="stance">
                    {t(`crisis.stance.${x.stance}`)}
                    {x.reason ? ` — ${x.reason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.closed === null && participant ? (
            <div className="crisis-form">
              <button
                type="button"
                disabled={busy || mine?.stance === 'approve'}
                onClick={() => void run('approve', { statement: s.id, version: live.id })}
                data-testid="approve"
              >
                {t('crisis.approve', { nation })}
              </button>
              <label>
                {t('crisis.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button
                type="button"
                disabled={busy || reason.trim() === ''}
                onClick={() =>
                  void run('reject', { statement: s.id, version: live.id, reason }).then(
                    (ok) => ok && setReason(''),
                  )
                }
              >
                {t('crisis.reject', { nation })}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
      {s.agreed ? (
        <div className="crisis-agreed">
          <p className="meta">
            {t('crisis.approvedBy', {
              approvals: s.agreed.approvals.map((a) => `${a.nation} ${utc(a.atMs)}`).join(', '),
            })}
          </p>
          <button type="button" onClick={() => onExport(s.id, 'md')} data-testid="export-md">
            {t('crisis.exportMd')}
          </button>
          <button type="button" onClick={() => onExport(s.id, 'html')} data-testid="export-html">
            {t('crisis.exportHtml')}
          </button>
        </div>
      ) : null}
      {older.length > 0 ? (
        <details>
          <summary>{t('crisis.olderVersions', { count: older.length })}</summary>
          <ol>
            {older.map((v) => (
              <li key={v.id}>
                <span className="meta">
                  {t('crisis.version', { version: v.id, author: v.author, time: utc(v.atMs) })}
                  {v.supersededBy.length > 0 ? ` · ${t('crisis.superseded')}` : ''}
                </span>
                <p>{v.text}</p>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </article>
  );
}
