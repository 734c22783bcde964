import { useCallback } from 'react';
import type { PaymentMethodView } from '../bridge/types';
import { useWords, type ScreenKey } from '../i18n';
import { useTill } from '../store/context';

/** Each kind of payment method in words: the compiler checks every kind has its key. */
export const KIND_WORDS = {
  cash: 'payment.kind.cash',
  card: 'payment.kind.card',
  voucher: 'payment.kind.voucher',
  transfer: 'payment.kind.transfer',
  other: 'payment.kind.other',
} as const satisfies Record<PaymentMethodView['kind'], ScreenKey>;

/**
 * A payment method's name, for the checkout and the manager's screens alike: the coop's words for
 * it in the language on screen, else its label, else its kind in the language on screen; an
 * unknown method by its id.
 */
export function useMethodLabel(): (methodId: string) => string {
  const { t, locale } = useWords();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  return useCallback(
    (methodId: string) => {
      const method = methods.find((known) => known.id === methodId);
      if (!method) return methodId;
      return method.labels?.[locale] || method.label || t(KIND_WORDS[method.kind]);
    },
    [methods, t, locale],
  );
}
