import { useTranslation } from 'react-i18next';
import { untilDeadline, utc } from './format.js';
import { mayAcknowledge } from './model.js';
import type { PanelProps } from './useAction.js';

/**
 * Participants and their acknowledgements: acknowledged (when, late or not), pending with a live
 * countdown to the deadline on the scenario clock, or missed (shown to every participant).
 */
export function Acknowledgements({
  c,
  nation,
  nowMs,
  run,
  busy,
}: PanelProps & { nowMs: number | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="crisis-acks">
      <h3 id="crisis-acks">{t('crisis.acks')}</h3>
      <table className="crisis-acks" data-testid="acks">
        <thead>
          <tr>
            <th scope="col">{t('crisis.participant')}</th>
            <th scope="col">{t('crisis.ackStatus')}</th>
            <th scope="col">{t('crisis.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {c.acks.map((a) => {
            const left =
              a.status === 'pending' && nowMs !== undefined ? untilDeadline(a.deadlineMs, nowMs) : undefined;
            return (
              <tr key={a.nation} data-nation={a.nation} className={`ack ${a.status}`}>
                <th scope="row">
                  {a.nation}
                  {a.nation === c.convener ? ` (${t('crisis.convener')})` : ''}
                </th>
                <td data-testid="ack-status">
                  {a.status === 'acked'
                    ? t(a.late ? 'crisis.ackedLate' : 'crisis.ackedAt', { time: utc(a.atMs, a.deadlineMs) })
                    : t(`crisis.ack.${a.status}`)}
                </td>
                <td>
                  {utc(a.deadlineMs, c.convenedAtMs ?? undefined)}
                  {left ? (
                    <span className="countdown" data-testid="ack-countdown">
                      {' '}
                      {'left' in left
                        ? t('crisis.left', { time: left.left })
                        : t('crisis.over', { time: left.over })}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayAcknowledge(c, nation) ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => void run('acknowledge', {})}
          data-testid="acknowledge"
        >
          {t('crisis.acknowledge', { nation })}
        </button>
      ) : null}
    </section>
  );
}
