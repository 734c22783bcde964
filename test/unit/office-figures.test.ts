import { describe, expect, it } from 'vitest';
import {
  costAt,
  lineSale,
  marginsBy,
  movers,
  stockValue,
  wholeMonths,
  type ProductSales,
} from '../../domain/office-figures';

const sales = (
  productId: number,
  amountExVat: number,
  cost: number,
  more: Partial<ProductSales> = {},
): ProductSales => ({
  productId,
  quantity: 1000,
  amount: amountExVat + 10,
  amountExVat,
  costedExVat: amountExVat,
  cost,
  ...more,
});

describe('lineSale', () => {
  it('turns the shelf delta into what was sold, and takes the VAT out half away from zero', () => {
    // 1.29 at 6 %: 7.30 cents of VAT, 7 taken out.
    expect(lineSale({ net: 129, vatRateBp: 600, moved: -1000 })).toEqual({
      quantity: 1000,
      amount: 129,
      amountExVat: 122,
    });
    // A refund moves back onto the shelf; its VAT is symmetric. 4.50 at 21 %: 78.10 → 78.
    expect(lineSale({ net: -450, vatRateBp: 2100, moved: 1000 })).toEqual({
      quantity: -1000,
      amount: -450,
      amountExVat: -372,
    });
    // 0.09 at 6 % holds 0.509… cents of VAT, taken out as 1.
    expect(lineSale({ net: 9, vatRateBp: 600, moved: -1 }).amountExVat).toBe(8);
    expect(lineSale({ net: 100, vatRateBp: 0, moved: -250 })).toEqual({
      quantity: 250,
      amount: 100,
      amountExVat: 100,
    });
  });
});

describe('costAt', () => {
  const history = [
    { cost: 90, at: '2026-03-02T23:30:00.000Z' },
    { cost: 80, at: '2026-03-01T00:00:00.000Z' },
    { cost: 200, at: '2026-12-07T10:00:00.000Z' },
  ];
  it('takes the last cost set at or before the time, in whatever order the history comes', () => {
    expect(costAt(history, '2026-03-02T23:15:00.000Z')).toBe(80);
    expect(costAt(history, '2026-03-02T23:30:00.000Z')).toBe(90);
    expect(costAt(history, '2026-03-03T09:00:00.000Z')).toBe(90);
    expect(costAt(history, '2026-12-07T10:00:00.000Z')).toBe(200);
    expect(costAt([...history].reverse(), '2026-03-03T09:00:00.000Z')).toBe(90);
  });
  it('falls back on the first cost before it, and on null with none', () => {
    expect(costAt(history, '2026-02-01T00:00:00.000Z')).toBe(80);
    expect(costAt([...history].reverse(), '2026-02-01T00:00:00.000Z')).toBe(80);
    expect(costAt([], '2026-02-01T00:00:00.000Z')).toBeNull();
  });
  it('takes the later of two costs set at the same time when it comes later in the list', () => {
    const same = [
      { cost: 1, at: '2026-03-01T00:00:00.000Z' },
      { cost: 2, at: '2026-03-01T00:00:00.000Z' },
    ];
    expect(costAt(same, '2026-03-02T00:00:00.000Z')).toBe(2);
    expect(costAt(same, '2026-02-02T00:00:00.000Z')).toBe(1);
  });
});

describe('marginsBy', () => {
  it('sums each key’s sales and takes the margin on the lines of known cost only', () => {
    const key = (id: number) => (id < 10 ? 'A' : 'B');
    const rows = marginsBy(
      [
        sales(1, 122, 80),
        sales(2, 200, 0, { costedExVat: 0 }),
        sales(11, 372, 300),
        sales(12, 100, 100),
      ],
      key,
    );
    expect(rows).toEqual([
      {
        key: 'B',
        amount: 492,
        amountExVat: 472,
        cost: 400,
        margin: 72,
        marginBp: 1525,
        costedBp: 10_000,
      },
      {
        key: 'A',
        amount: 342,
        amountExVat: 322,
        cost: 80,
        margin: 42,
        marginBp: 3443,
        costedBp: 3789,
      },
    ]);
  });
  it('has no ratios without sales, keeps a loss negative, and breaks ties by key', () => {
    expect(
      marginsBy(
        [
          sales(1, 0, 0, { amount: 0 }),
          sales(2, 100, 150, { amount: 100 }),
          sales(3, 50, 50),
          sales(4, 60, 60),
        ],
        (id) => ['', 'z', 'loss', 'b', 'a'][id] ?? '',
      ),
    ).toEqual([
      {
        key: 'a',
        amount: 70,
        amountExVat: 60,
        cost: 60,
        margin: 0,
        marginBp: 0,
        costedBp: 10_000,
      },
      {
        key: 'b',
        amount: 60,
        amountExVat: 50,
        cost: 50,
        margin: 0,
        marginBp: 0,
        costedBp: 10_000,
      },
      {
        key: 'z',
        amount: 0,
        amountExVat: 0,
        cost: 0,
        margin: 0,
        marginBp: null,
        costedBp: null,
      },
      {
        key: 'loss',
        amount: 100,
        amountExVat: 100,
        cost: 150,
        margin: -50,
        marginBp: -5000,
        costedBp: 10_000,
      },
    ]);
    expect(marginsBy([], () => 'x')).toEqual([]);
  });
});

describe('movers', () => {
  const sold = [
    sales(1, 0, 0, { quantity: 5000, amount: 500 }),
    sales(2, 0, 0, { quantity: 1000, amount: 500 }),
    sales(3, 0, 0, { quantity: 2000, amount: 900 }),
    sales(4, 0, 0, { quantity: 1000, amount: 0 }),
    sales(5, 0, 0, { quantity: -1000, amount: -129 }),
    sales(6, 0, 0, { quantity: 5000, amount: 500 }),
  ];
  it('ranks the best sellers by amount, then quantity, then id, and leaves out none sold', () => {
    expect(movers(sold, [], 10).top).toEqual([
      { productId: 3, quantity: 2000, amount: 900 },
      { productId: 1, quantity: 5000, amount: 500 },
      { productId: 6, quantity: 5000, amount: 500 },
      { productId: 2, quantity: 1000, amount: 500 },
    ]);
    expect(movers(sold, [], 2).top.map((row) => row.productId)).toEqual([3, 1]);
  });
  it('ranks the slowest products on sale: least sold (none counts), least amount, lowest id', () => {
    const { slow } = movers(sold, [9, 2, 4, 8, 1, 5, 2], 10);
    expect(slow).toEqual([
      { productId: 5, quantity: -1000, amount: -129 },
      { productId: 8, quantity: 0, amount: 0 },
      { productId: 9, quantity: 0, amount: 0 },
      { productId: 4, quantity: 1000, amount: 0 },
      { productId: 2, quantity: 1000, amount: 500 },
      { productId: 1, quantity: 5000, amount: 500 },
    ]);
    expect(movers(sold, [9, 2, 4, 8], 1).slow).toEqual([{ productId: 8, quantity: 0, amount: 0 }]);
    expect(movers([], [], 10)).toEqual({ top: [], slow: [] });
  });
});

describe('stockValue', () => {
  it('values what is on the shelf at cost, by category, and counts what it cannot value', () => {
    expect(
      stockValue([
        { productId: 1, onHand: 6000, cost: 200, key: 'Épicerie' },
        { productId: 2, onHand: 2000, cost: 300, key: 'Hygiène' },
        { productId: 3, onHand: 1500, cost: 333, key: 'Épicerie' },
        { productId: 4, onHand: 2000, cost: null, key: 'Épicerie' },
        { productId: 5, onHand: -1000, cost: 100, key: 'Épicerie' },
        { productId: 6, onHand: 0, cost: null, key: 'Hygiène' },
        { productId: 7, onHand: 1, cost: 0, key: 'Autre' },
        { productId: 8, onHand: 1000, cost: 1700, key: 'Boissons' },
      ]),
    ).toEqual({
      // 1.5 × 3.33 = 4.995 → 5.00.
      total: 1200 + 600 + 500 + 1700,
      byCategory: [
        { key: 'Boissons', quantity: 1000, value: 1700 },
        { key: 'Épicerie', quantity: 7500, value: 1700 },
        { key: 'Hygiène', quantity: 2000, value: 600 },
        { key: 'Autre', quantity: 1, value: 0 },
      ],
      uncosted: 1,
      negative: 1,
    });
    expect(stockValue([])).toEqual({ total: 0, byCategory: [], uncosted: 0, negative: 0 });
  });
});

describe('wholeMonths', () => {
  it('finds the whole months inside a period, over a year’s end and a leap day', () => {
    expect(wholeMonths('2026-03-01', '2026-03-31')).toEqual({ first: '2026-03', last: '2026-03' });
    expect(wholeMonths('2026-03-02', '2026-03-31')).toBeNull();
    expect(wholeMonths('2026-03-01', '2026-03-30')).toBeNull();
    expect(wholeMonths('2025-12-07', '2026-12-06')).toEqual({ first: '2026-01', last: '2026-11' });
    expect(wholeMonths('2025-11-30', '2026-01-31')).toEqual({ first: '2025-12', last: '2026-01' });
    expect(wholeMonths('2023-12-08', '2026-01-06')).toEqual({ first: '2024-01', last: '2025-12' });
    expect(wholeMonths('2024-02-01', '2024-02-29')).toEqual({ first: '2024-02', last: '2024-02' });
    expect(wholeMonths('2024-02-01', '2024-02-28')).toBeNull();
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ first: '2026-02', last: '2026-02' });
    expect(wholeMonths('2026-12-01', '2026-12-31')).toEqual({ first: '2026-12', last: '2026-12' });
    expect(wholeMonths('2026-12-02', '2027-01-31')).toEqual({ first: '2027-01', last: '2027-01' });
    expect(wholeMonths('2026-12-06', '2026-12-06')).toBeNull();
    expect(wholeMonths('0999-01-01', '0999-01-31')).toEqual({ first: '0999-01', last: '0999-01' });
  });
});
