import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';
import { useManagerShortcuts } from './shortcuts';
import type { ManagerScreenProps } from './index';

/**
 * Training mode, switched on or off by a manager (signed in, or approving with their PIN): the
 * volunteers then practise on the real till, on a ledger the books never see.
 */
export function TrainingMode({ onClose }: ManagerScreenProps) {
  const { t } = useWords();
  const stores = useStores();
  const active = useTill('status', (state) => state.training);

  const toggle = async () => {
    const done = await callWithApproval(stores, active ? 'endTraining' : 'startTraining', {});
    if (done !== undefined) onClose();
  };
  useManagerShortcuts({ F10: () => void toggle(), Escape: onClose });

  return (
    <section className="panel manager-screen" aria-labelledby="training-title">
      <h1 id="training-title">{t('manager.training')}</h1>
      <p>{t(active ? 'manager.training.onText' : 'manager.training.offText')}</p>
      <div className="actions">
        <KeyButton
          tone="primary"
          label={t(active ? 'manager.training.end' : 'manager.training.start')}
          shortcut="F10"
          onClick={() => void toggle()}
        />
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </section>
  );
}
