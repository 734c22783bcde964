import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts, type ShortcutMap } from '../../input/shortcuts';
import { MANAGER_SCREEN_IDS, managerScreens, type ManagerScreenId } from './index';

/** The manager's entry point: one button (and one key) per screen of the registry. */
export function ManagerMenu({
  onOpen,
  onClose,
}: {
  onOpen: (id: ManagerScreenId) => void;
  onClose: () => void;
}) {
  const { t } = useWords();
  const keys: Record<string, () => void> = { Escape: onClose };
  for (const id of MANAGER_SCREEN_IDS) keys[managerScreens[id].shortcut] = () => onOpen(id);
  useShortcuts(keys satisfies ShortcutMap);
  return (
    <section className="panel manager-menu" aria-labelledby="manager-menu-title">
      <h1 id="manager-menu-title">{t('manager.menu')}</h1>
      <div className="manager-menu__grid">
        {MANAGER_SCREEN_IDS.map((id) => (
          <KeyButton
            key={id}
            label={t(managerScreens[id].title)}
            shortcut={managerScreens[id].shortcut}
            onClick={() => onOpen(id)}
          />
        ))}
      </div>
      <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
    </section>
  );
}
