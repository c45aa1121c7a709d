import { useTranslation } from 'react-i18next';
import type { SharingAgreement } from '../api/types.js';

/** The standing on the chosen day of each agreement the nation is party to, as the node reads it. */
export function AgreementList({ agreements }: { agreements: readonly SharingAgreement[] }) {
  const { t } = useTranslation();
  return (
    <table className="agreement-list" data-testid="agreement-list">
      <caption>{t('agreements.standing')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('agreements.agreement')}</th>
          <th scope="col">{t('agreements.parties')}</th>
          <th scope="col">{t('agreements.state')}</th>
          <th scope="col">{t('agreements.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {agreements.map((a) => (
          <tr key={a.id} data-agreement={a.id} className={a.inForce ? 'in-force' : 'not-in-force'}>
            <th scope="row" title={a.title}>
              {a.id}
            </th>
            <td>{a.parties.join(', ')}</td>
            <td className={`agreement-state ${a.state}`} data-state={a.state}>
              {t(`agreements.states.${a.state}`, { defaultValue: a.state })}
            </td>
            <td className="detail">{a.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
