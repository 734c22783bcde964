/**
 * A search's results say each product's first barcode, read for the whole page in one query:
 * the same barcode the product's own list starts with, none for a product without one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { barcodesOf, firstBarcodes } from '../../db/catalog';
import { createTestTill, ean13, FIXTURE, type TestTill } from '../support/till';

let t: TestTill;
afterEach(() => t.close());

describe('the barcodes of a page of search results', () => {
  it('gives each product its first barcode, and none to a product that has none', () => {
    t = createTestTill();
    // Milk gets a second, smaller code; soap loses its only one.
    t.db
      .prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)')
      .run(ean13('100000000002'), FIXTURE.milk.id);
    t.db.prepare('DELETE FROM barcodes WHERE product_id = ?').run(FIXTURE.soap.id);
    const ids = [FIXTURE.apple.id, FIXTURE.milk.id, FIXTURE.soap.id, FIXTURE.cheese.id, 999];
    const first = firstBarcodes(t.db, ids);
    for (const id of ids) expect(first.get(id)).toBe(barcodesOf(t.db, id)[0]);
    expect(first.get(FIXTURE.milk.id)).toBe(ean13('100000000002'));
    expect(first.has(FIXTURE.soap.id)).toBe(false);
    expect(firstBarcodes(t.db, [])).toEqual(new Map());

    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    const found = t.till.searchProducts({ query: 'Lait', limit: 8 });
    expect(found.map((product) => product.id)).toContain(FIXTURE.milk.id);
    for (const product of found) {
      expect(product.barcode).toBe(barcodesOf(t.db, product.id)[0] ?? null);
    }
    const soap = t.till.searchProducts({ query: 'Savon', limit: 8 });
    expect(soap.map((product) => product.barcode)).toEqual([null]);
  });
});
