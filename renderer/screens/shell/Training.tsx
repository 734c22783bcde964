import { KeyButton } from '../../components/KeyButton';
import { TrainingBanner } from '../../components/TrainingBanner';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';

/**
 * Training mode's banner, on every screen while it is on, with the way out for whoever is signed
 * in (a manager approves it): reachable even with no session open.
 */
export function Training() {
  const { t } = useWords();
  const stores = useStores();
  const active = useTill('status', (state) => state.training);
  const user = useTill('auth', (state) => state.user);
  if (!active) return null;
  return (
    <TrainingBanner
      text={t('training.banner')}
      action={
        user ? (
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
