import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../bridge/types';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores } from '../../store/context';

type MemberStatusView = Result<'memberStatuses'>[number];

/**
 * Per member status: may the member shop, and if not, does the cashier only acknowledge it
 * (soft) or must a manager approve the sale (hard). Each change is sent as it is made.
 */
export function MemberPolicy() {
  const { t } = useWords();
  const { t: statusWord, i18n } = useTranslation('memberStatus');
  const stores = useStores();
  const [statuses, setStatuses] = useState<MemberStatusView[] | null>(null);

  useEffect(() => {
    void stores.call('memberStatuses', {}).then((result) => {
      if (result.ok) setStatuses(result.value);
    });
  }, [stores]);

  const change = async (status: MemberStatusView, next: Partial<MemberStatusView>) => {
    const updated = await callWithApproval(stores, 'setMemberStatus', {
      code: status.code,
      mayShop: next.mayShop ?? status.mayShop,
      block: next.block ?? status.block,
    });
    if (updated !== undefined) setStatuses(updated);
  };
  const nameOf = (status: MemberStatusView) =>
    i18n.exists(status.code, { ns: 'memberStatus' }) ? statusWord(status.code) : status.label;

  return (
    <section aria-labelledby="member-policy-title" className="settings__section">
      <h2 id="member-policy-title">{t('manager.members.title')}</h2>
      <p>{t('manager.members.hint')}</p>
      {statuses === null ? (
        <p>{t('manager.loading')}</p>
      ) : (
        <table className="figures-table member-policy" aria-labelledby="member-policy-title">
          <thead>
            <tr>
              <th scope="col">{t('manager.members.status')}</th>
              <th scope="col">{t('manager.members.mayShop')}</th>
              <th scope="col">{t('manager.members.block')}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((status) => (
              <tr key={status.code}>
                <th scope="row">
                  {nameOf(status)}
                  <span className="member-policy__code">{status.code}</span>
                </th>
                <td>
                  <label className="choice">
                    <input
                      type="checkbox"
                      aria-label={t('manager.members.mayShopOf', { status: nameOf(status) })}
                      checked={status.mayShop}
                      onChange={(event) => void change(status, { mayShop: event.target.checked })}
                    />
                    <span>{t('manager.members.mayShop')}</span>
                  </label>
                </td>
                <td>
                  <select
                    aria-label={t('manager.members.blockOf', { status: nameOf(status) })}
                    value={status.block}
                    disabled={status.mayShop}
                    onChange={(event) =>
                      void change(status, {
                        block: event.target.value === 'hard' ? 'hard' : 'soft',
                      })
                    }
                  >
                    <option value="soft">{t('manager.members.soft')}</option>
                    <option value="hard">{t('manager.members.hard')}</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
