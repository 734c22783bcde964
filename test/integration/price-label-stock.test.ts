import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertProducts } from '../../db/catalog';
import { stockDelta } from '../../db/stock';
import { createTestTill, ean13, FIXTURE, type TestTill } from '../support/till';

describe('the stock move of a price label', () => {
  let t: TestTill;
  beforeEach(() => {
    t = createTestTill();
    // Herve cheese at 20.00 EUR per kg, sold in pre-packed pieces with price labels.
    upsertProducts(t.db, [
      {
        id: FIXTURE.cheese.id,
        name: 'Fromage de Herve',
        taxRateId: 1,
        price: 2000,
        unit: 'kg',
        barcodes: [FIXTURE.cheese.code, FIXTURE.cheesePriceBase],
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    t.reopen();
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '2000': 5 } });
  });
  afterEach(() => t.close());

  it('takes the weight the label stands for off a kg product, to the gram', () => {
    t.till.addByBarcode({ code: ean13('230000400750') }); // 7.50 EUR at 20.00 EUR/kg: 375 g
    t.till.addByBarcode({ code: ean13('230000400333') }); // 3.33 EUR: 166.5 g, 167 g
    t.till.pay({ payments: [{ method: 'card', amount: 1083 }] });
    expect(stockDelta(t.db, FIXTURE.cheese.id)).toBe(-(375 + 167));
  });

  it('gives the same weight back on a refund', () => {
    t.till.addByBarcode({ code: ean13('230000400750') });
    const sale = t.till.pay({ payments: [{ method: 'card', amount: 750 }] });
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.till.refund({ ticketNumber: sale.number as number, method: 'card' });
    expect(stockDelta(t.db, FIXTURE.cheese.id)).toBe(0);
  });

  it('still counts pieces for a product sold by the piece', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
    expect(stockDelta(t.db, FIXTURE.milk.id)).toBe(-1000);
  });
});
