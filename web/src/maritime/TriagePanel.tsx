import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet, apiPost } from '../api/client.js';
import type { EventPage, MaritimeEvent, Nation, TriageBody, TriageResult } from '../api/types.js';

const OPERATOR_KEY = 'concord.operator';

type Action = 'acknowledge' | 'escalate' | 'dismiss' | 'annotate' | 'hand-over';

type Outcome =
  | { readonly kind: 'done'; readonly action: Action; readonly result: TriageResult }
  | { readonly kind: 'refused'; readonly action: Action; readonly status: number; readonly message: string };

/**
 * The watch officer's actions on one event, each the node's POST route. A refusal (409: the event's
 * state does not allow it, or a partner's event; 400 a missing reason; 422 a marking) is shown as
 * the node said it, in an alert, and changes nothing.
 */
export function TriagePanel({
  nation,
  token,
  event,
  onChanged,
}: {
  nation: Nation;
  token: string;
  event: MaritimeEvent;
  onChanged: (e: MaritimeEvent) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [to, setTo] = useState('');
  const [marking, setMarking] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  // The operator's name goes with every action (recorded by the node); kept for the tab's session.
  const [operator, setOperator] = useState(() => sessionStorage.getItem(OPERATOR_KEY) ?? '');
  const [history, setHistory] = useState<EventPage['triage'] | undefined>();
  const [historyVersion, setHistoryVersion] = useState(0);
  useEffect(() => {
    void historyVersion;
    const abort = new AbortController();
    apiGet<EventPage>(
      `/api/${nation}/maritime-events/${encodeURIComponent(event.id)}`,
      token,
      abort.signal,
    ).then(
      (p) => setHistory(p.triage),
      () => undefined, // the panel stays usable without its history
    );
    return () => abort.abort();
  }, [nation, token, event.id, historyVersion]);

  const run = async (action: Action, body: TriageBody) => {
    setBusy(true);
    try {
      const result = await apiPost<TriageResult>(
        `/api/${nation}/maritime-events/${encodeURIComponent(event.id)}/${action}`,
        token,
        operator === '' ? body : { ...body, operator },
      );
      setOutcome({ kind: 'done', action, result });
      onChanged(result.event);
      setHistoryVersion((v) => v + 1);
    } catch (err) {
      setOutcome({
        kind: 'refused',
        action,
        status: err instanceof ApiError ? err.status : 0,
        message: err instanceof Error ? err.message : String(err),
      });
    } finally {
      setBusy(false);
    }
  };
  const submit = (action: Action, body: TriageBody) => (e: FormEvent) => {
    e.preventDefault();
    void run(action, body);
  };
  const partner = event.originator !== nation;

  return (
    <section className="triage" aria-label={t('triage.region')} data-testid="triage">
      <h3>{t('triage.title', { type: t(`events.type.${event.type}`, { defaultValue: event.type }) })}</h3>
      {partner ? <p className="note">{t('triage.partnerEvent', { originator: event.originator })}</p> : null}
      <div className="row">
        <label>
          {t('triage.operator')}{' '}
          <input
            data-testid="operator"
            value={operator}
            onChange={(e) => {
              setOperator(e.target.value);
              sessionStorage.setItem(OPERATOR_KEY, e.target.value);
            }}
          />
        </label>
      </div>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void run('acknowledge', {})} data-testid="ack">
          {t('triage.acknowledge')}
        </button>
      </div>
      <form className="row" onSubmit={submit('escalate', marking ? { marking } : {})}>
        <label>
          {t('triage.marking')}{' '}
          <input
            value={marking}
            placeholder="UNCLASSIFIED"
            onChange={(e) => setMarking(e.target.value)}
            data-testid="marking"
          />
        </label>
        <button type="submit" disabled={busy} data-testid="escalate">
          {t('triage.escalate')}
        </button>
      </form>
      <form className="row" onSubmit={submit('dismiss', { reason })}>
        <label>
          {t('triage.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || reason === ''} data-testid="dismiss">
          {t('triage.dismiss')}
        </button>
      </form>
      <form className="row" onSubmit={submit('annotate', { text: note })}>
        <label>
          {t('triage.note')} <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || note === ''}>
          {t('triage.annotate')}
        </button>
      </form>
      <form className="row" onSubmit={submit('hand-over', { to })}>
        <label>
          {t('triage.to')} <input value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || to === ''}>
          {t('triage.handOver')}
        </button>
      </form>
      {outcome?.kind === 'refused' ? (
        <p className="error" role="alert" data-testid="triage-refused">
          {outcome.status === 409
            ? t('triage.conflict', { action: t(`triage.action.${outcome.action}`), message: outcome.message })
            : t('triage.refused', {
                action: t(`triage.action.${outcome.action}`),
                status: outcome.status,
                message: outcome.message,
              })}
        </p>
      ) : null}
      {outcome?.kind === 'done' ? (
        <div className="ok" role="status" data-testid="triage-done">
          {t('triage.done', {
            action: t(`triage.action.${outcome.action}`),
            state: t(`events.state.${outcome.result.event.status.state}`),
          })}
          {outcome.result.published ? (
            <ul>
              {outcome.result.published.decisions.map((d) => (
                <li key={d.recipient}>
                  {t(d.allow ? 'triage.sharedWith' : 'triage.notSharedWith', {
                    nation: d.recipient,
                    why: d.agreement ?? d.reason,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {history && history.length > 0 ? (
        <>
          <h4>{t('triage.history')}</h4>
          <ol className="triage-history" data-testid="triage-history">
            {history.map((h) => (
              <li key={`${h.at}-${h.action}`}>
                {h.at.slice(0, 19).replace('T', ' ')} {t(`triage.action.${h.action}`)} — {h.by}
                {detailText(h.detail)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

/** A triage entry's reason, note, recipient and marking, as the officer gave them. */
function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const parts = Object.entries(detail as Record<string, unknown>)
    .filter(([k, v]) => k !== 'operator' && typeof v === 'string')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
