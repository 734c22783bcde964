import i18next from 'i18next';
import en from './i18n/en.json';
import frBE from './i18n/fr-BE.json';
import nlBE from './i18n/nl-BE.json';
import { formatMoney, LOCALES, type Cents, type Locale } from './money';
import type { TillError } from './errors';

/**
 * Every word the till shows or prints, one catalogue per language (`domain/i18n/<locale>.json`,
 * i18next's JSON format), read here: receipts and reports, the customer display, member
 * statuses, and each `TillError` code's message for the screens. Imported as modules, so no
 * file is read at run time; the instance is built once, synchronously.
 *
 * A catalogue's sections are i18next namespaces; keys are flat (error codes hold dots).
 * `{{name}}` is a value; `{{name, money}}` a value in cents, written as money in the language.
 */
export type Catalogue = typeof en;
export type Section = keyof Catalogue;
export type MessageKey<S extends Section> = keyof Catalogue[S] & string;

export const CATALOGUES: Record<Locale, Catalogue> = { 'fr-BE': frBE, 'nl-BE': nlBE, en };

const SECTIONS = Object.keys(en) as Section[];

const i18n = i18next.createInstance();
void i18n.init({
  resources: CATALOGUES,
  supportedLngs: [...LOCALES],
  lng: 'en',
  fallbackLng: false,
  ns: SECTIONS,
  defaultNS: false,
  keySeparator: false,
  nsSeparator: false,
  initAsync: false,
  // Receipts, the display and the terminal are not HTML.
  interpolation: { escapeValue: false },
});
i18n.services.formatter?.add('money', (value: Cents, lng) =>
  formatMoney(value, LOCALES.find((locale) => locale === lng) ?? 'en'),
);

export type MessageValues = Readonly<Record<string, string | number>>;

/** A message of a section, in a locale, its placeholders filled from values. */
export function message<S extends Section>(
  locale: Locale,
  section: S,
  key: MessageKey<S>,
  values: MessageValues = {},
): string {
  return i18n.t(key, { lng: locale, ns: section, replace: values });
}

/** Whether a section has a message for key (a member status the coop added has none). */
export function hasMessage<S extends Section>(section: S, key: string): key is MessageKey<S> {
  return Object.hasOwn(en[section], key);
}

/** What a refusal says to a cashier, in their language. */
export function errorText(error: TillError, locale: Locale): string {
  return message(locale, 'error', error.code, error.details);
}
