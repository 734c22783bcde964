import { describe, expect, it } from 'vitest';
import { parseQuantity, parseTareGrams } from '../../renderer/screens/checkout/values';

describe('a tare typed in grams', () => {
  it('is a whole number of grams followed by g', () => {
    expect(parseTareGrams('250 g')).toBe(250);
    expect(parseTareGrams('250g')).toBe(250);
    expect(parseTareGrams(' 35 G ')).toBe(35);
    expect(parseTareGrams('0 g')).toBe(0);
  });

  it('is not a weight in kilograms, nor anything else', () => {
    for (const text of ['0,532', '250', 'g', '2,5 g', '-3 g', '1234567 g', '250 kg']) {
      expect(parseTareGrams(text), text).toBeNull();
    }
    // A weight in kilograms stays one.
    expect(parseQuantity('0,532')).toBe(532);
  });
});
