import { KeyButton } from '../../components/KeyButton';
import { TrainingBanner } from '../../components/TrainingBanner';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';

/**
 * Training mode's banner, on every screen while it is on: one thin line, so that the payment
 * panel stays whole on a 1024×768 till. The way out is the manager menu's Training screen (F8);
 * with no session open (no checkout, so no manager menu) the banner offers it itself.
 */
export function Training() {
  const { t } = useWords();
  const stores = useStores();
  const active = useTill('status', (state) => state.training);
  const user = useTill('auth', (state) => state.user);
  const session = useTill('session', (state) => state.session);
  if (!active) return null;
  return (
    <TrainingBanner
      text={t('training.banner')}
      action={
        user && session === null ? (
          <KeyButton
            className="training-banner__end"
            label={t('manager.training.end')}
            onClick={() => void callWithApproval(stores, 'endTraining', {})}
          />
        ) : null
      }
    />
  );
}
