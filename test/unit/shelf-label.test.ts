import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LABEL_SIZE,
  LABEL_SIZES,
  contentText,
  euros,
  labelEan,
  labelPlace,
  reduction,
  sheetGrid,
  shelfLabel,
  shelfOrder,
  unitPriceText,
  type LabelProduct,
} from '../../domain/shelf-label';

const DAY = 24 * 60 * 60 * 1000;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * DAY).toISOString();

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
