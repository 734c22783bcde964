import { describe, expect, it } from 'vitest';
import { productName } from '../../renderer/product-name';

describe('a product’s name on screen', () => {
  const milk = { name: 'Lait demi-écrémé bio 1 L', nameNl: 'Halfvolle melk bio 1 L' };

  it('is the Dutch name in Dutch, the French name in French and in English', () => {
    expect(productName(milk, 'nl-BE')).toBe('Halfvolle melk bio 1 L');
    expect(productName(milk, 'fr-BE')).toBe('Lait demi-écrémé bio 1 L');
    expect(productName(milk, 'en')).toBe('Lait demi-écrémé bio 1 L');
  });

  it('is the French name in Dutch when the catalogue has no Dutch one', () => {
    expect(productName({ name: 'Comté', nameNl: null }, 'nl-BE')).toBe('Comté');
    expect(productName({ name: 'Comté', nameNl: '' }, 'nl-BE')).toBe('Comté');
    expect(productName({ name: 'Comté' }, 'nl-BE')).toBe('Comté');
  });
});
