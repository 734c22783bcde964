import { useState, type FormEvent } from 'react';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useManagerShortcuts } from './shortcuts';
import { callWithApproval } from '../../store/approval';
import { useStores } from '../../store/context';
import { useOperationAct } from '../../store/operation';
import type { ManagerScreenProps } from './index';

/** The drawer opened with no sale: a manager's act, journaled with its reason. */
export function OpenDrawer({ onClose }: ManagerScreenProps) {
  const { t } = useWords();
  const stores = useStores();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const act = useOperationAct();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setOpened(false);
    if (reason.trim() === '') {
      setProblem(t('manager.reasonMissing'));
      return;
    }
    setProblem(null);
    const done = await callWithApproval(stores, 'openDrawer', {
      reason: reason.trim(),
      operationId: act.id(),
    });
    if (done === undefined) return;
    act.done();
    setOpened(true);
    setReason('');
  };
  useManagerShortcuts({ F10: () => void submit(), Escape: onClose });

  return (
    <form
      className="panel manager-screen"
      aria-labelledby="open-drawer-title"
      onSubmit={(event) => void submit(event)}
    >
      <h1 id="open-drawer-title">{t('manager.openDrawer')}</h1>
      <label className="field">
        <span>{t('manager.reason')}</span>
        <input
          type="text"
          autoFocus
          value={reason}
          maxLength={200}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'open-drawer-problem' : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      {problem ? (
        <p id="open-drawer-problem" className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      {opened ? (
        <p className="done" role="status">
          {t('manager.drawer.opened')}
        </p>
      ) : null}
      <div className="actions">
        <KeyButton
          type="submit"
          tone="primary"
          label={t('manager.drawer.open')}
          shortcut="F10"
          onClick={undefined}
        />
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </form>
  );
}
