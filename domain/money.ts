/** An amount of money in integer euro cents. Never a float. */
export type Cents = number;
/** A quantity in integer thousandths: 1000 is one piece, or one kilogram for a weighed product. */
export type Milli = number;

export const ONE_PIECE: Milli = 1000;

/**
 * Bounds a till never needs to exceed, the same for every way in (screens, imports, sync): they
 * keep every product of two inside a safe integer.
 */
export const MAX_CENTS: Cents = 10_000_000; // 100 000 EUR
export const MAX_MILLI: Milli = 10_000_000; // 10 000 pieces or kg

export type Locale = 'fr-BE' | 'nl-BE' | 'en';
export const LOCALES: readonly Locale[] = ['fr-BE', 'nl-BE', 'en'];

/**
 * numerator / denominator rounded half away from zero, exactly, on integers.
 * BigInt keeps products such as price x quantity exact beyond 2^53.
 */
export function divRound(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(
      `divRound needs safe integers and a non-zero divisor: ${numerator} / ${denominator}`,
    );
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const q = (absN * 2n + absD) / (absD * 2n);
  return Number(negative ? -q : q);
}

/** A cents amount as an exact decimal string ("-12.05"), for Intl and for CSV. */
export function centsToDecimalString(cents: Cents): string {
  assertInteger(cents, 'cents');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A thousandths quantity as an exact decimal string ("0.532"). */
export function milliToDecimalString(quantity: Milli): string {
  assertInteger(quantity, 'quantity');
  const sign = quantity < 0 ? '-' : '';
  const abs = Math.abs(quantity);
  return `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Parse "12.34", "12,34" or "12" into cents; refuses more than two decimals. */
export function parseCents(text: string): Cents | null {
  const match = /^\s*(-?)(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, units, decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return sign === '-' ? -cents : cents;
}

/** Parse "0.532", "0,532" or "2" into thousandths; refuses more than three decimals. */
export function parseMilli(text: string): Milli | null {
  const match = /^\s*(-?)(\d+)(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, units, decimals = ''] = match;
  const milli = Number(units) * 1000 + Number(decimals.padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) return null;
  return sign === '-' ? -milli : milli;
}

const moneyFormats = new Map<Locale, Intl.NumberFormat>();

/** "12,34 €" in fr-BE and nl-BE (the € place follows each locale), "€12.34" in en. */
export function formatMoney(cents: Cents, locale: Locale): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'en' ? 'en-IE' : locale, {
      style: 'currency',
      currency: 'EUR',
    });
    moneyFormats.set(locale, format);
  }
  // Intl formats a decimal string exactly (no float on the way).
  return format.format(centsToDecimalString(cents) as unknown as number);
}

/** A quantity for a receipt or a screen: "3" pieces, or "0,532 kg" for a weighed product. */
export function formatQuantity(quantity: Milli, byWeight: boolean, locale: Locale): string {
  const separator = locale === 'en' ? '.' : ',';
  if (byWeight) return `${milliToDecimalString(quantity).replace('.', separator)} kg`;
  if (quantity % 1000 === 0) return String(quantity / 1000);
  return milliToDecimalString(quantity).replace(/0+$/, '').replace('.', separator);
}

export function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} must be an integer, got ${value}`);
}
