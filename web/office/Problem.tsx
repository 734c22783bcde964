import { useWords } from '../../renderer/i18n';
import { ApiError } from './api';

/** Something a person asked that was not done, in words: a 403 says their role does not allow it. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useWords();
  const refused = error instanceof ApiError && error.status === 403;
  return (
    <p role="alert" className="office-error">
      {refused
        ? t('office.refused')
        : t('office.buying.notDone', {
            error: error instanceof Error ? error.message : String(error),
          })}
    </p>
  );
}
