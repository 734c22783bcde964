import { useCallback } from 'react';
import { useWords } from '../../i18n';
import { useTill } from '../../store/context';

/**
 * A payment method as the coop named it in the language on screen, else its label, else its kind
 * in the language on screen.
 */
export function useMethodLabel(): (method: string) => string {
  const { t, locale } = useWords();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  return useCallback(
    (method: string) => {
      const known = methods.find((candidate) => candidate.id === method);
      if (!known) return method;
      const own = known.labels?.[locale];
      if (own) return own;
      return known.label !== '' ? known.label : t(`manager.kind.${known.kind}`);
    },
    [methods, t, locale],
  );
}
