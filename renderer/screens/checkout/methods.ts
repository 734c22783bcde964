import { useCallback } from 'react';
import { useWords, type ScreenKey } from '../../i18n';
import { useTill } from '../../store/context';

/**
 * A payment method's name on screen: the coop's words for it in the language on screen, else
 * its label, else its kind in the language on screen.
 */
export function useMethodLabel(): (methodId: string) => string {
  const { t, locale } = useWords();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  return useCallback(
    (methodId: string) => {
      const method = methods.find((known) => known.id === methodId);
      if (!method) return methodId;
      return (
        method.labels?.[locale] || method.label || t(`payment.kind.${method.kind}` as ScreenKey)
      );
    },
    [methods, t, locale],
  );
}
