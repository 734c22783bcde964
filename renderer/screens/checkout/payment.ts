import { roundCashAmount, settle, type Settlement } from '../../../domain/payment';
import { isTillError } from '../../../domain/errors';
import type { ErrorView } from '../../../main/api';
import type { PaymentMethodView, TillSettingsView } from '../../bridge/types';

export interface Part {
  method: string;
  amount: number;
}

/** The payments so far as the till will settle them: the rounding, what is left, the change. */
export function preview(
  total: number,
  parts: readonly Part[],
  settings: TillSettingsView,
): { settlement: Settlement } | { refusal: ErrorView } {
  try {
    return {
      settlement: settle(total, parts, kindOf(settings), {
        roundAll: settings.roundAll,
        voucherExcess: settings.voucherExcess,
      }),
    };
  } catch (error) {
    if (!isTillError(error)) throw error;
    return { refusal: { code: error.code, message: error.message, values: error.details } };
  }
}

/** What the customer hands over in coins and notes to pay the rest exactly (rounded by law). */
export function exactCash(total: number, parts: readonly Part[], settings: TillSettingsView) {
  const rounded = settings.roundAll ? roundCashAmount(total) : total;
  const rest = rounded - parts.reduce((sum, part) => sum + part.amount, 0);
  return rest > 0 ? roundCashAmount(rest) : 0;
}

export function kindOf(settings: TillSettingsView) {
  return (method: string) =>
    settings.paymentMethods.find((known) => known.id === method)?.kind ?? 'other';
}

export function cashMethod(settings: TillSettingsView): PaymentMethodView | undefined {
  return settings.paymentMethods.find((method) => method.kind === 'cash');
}
