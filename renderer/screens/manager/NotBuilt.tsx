import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts } from '../../input/shortcuts';
import type { ManagerScreenProps } from './index';

/** Stands in for a manager's screen until it is built. */
export function NotBuilt({ onClose }: ManagerScreenProps) {
  const { t } = useWords();
  useShortcuts({ Escape: onClose });
  return (
    <section className="panel" aria-labelledby="not-built-title">
      <h1 id="not-built-title">{t('manager.notBuilt')}</h1>
      <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
    </section>
  );
}
