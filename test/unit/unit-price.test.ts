import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unitPrice, type ContentUnit, type SaleUnit } from '../../domain/unit-price';

const of = (
  price: number,
  unit: SaleUnit,
  netContent: number | null,
  contentUnit: ContentUnit | null,
) => unitPrice({ price, unit, netContent, contentUnit });

describe('the unit price a shelf and the handheld show (EU 98/6/EC)', () => {
  it('gives the price per kg or per litre from the net content, rounding half up to the cent', () => {
    // 2,99 € for 500 g -> 5,98 €/kg; 1,49 € for 330 ml -> 4,515 -> 4,52 €/l.
    expect(of(299, 'piece', 500_000, 'g')).toEqual({ cents: 598, per: 'kg' });
    expect(of(149, 'piece', 330_000, 'ml')).toEqual({ cents: 452, per: 'l' });
    // 1,5 l at 1,89 € -> 1,26 €/l; 2,5 kg at 4,99 € -> 1,996 -> 2,00 €/kg.
    expect(of(189, 'piece', 1500, 'l')).toEqual({ cents: 126, per: 'l' });
    expect(of(499, 'piece', 2500, 'kg')).toEqual({ cents: 200, per: 'kg' });
    expect(of(1299, 'piece', 2500, 'kg')).toEqual({ cents: 520, per: 'kg' });
    // 250 g at 1,01 € -> 4,04 €/kg exactly; 3 g at 0,01 € -> 3,333 -> 3,33 €/kg.
    expect(of(101, 'piece', 250_000, 'g')).toEqual({ cents: 404, per: 'kg' });
    expect(of(1, 'piece', 3000, 'g')).toEqual({ cents: 333, per: 'kg' });
    // 0,5 l is half a litre, not 500 l.
    expect(of(100, 'piece', 500, 'l')).toEqual({ cents: 200, per: 'l' });
  });

  it('rounds half up: 2,5 cents is 3, 0,666 is 1, 333,33 is 333', () => {
    expect(of(1, 'piece', 400_000, 'g')).toEqual({ cents: 3, per: 'kg' });
    expect(of(2, 'piece', 3000, 'piece')).toEqual({ cents: 1, per: 'piece' });
    expect(of(100, 'piece', 300_000, 'g')).toEqual({ cents: 333, per: 'kg' });
  });

  it('counts pieces for what is sold by the piece', () => {
    // 6 eggs at 2,49 € -> 0,415 -> 0,42 €/pc.
    expect(of(249, 'piece', 6000, 'piece')).toEqual({ cents: 42, per: 'piece' });
    expect(of(250, 'piece', 1000, 'piece')).toEqual({ cents: 250, per: 'piece' });
  });

  it('takes the price of a loose product sold by weight as its price per kg, whatever its content', () => {
    expect(of(1290, 'kg', null, null)).toEqual({ cents: 1290, per: 'kg' });
    expect(of(1290, 'kg', 500_000, 'g')).toEqual({ cents: 1290, per: 'kg' });
    expect(of(420, 'kg', 0, 'l')).toEqual({ cents: 420, per: 'kg' });
  });

  it('gives none when the net content is not known, or not whole thousandths above zero', () => {
    expect(of(299, 'piece', null, null)).toBeNull();
    expect(of(299, 'piece', 500_000, null)).toBeNull();
    expect(of(299, 'piece', null, 'g')).toBeNull();
    expect(of(299, 'piece', 0, 'g')).toBeNull();
    expect(of(299, 'piece', -5, 'g')).toBeNull();
    expect(of(299, 'piece', 0.5, 'g')).toBeNull();
    expect(of(299, 'piece', Number.MAX_SAFE_INTEGER + 1, 'g')).toBeNull();
    // The smallest content there is, and a free product, have one.
    expect(of(0, 'piece', 1, 'g')).toEqual({ cents: 0, per: 'kg' });
    expect(of(1, 'piece', 1, 'kg')).toEqual({ cents: 1000, per: 'kg' });
  });

  it('refuses a negative or fractional price in words', () => {
    expect(() => of(-1, 'piece', 1000, 'kg')).toThrow(
      'A price must be whole cents, zero or more: -1',
    );
    expect(() => of(1.5, 'kg', null, null)).toThrow('A price must be whole cents');
    expect(() => of(Number.MAX_SAFE_INTEGER + 1, 'kg', null, null)).toThrow(
      'A price must be whole cents',
    );
  });

  it('is the exact quotient, half up, whatever the figures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (price, net) => {
          const cents = of(price, 'piece', net, 'kg')?.cents ?? Number.NaN;
          // cents is the nearest whole cent: |cents x net - price x 1000| <= net / 2.
          expect(Math.abs(cents * net - price * 1000) * 2).toBeLessThanOrEqual(net);
        },
      ),
    );
  });
});
