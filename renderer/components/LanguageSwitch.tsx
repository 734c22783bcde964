import { LOCALES, type Locale } from '../../domain/money';

/** Each language in its own words, whatever the language on screen. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};

/** The three languages as toggle buttons, the current one pressed. Presentational: props only. */
export function LanguageSwitch({
  label,
  current,
  onChoose,
}: {
  label: string;
  current: Locale;
  onChoose: (locale: Locale) => void;
}) {
  return (
    <div className="languages" role="group" aria-label={label}>
      {LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="language"
          aria-pressed={code === current}
          onClick={() => onChoose(code)}
        >
          {LANGUAGE_NAMES[code]}
        </button>
      ))}
    </div>
  );
}
