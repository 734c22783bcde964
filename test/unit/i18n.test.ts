import { describe, expect, it } from 'vitest';
import { CATALOGUES, errorText, message } from '../../domain/i18n';
import { TILL_ERROR_CODES, alwaysGiven } from '../../domain/error-codes';
import { TillError } from '../../domain/errors';
import { LOCALES } from '../../domain/money';

type Messages = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
const catalogue = (locale: (typeof LOCALES)[number]): Messages => CATALOGUES[locale];

/** "{{remaining, money}} left" -> ['remaining']. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function keysOf(locale: (typeof LOCALES)[number]): string[] {
  return Object.entries(catalogue(locale))
    .flatMap(([section, messages]) => Object.keys(messages).map((key) => `${section}/${key}`))
    .sort();
}

describe('the message catalogues', () => {
  it('have the same sections and keys in every language', () => {
    for (const locale of LOCALES) expect(keysOf(locale)).toEqual(keysOf('en'));
  });

  it('have a message, in words, for every key in every language', () => {
    for (const locale of LOCALES) {
      for (const [section, messages] of Object.entries(catalogue(locale))) {
        for (const [key, text] of Object.entries(messages)) {
          expect(
            typeof text === 'string' && text.trim() !== '',
            `${locale} ${section}/${key}`,
          ).toBe(true);
        }
      }
    }
  });

  it('have a message for every TillError code, and none for a code that does not exist', () => {
    for (const locale of LOCALES) {
      const codes = Object.keys(catalogue(locale).error ?? {}).sort();
      expect(codes, locale).toEqual([...TILL_ERROR_CODES].sort());
    }
  });

  it('give each message the same placeholders in every language', () => {
    for (const key of keysOf('en')) {
      const [section = '', name = ''] = key.split(/\/(.*)/s);
      const inEnglish = placeholders(String(catalogue('en')[section]?.[name]));
      for (const locale of LOCALES) {
        expect(
          placeholders(String(catalogue(locale)[section]?.[name])),
          `${locale} ${key}`,
        ).toEqual(inEnglish);
      }
    }
  });

  it('name in an error message only values that every use of its code gives', () => {
    for (const code of TILL_ERROR_CODES) {
      const given = alwaysGiven(code);
      for (const locale of LOCALES) {
        const text = String(catalogue(locale).error?.[code]);
        for (const name of placeholders(text)) {
          expect(given, `${locale} ${code} names {{${name}}}`).toContain(name);
        }
      }
    }
  });
});

describe('messages', () => {
  it("fill a refusal's values, money in the language's own way", () => {
    const error = new TillError('payment.insufficient', '1234 cents are still due', {
      remaining: 1234,
    });
    expect(errorText(error, 'en')).toBe('€12.34 is still due.');
    expect(errorText(error, 'fr-BE')).toMatch(/^Il reste 12,34\s€ à payer\.$/);
    expect(errorText(error, 'nl-BE')).toMatch(/^Er moet nog €\s?12,34 betaald worden\.$/);
  });

  it('print values as they are, not escaped for HTML', () => {
    expect(message('en', 'member', 'unknownStatusNamed', { status: 'a&b <c>' })).toBe(
      'Unknown status (a&b <c>)',
    );
  });
});
