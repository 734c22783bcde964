import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_LABEL_SIZE,
  LABEL_SIZES,
  contentText,
  euros,
  labelEan,
  labelPlace,
  lowestPriorPrice,
  reduction,
  sheetGrid,
  shelfLabel,
  shelfOrder,
  unitPrice,
  unitPriceText,
  type LabelProduct,
} from '../../domain/shelf-label';

describe('unitPrice', () => {
  it('gives the price per kg or per litre from the net content, rounding half up to the cent', () => {
    // 2,99 € for 500 g -> 5,98 €/kg; 1,49 € for 330 ml -> 4,515 -> 4,52 €/l.
    expect(unitPrice(299, 'piece', 500_000, 'g')).toEqual({ cents: 598, per: 'kg' });
    expect(unitPrice(149, 'piece', 330_000, 'ml')).toEqual({ cents: 452, per: 'l' });
    // 1,5 l at 1,89 € -> 1,26 €/l; 2,5 kg at 4,99 € -> 1,996 -> 2,00 €/kg.
    expect(unitPrice(189, 'piece', 1500, 'l')).toEqual({ cents: 126, per: 'l' });
    expect(unitPrice(499, 'piece', 2500, 'kg')).toEqual({ cents: 200, per: 'kg' });
    // 250 g at 1,01 € -> 4,04 €/kg exactly; 3 g at 0,01 € -> 3,333 -> 3,33 €/kg.
    expect(unitPrice(101, 'piece', 250_000, 'g')).toEqual({ cents: 404, per: 'kg' });
    expect(unitPrice(1, 'piece', 3000, 'g')).toEqual({ cents: 333, per: 'kg' });
    // 0,5 l is half a litre, not 500 l.
    expect(unitPrice(100, 'piece', 500, 'l')).toEqual({ cents: 200, per: 'l' });
  });

  it('counts pieces for what is sold by the piece', () => {
    // 6 eggs at 2,49 € -> 0,415 -> 0,42 €/pc.
    expect(unitPrice(249, 'piece', 6000, 'piece')).toEqual({ cents: 42, per: 'piece' });
    expect(unitPrice(250, 'piece', 1000, 'piece')).toEqual({ cents: 250, per: 'piece' });
  });

  it('takes the price of a loose product sold by weight as its price per kg', () => {
    expect(unitPrice(1290, 'kg', null, null)).toEqual({ cents: 1290, per: 'kg' });
    expect(unitPrice(1290, 'kg', 500_000, 'g')).toEqual({ cents: 1290, per: 'kg' });
  });

  it('gives none when the net content is not known', () => {
    expect(unitPrice(299, 'piece', null, null)).toBeNull();
    expect(unitPrice(299, 'piece', 500_000, null)).toBeNull();
    expect(unitPrice(299, 'piece', null, 'g')).toBeNull();
  });

  it('refuses a negative or fractional price, and a content of zero or less, in words', () => {
    expect(() => unitPrice(-1, 'piece', 1000, 'kg')).toThrow('A price must be whole cents');
    expect(() => unitPrice(1.5, 'kg', null, null)).toThrow('A price must be whole cents');
    expect(() => unitPrice(100, 'piece', 0, 'g')).toThrow('A net content must be whole');
    expect(() => unitPrice(100, 'piece', -5, 'g')).toThrow('A net content must be whole');
    expect(() => unitPrice(100, 'piece', 0.5, 'g')).toThrow('A net content must be whole');
    expect(unitPrice(0, 'piece', 1, 'g')).toEqual({ cents: 0, per: 'kg' });
  });

  it('is the exact quotient, half up, whatever the figures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (price, net) => {
          const cents = unitPrice(price, 'piece', net, 'kg')?.cents ?? Number.NaN;
          // cents is the nearest whole cent: |cents x net - price x 1000| <= net / 2.
          expect(Math.abs(cents * net - price * 1000) * 2).toBeLessThanOrEqual(net);
        },
      ),
    );
  });
});

const DAY = 24 * 60 * 60 * 1000;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * DAY).toISOString();

describe('lowestPriorPrice', () => {
  it('is the lowest price of the 30 days before today’s price took effect', () => {
    // 3,49 € since day 0, 2,49 € from day 20 to 25, 3,49 € again, then 2,99 € from day 40.
    const history = [
      { price: 349, at: day(0) },
      { price: 249, at: day(20) },
      { price: 349, at: day(25) },
      { price: 299, at: day(40) },
    ];
    expect(lowestPriorPrice(history, 299)).toBe(249);
    // In any order.
    expect(lowestPriorPrice([...history].reverse(), 299)).toBe(249);
  });

  it('counts the price in force when the 30 days began, not those ended before', () => {
    const history = [
      { price: 199, at: day(0) },
      { price: 349, at: day(5) },
      { price: 399, at: day(15) },
      { price: 299, at: day(40) },
    ];
    // The 30 days began on day 10, at 3,49 €; the 1,99 € of day 0 ended before.
    expect(lowestPriorPrice(history, 299)).toBe(349);
    // A price that took effect exactly when the 30 days began is the one in force then.
    expect(
      lowestPriorPrice(
        [
          { price: 199, at: day(0) },
          { price: 349, at: day(10) },
          { price: 299, at: day(40) },
        ],
        299,
      ),
    ).toBe(349);
    // One millisecond later, the 1,99 € was still in force when the 30 days began.
    expect(
      lowestPriorPrice(
        [
          { price: 199, at: day(0) },
          { price: 349, at: new Date(Date.parse(day(10)) + 1).toISOString() },
          { price: 299, at: day(40) },
        ],
        299,
      ),
    ).toBe(199);
  });

  it('starts today’s price at the first of its last run of entries', () => {
    const history = [
      { price: 349, at: day(0) },
      { price: 299, at: day(40) },
      { price: 299, at: day(50) },
    ];
    // The 30 days are those before day 40, not day 50.
    expect(lowestPriorPrice(history, 299)).toBe(349);
  });

  it('knows nothing when the history does not end at today’s price or has nothing before it', () => {
    expect(lowestPriorPrice([], 299)).toBeNull();
    expect(lowestPriorPrice([{ price: 299, at: day(0) }], 299)).toBeNull();
    expect(lowestPriorPrice([{ price: 349, at: day(0) }], 299)).toBeNull();
    expect(
      lowestPriorPrice(
        [
          { price: 299, at: day(0) },
          { price: 299, at: day(9) },
        ],
        299,
      ),
    ).toBeNull();
  });
});

describe('reduction', () => {
  it('is announced against the lowest prior price, in whole percent half up', () => {
    expect(reduction(299, 349)).toEqual({ previous: 349, percent: 14 });
    expect(reduction(300, 400)).toEqual({ previous: 400, percent: 25 });
    // 1/8 = 12,5 % -> 13 %.
    expect(reduction(700, 800)).toEqual({ previous: 800, percent: 13 });
  });

  it('is none at the same price, above it, or without a prior price', () => {
    expect(reduction(349, 349)).toBeNull();
    expect(reduction(399, 349)).toBeNull();
    expect(reduction(299, null)).toBeNull();
  });
});

describe('texts', () => {
  it('writes euros and unit prices as Belgian shelves do', () => {
    expect(euros(299)).toBe('2,99 €');
    expect(euros(5)).toBe('0,05 €');
    expect(euros(123_400)).toBe('1234,00 €');
    expect(unitPriceText({ cents: 598, per: 'kg' })).toBe('5,98 €/kg');
    expect(unitPriceText({ cents: 452, per: 'l' })).toBe('4,52 €/l');
    expect(unitPriceText({ cents: 42, per: 'piece' })).toBe('0,42 €/pc');
  });

  it('writes the net content as the pack does', () => {
    expect(contentText(500_000, 'g')).toBe('500 g');
    expect(contentText(1500, 'l')).toBe('1,5 l');
    expect(contentText(330_000, 'ml')).toBe('330 ml');
    expect(contentText(6000, 'piece')).toBe('6 pc');
    expect(contentText(250, 'kg')).toBe('0,25 kg');
    expect(contentText(1005, 'kg')).toBe('1,005 kg');
    expect(contentText(10_000, 'kg')).toBe('10 kg');
  });

  it('draws the first barcode that is an EAN-13 with the right check digit, else none', () => {
    expect(labelEan(['12345', '5412345678900', '5412345678908'])).toBe('5412345678908');
    expect(labelEan(['5412345678900'])).toBeNull();
    expect(labelEan([])).toBeNull();
  });
});

const product = (over: Partial<LabelProduct> = {}): LabelProduct => ({
  productId: 1,
  name: 'Lentilles vertes',
  nameNl: 'Groene linzen',
  price: 299,
  unit: 'piece',
  netContent: 500_000,
  contentUnit: 'g',
  barcodes: ['5412345678908'],
  zone: 'A1',
  history: [],
  ...over,
});

describe('shelfLabel', () => {
  it('says the names, price, unit price, content and barcode', () => {
    expect(shelfLabel(product())).toEqual({
      productId: 1,
      zone: 'A1',
      nameFr: 'Lentilles vertes',
      nameNl: 'Groene linzen',
      price: '2,99 €',
      perKg: false,
      unitPrice: '5,98 €/kg',
      content: '500 g',
      ean: '5412345678908',
      previous: null,
      percent: null,
    });
  });

  it('shows the price per kg of a loose product, and no Dutch name when there is none', () => {
    const loose = shelfLabel(
      product({ unit: 'kg', price: 1290, netContent: null, contentUnit: null, nameNl: null }),
    );
    expect(shelfLabel(product({ nameNl: ' ' })).nameNl).toBeNull();
    expect(loose).toMatchObject({
      nameNl: null,
      price: '12,90 €',
      perKg: true,
      unitPrice: '12,90 €/kg',
      content: null,
    });
  });

  it('says a single piece’s price once, and several pieces’ price each', () => {
    expect(shelfLabel(product({ netContent: 1000, contentUnit: 'piece' })).unitPrice).toBeNull();
    expect(shelfLabel(product({ netContent: 6000, contentUnit: 'piece' })).unitPrice).toBe(
      '0,50 €/pc',
    );
    expect(shelfLabel(product({ netContent: 1000, contentUnit: 'kg' })).unitPrice).toBe(
      '2,99 €/kg',
    );
    expect(shelfLabel(product({ netContent: null, contentUnit: null })).unitPrice).toBeNull();
  });

  it('writes no content when half of it is missing', () => {
    expect(shelfLabel(product({ contentUnit: null })).content).toBeNull();
    expect(shelfLabel(product({ netContent: null })).content).toBeNull();
  });

  it('announces a reduction with the lowest price of the 30 days before', () => {
    const label = shelfLabel(
      product({
        history: [
          { price: 349, at: day(0) },
          { price: 299, at: day(40) },
        ],
      }),
    );
    expect(label).toMatchObject({ previous: '3,49 €', percent: 14 });
  });
});

describe('shelfOrder', () => {
  it('sorts by zone, zones with numbers as numbers, the ones with none last, then by name', () => {
    const labels = [
      shelfLabel(product({ productId: 1, zone: null, name: 'Abricots' })),
      shelfLabel(product({ productId: 2, zone: 'A10', name: 'Beurre' })),
      shelfLabel(product({ productId: 3, zone: 'A2', name: 'Sel' })),
      shelfLabel(product({ productId: 4, zone: 'A2', name: 'Écrou' })),
      shelfLabel(product({ productId: 5, zone: 'A2', name: 'Ail' })),
      shelfLabel(product({ productId: 6, zone: null, name: 'Zeste' })),
      shelfLabel(product({ productId: 7, zone: 'A2', name: 'Ail' })),
    ];
    expect(labels.sort(shelfOrder).map((label) => label.productId)).toEqual([5, 7, 4, 3, 2, 1, 6]);
    expect(
      [...labels]
        .reverse()
        .sort(shelfOrder)
        .map((label) => label.productId),
    ).toEqual([5, 7, 4, 3, 2, 1, 6]);
  });
});

describe('shelfOrder, pair by pair', () => {
  it('puts a label with a zone before one with none, whichever comes first', () => {
    const zoned = shelfLabel(product({ productId: 1, zone: 'B', name: 'Z' }));
    const loose = shelfLabel(product({ productId: 2, zone: null, name: 'A' }));
    expect(shelfOrder(zoned, loose)).toBeLessThan(0);
    expect(shelfOrder(loose, zoned)).toBeGreaterThan(0);
    expect(shelfOrder(zoned, zoned)).toBe(0);
    const last = shelfLabel(product({ productId: 3, zone: 'Z1', name: 'A' }));
    expect(shelfOrder(last, loose)).toBeLessThan(0);
    expect(shelfOrder(loose, last)).toBeGreaterThan(0);
  });

  it('sorts zones by their numbers, either way round', () => {
    const a2 = shelfLabel(product({ productId: 1, zone: 'A2', name: 'Z' }));
    const a10 = shelfLabel(product({ productId: 2, zone: 'A10', name: 'A' }));
    expect(shelfOrder(a2, a10)).toBeLessThan(0);
    expect(shelfOrder(a10, a2)).toBeGreaterThan(0);
  });
});

describe('sheetGrid', () => {
  it('cuts 60 x 38 mm labels unless asked otherwise', () => {
    expect(DEFAULT_LABEL_SIZE).toBe('60x38');
    expect(LABEL_SIZES[DEFAULT_LABEL_SIZE]).toEqual({ widthMm: 60, heightMm: 38 });
  });

  it('fits 60 x 38 labels three across and seven down on A4, centred', () => {
    const grid = sheetGrid('60x38');
    expect(grid).toEqual({
      columns: 3,
      rows: 7,
      perPage: 21,
      leftMm: 15,
      topMm: 15.5,
      widthMm: 60,
      heightMm: 38,
    });
    expect(labelPlace(grid, 0)).toEqual({ page: 0, xMm: 15, yMm: 15.5 });
    expect(labelPlace(grid, 4)).toEqual({ page: 0, xMm: 75, yMm: 53.5 });
    expect(labelPlace(grid, 20)).toEqual({ page: 0, xMm: 135, yMm: 243.5 });
    expect(labelPlace(grid, 21)).toEqual({ page: 1, xMm: 15, yMm: 15.5 });
  });

  it('lays out the other sizes inside the margins', () => {
    expect(sheetGrid('50x30')).toMatchObject({ columns: 3, rows: 9, perPage: 27 });
    expect(sheetGrid('70x42')).toMatchObject({ columns: 2, rows: 6, perPage: 12 });
    expect(sheetGrid('60x38', 0)).toMatchObject({ columns: 3, rows: 7, leftMm: 15 });
    expect(sheetGrid('50x30', 0)).toMatchObject({ columns: 4, rows: 9, leftMm: 5, topMm: 13.5 });
  });
});
