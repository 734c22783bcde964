import { describe, expect, it } from 'vitest';
import { unitPrice } from '../../domain/unit-price';

const piece = (price: number, netContent: number | null, contentUnit: string | null) =>
  unitPrice({
    price,
    unit: 'piece',
    netContent,
    contentUnit: contentUnit as 'g' | 'kg' | 'ml' | 'l' | 'piece' | null,
  });

describe('the unit price a shelf shows (EU 98/6/EC)', () => {
  it('gives the price per kg of a pack weighed in g or kg', () => {
    expect(piece(349, 500_000, 'g')).toEqual({ cents: 698, per: 'kg' });
    expect(piece(349, 500, 'kg')).toEqual({ cents: 698, per: 'kg' });
    expect(piece(1299, 2500, 'kg')).toEqual({ cents: 520, per: 'kg' });
  });

  it('gives the price per litre of a bottle in ml or l', () => {
    expect(piece(189, 1_500, 'l')).toEqual({ cents: 126, per: 'l' });
    expect(piece(129, 330_000, 'ml')).toEqual({ cents: 391, per: 'l' });
  });

  it('gives the price of one piece of a multipack', () => {
    expect(piece(450, 6_000, 'piece')).toEqual({ cents: 75, per: 'piece' });
  });

  it('rounds to the cent, half away from zero', () => {
    // 100 cents for 300 g: 333.33... cents per kg.
    expect(piece(100, 300_000, 'g')).toEqual({ cents: 333, per: 'kg' });
    // 1 cent for 400 g: 2.5 cents per kg, rounded up.
    expect(piece(1, 400_000, 'g')).toEqual({ cents: 3, per: 'kg' });
    // 2 cents for 3 pieces: 0.666... rounds to 1.
    expect(piece(2, 3_000, 'piece')).toEqual({ cents: 1, per: 'piece' });
  });

  it('has none for a product sold by weight, or one with no net content', () => {
    expect(unitPrice({ price: 420, unit: 'kg', netContent: 1000, contentUnit: 'kg' })).toBeNull();
    expect(piece(349, null, null)).toBeNull();
    expect(piece(349, 500, null)).toBeNull();
    expect(piece(349, null, 'g')).toBeNull();
    expect(piece(349, 0, 'g')).toBeNull();
  });
});
