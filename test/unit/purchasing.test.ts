import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  coverDays,
  lineCost,
  quantityWords,
  salesRate,
  suggestLine,
  suggestOrder,
  type ProductToOrder,
  type SalesRate,
  type SupplierTerms,
} from '../../domain/purchasing';

const PIECE = 1000;
const sold = (n: number) => ({ sold: n * PIECE, net: -n * PIECE });
const cover = { leadDays: 2, reviewDays: 7, safetyDays: 2 };
const rate = (sold: number, salesDays = 14, outOfStockDays = 0): SalesRate => ({
  windowDays: salesDays + outOfStockDays,
  outOfStockDays,
  salesDays,
  sold: sold * PIECE,
});
const product = (overrides: Partial<ProductToOrder> = {}): ProductToOrder => ({
  productId: 1,
  packSize: 12 * PIECE,
  minimumPacks: 1,
  unitCost: 150,
  onHand: 10 * PIECE,
  onOrder: 0,
  rate: rate(42),
  ...overrides,
});
const terms = (overrides: Partial<SupplierTerms> = {}): SupplierTerms => ({
  ...cover,
  minimumOrder: 0,
  freeDelivery: null,
  ...overrides,
});

describe('salesRate', () => {
  it('leaves out the days that began or ended with an empty shelf', () => {
    // Starts with 5; sells 3, then 2 (ends empty), a day at zero, a delivery of 10 that day
    // (began empty), then sells 4.
    const rate = salesRate({
      levelAtStart: 5 * PIECE,
      days: [sold(3), sold(2), { sold: 0, net: 0 }, { sold: 1 * PIECE, net: 9 * PIECE }, sold(4)],
    });
    expect(rate).toEqual({ windowDays: 5, outOfStockDays: 3, salesDays: 2, sold: 7 * PIECE });
  });

  it('keeps every day of a product always in stock, and never a negative demand', () => {
    expect(salesRate({ levelAtStart: 100 * PIECE, days: [sold(3), sold(4)] })).toEqual({
      windowDays: 2,
      outOfStockDays: 0,
      salesDays: 2,
      sold: 7 * PIECE,
    });
    // More refunds than sales: no demand, not a negative one.
    expect(
      salesRate({ levelAtStart: PIECE, days: [{ sold: -2 * PIECE, net: 2 * PIECE }] }),
    ).toEqual({
      windowDays: 1,
      outOfStockDays: 0,
      salesDays: 1,
      sold: 0,
    });
    // A day that ends at exactly zero ran out.
    expect(salesRate({ levelAtStart: 2 * PIECE, days: [sold(2)] }).outOfStockDays).toBe(1);
  });
});

describe('suggestLine', () => {
  it('orders the cover days at the pace sold, less what is there and on order, in whole packs', () => {
    // 42 in 14 days: 3 a day; 11 days need 33; 10 on hand: short of 23, two packs of 12.
    const line = suggestLine(product(), cover);
    expect(line).toMatchObject({ productId: 1, packs: 2, quantity: 24 * PIECE, cost: 3600 });
    expect(line.explanation).toMatchObject({
      perDay: 3 * PIECE,
      coverDays: 11,
      target: 33 * PIECE,
      shortfall: 23 * PIECE,
      toppedUp: 0,
    });
    expect(line.explanation.words).toBe(
      'Sold 42 in 14 of the last 14 days: 3 a day. 11 days to cover (lead 2 + review 7 + safety 2)' +
        ' need 33; on hand 10, on order 0: short of 23. Order 2 packs of 12 (24, €36.00).',
    );
  });

  it('names the days out of stock, and rounds the need up to the thousandth', () => {
    // 10 in 12 days kept: 11 days need 9.1666... -> 9.167.
    const line = suggestLine(product({ onHand: 0, rate: rate(10, 12, 2), packSize: PIECE }), cover);
    expect(line.explanation.target).toBe(9167);
    expect(line.packs).toBe(10);
    expect(line.explanation.perDay).toBe(833);
    expect(line.explanation.words).toContain(
      'Sold 10 in 12 of the last 14 days (2 days out of stock left out): 0.833 a day.',
    );
    expect(suggestLine(product({ rate: rate(10, 13, 1) }), cover).explanation.words).toContain(
      '(1 day out of stock left out)',
    );
  });

  it('counts what is on order, treats stock below zero as none, and respects minimum packs', () => {
    expect(suggestLine(product({ onOrder: 24 * PIECE }), cover).packs).toBe(0);
    expect(suggestLine(product({ onOrder: 23 * PIECE }), cover).packs).toBe(0);
    expect(suggestLine(product({ onOrder: 22 * PIECE }), cover).packs).toBe(1);
    expect(suggestLine(product({ onHand: -5 * PIECE }), cover).explanation.shortfall).toBe(
      33 * PIECE,
    );
    const line = suggestLine(product({ minimumPacks: 3 }), cover);
    expect(line.packs).toBe(3);
    expect(line.explanation.words).toContain('Order 3 packs of 12 (36, €54.00), at least 3 packs.');
    const one = suggestLine(product({ onOrder: 22 * PIECE }), cover);
    expect(one.explanation.words).toContain('Order 1 pack of 12 (12, €18.00).');
  });

  it('orders nothing for what did not sell, or was never in stock, and says so', () => {
    const none = suggestLine(product({ rate: rate(0) }), cover);
    expect(none.packs).toBe(0);
    expect(none.explanation.words).toMatch(/Nothing to order\.$/);
    const never = suggestLine(product({ rate: rate(0, 0, 14) }), cover);
    expect(never).toMatchObject({ packs: 0, quantity: 0, cost: 0 });
    expect(never.explanation.words).toContain(
      'No day in stock in the last 14 (14 days out of stock left out): no pace to order from.',
    );
  });

  it('weighs loose products in thousandths of a kg', () => {
    // 5.5 kg in 11 days: 0.5 kg a day; 11 days need 5.5 kg; 1.2 kg there; packs of 2.5 kg.
    const line = suggestLine(
      product({ rate: rate(5.5, 11), onHand: 1200, packSize: 2500, unitCost: 420 }),
      cover,
    );
    expect(line).toMatchObject({ packs: 2, quantity: 5000, cost: 2100 });
    expect(line.explanation.words).toContain('short of 4.3. Order 2 packs of 2.5 (5, €21.00).');
  });
});

describe('suggestOrder', () => {
  const fast = product({ productId: 1, onHand: 0, rate: rate(28) }); // 2 a day, 0 there
  const slow = product({ productId: 2, onHand: 0, rate: rate(14), packSize: 6 * PIECE }); // 1 a day
  const idle = product({ productId: 3, rate: rate(0) });

  it('keeps the lines that need packs and totals them', () => {
    const order = suggestOrder([fast, slow, idle], terms());
    // fast: 22 -> 2 packs of 12 (24, €36); slow: 11 -> 2 packs of 6 (12, €18).
    expect(order.lines.map((l) => [l.productId, l.packs])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(order).toMatchObject({ total: 5400, reachesMinimum: true, reachesFreeDelivery: false });
    expect(order.notes).toEqual([]);
  });

  it('tops up to the minimum with what would run out first', () => {
    const order = suggestOrder([fast, slow, idle], terms({ minimumOrder: 6000 }));
    // After the first pass fast has 24 for 2 a day (12 days), slow 12 for 1 a day (12 days): a
    // tie goes to the first; then slow (12 days) is below fast (18).
    expect(order.lines.map((l) => [l.productId, l.packs, l.explanation.toppedUp])).toEqual([
      [1, 3, 1],
      [2, 2, 0],
    ]);
    expect(order.total).toBe(7200);
    expect(order.reachesMinimum).toBe(true);
    expect(order.notes).toEqual(["The supplier's minimum order is €60.00."]);
    expect(order.lines[0]?.explanation.words).toContain(
      "Order 3 packs of 12 (36, €54.00), of which 1 added for the supplier's terms.",
    );
    const more = suggestOrder([fast, slow], terms({ minimumOrder: 7201 }));
    expect(more.lines.map((l) => l.packs)).toEqual([3, 3]);
  });

  it('starts a product not needed yet at its minimum packs when topping up', () => {
    const stocked = product({ productId: 4, onHand: 100 * PIECE, rate: rate(14), minimumPacks: 2 });
    const order = suggestOrder([fast, stocked], terms({ minimumOrder: 3700 }));
    // fast alone: €36; one more pack of fast (36 for 2 a day = 18 days) beats stocked (100/1).
    expect(order.lines.map((l) => [l.productId, l.packs])).toEqual([[1, 3]]);
    const onlyStocked = suggestOrder(
      [fast, { ...stocked, onHand: 0 }],
      terms({ minimumOrder: 9000 }),
    );
    expect(onlyStocked.lines.map((l) => [l.productId, l.packs])).toEqual([
      [1, 3],
      [4, 2],
    ]);
  });

  it('tops up a line not ordered yet by its minimum packs', () => {
    // 12 on hand for 1 a day needs nothing; it runs out with the fast one's 24 (12 days each),
    // and comes first: it starts at its 3 packs, not one.
    const notNeeded = product({
      productId: 5,
      onHand: 12 * PIECE,
      rate: rate(14),
      minimumPacks: 3,
    });
    const order = suggestOrder([notNeeded, fast], terms({ minimumOrder: 3601 }));
    expect(order.lines.map((l) => [l.productId, l.packs, l.explanation.toppedUp])).toEqual([
      [5, 3, 3],
      [1, 2, 0],
    ]);
    expect(order.total).toBe(9000);
  });

  it('counts what is on hand and on order in the cover free delivery may not pass', () => {
    const stocked = { ...fast, onHand: 4 * PIECE, onOrder: 6 * PIECE };
    // Needs 12; twice the cover is 44: 10 there + 24 = 34 fits, + 36 = 46 does not.
    const order = suggestOrder([stocked], terms({ freeDelivery: 20_000 }));
    expect(order.lines.map((l) => l.packs)).toEqual([2]);
  });

  it('never loops on packs that cost nothing', () => {
    const free = product({ onHand: 0, rate: rate(28), unitCost: 0 });
    const order = suggestOrder([free], terms({ minimumOrder: 100 }));
    expect(order).toMatchObject({ total: 0, reachesMinimum: false });
    expect(order.notes).toEqual([
      "Below the supplier's minimum order of €1.00: nothing that sells can make it up.",
    ]);
    // A pack of a thousandth at 1 cent costs nothing either.
    const tiny = product({ onHand: 0, rate: rate(0.028), unitCost: 1, packSize: 1 });
    expect(suggestOrder([tiny], terms({ minimumOrder: 1 })).reachesMinimum).toBe(false);
  });

  it('says when the minimum cannot be met, and orders nothing when nothing is needed', () => {
    const lonely = product({ onHand: 0, rate: rate(28), productId: 9 });
    const noPace = { ...lonely, rate: rate(0) };
    expect(suggestOrder([noPace], terms({ minimumOrder: 5000 }))).toEqual({
      lines: [],
      total: 0,
      reachesMinimum: false,
      reachesFreeDelivery: false,
      notes: ['Nothing needs ordering.'],
    });
    expect(suggestOrder([], terms({ freeDelivery: 0 }))).toMatchObject({
      reachesMinimum: true,
      reachesFreeDelivery: true,
    });
    // A product needed once with no pace, for example bought at minimum packs: cannot top up.
    const needed = { ...lonely, rate: { ...rate(28), sold: 28 * PIECE }, productId: 10 };
    const blocked = suggestOrder(
      [needed, noPace].map((p, i) => (i === 0 ? p : { ...p, productId: 11 })),
      terms({ minimumOrder: 100_000 }),
    );
    expect(blocked.reachesMinimum).toBe(true);
    const stuck = suggestOrder(
      [{ ...needed, rate: { ...rate(0, 0, 14), sold: 0 }, onOrder: 0, onHand: 0 }],
      terms({ minimumOrder: 100 }),
    );
    expect(stuck.lines).toEqual([]);
  });

  it('reaches free delivery only within twice the cover, and says how short it stays', () => {
    const reached = suggestOrder([fast], terms({ freeDelivery: 5400 }));
    // 24 -> 36 is 18 days of 2 a day, within 22.
    expect(reached).toMatchObject({ total: 5400, reachesFreeDelivery: true });
    expect(reached.notes).toEqual(['Delivery is free from €54.00.']);
    const capped = suggestOrder([fast], terms({ freeDelivery: 20_000 }));
    // 48 is 24 days > 22: stops at 36 (18 days)... 3 packs; the 4th would pass the cap.
    expect(capped.lines[0]?.packs).toBe(3);
    expect(capped.reachesFreeDelivery).toBe(false);
    expect(capped.notes).toEqual([
      '€146.00 short of free delivery (€200.00) without buying more than twice the cover.',
    ]);
    // Exactly twice the cover is allowed: 44 would be 22 days, packs of 4 reach it.
    const exact = suggestOrder(
      [{ ...fast, packSize: 4 * PIECE }],
      terms({ freeDelivery: 44 * 150 }),
    );
    expect(exact.lines[0]?.quantity).toBe(44 * PIECE);
    expect(exact.reachesFreeDelivery).toBe(true);
    // Below the minimum, a missing minimum is said too.
    const both = suggestOrder([fast], terms({ minimumOrder: 100, freeDelivery: 3600 }));
    expect(both.notes).toEqual([
      "The supplier's minimum order is €1.00.",
      'Delivery is free from €36.00.',
    ]);
  });
});

describe('words and money', () => {
  it('reads quantities without trailing zeros and costs to the cent, half up, exactly', () => {
    expect(quantityWords(12_000)).toBe('12');
    expect(quantityWords(2_500)).toBe('2.5');
    expect(quantityWords(833)).toBe('0.833');
    expect(quantityWords(0)).toBe('0');
    expect(quantityWords(10_010)).toBe('10.01');
    expect(lineCost(1500, 333)).toBe(500); // 499.5 -> 500
    expect(lineCost(1, 499)).toBe(0);
    expect(lineCost(1, 500)).toBe(1);
    expect(lineCost(1_000_000_000, 9_999_999)).toBe(9_999_999_000_000);
    expect(coverDays(cover)).toBe(11);
  });
});

describe('properties', () => {
  const arbitraryProduct = fc.record({
    productId: fc.integer({ min: 1, max: 50 }),
    packSize: fc.integer({ min: 1, max: 50_000 }),
    minimumPacks: fc.integer({ min: 1, max: 5 }),
    unitCost: fc.integer({ min: 0, max: 5_000 }),
    onHand: fc.integer({ min: -5_000, max: 200_000 }),
    onOrder: fc.integer({ min: 0, max: 100_000 }),
    rate: fc
      .record({
        salesDays: fc.integer({ min: 0, max: 28 }),
        sold: fc.integer({ min: 0, max: 500_000 }),
      })
      .map(({ salesDays, sold }) => ({
        windowDays: 28,
        outOfStockDays: 28 - salesDays,
        salesDays,
        sold: salesDays === 0 ? 0 : sold,
      })),
  });
  const arbitraryCover = fc.record({
    leadDays: fc.integer({ min: 0, max: 10 }),
    reviewDays: fc.integer({ min: 1, max: 14 }),
    safetyDays: fc.integer({ min: 0, max: 5 }),
  });

  it('orders whole packs that cover the need, with less than one pack to spare beyond the minimum', () => {
    fc.assert(
      fc.property(arbitraryProduct, arbitraryCover, (p, c) => {
        const line = suggestLine(p, c);
        expect(line.quantity).toBe(line.packs * p.packSize);
        expect(line.quantity).toBeGreaterThanOrEqual(line.explanation.shortfall);
        if (line.packs > p.minimumPacks) {
          expect(line.quantity - line.explanation.shortfall).toBeLessThan(p.packSize);
        }
        if (line.packs > 0) expect(line.packs).toBeGreaterThanOrEqual(p.minimumPacks);
        // Stock after the order lasts the cover days at the pace sold.
        const after = Math.max(p.onHand, 0) + p.onOrder + line.quantity;
        if (p.rate.salesDays > 0) {
          expect(after * p.rate.salesDays).toBeGreaterThanOrEqual(
            coverDays(c) * p.rate.sold - p.rate.salesDays,
          );
        }
      }),
    );
  });

  it('reaches the minimum whenever something sells, and the total is the sum of the lines', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryProduct, { selector: (p) => p.productId, maxLength: 6 }),
        arbitraryCover,
        fc.integer({ min: 0, max: 50_000 }),
        (products, c, minimumOrder) => {
          const order = suggestOrder(products, { ...c, minimumOrder, freeDelivery: null });
          expect(order.total).toBe(order.lines.reduce((t, l) => t + l.cost, 0));
          for (const line of order.lines) expect(line.packs).toBeGreaterThan(0);
          const sells = products.some((p) => p.rate.sold > 0 && p.unitCost * p.packSize >= 1000);
          if (order.lines.length > 0 && sells)
            expect(order.total).toBeGreaterThanOrEqual(minimumOrder);
          if (order.lines.length > 0)
            expect(order.reachesMinimum).toBe(order.total >= minimumOrder);
        },
      ),
    );
  });
});
