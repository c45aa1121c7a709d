import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Nation } from '../api/types.js';
import { Acknowledgements } from './Acknowledgements.js';
import { Escalation } from './Escalation.js';
import { downloadStatement } from './exportStatement.js';
import { utc } from './format.js';
import { Positions } from './Positions.js';
import { Readouts } from './Readouts.js';
import { Statements } from './Statements.js';
import { Timeline } from './Timeline.js';
import type { Consultation } from './types.js';
import { type Outcome, useAction } from './useAction.js';

/** One consultation as the nation sees it, with every action the nation may take in it. */
export function ConsultationDetail({
  c,
  nation,
  token,
  nowMs,
  take,
}: {
  c: Consultation;
  nation: Nation;
  token: string;
  nowMs: number | undefined;
  take: (c: Consultation | null) => void;
}) {
  const { t } = useTranslation();
  const { run, busy, outcome } = useAction(nation, token, c.id!, take);
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const [outcomeText, setOutcome] = useState('');
  const onExport = (statement: string, format: 'md' | 'html') => {
    setExportError(undefined);
    downloadStatement(nation, token, c.id!, statement, format).catch((err: unknown) =>
      setExportError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <article className="crisis-detail" data-testid="consultation-detail" aria-labelledby="crisis-subject">
      <h2 id="crisis-subject">{c.subject}</h2>
      <p className="meta">
        {t('crisis.convenedBy', {
          nation: c.convener ?? '—',
          time: c.convenedAtMs !== null ? utc(c.convenedAtMs) : '—',
        })}{' '}
        · {t('crisis.trigger')}:{' '}
        {c.trigger
          ? c.trigger.kind === 'manual'
            ? t('crisis.manual')
            : `${t(`crisis.triggerKind.${c.trigger.kind}`)} ${c.trigger.id}`
          : '—'}
        {c.coalition ? ` · ${c.coalition}` : ''}
        {c.plan ? ` · ${c.plan.name}` : ''} · <code>{c.id}</code>
      </p>
      {c.closed ? (
        <p className="badge closed" data-testid="closed">
          {t('crisis.closedBy', { nation: c.closed.by, time: utc(c.closed.atMs) })}
          {c.closed.outcome ? `: ${c.closed.outcome}` : ''}
        </p>
      ) : null}
      <OutcomeLine outcome={outcome} />
      {exportError ? (
        <p className="alert" role="alert">
          {t('crisis.exportFailed', { message: exportError })}
        </p>
      ) : null}
      <div className="crisis-columns">
        <div>
          <Acknowledgements c={c} nation={nation} nowMs={nowMs} run={run} busy={busy} />
          <Escalation c={c} run={run} busy={busy} />
          <Positions c={c} nation={nation} run={run} busy={busy} />
        </div>
        <div>
          <Statements c={c} nation={nation} run={run} busy={busy} onExport={onExport} />
          <Readouts c={c} nation={nation} run={run} busy={busy} />
          <Timeline c={c} run={run} busy={busy} />
        </div>
      </div>
      {c.closed === null && c.convener === nation ? (
        <form
          className="crisis-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('close', outcomeText.trim() ? { outcome: outcomeText } : {});
          }}
        >
          <label className="wide">
            {t('crisis.outcome')} <input value={outcomeText} onChange={(e) => setOutcome(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t('crisis.close')}
          </button>
        </form>
      ) : null}
    </article>
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  const action = t(`crisis.action.${outcome.route}`);
  return outcome.ok ? (
    <p className="ok" role="status" data-testid="crisis-outcome">
      {t('crisis.done', { action })}
    </p>
  ) : (
    <p className="alert" role="alert" data-testid="crisis-outcome">
      {t('crisis.refused', { action, status: outcome.status, message: outcome.message })}
    </p>
  );
}
