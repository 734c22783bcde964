import type { Words } from '../../i18n';

/** What the drawer's difference is called, with its amount, in the language on screen. */
export function differenceWords(t: Words, money: (cents: number) => string, difference: number) {
  const amount = money(Math.abs(difference));
  return {
    short: t('manager.close.short', { amount }),
    over: t('manager.close.over', { amount }),
    exact: t('manager.close.exact'),
  };
}
