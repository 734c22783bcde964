import i18next, { type i18n as I18n } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import en from '../domain/i18n/en.json';
import frBE from '../domain/i18n/fr-BE.json';
import nlBE from '../domain/i18n/nl-BE.json';
import { formatMoney, formatQuantity, LOCALES, type Cents, type Locale } from '../domain/money';
import type { ErrorView } from '../main/api';

/**
 * The screens' words come from the till's one catalogue per language (domain/i18n/), section
 * `screens`; a refusal is said from section `error` in the language on screen, so a Dutch cashier
 * reads Dutch even when the till itself speaks French.
 */
export type ScreenKey = keyof typeof en.screens & string;
export type Words = (key: ScreenKey, values?: Readonly<Record<string, string | number>>) => string;

const CATALOGUES = { 'fr-BE': frBE, 'nl-BE': nlBE, en } as const;
const SECTIONS = ['screens', 'error', 'memberStatus'] as const;

export function createI18n(locale: Locale): I18n {
  const i18n = i18next.createInstance();
  const resources = Object.fromEntries(
    LOCALES.map((lng) => [lng, Object.fromEntries(SECTIONS.map((s) => [s, CATALOGUES[lng][s]]))]),
  );
  void i18n.init({
    resources,
    supportedLngs: [...LOCALES],
    lng: locale,
    fallbackLng: false,
    ns: [...SECTIONS],
    defaultNS: 'screens',
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  });
  i18n.services.formatter?.add('money', (value: Cents, lng) => formatMoney(value, localeOf(lng)));
  return i18n;
}

function localeOf(lng: string | undefined): Locale {
  return LOCALES.find((locale) => locale === lng) ?? 'en';
}

/** The screens' words and number formats in the language on screen. */
export function useWords(): {
  t: Words;
  locale: Locale;
  money: (cents: Cents) => string;
  quantity: (milli: number, byWeight: boolean) => string;
  errorText: (error: ErrorView) => string;
  /** A member's shift status in the language on screen; a status the till has no words for, as the coop labelled it. */
  statusText: (member: { status: string; statusLabel: string }) => string;
} {
  const { t: translate, i18n } = useTranslation('screens');
  const locale = localeOf(i18n.language);
  const t = useCallback<Words>((key, values) => translate(key, values ?? {}), [translate]);
  const money = useCallback((cents: Cents) => formatMoney(cents, locale), [locale]);
  const quantity = useCallback(
    (milli: number, byWeight: boolean) => formatQuantity(milli, byWeight, locale),
    [locale],
  );
  const errorText = useCallback(
    (error: ErrorView) =>
      describeError(error, (key) => i18n.exists(key, { ns: 'error' }), translate),
    [i18n, translate],
  );
  const statusText = useCallback(
    (member: { status: string; statusLabel: string }) =>
      i18n.exists(member.status, { ns: 'memberStatus' })
        ? translate(member.status, { ns: 'memberStatus' })
        : member.statusLabel,
    [i18n, translate],
  );
  return { t, locale, money, quantity, errorText, statusText };
}

const LOCAL_ERRORS: Readonly<Record<string, ScreenKey>> = {
  'kiosk.unreachable': 'error.unreachable',
  'kiosk.token': 'error.kioskToken',
};

function describeError(
  error: ErrorView,
  known: (code: string) => boolean,
  translate: (key: string, options: Record<string, unknown>) => string,
): string {
  const local = LOCAL_ERRORS[error.code];
  if (local !== undefined) return translate(local, {});
  // input.invalid carries its problems after the sentence, for whoever wrote the call.
  if (error.code !== 'input.invalid' && known(error.code)) {
    return translate(error.code, { ns: 'error', ...error.values });
  }
  return error.message;
}
