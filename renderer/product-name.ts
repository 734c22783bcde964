import type { Locale } from '../domain/money';

/**
 * A product's name in the language on screen: the catalogue's Dutch name in Dutch when it has one;
 * its French name otherwise (English reads the French names, as the shelves and labels do).
 */
export function productName(
  product: { name: string; nameNl?: string | null },
  locale: Locale,
): string {
  if (locale === 'nl-BE' && product.nameNl) return product.nameNl;
  return product.name;
}
