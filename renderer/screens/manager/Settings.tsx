import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useTill } from '../../store/context';
import { DeviceTests } from './DeviceTests';
import type { ManagerScreenProps } from './index';
import { MemberPolicy } from './MemberPolicy';
import { ReceiptHeader } from './ReceiptHeader';
import { ServerEnrolment } from './ServerEnrolment';
import { useManagerShortcuts } from './shortcuts';
import { TillLanguage } from './TillLanguage';

/**
 * The till's set-up: its devices tested one by one, its language, the receipt, the members, the
 * central server it syncs with.
 */
export function Settings({ onClose }: ManagerScreenProps) {
  const { t } = useWords();
  const loaded = useTill('auth', (state) => state.settings !== null);
  useManagerShortcuts({ Escape: onClose });
  return (
    <section className="panel manager-screen settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('manager.settings')}</h1>
      <DeviceTests />
      {loaded ? <TillLanguage /> : null}
      {loaded ? <ReceiptHeader /> : null}
      <MemberPolicy />
      <ServerEnrolment />
      <div className="actions">
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </section>
  );
}
