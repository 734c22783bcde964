import { describe, expect, it } from 'vitest';
import {
  BELGIAN_VAT_RATES,
  isBelgianVatRate,
  vatBreakdown,
  vatIncluded,
  vatLetter,
} from '../../domain/tax';
import { TillError } from '../../domain/errors';

describe('vatIncluded', () => {
  it('takes the VAT out of a VAT-inclusive price', () => {
    expect(vatIncluded(106, 600)).toBe(6);
    expect(vatIncluded(112, 1200)).toBe(12);
    expect(vatIncluded(121, 2100)).toBe(21);
    expect(vatIncluded(1000, 2100)).toBe(174); // 173.55
    expect(vatIncluded(100, 2100)).toBe(17); // 17.355
    expect(vatIncluded(399, 600)).toBe(23); // 22.58
  });

  it('has no VAT at 0 % and none on nothing', () => {
    expect(vatIncluded(12345, 0)).toBe(0);
    expect(vatIncluded(0, 2100)).toBe(0);
  });

  it('rounds a half cent away from zero', () => {
    // 14 * 12 / 112 = 1.5 and 42 * 12 / 112 = 4.5 exactly.
    expect(vatIncluded(14, 1200)).toBe(2);
    expect(vatIncluded(42, 1200)).toBe(5);
    expect(vatIncluded(-14, 1200)).toBe(-2);
    expect(vatIncluded(-42, 1200)).toBe(-5);
    // At 100 % half of an odd amount is a half cent.
    expect(vatIncluded(1, 10_000)).toBe(1);
    expect(vatIncluded(3, 10_000)).toBe(2);
    expect(vatIncluded(-3, 10_000)).toBe(-2);
  });

  it('is symmetric for refunds', () => {
    for (const rate of BELGIAN_VAT_RATES) {
      for (const gross of [1, 9, 14, 99, 100, 253, 1000, 123457]) {
        expect(vatIncluded(-gross, rate)).toBe(0 - vatIncluded(gross, rate));
      }
    }
  });

  it('refuses a rate that is not 0 to 100 % in whole basis points', () => {
    for (const bad of [-1, 10_001, 6.5, Number.NaN]) {
      const attempt = (): number => vatIncluded(100, bad);
      expect(attempt).toThrow(TillError);
      try {
        attempt();
      } catch (error) {
        expect((error as TillError).code).toBe('tax.invalid_rate');
      }
    }
  });

  it('refuses a float amount', () => {
    expect(() => vatIncluded(1.5, 600)).toThrow(RangeError);
  });
});

describe('vatBreakdown', () => {
  it('computes the VAT once per rate, not per line', () => {
    // Per line: round(10 * 21 / 121) = round(1.74) = 2, three times = 6 cents.
    // Per rate: round(30 * 21 / 121) = round(5.21) = 5 cents, which is what the ticket owes.
    const rows = vatBreakdown([
      { rateBp: 2100, amount: 10 },
      { rateBp: 2100, amount: 10 },
      { rateBp: 2100, amount: 10 },
    ]);
    expect(rows).toEqual([{ rateBp: 2100, gross: 30, vat: 5, net: 25 }]);
  });

  it('also differs from per-line sums at 6 %', () => {
    // Per line: round(9 * 6 / 106) = 1, three times = 3; per rate: round(27 * 6 / 106) = 2.
    const rows = vatBreakdown([
      { rateBp: 600, amount: 9 },
      { rateBp: 600, amount: 9 },
      { rateBp: 600, amount: 9 },
    ]);
    expect(rows).toEqual([{ rateBp: 600, gross: 27, vat: 2, net: 25 }]);
  });

  it('gives one row per rate, sorted by rate, with gross = net + vat', () => {
    const rows = vatBreakdown([
      { rateBp: 2100, amount: 450 },
      { rateBp: 600, amount: 212 },
      { rateBp: 0, amount: 300 },
      { rateBp: 1200, amount: 1500 },
      { rateBp: 600, amount: 294 },
    ]);
    expect(rows).toEqual([
      { rateBp: 0, gross: 300, vat: 0, net: 300 },
      { rateBp: 600, gross: 506, vat: 29, net: 477 }, // 28.64
      { rateBp: 1200, gross: 1500, vat: 161, net: 1339 }, // 160.71
      { rateBp: 2100, gross: 450, vat: 78, net: 372 }, // 78.10
    ]);
    for (const row of rows) expect(row.net + row.vat).toBe(row.gross);
  });

  it('nets refunds against sales within a rate', () => {
    const rows = vatBreakdown([
      { rateBp: 600, amount: 1060 },
      { rateBp: 600, amount: -530 },
    ]);
    expect(rows).toEqual([{ rateBp: 600, gross: 530, vat: 30, net: 500 }]);
  });

  it('mirrors exactly for a refund', () => {
    const sale = [
      { rateBp: 600, amount: 399 },
      { rateBp: 2100, amount: 14 },
      { rateBp: 1200, amount: 42 },
    ];
    const refund = vatBreakdown(sale.map((l) => ({ ...l, amount: -l.amount })));
    expect(refund).toEqual(
      vatBreakdown(sale).map((r) => ({
        rateBp: r.rateBp,
        gross: -r.gross,
        vat: -r.vat,
        net: -r.net,
      })),
    );
  });

  it('is empty for no lines', () => {
    expect(vatBreakdown([])).toEqual([]);
  });
});

describe('Belgian rates and receipt letters', () => {
  it('lists 0, 6, 12 and 21 %', () => {
    expect(BELGIAN_VAT_RATES).toEqual([0, 600, 1200, 2100]);
    expect(isBelgianVatRate(600)).toBe(true);
    expect(isBelgianVatRate(550)).toBe(false);
  });

  it('uses the letters of Belgian tills: A 21 %, B 12 %, C 6 %, D 0 %', () => {
    expect(vatLetter(2100)).toBe('A');
    expect(vatLetter(1200)).toBe('B');
    expect(vatLetter(600)).toBe('C');
    expect(vatLetter(0)).toBe('D');
    expect(vatLetter(550)).toBeNull();
  });
});

describe('refusals in words', () => {
  it('names a rate that is not one', () => {
    try {
      vatIncluded(100, 10_001);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'tax.invalid_rate',
        message: 'A VAT rate is 0 to 10000 basis points, got 10001',
        details: { rateBp: '10001' },
      });
    }
  });

  it('names a float amount', () => {
    expect(() => vatIncluded(1.5, 600)).toThrow('gross must be an integer, got 1.5');
    expect(() => vatBreakdown([{ rateBp: 600, amount: 1.5 }])).toThrow(
      'amount must be an integer, got 1.5',
    );
    expect(() => vatBreakdown([{ rateBp: 600, amount: Number.NaN }])).toThrow(RangeError);
  });
});
