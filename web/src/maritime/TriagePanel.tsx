import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiPost } from '../api/client.js';
import type { MaritimeEvent, Nation, TriageBody, TriageResult } from '../api/types.js';

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

  const run = async (action: Action, body: TriageBody) => {
    setBusy(true);
    try {
      const result = await apiPost<TriageResult>(
        `/api/${nation}/maritime-events/${encodeURIComponent(event.id)}/${action}`,
        token,
        body,
      );
      setOutcome({ kind: 'done', action, result });
      onChanged(result.event);
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
    </section>
  );
}
